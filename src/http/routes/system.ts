import { sql } from 'drizzle-orm'
import { createApiKey } from '../../app/people/commands.ts'
import type { Recourse } from '../../app/recourse.ts'
import { demoUsers } from '../../demo/demo-users.ts'
import { addMillis, instant } from '../../policy/time.ts'
import { issueUserToken } from '../auth.ts'
import { HttpProblem } from '../problems.ts'
import { DemoSessionBody, SessionView } from '../schemas/auth.ts'
import { beginSession, requireOwnOrigin } from '../session-cookie.ts'
import { defineRoute, type Route } from '../route.ts'
import {
  AdvanceClockBody,
  ClockView,
  DemoApiKey,
  DemoApiKeyBody,
  DemoToken,
  DemoTokenBody,
  DemoUsers,
} from '../schemas/system.ts'

/** ISO-8601 durations the sandbox accepts: `P3D`, `PT2H`, `P1DT12H`, `PT90M`. */
export const parseDuration = (text: string): number | null => {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text)
  if (!m || text === 'P' || text.endsWith('T')) return null
  const [, d = '0', h = '0', min = '0', s = '0'] = m
  return ((Number(d) * 24 + Number(h)) * 60 + Number(min)) * 60_000 + Number(s) * 1000
}

/** Demo mode only: sign in as a demo user, or make an API key, without credentials. */
const demoRoutes = (recourse: Recourse): Route[] => [
  defineRoute({
    method: 'GET',
    url: '/v1/demo/users',
    tags: ['demo'],
    summary: 'Demo mode only: the demo users you can act as',
    roles: ['public'],
    response: { 200: DemoUsers },
    problems: false,
    handler: async () => ({ items: [...demoUsers] }),
  }),

  defineRoute({
    method: 'POST',
    url: '/v1/demo/tokens',
    tags: ['demo'],
    summary: 'Demo mode only: a user token for a demo user',
    roles: ['public'],
    body: DemoTokenBody,
    response: { 200: DemoToken },
    // Token issuance is the login: limited per client address.
    rateLimit: { max: 60, timeWindow: '1 minute' },
    handler: async ({ body }) => {
      const user = demoUsers.find((u) => u.id === body.userId)
      if (!user || !recourse.jwtSecret)
        throw new HttpProblem(404, 'NOT_FOUND', 'No such demo user.')
      const token = await issueUserToken(
        recourse.jwtSecret,
        { sub: user.id, role: user.role, name: user.name, demo: true },
        recourse.config.jwtAudience,
        undefined,
        recourse.config.jwtIssuer,
      )
      return { token, userId: user.id, role: user.role }
    },
  }),

  defineRoute({
    method: 'POST',
    url: '/v1/demo/sessions',
    tags: ['demo'],
    summary: 'Demo mode only: sign in as a demo user (a browser session, marked demo)',
    roles: ['public'],
    body: DemoSessionBody,
    response: { 200: SessionView },
    rateLimit: { max: 60, timeWindow: '1 minute' },
    handler: async ({ body, request }, reply) => {
      const user = demoUsers.find((u) => u.id === body.userId)
      if (!user) throw new HttpProblem(404, 'NOT_FOUND', 'No such demo user.')
      requireOwnOrigin(recourse, request)
      return beginSession(recourse, request, reply, {
        personId: user.id,
        role: user.role,
        displayName: user.name,
        locale: user.locale,
        timeZone: user.timeZone,
        via: 'demo',
      })
    },
  }),

  defineRoute({
    method: 'POST',
    url: '/v1/demo/api-keys',
    tags: ['demo'],
    summary: 'Demo mode only: a new integration API key (the secret is shown once)',
    roles: ['public'],
    body: DemoApiKeyBody,
    response: { 201: DemoApiKey },
    rateLimit: { max: 10, timeWindow: '1 minute' },
    handler: async ({ body }, reply) => {
      const key = await createApiKey(recourse.database.db, body.name, await recourse.clock.now(), {
        demo: true,
      })
      return reply.code(201).send({ id: key.id, name: key.name, secret: key.secret })
    },
  }),
]

/** Probes, the sandbox clock, and in demo mode the demo sign-in. */
export const systemRoutes = (recourse: Recourse): Route[] => [
  defineRoute({
    method: 'GET',
    url: '/health',
    tags: ['system'],
    summary: 'Liveness: the process answers',
    roles: ['public'],
    problems: false,
    handler: async () => ({ status: 'ok' }),
  }),

  defineRoute({
    method: 'GET',
    url: '/ready',
    tags: ['system'],
    summary: 'Readiness: the database answers',
    roles: ['public'],
    problems: false,
    handler: async (_input, reply) => {
      try {
        await recourse.database.db.execute(sql`select 1`)
        return { status: 'ready', engine: recourse.database.engine }
      } catch {
        return reply.code(503).send({ status: 'unavailable', engine: recourse.database.engine })
      }
    },
  }),

  defineRoute({
    method: 'GET',
    url: '/v1/sandbox/clock',
    tags: ['sandbox'],
    summary: 'The current time as Recourse sees it',
    roles: ['public'],
    response: { 200: ClockView },
    handler: async () => ({ now: await recourse.clock.now(), sandbox: recourse.clock.sandbox }),
  }),

  defineRoute({
    method: 'POST',
    url: '/v1/sandbox/clock',
    tags: ['sandbox'],
    summary:
      'Move the sandbox clock forward (admin, RECOURSE_SANDBOX=1); due deadlines fire at once',
    roles: ['admin'],
    body: AdvanceClockBody,
    response: { 200: ClockView },
    handler: async ({ body }) => {
      const clock = recourse.sandboxClock
      if (!clock) {
        throw new HttpProblem(
          409,
          'SANDBOX_DISABLED',
          'The clock can be moved only with RECOURSE_SANDBOX=1.',
        )
      }
      const { advanceBy, to } = body
      let target = to ? instant(to) : undefined
      if (advanceBy !== undefined) {
        const ms = parseDuration(advanceBy)
        if (ms === null) {
          throw new HttpProblem(
            400,
            'INVALID_DURATION',
            `'${advanceBy}' is not an ISO-8601 duration like P3D or PT2H.`,
          )
        }
        target = addMillis(await clock.now(), ms)
      }
      if (!target) throw new HttpProblem(400, 'VALIDATION_FAILED', 'Give advanceBy or to.')
      const moved = await clock.advanceTo(target)
      if ('refused' in moved) {
        throw new HttpProblem(
          422,
          moved.refused,
          `The sandbox clock only moves forward; it is ${moved.now}.`,
          {
            now: moved.now,
          },
        )
      }
      const fired = await recourse.deadlines.sweep(moved.now)
      await recourse.messaging.outbox.sweep(moved.now)
      return { now: moved.now, sandbox: true, fired }
    },
  }),

  ...(recourse.config.demo ? demoRoutes(recourse) : []),
]
