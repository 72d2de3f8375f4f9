import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { sql } from 'drizzle-orm'
import type { Recourse } from '../../app/recourse.ts'
import { demoUsers } from '../../cli/demo-users.ts'
import { addMillis, instant } from '../../policy/time.ts'
import { createApiKey, issueUserToken, requireRole } from '../auth.ts'
import { HttpProblem } from '../problems.ts'
import { problemResponses } from '../schemas/common.ts'
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

export const systemRoutes =
  (recourse: Recourse): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/health',
      { schema: { tags: ['system'], summary: 'Liveness: the process answers' } },
      async () => ({
        status: 'ok',
      }),
    )

    app.get(
      '/ready',
      { schema: { tags: ['system'], summary: 'Readiness: the database answers' } },
      async (_request, reply) => {
        try {
          await recourse.database.db.execute(sql`select 1`)
          return { status: 'ready', engine: recourse.database.engine }
        } catch {
          return reply.code(503).send({ status: 'unavailable', engine: recourse.database.engine })
        }
      },
    )

    app.get(
      '/v1/sandbox/clock',
      {
        schema: {
          tags: ['sandbox'],
          summary: 'The current time as Recourse sees it',
          response: { 200: ClockView, ...problemResponses },
        },
      },
      async () => ({ now: await recourse.clock.now(), sandbox: recourse.clock.sandbox }),
    )

    app.post(
      '/v1/sandbox/clock',
      {
        schema: {
          tags: ['sandbox'],
          summary:
            'Move the sandbox clock forward (admin, RECOURSE_SANDBOX=1); due deadlines fire at once',
          body: AdvanceClockBody,
          response: { 200: ClockView, ...problemResponses },
        },
      },
      async (request) => {
        requireRole(request, 'admin')
        const clock = recourse.sandboxClock
        if (!clock) {
          throw new HttpProblem(
            409,
            'SANDBOX_DISABLED',
            'The clock can be moved only with RECOURSE_SANDBOX=1.',
          )
        }
        const { advanceBy, to } = request.body
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
    )

    if (!recourse.config.demo) return

    app.get(
      '/v1/demo/users',
      {
        schema: {
          tags: ['demo'],
          summary: 'Demo mode only: the demo users you can act as',
          response: { 200: DemoUsers },
        },
      },
      async () => ({ items: [...demoUsers] }),
    )

    app.post(
      '/v1/demo/tokens',
      {
        schema: {
          tags: ['demo'],
          summary: 'Demo mode only: a user token for a demo user',
          body: DemoTokenBody,
          response: { 200: DemoToken, ...problemResponses },
        },
        // Token issuance is the login: limited per client address.
        config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
      },
      async (request) => {
        const user = demoUsers.find((u) => u.id === request.body.userId)
        if (!user || !recourse.jwtSecret)
          throw new HttpProblem(404, 'NOT_FOUND', 'No such demo user.')
        const token = await issueUserToken(
          recourse.jwtSecret,
          { sub: user.id, role: user.role, name: user.name },
          recourse.config.jwtAudience,
          undefined,
          recourse.config.jwtIssuer,
        )
        return { token, userId: user.id, role: user.role }
      },
    )

    app.post(
      '/v1/demo/api-keys',
      {
        schema: {
          tags: ['demo'],
          summary: 'Demo mode only: a new integration API key (the secret is shown once)',
          body: DemoApiKeyBody,
          response: { 201: DemoApiKey, ...problemResponses },
        },
        config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      },
      async (request, reply) => {
        const key = await createApiKey(
          recourse.database.db,
          request.body.name,
          await recourse.clock.now(),
        )
        return reply.code(201).send({ id: key.id, name: key.name, secret: key.secret })
      },
    )
  }
