import type { LightMyRequestResponse } from 'fastify'
import { Compile } from 'typebox/compile'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { fixedClock } from '../../src/app/clock.ts'
import { openRecourse } from '../../src/app/recourse.ts'
import { loadConfig } from '../../src/config.ts'
import { issueUserToken } from '../../src/http/auth.ts'
import { AuditPage, SessionView } from '../../src/http/schemas/auth.ts'
import { buildServer, type Server } from '../../src/http/server.ts'
import { addMillis, instant, type Instant } from '../../src/policy/time.ts'
import { openTestApp, TEST_JWT_SECRET, type TestApp } from '../support/app.ts'
import { expectProblem } from '../support/http.ts'

const wall = fixedClock(instant('2026-12-08T10:00:00.000Z'))
const ORIGIN = 'http://localhost:80'

let t: TestApp
beforeAll(async () => {
  t = await openTestApp({ demo: true, authClock: wall })
})
afterAll(async () => t.close())
beforeEach(() => wall.set(instant('2026-12-08T10:00:00.000Z')))

const later = async (ms: number): Promise<Instant> => {
  const next = addMillis(await wall.now(), ms)
  wall.set(next)
  return next
}

const cookieOf = (res: LightMyRequestResponse): string => {
  const header = res.headers['set-cookie']
  const line = Array.isArray(header) ? header[0] : header
  if (!line) throw new Error(`no set-cookie in ${res.statusCode} ${res.body}`)
  return line
}

interface Signed {
  readonly cookie: string
  readonly csrf: string
  readonly view: SessionView
}

const signInAs = async (userId: string, server: Server = t.server): Promise<Signed> => {
  const res = await server.inject({
    method: 'POST',
    url: '/v1/demo/sessions',
    headers: { origin: ORIGIN },
    payload: { userId },
  })
  expect(res.statusCode).toBe(200)
  const view = res.json<SessionView>()
  expect([...Compile(SessionView).Errors(view)]).toEqual([])
  const cookie = cookieOf(res).split(';')[0] ?? ''
  return { cookie, csrf: view.csrfToken, view }
}

const withCookie = (s: Signed, extra: Record<string, string> = {}) => ({
  cookie: s.cookie,
  ...extra,
})

describe('a demo sign-in', () => {
  it('sets an HTTP-only SameSite=Lax session cookie, not Secure over plain HTTP', async () => {
    const res = await t.server.inject({
      method: 'POST',
      url: '/v1/demo/sessions',
      headers: { origin: ORIGIN },
      payload: { userId: 'buyer-ana' },
    })
    const line = cookieOf(res)
    expect(line).toMatch(/^recourse_sid=[A-Za-z0-9_-]{43}; /)
    expect(line).toContain('HttpOnly')
    expect(line).toContain('SameSite=Lax')
    expect(line).toContain('Path=/')
    expect(line).not.toContain('Secure')
  })

  it('starts a session the cookie carries: GET /v1/auth/session and the API answer with it', async () => {
    const s = await signInAs('buyer-ana')
    const session = await t.server.inject({
      method: 'GET',
      url: '/v1/auth/session',
      headers: withCookie(s),
    })
    expect(session.statusCode).toBe(200)
    expect(session.json<SessionView>()).toMatchObject({
      personId: 'buyer-ana',
      role: 'buyer',
      via: 'demo',
      csrfToken: s.csrf,
      displayName: 'Ana Souza',
    })
    const orders = await t.server.inject({
      method: 'GET',
      url: '/v1/orders',
      headers: withCookie(s),
    })
    expect(orders.statusCode).toBe(200)
  })

  it('keeps only a hash of the cookie’s secret in the database', async () => {
    const s = await signInAs('buyer-ben')
    const secret = s.cookie.split('=')[1] ?? ''
    const rows = await t.db.database.db.execute(
      `select secret_hash from sessions where id = '${s.view.sessionId}'`,
    )
    const dump = JSON.stringify(rows)
    expect(dump).not.toContain(secret)
    expect(dump).toMatch(/[0-9a-f]{64}/)
  })

  it('refuses a sign-in posted from another site (login CSRF)', async () => {
    const res = await t.server.inject({
      method: 'POST',
      url: '/v1/demo/sessions',
      headers: { origin: 'https://evil.example' },
      payload: { userId: 'admin-ops' },
    })
    expectProblem(res, 403, 'CSRF_REFUSED')
  })
})

describe('behind a declared TLS proxy', () => {
  it('marks the cookie Secure when the proxy says https, and not when no proxy is trusted', async () => {
    const proxied = await openTestApp({ demo: true, env: { RECOURSE_TRUST_PROXY: 'loopback' } })
    try {
      const res = await proxied.server.inject({
        method: 'POST',
        url: '/v1/demo/sessions',
        headers: { 'x-forwarded-proto': 'https', origin: 'https://localhost:80' },
        payload: { userId: 'buyer-ana' },
      })
      expect(cookieOf(res)).toContain('; Secure')
    } finally {
      await proxied.close()
    }
    const direct = await t.server.inject({
      method: 'POST',
      url: '/v1/demo/sessions',
      headers: { 'x-forwarded-proto': 'https', origin: ORIGIN },
      payload: { userId: 'buyer-ana' },
    })
    expect(cookieOf(direct)).not.toContain('Secure')
  }, 400_000)
})

describe('CSRF: a state-changing request made with the cookie', () => {
  const signOut = (s: Signed, headers: Record<string, string>, payload: string | object = {}) =>
    t.server.inject({
      method: 'POST',
      url: '/v1/auth/sign-out',
      headers: withCookie(s, headers),
      payload,
    })

  it('is refused with 403 from another site with content-type text/plain (the old cookie hole)', async () => {
    const s = await signInAs('buyer-ana')
    const res = await t.server.inject({
      method: 'POST',
      url: '/v1/orders/00000000-0000-7000-8000-000000000000/cancellation',
      headers: withCookie(s, { origin: 'https://evil.example', 'content-type': 'text/plain' }),
      payload: '{"reason":"changed_mind"}',
    })
    expectProblem(res, 403, 'CSRF_REFUSED')
  })

  it('is refused without the X-CSRF-Token header, or with another session’s, even from our origin', async () => {
    const s = await signInAs('buyer-ana')
    const other = await signInAs('buyer-ben')
    expectProblem(await signOut(s, { origin: ORIGIN }), 403, 'CSRF_REFUSED')
    expectProblem(
      await signOut(s, { origin: ORIGIN, 'x-csrf-token': other.csrf }),
      403,
      'CSRF_REFUSED',
    )
  })

  it('is refused with the right token but no Origin or Referer, or a foreign Referer', async () => {
    const s = await signInAs('buyer-ana')
    expectProblem(await signOut(s, { 'x-csrf-token': s.csrf }), 403, 'CSRF_REFUSED')
    expectProblem(
      await signOut(s, { 'x-csrf-token': s.csrf, referer: 'https://evil.example/page' }),
      403,
      'CSRF_REFUSED',
    )
  })

  it('goes through from our origin with the session’s token', async () => {
    const s = await signInAs('buyer-ana')
    const res = await signOut(s, { origin: ORIGIN, 'x-csrf-token': s.csrf })
    expect(res.statusCode).toBe(200)
  })

  it('the old recourse_session cookie is no credential at all, even holding a valid token', async () => {
    const token = await issueUserToken(
      TEST_JWT_SECRET,
      { sub: 'buyer-ana', role: 'buyer' },
      'recourse',
    )
    const res = await t.server.inject({
      method: 'GET',
      url: '/v1/orders',
      headers: { cookie: `recourse_session=${token}` },
    })
    expectProblem(res, 401, 'UNAUTHENTICATED')
  })

  it('a bearer token needs no CSRF token (API clients)', async () => {
    const res = await t.server.inject({
      method: 'POST',
      url: '/v1/auth/sign-out',
      headers: { authorization: await t.bearer('buyer', 'buyer-ana') },
      payload: { everywhere: true },
    })
    expect(res.statusCode).toBe(200)
  })
})

describe('session lifetime', () => {
  const me = (s: Signed) =>
    t.server.inject({ method: 'GET', url: '/v1/auth/session', headers: withCookie(s) })

  it('ends after the idle timeout without a request (default 2 h), and activity keeps it alive', async () => {
    const s = await signInAs('agent-alex')
    await later(100 * 60_000)
    expect((await me(s)).statusCode).toBe(200)
    await later(100 * 60_000)
    expect((await me(s)).statusCode).toBe(200)
    await later(121 * 60_000)
    expectProblem(await me(s), 401, 'UNAUTHENTICATED')
  })

  it('ends at the absolute timeout (default 12 h) however busy', async () => {
    const s = await signInAs('agent-alex')
    for (let i = 0; i < 11; i++) {
      await later(60 * 60_000)
      expect((await me(s)).statusCode).toBe(200)
    }
    await later(60 * 60_000)
    expectProblem(await me(s), 401, 'UNAUTHENTICATED')
  })
})

describe('sign-out', () => {
  it('ends this session and clears the cookie', async () => {
    const s = await signInAs('seller-sam')
    const res = await t.server.inject({
      method: 'POST',
      url: '/v1/auth/sign-out',
      headers: withCookie(s, { origin: ORIGIN, 'x-csrf-token': s.csrf }),
    })
    expect(res.json()).toEqual({ ended: 1 })
    expect(cookieOf(res)).toMatch(/^recourse_sid=; .*Max-Age=0/)
    expectProblem(
      await t.server.inject({ method: 'GET', url: '/v1/auth/session', headers: withCookie(s) }),
      401,
      'UNAUTHENTICATED',
    )
  })

  it('everywhere ends every session of the person and no one else’s; the list shows the live ones', async () => {
    const phone = await signInAs('seller-sam')
    const laptop = await signInAs('seller-sam')
    const someoneElse = await signInAs('buyer-ben')
    const list = await t.server.inject({
      method: 'GET',
      url: '/v1/auth/sessions',
      headers: withCookie(laptop),
    })
    const items = list.json<{ items: { id: string; current: boolean }[] }>().items
    expect(items.map((i) => i.id)).toEqual(
      expect.arrayContaining([phone.view.sessionId, laptop.view.sessionId]),
    )
    expect(items.filter((i) => i.current).map((i) => i.id)).toEqual([laptop.view.sessionId])
    expect(JSON.stringify(items)).not.toContain(someoneElse.view.sessionId)

    const res = await t.server.inject({
      method: 'POST',
      url: '/v1/auth/sign-out',
      headers: withCookie(laptop, { origin: ORIGIN, 'x-csrf-token': laptop.csrf }),
      payload: { everywhere: true },
    })
    expect(res.json<{ ended: number }>().ended).toBeGreaterThanOrEqual(2)
    for (const s of [phone, laptop])
      expect(
        (await t.server.inject({ method: 'GET', url: '/v1/auth/session', headers: withCookie(s) }))
          .statusCode,
      ).toBe(401)
    expect(
      (
        await t.server.inject({
          method: 'GET',
          url: '/v1/auth/session',
          headers: withCookie(someoneElse),
        })
      ).statusCode,
    ).toBe(200)
  })
})

describe('demo credentials outside demo mode (same database, restarted without --demo)', () => {
  it('refuses the demo session, the demo API key and the demo token; keeps a real key working', async () => {
    const s = await signInAs('admin-ops')
    const minted = await t.server.inject({
      method: 'POST',
      url: '/v1/demo/api-keys',
      payload: { name: 'anonymous' },
    })
    const demoKey = `Bearer ${minted.json<{ secret: string }>().secret}`
    const demoToken = await t.server.inject({
      method: 'POST',
      url: '/v1/demo/tokens',
      payload: { userId: 'admin-ops' },
    })
    const token = `Bearer ${demoToken.json<{ token: string }>().token}`
    const realKey = await t.integration()
    for (const authorization of [demoKey, token, realKey])
      expect(
        (await t.server.inject({ method: 'GET', url: '/v1/orders', headers: { authorization } }))
          .statusCode,
      ).toBe(200)

    const config = loadConfig({ RECOURSE_JWT_SECRET: TEST_JWT_SECRET }, {})
    const plain = await openRecourse(config, { database: t.db.database, authClock: wall })
    const server = await buildServer(plain)
    try {
      const get = (headers: Record<string, string>) =>
        server.inject({ method: 'GET', url: '/v1/orders', headers })
      expectProblem(await get({ cookie: s.cookie }), 401, 'UNAUTHENTICATED')
      expectProblem(await get({ authorization: demoKey }), 401, 'INVALID_API_KEY')
      expectProblem(await get({ authorization: token }), 401, 'INVALID_TOKEN')
      expect((await get({ authorization: realKey })).statusCode).toBe(200)
      expect(
        (
          await server.inject({
            method: 'POST',
            url: '/v1/demo/sessions',
            payload: { userId: 'admin-ops' },
          })
        ).statusCode,
      ).toBe(404)
    } finally {
      await server.close()
      await plain.close()
    }
  }, 400_000)
})

describe('the audit trail', () => {
  it('records sign-ins and sign-outs with where they came from, for admins, filtered and paged', async () => {
    const s = await signInAs('buyer-ana')
    await t.server.inject({
      method: 'POST',
      url: '/v1/auth/sign-out',
      headers: withCookie(s, { origin: ORIGIN, 'x-csrf-token': s.csrf, 'user-agent': 'Test/1.0' }),
    })
    const admin = { authorization: await t.bearer('admin', 'admin-ops') }
    const res = await t.server.inject({
      method: 'GET',
      url: `/v1/audit?actor=buyer-ana&type=auth.&limit=1`,
      headers: admin,
    })
    expect(res.statusCode).toBe(200)
    const page = res.json<AuditPage>()
    expect([...Compile(AuditPage).Errors(page)]).toEqual([])
    expect(page.items[0]).toMatchObject({
      type: 'auth.sign_out',
      actor: { kind: 'buyer', id: 'buyer-ana' },
      subject: { kind: 'session', id: s.view.sessionId },
      ip: '127.0.0.1',
      userAgent: 'Test/1.0',
    })
    expect(page.nextCursor).not.toBeNull()
    const next = await t.server.inject({
      method: 'GET',
      url: `/v1/audit?actor=buyer-ana&type=auth.&limit=1&cursor=${page.nextCursor}`,
      headers: admin,
    })
    const second = next.json<AuditPage>().items[0]
    expect(second?.id).not.toBe(page.items[0]?.id)
    expect((second?.at ?? '') <= (page.items[0]?.at ?? '')).toBe(true)

    const signIns = await t.server.inject({
      method: 'GET',
      url: `/v1/audit?type=auth.sign_in&limit=100`,
      headers: admin,
    })
    expect(signIns.json<AuditPage>().items.every((e) => e.type === 'auth.sign_in')).toBe(true)
    expect(signIns.json<AuditPage>().items.some((e) => e.data.via === 'demo')).toBe(true)
  })

  it('is for admins only', async () => {
    const res = await t.server.inject({
      method: 'GET',
      url: '/v1/audit',
      headers: { authorization: await t.bearer('agent', 'agent-alex') },
    })
    expectProblem(res, 403, 'FORBIDDEN')
  })
})
