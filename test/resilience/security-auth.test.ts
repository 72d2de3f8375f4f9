import { SignJWT } from 'jose'
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_JWT_SECRET, openTestApp, type TestApp } from '../support/app.ts'
import { expectProblem } from '../support/http.ts'
import { report } from './support/report.ts'

const ISSUER = 'https://marketplace.test'
const AUDIENCE = 'recourse'

let t: TestApp

beforeAll(async () => {
  t = await openTestApp({ demo: true, env: { RECOURSE_JWT_ISSUER: ISSUER } })
})
afterAll(async () => {
  await t.close()
})

const key = (secret = TEST_JWT_SECRET) => new TextEncoder().encode(secret)
const nowSeconds = () => Math.floor(Date.now() / 1000)
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')

/** A user token with the marketplace's claims; each case below breaks one thing. */
const token = async (
  options: {
    secret?: string
    audience?: string
    issuer?: string | null
    expiresAt?: number
    notBefore?: number
    alg?: 'HS256' | 'HS512'
    claims?: Record<string, unknown>
  } = {},
): Promise<string> => {
  const jwt = new SignJWT({ role: 'buyer', ...options.claims })
    .setProtectedHeader({ alg: options.alg ?? 'HS256' })
    .setSubject('buyer-1')
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expiresAt ?? nowSeconds() + 3600)
  if (options.issuer !== null) jwt.setIssuer(options.issuer ?? ISSUER)
  if (options.notBefore) jwt.setNotBefore(options.notBefore)
  return jwt.sign(key(options.secret))
}

const asBearer = (jwt: string) =>
  t.server.inject({ method: 'GET', url: '/v1/orders', headers: { authorization: `Bearer ${jwt}` } })

describe('S-9 user tokens', () => {
  it('accepts a well-formed token from the configured issuer', async () => {
    expect((await asBearer(await token())).statusCode).toBe(200)
  })

  it('answers 401 INVALID_TOKEN to expired, alg=none, wrong-audience, wrong-issuer and badly signed tokens', async () => {
    const valid = await token()
    const [header, payload] = valid.split('.')
    const forged = b64({
      sub: 'admin-1',
      role: 'admin',
      aud: AUDIENCE,
      iss: ISSUER,
      exp: nowSeconds() + 3600,
    })
    const cases: Record<string, string> = {
      expired: await token({ expiresAt: nowSeconds() - 60 }),
      'alg=none': `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`,
      'alg=none, role admin': `${b64({ alg: 'none', typ: 'JWT' })}.${forged}.`,
      'wrong audience': await token({ audience: 'another-service' }),
      'wrong issuer': await token({ issuer: 'https://evil.test' }),
      'no issuer': await token({ issuer: null }),
      'signed with another secret': await token({ secret: 'not-the-marketplace-secret-at-all!!' }),
      'payload changed after signing': `${header}.${forged}.${valid.split('.')[2]}`,
      'signature cut off': `${header}.${payload}.`,
      'HS512 (not an accepted algorithm)': await token({ alg: 'HS512' }),
      'not yet valid': await token({ notBefore: nowSeconds() + 3600 }),
      'unknown role': await token({ claims: { role: 'superuser' } }),
      'not a JWT': 'hello.world',
    }
    const outcomes: Record<string, string> = {}
    for (const [name, jwt] of Object.entries(cases)) {
      const res = await asBearer(jwt)
      outcomes[name] = `${res.statusCode} ${res.json<{ code?: string }>().code}`
      expectProblem(res, 401, 'INVALID_TOKEN')
    }
    report('S-9', { outcomes })
  })
})

/** Sends the same request until it is refused for the rate; returns the count and the refusal. */
const hammer = async (
  send: () => Promise<LightMyRequestResponse>,
  limit: number,
): Promise<{ before: number[]; refused: LightMyRequestResponse }> => {
  const before: number[] = []
  for (let i = 0; i < limit; i++) before.push((await send()).statusCode)
  return { before, refused: await send() }
}

const expectRateLimited = (res: LightMyRequestResponse): void => {
  expectProblem(res, 429, 'RATE_LIMITED')
  const retryAfter = Number(res.headers['retry-after'])
  expect(retryAfter).toBeGreaterThan(0)
  expect(retryAfter).toBeLessThanOrEqual(60)
}

describe('S-6 rate limits', () => {
  it('limits token issuance (the demo login) per client address: 429 with Retry-After', async () => {
    const users = await t.server.inject({ url: '/v1/demo/users' })
    const userId = users.json<{ items: { id: string }[] }>().items[0]?.id ?? ''
    const login = () =>
      t.server.inject({ method: 'POST', url: '/v1/demo/tokens', payload: { userId } })
    const { before, refused } = await hammer(login, 60)
    expect(new Set(before)).toEqual(new Set([200]))
    expectRateLimited(refused)
    const keys = await hammer(
      () => t.server.inject({ method: 'POST', url: '/v1/demo/api-keys', payload: { name: 'k' } }),
      10,
    )
    expect(new Set(keys.before)).toEqual(new Set([201]))
    expectRateLimited(keys.refused)
    report('S-6-login', { allowedPerMinute: 60, retryAfter: refused.headers['retry-after'] })
  })

  it('limits case opening per buyer, and another buyer is unaffected', async () => {
    const buyer = await t.bearer('buyer', 'buyer-rate')
    const open = (authorization: string) =>
      t.server.inject({
        method: 'POST',
        url: '/v1/orders/01900000-0000-7000-8000-000000000000/cases',
        headers: { authorization },
        payload: { reason: 'damaged', desiredOutcome: 'full_refund', description: 'broken' },
      })
    const { before, refused } = await hammer(() => open(buyer), 20)
    expect(new Set(before)).toEqual(new Set([404]))
    expectRateLimited(refused)
    expect((await open(await t.bearer('buyer', 'buyer-other'))).statusCode).toBe(404)
    report('S-6-cases', { allowedPerMinute: 20, retryAfter: refused.headers['retry-after'] })
  })

  it('limits refunds per caller', async () => {
    const agent = await t.bearer('agent', 'agent-rate')
    const refund = () =>
      t.server.inject({
        method: 'POST',
        url: '/v1/orders/01900000-0000-7000-8000-000000000000/refunds',
        headers: { authorization: agent },
        payload: { amount: 100, funding: 'marketplace', reference: 'r-1' },
      })
    const { before, refused } = await hammer(refund, 600)
    expect(before.every((s) => s !== 429)).toBe(true)
    expectRateLimited(refused)
    report('S-6-refunds', { allowedPerMinute: 600, retryAfter: refused.headers['retry-after'] })
  })
})
