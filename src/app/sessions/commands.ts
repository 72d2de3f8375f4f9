import { createHash, createHmac, randomBytes } from 'node:crypto'
import { and, eq, gt, isNull, ne } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import { addMillis, type Instant, isBefore, toMillis } from '../../policy/time.ts'
import type { Queryable } from '../../store/database.ts'
import { fromDbTime } from '../../store/event-store.ts'
import { sessions } from '../../store/schema-identity.ts'
import { AuditType, recordAudit, type RequestOrigin } from '../audit/commands.ts'

/**
 * Browser sessions, server-side (docs/authentication.md).
 *
 * The API every sign-in method uses:
 *
 *   const started = await startSession(db, settings, {
 *     personId, role, displayName, locale, timeZone,
 *     via: 'password' | 'oidc' | 'handoff' | 'exchange' | 'demo',
 *   }, { now, ip, userAgent })
 *   // → { sessionId, cookieValue, csrfToken, expiresAt }
 *
 * `cookieValue` goes into the HTTP-only `recourse_sid` cookie (the HTTP layer's
 * `beginSession` in src/http/session-cookie.ts sets it and answers the
 * session's view); `csrfToken` is what the web app sends back in the
 * `X-CSRF-Token` header with every state-changing request. Only a SHA-256 of
 * the cookie's secret is stored. `startSession` records `auth.sign_in` in the
 * audit trail; a refused attempt is the caller's to record
 * (`recordAudit(q, { type: AuditType.signInFailed, … })`).
 *
 * `resolveSession` turns a cookie back into the session (null once revoked,
 * idle too long, or past its absolute expiry); `endSession` signs one out;
 * `endSessionsOf` ends every session of a person (sign out everywhere,
 * deactivation, role change).
 *
 * Session time is wall-clock time, never the sandbox clock: moving the demo's
 * clock three days on must not sign everybody out.
 */

/** How a session began. */
export type SignInMethod = 'password' | 'oidc' | 'handoff' | 'exchange' | 'demo'

/** The roles a person can act in through a session. */
export type PersonRole = 'buyer' | 'seller' | 'agent' | 'admin'

export interface SessionSettings {
  /** A session ends after this long without a request. */
  readonly idleMs: number
  /** A session ends this long after it began, however busy. */
  readonly absoluteMs: number
}

export interface SessionPerson {
  readonly personId: string
  readonly role: PersonRole
  readonly displayName: string
  readonly locale: string
  readonly timeZone: string
}

export interface StartSessionInput extends SessionPerson {
  readonly via: SignInMethod
}

export interface RequestMeta extends RequestOrigin {
  readonly now: Instant
}

export interface StartedSession {
  readonly sessionId: string
  /** The cookie's value: the session's secret. Never stored, never logged. */
  readonly cookieValue: string
  /** Sent back in `X-CSRF-Token` on state-changing requests (derived from the secret). */
  readonly csrfToken: string
  /** The absolute expiry; the idle timeout may end it sooner. */
  readonly expiresAt: Instant
}

/** A live session, as the authenticator and the session routes see it. */
export interface ActiveSession extends SessionPerson {
  readonly sessionId: string
  readonly via: SignInMethod
  readonly demo: boolean
  readonly createdAt: Instant
  readonly lastSeenAt: Instant
  readonly expiresAt: Instant
  /** When it ends if no other request comes: the sooner of idle and absolute expiry. */
  readonly idleExpiresAt: Instant
}

const hashOf = (secret: string): string => createHash('sha256').update(secret).digest('hex')

/**
 * The CSRF token of a session: an HMAC of a fixed label under the session's
 * secret, so it is tied to the session, needs no storage, and cannot be
 * computed from the stored hash.
 */
export const csrfTokenFor = (cookieValue: string): string =>
  createHmac('sha256', cookieValue).update('recourse csrf v1').digest('base64url')

/** `lastSeenAt` is written at most this often per session, not on every request. */
const TOUCH_EVERY_MS = 60_000

const idleEnd = (lastSeenAt: Instant, expiresAt: Instant, settings: SessionSettings): Instant => {
  const idle = addMillis(lastSeenAt, settings.idleMs)
  return isBefore(idle, expiresAt) ? idle : expiresAt
}

const active = (
  row: typeof sessions.$inferSelect,
  settings: SessionSettings,
  lastSeenAt: Instant = fromDbTime(row.lastSeenAt),
): ActiveSession => {
  const expiresAt = fromDbTime(row.expiresAt)
  return {
    sessionId: row.id,
    personId: row.personId,
    role: row.role as PersonRole,
    displayName: row.displayName,
    locale: row.locale,
    timeZone: row.timeZone,
    via: row.via as SignInMethod,
    demo: row.demo,
    createdAt: fromDbTime(row.createdAt),
    lastSeenAt,
    expiresAt,
    idleExpiresAt: idleEnd(lastSeenAt, expiresAt, settings),
  }
}

/** Starts a session for a person who has just proved who they are; records `auth.sign_in`. */
export const startSession = async (
  q: Queryable,
  settings: SessionSettings,
  input: StartSessionInput,
  meta: RequestMeta,
): Promise<StartedSession> => {
  const cookieValue = randomBytes(32).toString('base64url')
  const sessionId = uuidv7()
  const expiresAt = addMillis(meta.now, settings.absoluteMs)
  await q.insert(sessions).values({
    id: sessionId,
    secretHash: hashOf(cookieValue),
    personId: input.personId,
    role: input.role,
    displayName: input.displayName,
    locale: input.locale,
    timeZone: input.timeZone,
    via: input.via,
    demo: input.via === 'demo',
    createdAt: meta.now,
    lastSeenAt: meta.now,
    expiresAt,
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 400) ?? null,
  })
  await recordAudit(q, {
    type: AuditType.signIn,
    at: meta.now,
    actor: { kind: input.role, id: input.personId },
    subject: { kind: 'session', id: sessionId },
    origin: meta,
    data: { via: input.via },
  })
  return { sessionId, cookieValue, csrfToken: csrfTokenFor(cookieValue), expiresAt }
}

/**
 * The live session a cookie carries, or null: unknown, revoked, idle for
 * longer than `idleMs`, past its absolute expiry, or started by the demo
 * sign-in while the server runs without `--demo` (`allowDemo: false`).
 * Notes the request as activity (at most once a minute).
 */
export const resolveSession = async (
  q: Queryable,
  settings: SessionSettings,
  cookieValue: string,
  now: Instant,
  options: { readonly allowDemo: boolean },
): Promise<ActiveSession | null> => {
  const [row] = await q
    .select()
    .from(sessions)
    .where(eq(sessions.secretHash, hashOf(cookieValue)))
  if (!row || row.revokedAt !== null) return null
  if (row.demo && !options.allowDemo) return null
  const session = active(row, settings)
  if (!isBefore(now, session.idleExpiresAt)) return null
  if (toMillis(now) - toMillis(session.lastSeenAt) < TOUCH_EVERY_MS) return session
  await q.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.id))
  return active(row, settings, now)
}

/** Ends one session (sign-out); records `auth.sign_out`. Ending an ended session changes nothing. */
export const endSession = async (
  q: Queryable,
  session: Pick<ActiveSession, 'sessionId' | 'personId' | 'role'>,
  meta: RequestMeta,
): Promise<void> => {
  await q
    .update(sessions)
    .set({ revokedAt: meta.now })
    .where(and(eq(sessions.id, session.sessionId), isNull(sessions.revokedAt)))
  await recordAudit(q, {
    type: AuditType.signOut,
    at: meta.now,
    actor: { kind: session.role, id: session.personId },
    subject: { kind: 'session', id: session.sessionId },
    origin: meta,
  })
}

/**
 * Ends every live session of a person at once (sign out everywhere,
 * deactivation, a role change); `except` keeps one (none by default).
 * Records `auth.sign_out_everywhere` with `actor` as who asked. Returns how many ended.
 */
export const endSessionsOf = async (
  q: Queryable,
  personId: string,
  actor: { readonly kind: string; readonly id: string },
  meta: RequestMeta,
  except?: string,
): Promise<number> => {
  const ended = await q
    .update(sessions)
    .set({ revokedAt: meta.now })
    .where(
      and(
        eq(sessions.personId, personId),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, meta.now),
        ...(except ? [ne(sessions.id, except)] : []),
      ),
    )
    .returning({ id: sessions.id })
  await recordAudit(q, {
    type: AuditType.signOutEverywhere,
    at: meta.now,
    actor,
    subject: { kind: 'person', id: personId },
    origin: meta,
    data: { sessions: ended.length },
  })
  return ended.length
}
