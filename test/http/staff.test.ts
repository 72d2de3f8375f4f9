import { Compile } from 'typebox/compile'
import type { TSchema } from 'typebox'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { fixedClock } from '../../src/app/clock.ts'
import { openRecourse } from '../../src/app/recourse.ts'
import { totpCode } from '../../src/app/staff/totp.ts'
import { loadConfig } from '../../src/config.ts'
import { buildServer, type Server } from '../../src/http/server.ts'
import {
  InvitationView,
  PasswordSignInView,
  SignedInView,
  StaffList,
  StaffView,
  TotpEnrolledView,
} from '../../src/http/schemas/staff.ts'
import { addMillis, toMillis, type Instant } from '../../src/policy/time.ts'
import {
  monday9am,
  openTestApp,
  TEST_JWT_SECRET,
  TEST_SCRYPT,
  type TestApp,
} from '../support/app.ts'
import { expectProblem } from '../support/http.ts'

// Staff accounts over HTTP: invitations, password sign-in with throttling,
// the TOTP second factor with recovery codes, roles and deactivation.

let t: TestApp
let adminAuth: string
let adminId: string
const PASSWORD = 'violet kettle under the bridge'

const matches = (schema: TSchema, body: unknown): void => {
  const errors = [...Compile(schema).Errors(body)].map((e) => `${e.instancePath} ${e.message}`)
  expect(errors).toEqual([])
}

const now = (): Instant => monday9am
/** Each test comes from its own address, so the per-address limits of one do not reach the next. */
let testNumber = 0
let here = '10.0.0.1'

const post = (url: string, payload: object, headers: Record<string, string> = {}, ip = here) =>
  t.server.inject({ method: 'POST', url, payload, headers, remoteAddress: ip })

const asAdmin = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.server.inject({
    method,
    url,
    headers: { authorization: adminAuth },
    ...(payload ? { payload } : {}),
  })

const signIn = (email: string, password: string, ip = here) =>
  post('/v1/auth/password', { email, password }, {}, ip)

/** An active staff account made the way an invited person makes it. */
const activeStaff = async (email: string, role: 'agent' | 'admin' = 'agent'): Promise<string> => {
  const invited = await asAdmin('POST', '/v1/staff/invitations', { email, role })
  expect(invited.statusCode).toBe(201)
  const { link, staff } = invited.json<{ link: string; staff: { id: string } }>()
  const token = link.split('/').at(-1) ?? ''
  const accepted = await post(`/v1/staff/invitations/${token}/accept`, { password: PASSWORD })
  expect(accepted.statusCode).toBe(200)
  return staff.id
}

beforeAll(async () => {
  t = await openTestApp()
})
afterAll(async () => {
  await t.close()
})
beforeEach(async () => {
  await t.db.truncate()
  t.clock?.set(monday9am)
  here = `10.1.${++testNumber}.1`
  const created = await t.recourse.staff.create(
    { email: 'Root@Shop.example', role: 'admin', password: PASSWORD },
    { id: null, address: 'cli' },
    now(),
  )
  if (!created.ok) throw new Error(created.rejection.code)
  adminId = created.value.staff.id
  adminAuth = await t.bearer('admin', adminId)
})

describe('password sign-in', () => {
  it('signs an active admin in, the address compared without case', async () => {
    const res = await signIn('root@shop.EXAMPLE', PASSWORD)
    expect(res.statusCode).toBe(200)
    matches(PasswordSignInView, res.json())
    expect(res.json()).toMatchObject({ step: 'signed_in', staff: { id: adminId, role: 'admin' } })
  })

  it('answers the same refusal for a wrong password and an unknown address', async () => {
    expectProblem(
      await signIn('root@shop.example', 'not the password at all'),
      401,
      'SIGN_IN_FAILED',
    )
    expectProblem(await signIn('nobody@shop.example', PASSWORD), 401, 'SIGN_IN_FAILED')
  })

  it('throttles wrong passwords per account: the sixth try is refused even with the right password, until the lock ends', async () => {
    for (let i = 0; i < 6; i++)
      expectProblem(
        await signIn('root@shop.example', `wrong password ${i}`, `10.0.1.${i}`),
        401,
        'SIGN_IN_FAILED',
      )
    const locked = await signIn('root@shop.example', PASSWORD, '10.0.2.1')
    expectProblem(locked, 429, 'SIGN_IN_THROTTLED')
    expect(locked.headers['retry-after']).toBe('60')
    expect(locked.json()).toMatchObject({ retryAfterSeconds: 60 })
    t.clock?.set(addMillis(monday9am, 61_000))
    expect((await signIn('root@shop.example', PASSWORD, '10.0.2.1')).statusCode).toBe(200)
  })

  it('keeps the count in the database: another process over the same database sees the lock', async () => {
    for (let i = 0; i < 6; i++) await signIn('root@shop.example', `wrong password ${i}`)
    const other = await openRecourse(loadConfig({ RECOURSE_JWT_SECRET: TEST_JWT_SECRET }), {
      database: t.db.database,
      clock: fixedClock(now()),
      staff: { scrypt: TEST_SCRYPT },
    })
    const server: Server = await buildServer(other)
    try {
      const res = await server.inject({
        method: 'POST',
        url: '/v1/auth/password',
        payload: { email: 'root@shop.example', password: PASSWORD },
      })
      expectProblem(res, 429, 'SIGN_IN_THROTTLED')
    } finally {
      await server.close()
      await other.close()
    }
  })

  it('throttles an address that sprays many accounts, whatever the account', async () => {
    const agent = await activeStaff('ana@shop.example')
    expect(agent).toBeTruthy()
    for (let i = 0; i < 21; i++)
      await signIn(`guess${i}@shop.example`, 'wrong password here', '10.9.9.9')
    expectProblem(await signIn('ana@shop.example', PASSWORD, '10.9.9.9'), 429, 'SIGN_IN_THROTTLED')
    expect((await signIn('ana@shop.example', PASSWORD, '10.9.9.10')).statusCode).toBe(200)
  })
})

describe('second factor', () => {
  const enrolAtSignIn = async (email: string) => {
    const first = await signIn(email, PASSWORD)
    expect(first.json()).toMatchObject({ step: 'enrol_totp' })
    const { challenge } = first.json<{ challenge: string }>()
    const secret = await post('/v1/auth/totp/enrolment', { challenge })
    expect(secret.statusCode).toBe(200)
    const { secret: base32, uri } = secret.json<{ secret: string; uri: string }>()
    expect(uri).toContain(`secret=${base32}`)
    const done = await post('/v1/auth/totp', { challenge, code: totpCode(base32, toMillis(now())) })
    expect(done.statusCode).toBe(200)
    matches(SignedInView, done.json())
    const codes = done.json<{ recoveryCodes: string[] }>().recoveryCodes
    expect(codes).toHaveLength(10)
    return { secret: base32, recoveryCodes: codes }
  }

  it('is required once an admin requires it: the password alone does not sign in', async () => {
    const agent = await activeStaff('ana@shop.example')
    expect((await signIn('ana@shop.example', PASSWORD)).json()).toMatchObject({ step: 'signed_in' })
    const required = await asAdmin('PUT', `/v1/staff/${agent}/second-factor/required`, {
      required: true,
    })
    expect(required.json()).toMatchObject({ requireSecondFactor: true })
    const { secret } = await enrolAtSignIn('ana@shop.example')

    t.clock?.set(addMillis(monday9am, 60_000))
    const next = await signIn('ana@shop.example', PASSWORD)
    expect(next.json()).toMatchObject({ step: 'totp' })
    const { challenge } = next.json<{ challenge: string }>()
    expectProblem(
      await post('/v1/auth/totp', { challenge, code: '000000' }),
      401,
      'SECOND_FACTOR_INVALID',
    )
    const code = totpCode(secret, toMillis(addMillis(monday9am, 60_000)))
    const done = await post('/v1/auth/totp', { challenge, code })
    expect(done.json()).toMatchObject({
      step: 'signed_in',
      staff: { id: agent, totpEnrolled: true },
    })

    // The same code again, on a fresh sign-in inside its 30 seconds: a replay.
    const again = await signIn('ana@shop.example', PASSWORD)
    const replay = await post('/v1/auth/totp', {
      challenge: again.json<{ challenge: string }>().challenge,
      code,
    })
    expectProblem(replay, 401, 'SECOND_FACTOR_INVALID')
  })

  it('applies to everyone when the deployment requires it', async () => {
    await activeStaff('ana@shop.example')
    expect(
      (await asAdmin('PUT', '/v1/staff/settings', { requireSecondFactorForAll: true })).json(),
    ).toEqual({
      requireSecondFactorForAll: true,
    })
    expect((await signIn('ana@shop.example', PASSWORD)).json()).toMatchObject({
      step: 'enrol_totp',
    })
  })

  it('takes each recovery code once', async () => {
    const agent = await activeStaff('ana@shop.example')
    await asAdmin('PUT', `/v1/staff/${agent}/second-factor/required`, { required: true })
    const { recoveryCodes } = await enrolAtSignIn('ana@shop.example')
    const [code] = recoveryCodes
    const first = await signIn('ana@shop.example', PASSWORD)
    const used = await post('/v1/auth/totp', {
      challenge: first.json<{ challenge: string }>().challenge,
      recoveryCode: code?.toUpperCase(),
    })
    expect(used.json()).toMatchObject({ step: 'signed_in', staff: { recoveryCodesLeft: 9 } })
    const second = await signIn('ana@shop.example', PASSWORD)
    expectProblem(
      await post('/v1/auth/totp', {
        challenge: second.json<{ challenge: string }>().challenge,
        recoveryCode: code,
      }),
      401,
      'SECOND_FACTOR_INVALID',
    )
  })

  it('gives up a challenge after five wrong codes, and it runs out after five minutes', async () => {
    const agent = await activeStaff('ana@shop.example')
    await asAdmin('PUT', `/v1/staff/${agent}/second-factor/required`, { required: true })
    await enrolAtSignIn('ana@shop.example')
    const { challenge } = (await signIn('ana@shop.example', PASSWORD)).json<{ challenge: string }>()
    for (let i = 0; i < 5; i++) await post('/v1/auth/totp', { challenge, code: '000000' })
    expectProblem(
      await post('/v1/auth/totp', { challenge, code: '000000' }),
      401,
      'SIGN_IN_CHALLENGE_EXPIRED',
    )
    // Wrong codes count against the account too, and a right password does not clear them:
    // the sixth wrong code locks the account's sign-in.
    const next = (await signIn('ana@shop.example', PASSWORD)).json<{ challenge: string }>()
    await post('/v1/auth/totp', { challenge: next.challenge, code: '000000' })
    expectProblem(await signIn('ana@shop.example', PASSWORD), 429, 'SIGN_IN_THROTTLED')
    t.clock?.set(addMillis(monday9am, 5 * 60_000 + 1))
    expectProblem(
      await post('/v1/auth/totp', { challenge: next.challenge, code: '123456' }),
      401,
      'SIGN_IN_CHALLENGE_EXPIRED',
    )
  })

  it('lets a signed-in staff member enrol, and an admin reset it', async () => {
    const agent = await activeStaff('ana@shop.example')
    const auth = { authorization: await t.bearer('agent', agent) }
    const started = await post('/v1/staff/me/totp', {}, auth)
    const { secret } = started.json<{ secret: string }>()
    expectProblem(
      await post('/v1/staff/me/totp/confirm', { code: '123456' }, auth),
      401,
      'SECOND_FACTOR_INVALID',
    )
    const confirmed = await post(
      '/v1/staff/me/totp/confirm',
      { code: totpCode(secret, toMillis(now())) },
      auth,
    )
    expect(confirmed.statusCode).toBe(200)
    matches(TotpEnrolledView, confirmed.json())
    expectProblem(await post('/v1/staff/me/totp', {}, auth), 409, 'TOTP_ALREADY_ENROLLED')
    expect((await signIn('ana@shop.example', PASSWORD)).json()).toMatchObject({ step: 'totp' })

    const reset = await asAdmin('POST', `/v1/staff/${agent}/second-factor/reset`)
    expect(reset.json()).toMatchObject({ totpEnrolled: false, recoveryCodesLeft: 0 })
    expect((await signIn('ana@shop.example', PASSWORD)).json()).toMatchObject({ step: 'signed_in' })
  })
})

describe('invitations', () => {
  const invite = async (email: string) => {
    const res = await asAdmin('POST', '/v1/staff/invitations', {
      email,
      role: 'agent',
      name: 'Ana Ruiz',
    })
    expect(res.statusCode).toBe(201)
    matches(InvitationView, res.json())
    const body = res.json<{ link: string; expiresAt: string }>()
    return { token: body.link.split('/').at(-1) ?? '', expiresAt: body.expiresAt }
  }

  it('works once, with a password that passes the rules', async () => {
    const { token, expiresAt } = await invite('ana@shop.example')
    expect(expiresAt).toBe(addMillis(monday9am, 72 * 3_600_000))
    const preview = await t.server.inject({ method: 'GET', url: `/v1/staff/invitations/${token}` })
    expect(preview.json()).toMatchObject({
      staff: { email: 'ana@shop.example', status: 'invited' },
    })
    expectProblem(await signIn('ana@shop.example', PASSWORD), 401, 'SIGN_IN_FAILED')

    expectProblem(
      await post(`/v1/staff/invitations/${token}/accept`, { password: 'short' }),
      422,
      'PASSWORD_TOO_SHORT',
    )
    expectProblem(
      await post(`/v1/staff/invitations/${token}/accept`, { password: 'Password1234' }),
      422,
      'PASSWORD_TOO_COMMON',
    )
    const accepted = await post(`/v1/staff/invitations/${token}/accept`, { password: PASSWORD })
    expect(accepted.json()).toMatchObject({ status: 'active', name: 'Ana Ruiz' })
    expectProblem(
      await post(`/v1/staff/invitations/${token}/accept`, { password: PASSWORD }),
      404,
      'INVITATION_NOT_FOUND',
    )
    expect((await signIn('ana@shop.example', PASSWORD)).json()).toMatchObject({ step: 'signed_in' })
  })

  it('expires', async () => {
    const { token } = await invite('ana@shop.example')
    t.clock?.set(addMillis(monday9am, 72 * 3_600_000))
    expectProblem(
      await post(`/v1/staff/invitations/${token}/accept`, { password: PASSWORD }),
      410,
      'INVITATION_EXPIRED',
    )
  })

  it('is replaced by a fresh link, and one address is one account whatever its case', async () => {
    const { token } = await invite('ana@shop.example')
    expectProblem(
      await asAdmin('POST', '/v1/staff/invitations', { email: 'ANA@shop.example', role: 'admin' }),
      409,
      'STAFF_EMAIL_TAKEN',
    )
    const list = await asAdmin('GET', '/v1/staff')
    matches(StaffList, list.json())
    const id = list
      .json<{ items: { id: string; email: string }[] }>()
      .items.find((s) => s.email === 'ana@shop.example')?.id
    const again = await asAdmin('POST', `/v1/staff/${id}/invitation`)
    expect(again.statusCode).toBe(201)
    expectProblem(
      await post(`/v1/staff/invitations/${token}/accept`, { password: PASSWORD }),
      404,
      'INVITATION_NOT_FOUND',
    )
  })

  it('is for admins only', async () => {
    const agent = await activeStaff('ana@shop.example')
    const res = await t.server.inject({
      method: 'POST',
      url: '/v1/staff/invitations',
      headers: { authorization: await t.bearer('agent', agent) },
      payload: { email: 'x@shop.example', role: 'admin' },
    })
    expectProblem(res, 403, 'FORBIDDEN')
  })
})

describe('roles and deactivation', () => {
  it('changes a role, never leaving the deployment without an admin', async () => {
    const agent = await activeStaff('ana@shop.example')
    expectProblem(
      await asAdmin('POST', `/v1/staff/${adminId}/role`, { role: 'agent' }),
      409,
      'LAST_ADMIN',
    )
    const promoted = await asAdmin('POST', `/v1/staff/${agent}/role`, { role: 'admin' })
    matches(StaffView, promoted.json())
    expect(promoted.json()).toMatchObject({ role: 'admin' })
    expect(
      (await asAdmin('POST', `/v1/staff/${adminId}/role`, { role: 'agent' })).json(),
    ).toMatchObject({ role: 'agent' })
  })

  it('deactivates an account: it cannot sign in any more; not yourself', async () => {
    const agent = await activeStaff('ana@shop.example')
    expectProblem(
      await asAdmin('POST', `/v1/staff/${adminId}/deactivate`),
      409,
      'CANNOT_DEACTIVATE_SELF',
    )
    const off = await asAdmin('POST', `/v1/staff/${agent}/deactivate`)
    expect(off.json()).toMatchObject({ status: 'deactivated', deactivatedAt: monday9am })
    expectProblem(await signIn('ana@shop.example', PASSWORD), 401, 'SIGN_IN_FAILED')
    expectProblem(
      await asAdmin('POST', `/v1/staff/${agent}/deactivate`),
      409,
      'STAFF_STATUS_CONFLICT',
    )
    expectProblem(await asAdmin('POST', '/v1/staff/nobody/deactivate'), 404, 'STAFF_NOT_FOUND')
  })

  it('signs in with a session cookie, ends it at once when the account is deactivated, and audits both', async () => {
    const agent = await activeStaff('bo@shop.example')
    const signedIn = await signIn('bo@shop.example', PASSWORD)
    expect(signedIn.statusCode).toBe(200)
    expect(signedIn.json()).toMatchObject({
      step: 'signed_in',
      session: { personId: agent, role: 'agent', via: 'password' },
    })
    const cookie = signedIn.cookies.find((c) => c.name === 'recourse_sid')
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' })
    const session = () =>
      t.server.inject({
        method: 'GET',
        url: '/v1/auth/session',
        cookies: { recourse_sid: cookie?.value ?? '' },
      })
    expect((await session()).statusCode).toBe(200)

    expect((await asAdmin('POST', `/v1/staff/${agent}/deactivate`)).statusCode).toBe(200)
    expect((await session()).statusCode).toBe(401)

    const audit = await asAdmin('GET', '/v1/audit?limit=50')
    const types = audit
      .json<{ items: { type: string; subjectId?: string | null }[] }>()
      .items.map((e) => e.type)
    expect(types).toEqual(
      expect.arrayContaining(['staff.signed_in', 'auth.sign_in', 'staff.deactivated']),
    )
  })
})
