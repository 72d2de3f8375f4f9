import { listAuditEvents } from '../../app/audit/queries.ts'
import type { Recourse } from '../../app/recourse.ts'
import { endSession, endSessionsOf } from '../../app/sessions/commands.ts'
import { listSessionsOf } from '../../app/sessions/queries.ts'
import { instant } from '../../policy/time.ts'
import { HttpProblem } from '../problems.ts'
import { defineRoute, people, type Route } from '../route.ts'
import {
  AuditPage,
  AuditQuery,
  SessionList,
  SessionView,
  SignOutBody,
  SignOutView,
} from '../schemas/auth.ts'
import { clearSessionCookie, csrfTokenOf, requestMeta, sessionView } from '../session-cookie.ts'

const noSession = (): HttpProblem =>
  new HttpProblem(
    401,
    'NO_SESSION',
    'This needs a browser session (the recourse_sid cookie), not a bearer token.',
  )

/** The signed-in person's session, their list of sessions, sign-out; the audit trail for admins. */
export const authRoutes = (recourse: Recourse): Route[] => [
  defineRoute({
    method: 'GET',
    url: '/v1/auth/session',
    tags: ['auth'],
    summary: 'The browser session this request came with, and its CSRF token',
    roles: people,
    response: { 200: SessionView },
    handler: async ({ request }) => {
      if (!request.session) throw noSession()
      return sessionView(recourse, request.session, csrfTokenOf(request))
    },
  }),

  defineRoute({
    method: 'GET',
    url: '/v1/auth/sessions',
    tags: ['auth'],
    summary: 'The signed-in person’s live sessions, on every device',
    roles: people,
    response: { 200: SessionList },
    handler: async ({ caller, request }) => ({
      items: await listSessionsOf(
        recourse.database.db,
        recourse.identity.sessions,
        caller.id,
        request.session?.sessionId ?? null,
        await recourse.identity.clock.now(),
      ),
    }),
  }),

  defineRoute({
    method: 'POST',
    url: '/v1/auth/sign-out',
    tags: ['auth'],
    summary: 'End this session, or with everywhere: true every session of the signed-in person',
    description:
      'With the cookie it needs the X-CSRF-Token header like every state-changing request. With a bearer user token only `everywhere: true` means anything (the token itself stays valid until it expires).',
    roles: people,
    body: SignOutBody,
    response: { 200: SignOutView },
    handler: async ({ caller, body, request }, reply) => {
      const meta = await requestMeta(recourse, request)
      const session = request.session
      let ended = 0
      await recourse.database.db.transaction(async (tx) => {
        if (body.everywhere) {
          ended = await endSessionsOf(tx, caller.id, { kind: caller.kind, id: caller.id }, meta)
        } else if (session) {
          await endSession(tx, session, meta)
          ended = 1
        } else {
          throw noSession()
        }
      })
      if (session) clearSessionCookie(request, reply)
      return { ended }
    },
  }),

  defineRoute({
    method: 'GET',
    url: '/v1/audit',
    tags: ['auth'],
    summary:
      'The audit trail, newest first: sign-ins, failures, sign-outs, hand-offs, staff changes',
    description:
      '`actor` matches the actor or the subject id; `type` is exact (`auth.sign_in`) or an area ending in a dot (`auth.`); `from` inclusive, `to` exclusive.',
    roles: ['admin'],
    query: AuditQuery,
    response: { 200: AuditPage },
    handler: async ({ query }) =>
      listAuditEvents(recourse.database.db, {
        limit: query.limit,
        cursor: query.cursor,
        actor: query.actor,
        type: query.type,
        from: query.from ? instant(query.from) : undefined,
        to: query.to ? instant(query.to) : undefined,
      }),
  }),
]
