import { timingSafeEqual, webcrypto } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import { jwtVerify, type JWTPayload } from 'jose'
import { outboundFetch, type OutboundPolicy } from '../integrations/outbound.ts'
import { API_KEY_PREFIX, hashSecret } from '../app/people/api-keys.ts'
import { apiKeyBySecretHash } from '../app/people/queries.ts'
import { systemClock, type Clock } from '../app/clock.ts'
import {
  csrfTokenFor,
  resolveSession,
  type ActiveSession,
  type SessionSettings,
} from '../app/sessions/commands.ts'
import type { Actor } from '../domain/shared/actor.ts'
import { asId, type UserId } from '../domain/shared/ids.ts'
import { toMillis } from '../policy/time.ts'
import type { Queryable } from '../store/database.ts'
import { RemoteKeySet } from './jwks.ts'
import { HttpProblem } from './problems.ts'

/** The browser session cookie (HTTP-only; its value is the session's secret). */
export const SESSION_COOKIE = 'recourse_sid'

const USER_ROLES = ['buyer', 'seller', 'agent', 'admin'] as const
type UserRole = (typeof USER_ROLES)[number]

export interface AuthOptions {
  readonly secret?: string | undefined
  readonly jwksUrl?: string | undefined
  readonly audience: string
  /** When set, user tokens must carry exactly this `iss`. */
  readonly issuer?: string | undefined
  /** Where the JWKS may be fetched from (`integrations/outbound.ts`). */
  readonly outbound?: OutboundPolicy
  /** Longest lifetime a user token may claim, in seconds (`exp` − `iat`). @default 86400 */
  readonly maxLifetimeSeconds?: number | undefined
  /** The time tokens are checked against (tests move it); the wall clock by default. */
  readonly clock?: Clock | undefined
  /** Demo mode: demo-minted API keys, tokens and sessions are honoured; refused otherwise. */
  readonly demo?: boolean | undefined
  /** Browser sessions (the `recourse_sid` cookie); without it cookies are ignored. */
  readonly sessions?: SessionAuthOptions | undefined
}

export interface SessionAuthOptions {
  readonly settings: SessionSettings
  /** Origins besides the request's own that may send state-changing cookie requests (`RECOURSE_PUBLIC_URL`'s). */
  readonly trustedOrigins: readonly string[]
}

/** Methods that change nothing: a cookie request with one of these needs no CSRF token. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** The header the web app sends the session's CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token'

/** The origin of a URL (`https://help.example.com`), or null when it is not one. */
export const originOf = (value: string | undefined): string | null => {
  if (!value) return null
  try {
    const origin = new URL(value).origin
    return origin === 'null' ? null : origin
  } catch {
    return null
  }
}

/** The request's own origin, as the browser addressed it (behind a trusted proxy, its scheme). */
export const requestOrigin = (request: FastifyRequest): string | null =>
  originOf(`${request.protocol}://${request.host}`)

/**
 * Whether a cookie request may change something: it comes from one of our
 * origins (`Origin`, or `Referer` when a browser sends no `Origin`) and
 * carries the session's CSRF token. A cross-site form or `text/plain` fetch
 * can send the cookie but can neither set the header nor forge `Origin`.
 */
const csrfRefusal = (
  request: FastifyRequest,
  cookieValue: string,
  trustedOrigins: readonly string[],
): string | null => {
  const origin = originOf(request.headers.origin) ?? originOf(request.headers.referer)
  const own = requestOrigin(request)
  if (!origin || (origin !== own && !trustedOrigins.includes(origin)))
    return 'The request did not come from Recourse’s own pages (Origin).'
  const sent = request.headers[CSRF_HEADER]
  const expected = Buffer.from(csrfTokenFor(cookieValue))
  const given = Buffer.from(typeof sent === 'string' ? sent : '')
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return `The request lacks the session's ${CSRF_HEADER} header.`
  return null
}

/** Verified tokens remembered at most; the oldest is forgotten first. */
const VERIFIED_TOKENS = 10_000

/** How long a verified token is remembered at most (with `JWKS_REFRESH_MS`, the 60 s bound). */
export const VERIFIED_TOKEN_MS = 30_000

/** Clock skew allowed between the marketplace and Recourse, in seconds, on `iat` and the lifetime check (`exp` itself is exact). */
const CLOCK_TOLERANCE_S = 30

/**
 * Who is calling: an integration API key (`Authorization: Bearer rk_…`) or a
 * user token (JWT from the marketplace, HS256 with a shared secret or signed
 * by a key in its JWKS) carrying `sub` and `role`.
 */
export class Authenticator {
  private readonly hsKey: Promise<webcrypto.CryptoKey> | undefined
  private readonly jwks: RemoteKeySet | undefined
  private readonly clock: Clock
  private readonly keyCache = new Map<string, { actor: Actor | null; until: number }>()
  /**
   * Tokens whose signature and claims were verified, by their exact text: a
   * buyer's app sends one token with every request, and checking its HMAC
   * through WebCrypto was a third of a command's CPU. An entry holds until the
   * token expires, and at most `VERIFIED_TOKEN_MS` (30 s; with the JWKS
   * refresh a dropped key stops working within 60 s); `exp` and `nbf` are
   * checked again on every use.
   */
  private readonly verified = new Map<string, { actor: Actor; notBefore: number; until: number }>()

  constructor(
    private readonly db: Queryable,
    private readonly options: AuthOptions,
  ) {
    // Imported once: jose would import a raw secret into WebCrypto on every verification.
    this.hsKey = options.secret
      ? webcrypto.subtle.importKey(
          'raw',
          new TextEncoder().encode(options.secret),
          { name: 'HMAC', hash: 'SHA-256' },
          false,
          ['verify'],
        )
      : undefined
    this.clock = options.clock ?? systemClock
    // The JWKS is fetched under the outbound rules like every request the server makes.
    this.jwks = options.jwksUrl
      ? new RemoteKeySet(
          new URL(options.jwksUrl),
          async () => toMillis(await this.clock.now()),
          outboundFetch(options.outbound ?? { allowHttp: false, allow: [] }),
        )
      : undefined
  }

  /**
   * The caller: a bearer token (API key or user token) in `Authorization`,
   * else the session the `recourse_sid` cookie names. A cookie request that
   * changes something must pass the CSRF check, or it is refused with 403
   * before anything runs. A cookie whose session has ended reads as no
   * credentials (401 where a route needs some).
   */
  async authenticate(request: FastifyRequest): Promise<Actor | null> {
    const header = request.headers.authorization
    if (header?.startsWith('Bearer ')) {
      const token = header.slice(7).trim()
      if (token.startsWith(API_KEY_PREFIX)) return this.apiKeyActor(token)
      return this.userActor(token)
    }
    const sessions = this.options.sessions
    const cookieValue = sessions ? readCookie(request.headers.cookie, SESSION_COOKIE) : undefined
    if (!sessions || !cookieValue) return null
    const session = await resolveSession(
      this.db,
      sessions.settings,
      cookieValue,
      await this.clock.now(),
      { allowDemo: this.options.demo === true },
    )
    if (!session) return null
    if (!SAFE_METHODS.has(request.method)) {
      const refusal = csrfRefusal(request, cookieValue, sessions.trustedOrigins)
      if (refusal) throw new HttpProblem(403, 'CSRF_REFUSED', refusal)
    }
    request.session = session
    return { kind: session.role, id: asId<UserId>(session.personId) }
  }

  private async apiKeyActor(secret: string): Promise<Actor> {
    const hash = hashSecret(secret)
    const cached = this.keyCache.get(hash)
    let actor = cached && cached.until > Date.now() ? cached.actor : undefined
    if (actor === undefined) {
      const key = await apiKeyBySecretHash(this.db, hash)
      actor =
        key && !key.revokedAt && (!key.demo || this.options.demo)
          ? { kind: 'integration', id: key.id }
          : null
      // Revocation takes effect within this many milliseconds in every process.
      this.keyCache.set(hash, { actor, until: Date.now() + 5_000 })
    }
    if (!actor) throw new HttpProblem(401, 'INVALID_API_KEY', 'The API key is unknown or revoked.')
    return actor
  }

  /**
   * The claims of a user token the marketplace signed, verified: signature
   * (the shared secret, or a key of its JWKS), `aud`, `iss` when configured,
   * `exp` present and not past, `nbf`, and a lifetime (`exp` − `iat`, or
   * `exp` − now without `iat`) no longer than the maximum. Throws otherwise.
   */
  async verifyUserToken(token: string): Promise<JWTPayload & { sub: string; role: UserRole }> {
    const now = toMillis(await this.clock.now())
    const verifyOptions = {
      audience: this.options.audience,
      ...(this.options.issuer ? { issuer: this.options.issuer } : {}),
      algorithms: ['HS256', 'RS256', 'ES256', 'EdDSA'],
      requiredClaims: ['exp'],
      currentDate: new Date(now),
    }
    const { payload } = this.jwks
      ? await jwtVerify(token, this.jwks.getKey, verifyOptions)
      : this.hsKey
        ? await jwtVerify(token, await this.hsKey, { ...verifyOptions, algorithms: ['HS256'] })
        : (() => {
            throw new Error('no key configured')
          })()
    const maxLifetime = this.options.maxLifetimeSeconds ?? 86_400
    const from = payload.iat ?? Math.floor(now / 1000)
    if ((payload.exp ?? Infinity) - from > maxLifetime + CLOCK_TOLERANCE_S)
      throw new Error('the token lives longer than the maximum lifetime')
    if (payload.iat !== undefined && payload.iat * 1000 > now + CLOCK_TOLERANCE_S * 1000)
      throw new Error('the token was issued in the future')
    const role = payload.role
    if (typeof payload.sub !== 'string' || !USER_ROLES.includes(role as UserRole)) {
      throw new Error('token lacks sub or a known role')
    }
    if (payload.demo === true && !this.options.demo) throw new Error('a demo token')
    return { ...payload, sub: payload.sub, role: role as UserRole }
  }

  private async userActor(token: string): Promise<Actor> {
    const now = toMillis(await this.clock.now())
    const known = this.verified.get(token)
    if (known && known.notBefore <= now && now < known.until) return known.actor
    try {
      const payload = await this.verifyUserToken(token)
      const actor: Actor = { kind: payload.role, id: asId<UserId>(payload.sub) }
      this.remember(token, {
        actor,
        notBefore: (payload.nbf ?? 0) * 1000,
        until: Math.min((payload.exp ?? 0) * 1000, now + VERIFIED_TOKEN_MS),
      })
      return actor
    } catch {
      throw new HttpProblem(
        401,
        'INVALID_TOKEN',
        'The token is invalid, expired, or not meant for Recourse.',
      )
    }
  }

  private remember(token: string, entry: { actor: Actor; notBefore: number; until: number }): void {
    if (this.verified.size >= VERIFIED_TOKENS) {
      const oldest = this.verified.keys().next()
      if (!oldest.done) this.verified.delete(oldest.value)
    }
    this.verified.set(token, entry)
  }
}

export const readCookie = (header: string | undefined, name: string): string | undefined => {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return decodeURIComponent(v.join('='))
  }
  return undefined
}

/** The caller, or 401. */
export const requireActor = (request: FastifyRequest): Actor => {
  if (!request.actor)
    throw new HttpProblem(
      401,
      'UNAUTHENTICATED',
      'Send a bearer token: a user token or an API key.',
    )
  return request.actor
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null
    /** The browser session the request came with (cookie), if that is how it was authenticated. */
    session: ActiveSession | null
  }
}

/** Signs a user token like the marketplace would (demo mode, tests, `recourse token`). */
export const issueUserToken = async (
  secret: string,
  claims: { sub: string; role: UserRole; name?: string; demo?: true },
  audience: string,
  ttlSeconds = 12 * 3600,
  issuer?: string,
): Promise<string> => {
  const { SignJWT } = await import('jose')
  const jwt = new SignJWT({
    role: claims.role,
    ...(claims.name ? { name: claims.name } : {}),
    ...(claims.demo ? { demo: true } : {}),
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
  if (issuer) jwt.setIssuer(issuer)
  return jwt.sign(new TextEncoder().encode(secret))
}
