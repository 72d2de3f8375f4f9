import { Type, type Static } from 'typebox'
import { Instant, Nullable, Page, UserRef, Uuid } from './common.ts'

export const PersonRole = Type.Union([
  Type.Literal('buyer'),
  Type.Literal('seller'),
  Type.Literal('agent'),
  Type.Literal('admin'),
])

export const SignInMethod = Type.Union([
  Type.Literal('password'),
  Type.Literal('oidc'),
  Type.Literal('handoff'),
  Type.Literal('exchange'),
  Type.Literal('demo'),
])

/** The signed-in person and their session, with the CSRF token the web app sends back. */
export const SessionView = Type.Object({
  sessionId: Uuid,
  personId: Type.String(),
  role: PersonRole,
  displayName: Type.String(),
  locale: Type.String(),
  timeZone: Type.String(),
  via: SignInMethod,
  /** Send it in `X-CSRF-Token` with every POST, PUT, PATCH and DELETE made with the cookie. */
  csrfToken: Type.String(),
  /** The absolute expiry; the idle timeout may end the session sooner. */
  expiresAt: Instant,
  /** When the session ends if no request comes before. */
  idleExpiresAt: Instant,
})
export type SessionView = Static<typeof SessionView>

export const SessionListItem = Type.Object({
  id: Uuid,
  via: SignInMethod,
  createdAt: Instant,
  lastSeenAt: Instant,
  expiresAt: Instant,
  ip: Nullable(Type.String()),
  userAgent: Nullable(Type.String()),
  current: Type.Boolean(),
})
export const SessionList = Type.Object({ items: Type.Array(SessionListItem) })
export type SessionList = Static<typeof SessionList>

export const SignOutBody = Type.Object(
  {
    /** End every session of the signed-in person, on every device. */
    everywhere: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
)
export const SignOutView = Type.Object({
  /** How many sessions ended. */
  ended: Type.Integer({ minimum: 0 }),
})

export const DemoSessionBody = Type.Object(
  { userId: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
)

/** A web path inside Recourse: starts with one `/`, no scheme or host. */
export const WebPath = Type.String({
  minLength: 1,
  maxLength: 300,
  pattern: '^/(?![/\\\\])[A-Za-z0-9/_.~%?=&-]*$',
  description: 'A path of the web app, e.g. /orders/{id} or /cases/{id}',
})

const Locale = Type.String({
  minLength: 2,
  maxLength: 35,
  pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$',
})
const TimeZone = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_+/-]+$' })

export const HandoffBody = Type.Object(
  {
    personId: UserRef,
    role: Type.Union([Type.Literal('buyer'), Type.Literal('seller')]),
    displayName: Type.String({ minLength: 1, maxLength: 200 }),
    locale: Type.Optional(Locale),
    timeZone: Type.Optional(TimeZone),
    /** Where the person lands once signed in. @default '/' */
    path: Type.Optional(WebPath),
  },
  { additionalProperties: false },
)
export type HandoffBody = Static<typeof HandoffBody>

export const HandoffView = Type.Object({
  /** Open this in the person's browser (a link or a redirect); it works once. */
  url: Type.String(),
  expiresAt: Instant,
})

export const HandoffParams = Type.Object({
  token: Type.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }),
})

export const ExchangeBody = Type.Object(
  {
    /** A user token the marketplace signed (verified like a bearer user token). */
    token: Type.String({ minLength: 10, maxLength: 8000 }),
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    locale: Type.Optional(Locale),
    timeZone: Type.Optional(TimeZone),
  },
  { additionalProperties: false },
)

export const AuditEventView = Type.Object({
  id: Uuid,
  at: Instant,
  type: Type.String(),
  actor: Nullable(Type.Object({ kind: Type.String(), id: Type.String() })),
  subject: Nullable(Type.Object({ kind: Type.String(), id: Type.String() })),
  ip: Nullable(Type.String()),
  userAgent: Nullable(Type.String()),
  data: Type.Record(Type.String(), Type.Unknown()),
})
export const AuditPage = Page(AuditEventView)
export type AuditPage = Static<typeof AuditPage>

export const AuditQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
  cursor: Type.Optional(Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' })),
  actor: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  type: Type.Optional(Type.String({ minLength: 1, maxLength: 80, pattern: '^[a-z_.]+$' })),
  from: Type.Optional(Instant),
  to: Type.Optional(Instant),
})
