import { createServer, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixedClock } from '../../src/app/clock.ts'
import { addMillis, instant } from '../../src/policy/time.ts'
import { openTestApp, TEST_JWT_SECRET, type TestApp } from '../support/app.ts'
import { expectProblem } from '../support/http.ts'

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>

const secret = new TextEncoder().encode(TEST_JWT_SECRET)
const nowSeconds = () => Math.floor(Date.now() / 1000)

const hsToken = (claims: { exp?: number; iat?: number; iss?: string }) => {
  const jwt = new SignJWT({ role: 'buyer' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('buyer-1')
    .setAudience('recourse')
  if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp)
  if (claims.iat !== undefined) jwt.setIssuedAt(claims.iat)
  if (claims.iss !== undefined) jwt.setIssuer(claims.iss)
  return jwt.sign(secret)
}

const orders = (app: TestApp, token: string) =>
  app.server.inject({
    method: 'GET',
    url: '/v1/orders',
    headers: { authorization: `Bearer ${token}` },
  })

describe('user token lifetime', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await openTestApp()
  })
  afterAll(async () => t.close())

  it('refuses a token without exp', async () => {
    expectProblem(await orders(t, await hsToken({ iat: nowSeconds() })), 401, 'INVALID_TOKEN')
  })

  it('refuses a token valid for longer than 24 h (100 years, or 25 h), accepts 24 h', async () => {
    const now = nowSeconds()
    expectProblem(
      await orders(t, await hsToken({ iat: now, exp: now + 100 * 365 * 86_400 })),
      401,
      'INVALID_TOKEN',
    )
    expectProblem(await orders(t, await hsToken({ exp: now + 25 * 3600 })), 401, 'INVALID_TOKEN')
    expect((await orders(t, await hsToken({ iat: now, exp: now + 24 * 3600 }))).statusCode).toBe(
      200,
    )
  })
})

describe('the issuer, when configured', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await openTestApp({ env: { RECOURSE_JWT_ISSUER: 'https://market.example' } })
  })
  afterAll(async () => t.close())

  it('is required: no iss or another iss is refused', async () => {
    const exp = nowSeconds() + 600
    expectProblem(await orders(t, await hsToken({ exp })), 401, 'INVALID_TOKEN')
    expectProblem(
      await orders(t, await hsToken({ exp, iss: 'https://other.example' })),
      401,
      'INVALID_TOKEN',
    )
    expect(
      (await orders(t, await hsToken({ exp, iss: 'https://market.example' }))).statusCode,
    ).toBe(200)
  })
})

describe('a key removed from the marketplace’s JWKS', () => {
  // A real JWKS served over HTTP on a local port; the test rotates its keys.
  let jwks: { keys: JWK[] } = { keys: [] }
  let fetches = 0
  let http: HttpServer
  let t: TestApp
  const wall = fixedClock(instant(Date.now()))
  const keys: { kid: string; privateKey: KeyPair['privateKey']; jwk: JWK }[] = []

  beforeAll(async () => {
    for (const kid of ['old', 'new']) {
      const { privateKey, publicKey } = await generateKeyPair('ES256')
      keys.push({ kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256' } })
    }
    jwks = { keys: keys.map((k) => k.jwk) }
    http = createServer((_req, res) => {
      fetches++
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify(jwks))
    })
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
    const port = (http.address() as AddressInfo).port
    t = await openTestApp({
      authClock: wall,
      env: {
        RECOURSE_JWT_SECRET: '',
        RECOURSE_JWKS_URL: `http://127.0.0.1:${port}/jwks.json`,
        // A JWKS on this machine over http, as an operator would allow it in development.
        RECOURSE_OUTBOUND_ALLOW_HTTP: '1',
        RECOURSE_OUTBOUND_ALLOW: '127.0.0.1',
      },
    })
  })
  afterAll(async () => {
    await t.close()
    http.close()
  })

  const signed = async (kid: string) => {
    const key = keys.find((k) => k.kid === kid)
    if (!key) throw new Error(kid)
    const now = Math.floor(Date.parse(await wall.now()) / 1000)
    return new SignJWT({ role: 'buyer' })
      .setProtectedHeader({ alg: 'ES256', kid })
      .setSubject('buyer-1')
      .setAudience('recourse')
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(key.privateKey)
  }

  it('stops verifying within the documented 60 s, already-seen tokens included; the kept key goes on', async () => {
    const seen = await signed('old')
    expect((await orders(t, seen)).statusCode).toBe(200)
    expect((await orders(t, await signed('new'))).statusCode).toBe(200)

    jwks = { keys: keys.filter((k) => k.kid === 'new').map((k) => k.jwk) }
    const before = fetches
    wall.set(addMillis(await wall.now(), 60_000))
    expectProblem(await orders(t, seen), 401, 'INVALID_TOKEN')
    expectProblem(await orders(t, await signed('old')), 401, 'INVALID_TOKEN')
    expect((await orders(t, await signed('new'))).statusCode).toBe(200)
    expect(fetches).toBeGreaterThan(before)
  })
})
