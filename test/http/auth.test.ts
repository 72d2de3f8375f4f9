import { SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApp, TEST_JWT_SECRET, type TestApp } from '../support/app.ts'
import { expectProblem } from '../support/http.ts'

let t: TestApp
beforeAll(async () => {
  t = await openTestApp()
})
afterAll(async () => t.close())

const key = new TextEncoder().encode(TEST_JWT_SECRET)
const token = (claims: { role?: string; aud?: string; exp?: number; secret?: Uint8Array }) => {
  const jwt = new SignJWT({ role: claims.role ?? 'buyer' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('buyer-1')
    .setAudience(claims.aud ?? 'recourse')
  return jwt
    .setExpirationTime(claims.exp ?? Math.floor(Date.now() / 1000) + 600)
    .sign(claims.secret ?? key)
}
const getOrders = (authorization?: string) =>
  t.server.inject({
    method: 'GET',
    url: '/v1/orders',
    headers: authorization ? { authorization } : {},
  })

describe('who may call', () => {
  it('accepts a valid user token', async () => {
    expect((await getOrders(`Bearer ${await token({})}`)).statusCode).toBe(200)
  })

  it('refuses no token with 401', async () => {
    expectProblem(await getOrders(), 401, 'UNAUTHENTICATED')
  })

  it('refuses expired, wrong-audience, badly signed, unknown-role and alg=none tokens with 401', async () => {
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'buyer-1', role: 'admin', aud: 'recourse' })).toString('base64url')}.`
    for (const bad of [
      await token({ exp: Math.floor(Date.now() / 1000) - 60 }),
      await token({ aud: 'someone-else' }),
      await token({ secret: new TextEncoder().encode('not-the-secret-at-all-not-at-all') }),
      await token({ role: 'superuser' }),
      unsigned,
      'garbage',
    ]) {
      expectProblem(await getOrders(`Bearer ${bad}`), 401, 'INVALID_TOKEN')
    }
  })

  it('refuses a token once it expires, though it was accepted (and remembered) before', async () => {
    // exp is in whole seconds: +2 leaves at least one.
    const shortLived = `Bearer ${await token({ exp: Math.floor(Date.now() / 1000) + 2 })}`
    expect((await getOrders(shortLived)).statusCode).toBe(200)
    expect((await getOrders(shortLived)).statusCode).toBe(200)
    await new Promise((r) => setTimeout(r, 2_100))
    expectProblem(await getOrders(shortLived), 401, 'INVALID_TOKEN')
  })

  it('refuses an unknown or revoked API key with 401', async () => {
    expectProblem(await getOrders('Bearer rk_not_a_real_key'), 401, 'INVALID_API_KEY')
  })
})

describe('the API description', () => {
  it('is OpenAPI 3.1 with the order, cancellation and case routes, each tagged and summarised', async () => {
    const res = await t.server.inject({ method: 'GET', url: '/openapi.json' })
    expect(res.statusCode).toBe(200)
    const doc = res.json<{
      openapi: string
      paths: Record<string, Record<string, { tags?: string[]; summary?: string }>>
    }>()
    expect(doc.openapi).toBe('3.1.0')
    for (const path of [
      '/v1/orders',
      '/v1/orders/{id}/cancellations',
      '/v1/cases/{id}',
      '/v1/queue',
      '/v1/files',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path)
    }
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        expect({ path, method, summary: Boolean(op.summary) }).toEqual({
          path,
          method,
          summary: true,
        })
      }
    }
  })
})
