import { webcrypto } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import { createRemoteJWKSet, customFetch, jwtVerify, type JWTVerifyGetKey } from 'jose'
import { outboundFetch, type OutboundPolicy } from '../integrations/outbound.ts'
import { API_KEY_PREFIX, hashSecret } from '../app/people/api-keys.ts'
import { apiKeyBySecretHash } from '../app/people/queries.ts'
import type { Actor } from '../domain/shared/actor.ts'
import { asId, type UserId } from '../domain/shared/ids.ts'
import type { Queryable } from '../store/database.ts'
import { HttpProblem } from './problems.ts'

const USER_ROLES = ['buyer', 'seller', 'agent', 'admin'] as const
type UserRole = (typeof USER_ROLES)[number]

export interface AuthOptions {
  readonly secret?: string | undefined
  readonly jwksUrl?: string | undefined
  readonly audience: string
  readonly issuer?: string | undefined
  /** Where the JWKS may be fetched from (`integrations/outbound.ts`). */
  readonly outbound?: OutboundPolicy
}

/** Verified tokens remembered at most; the oldest is forgotten first. */
const VERIFIED_TOKENS = 10_000

/**
 * Who is calling: an integration API key (`Authorization: Bearer rk_…`) or a
 * user token (JWT from the marketplace, HS256 with a shared secret or signed
 * by a key in its JWKS) carrying `sub` and `role`.
 */
export class Authenticator {
  private readonly hsKey: Promise<webcrypto.CryptoKey> | undefined
  private readonly jwks: JWTVerifyGetKey | undefined
  private readonly keyCache = new Map<string, { actor: Actor | null; until: number }>()
  /**
   * Tokens whose signature and claims were verified, by their exact text: a
   * buyer's app sends one token with every request, and checking its HMAC
   * through WebCrypto was a third of a command's CPU. An entry holds until the
   * token expires, and at most a minute (a key dropped from the JWKS stops
   * working within that); `exp` and `nbf` are checked again on every use.
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
    // The JWKS is fetched under the outbound rules like every request the server makes.
    this.jwks = options.jwksUrl
      ? createRemoteJWKSet(new URL(options.jwksUrl), {
          [customFetch]: outboundFetch(options.outbound ?? { allowHttp: false, allow: [] }),
        })
      : undefined
  }

  async authenticate(request: FastifyRequest): Promise<Actor | null> {
    const header = request.headers.authorization
    const cookieToken = readCookie(request.headers.cookie, 'recourse_session')
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : cookieToken
    if (!token) return null
    if (token.startsWith(API_KEY_PREFIX)) return this.apiKeyActor(token)
    return this.userActor(token)
  }

  private async apiKeyActor(secret: string): Promise<Actor> {
    const hash = hashSecret(secret)
    const cached = this.keyCache.get(hash)
    let actor = cached && cached.until > Date.now() ? cached.actor : undefined
    if (actor === undefined) {
      const key = await apiKeyBySecretHash(this.db, hash)
      actor = key && !key.revokedAt ? { kind: 'integration', id: key.id } : null
      // Revocation takes effect within this many milliseconds in every process.
      this.keyCache.set(hash, { actor, until: Date.now() + 5_000 })
    }
    if (!actor) throw new HttpProblem(401, 'INVALID_API_KEY', 'The API key is unknown or revoked.')
    return actor
  }

  private async userActor(token: string): Promise<Actor> {
    const now = Date.now()
    const known = this.verified.get(token)
    if (known && known.notBefore <= now && now < known.until) return known.actor
    const verifyOptions = {
      audience: this.options.audience,
      ...(this.options.issuer ? { issuer: this.options.issuer } : {}),
      algorithms: ['HS256', 'RS256', 'ES256', 'EdDSA'],
    }
    try {
      const { payload } = this.jwks
        ? await jwtVerify(token, this.jwks, verifyOptions)
        : this.hsKey
          ? await jwtVerify(token, await this.hsKey, { ...verifyOptions, algorithms: ['HS256'] })
          : (() => {
              throw new Error('no key configured')
            })()
      const role = payload.role
      if (typeof payload.sub !== 'string' || !USER_ROLES.includes(role as UserRole)) {
        throw new Error('token lacks sub or a known role')
      }
      const actor: Actor = { kind: role as UserRole, id: asId<UserId>(payload.sub) }
      this.remember(token, {
        actor,
        notBefore: (payload.nbf ?? 0) * 1000,
        until: Math.min(payload.exp !== undefined ? payload.exp * 1000 : Infinity, now + 60_000),
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
  }
}

/** Signs a user token like the marketplace would (demo mode, tests, `recourse token`). */
export const issueUserToken = async (
  secret: string,
  claims: { sub: string; role: UserRole; name?: string },
  audience: string,
  ttlSeconds = 12 * 3600,
  issuer?: string,
): Promise<string> => {
  const { SignJWT } = await import('jose')
  const jwt = new SignJWT({ role: claims.role, ...(claims.name ? { name: claims.name } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
  if (issuer) jwt.setIssuer(issuer)
  return jwt.sign(new TextEncoder().encode(secret))
}
