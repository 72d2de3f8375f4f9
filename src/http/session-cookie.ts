import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Recourse } from '../app/recourse.ts'
import {
  startSession,
  type ActiveSession,
  type RequestMeta,
  type StartSessionInput,
  type StartedSession,
} from '../app/sessions/commands.ts'
import { csrfTokenFor } from '../app/sessions/commands.ts'
import { addMillis, isBefore } from '../policy/time.ts'
import { originOf, readCookie, requestOrigin, SESSION_COOKIE } from './auth.ts'
import { HttpProblem } from './problems.ts'
import type { SessionView } from './schemas/auth.ts'

/**
 * The HTTP side of sessions: the cookie and the request's origin.
 *
 *   // in a sign-in route's handler, once the person is known:
 *   return beginSession(recourse, request, reply, {
 *     personId, role, displayName, locale, timeZone, via: 'password',
 *   })   // sets the cookie, answers SessionView (with csrfToken)
 */

/** Where a request came from, for sessions and the audit trail, at the identity clock's now. */
export const requestMeta = async (
  recourse: Recourse,
  request: FastifyRequest,
): Promise<RequestMeta> => ({
  now: await recourse.identity.clock.now(),
  ip: request.ip || null,
  userAgent: request.headers['user-agent'] ?? null,
})

/**
 * `recourse_sid=…; HttpOnly; SameSite=Lax; Path=/`, and `Secure` when the
 * browser reached us over TLS (directly, or through a proxy trusted with
 * `RECOURSE_TRUST_PROXY` that says so in `X-Forwarded-Proto`).
 */
const cookieHeader = (request: FastifyRequest, value: string, maxAgeSeconds: number): string =>
  [
    `${SESSION_COOKIE}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${maxAgeSeconds}`,
    ...(request.protocol === 'https' ? ['Secure'] : []),
  ].join('; ')

export const setSessionCookie = (
  request: FastifyRequest,
  reply: FastifyReply,
  started: StartedSession,
  now: string,
): void => {
  const seconds = Math.max(0, Math.floor((Date.parse(started.expiresAt) - Date.parse(now)) / 1000))
  void reply.header('set-cookie', cookieHeader(request, started.cookieValue, seconds))
}

export const clearSessionCookie = (request: FastifyRequest, reply: FastifyReply): void => {
  void reply.header('set-cookie', cookieHeader(request, '', 0))
}

/**
 * Sign-in from a browser page must come from our own origin when the browser
 * says where it came from (login CSRF: a foreign page signing you in as
 * someone else).
 */
export const requireOwnOrigin = (recourse: Recourse, request: FastifyRequest): void => {
  if (!request.headers.origin) return
  const origin = originOf(request.headers.origin)
  const allowed = [requestOrigin(request), publicOrigin(recourse)]
  if (!origin || !allowed.includes(origin))
    throw new HttpProblem(403, 'CSRF_REFUSED', 'Sign-in must come from Recourse’s own pages.')
}

/** The origin of `RECOURSE_PUBLIC_URL`, if set and valid. */
export const publicOrigin = (recourse: Recourse): string | null => {
  return originOf(recourse.config.publicUrl)
}

/** The session as the web app reads it (`GET /v1/auth/session`). */
export const sessionView = (
  recourse: Recourse,
  session: ActiveSession,
  csrfToken: string,
): SessionView => ({
  sessionId: session.sessionId,
  personId: session.personId,
  role: session.role,
  displayName: session.displayName,
  locale: session.locale,
  timeZone: session.timeZone,
  via: session.via,
  csrfToken,
  expiresAt: session.expiresAt,
  idleExpiresAt: session.idleExpiresAt,
})

/** The CSRF token of the session a request's cookie carries. */
export const csrfTokenOf = (request: FastifyRequest): string =>
  csrfTokenFor(readCookie(request.headers.cookie, SESSION_COOKIE) ?? '')

/**
 * Starts a session for a person just identified, sets its cookie on the
 * reply, and answers its view. Every sign-in route ends here.
 */
export const beginSession = async (
  recourse: Recourse,
  request: FastifyRequest,
  reply: FastifyReply,
  input: StartSessionInput,
): Promise<SessionView> => {
  const meta = await requestMeta(recourse, request)
  const started = await startSession(recourse.database.db, recourse.identity.sessions, input, meta)
  setSessionCookie(request, reply, started, meta.now)
  const idle = addMillis(meta.now, recourse.identity.sessions.idleMs)
  return {
    sessionId: started.sessionId,
    personId: input.personId,
    role: input.role,
    displayName: input.displayName,
    locale: input.locale,
    timeZone: input.timeZone,
    via: input.via,
    csrfToken: started.csrfToken,
    expiresAt: started.expiresAt,
    idleExpiresAt: isBefore(idle, started.expiresAt) ? idle : started.expiresAt,
  }
}
