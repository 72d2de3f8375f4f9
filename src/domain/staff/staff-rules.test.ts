import { describe, expect, it } from 'vitest'
import { addMillis, instant } from '../../policy/time.ts'
import { transitionProblems } from '../shared/transitions-check.ts'
import { staffTransitions, type StaffAccountFacts } from './account.ts'
import { decideAcceptInvitation, decideDeactivation, decideRoleChange } from './management.ts'
import { checkPassword } from './password-rules.ts'
import { afterFailure, lockedUntil, throttleLimits } from './throttle.ts'

const admin: StaffAccountFacts = { id: 'a1', role: 'admin', status: 'active' }
const agent: StaffAccountFacts = { id: 'g1', role: 'agent', status: 'active' }

describe('staff status table', () => {
  it('is sound: every status reachable, deactivation final', () => {
    expect(
      transitionProblems(staffTransitions, {
        initial: ['invited', 'active'],
        terminal: ['deactivated'],
      }),
    ).toEqual([])
  })
})

describe('password rules', () => {
  it('refuses a password shorter than 12 characters, counting characters not bytes', () => {
    expect(checkPassword('short pass', null)).toEqual({ code: 'PASSWORD_TOO_SHORT', minimum: 12 })
    expect(checkPassword('ééééééééééé', null)).toEqual({ code: 'PASSWORD_TOO_SHORT', minimum: 12 })
  })
  it('refuses a password longer than 128 characters', () => {
    expect(checkPassword('a1b2'.repeat(40), null)).toEqual({
      code: 'PASSWORD_TOO_LONG',
      maximum: 128,
    })
  })
  it('refuses a common password whatever its case, and one character repeated', () => {
    expect(checkPassword('Password1234', null)).toEqual({ code: 'PASSWORD_TOO_COMMON' })
    expect(checkPassword('QWERTYUIOP123', null)).toEqual({ code: 'PASSWORD_TOO_COMMON' })
    expect(checkPassword('aaaaaaaaaaaaaaaa', null)).toEqual({ code: 'PASSWORD_TOO_COMMON' })
  })
  it('refuses a password containing the e-mail address or its local part', () => {
    expect(checkPassword('margarethe-2026!', 'Margarethe@shop.example')).toEqual({
      code: 'PASSWORD_CONTAINS_EMAIL',
    })
  })
  it('accepts a long passphrase', () => {
    expect(checkPassword('violet kettle under the bridge', 'ana@shop.example')).toBeNull()
  })
})

describe('login throttling', () => {
  const limits = throttleLimits.account
  const t0 = Date.parse('2026-12-08T00:00:00Z')
  const failTimes = (n: number, every = 1000) => {
    let state = null as ReturnType<typeof afterFailure> | null
    for (let i = 0; i < n; i++) state = afterFailure(state, t0 + i * every, limits)
    return state
  }

  it('allows the first five failures, then locks for a minute', () => {
    expect(lockedUntil(failTimes(5), t0 + 5000)).toBeNull()
    expect(lockedUntil(failTimes(6), t0 + 5000)).toBe(t0 + 5000 + 60_000)
  })
  it('doubles the lock with each further failure, up to fifteen minutes', () => {
    expect(failTimes(7)?.lockedUntil).toBe(t0 + 6000 + 120_000)
    expect(failTimes(20)?.lockedUntil).toBe(t0 + 19_000 + 15 * 60_000)
  })
  it('opens again when the lock is over', () => {
    const state = failTimes(6)
    expect(lockedUntil(state, t0 + 5000 + 60_000)).toBeNull()
  })
  it('forgets failures older than the window', () => {
    const state = afterFailure(failTimes(5), t0 + 16 * 60_000, limits)
    expect(state).toEqual({ failures: 1, windowStartedAt: t0 + 16 * 60_000, lockedUntil: null })
  })
})

describe('staff management rules', () => {
  it('never makes the last active admin an agent', () => {
    expect(decideRoleChange(admin, 'agent', 1)).toEqual({ code: 'LAST_ADMIN', role: 'admin' })
    expect(decideRoleChange(admin, 'agent', 2)).toBeNull()
    expect(decideRoleChange(agent, 'admin', 1)).toBeNull()
  })
  it('refuses deactivating yourself, the last admin, or an account already deactivated', () => {
    expect(decideDeactivation(admin, 'a1', 2)).toEqual({ code: 'CANNOT_DEACTIVATE_SELF' })
    expect(decideDeactivation(admin, 'a2', 1)).toEqual({ code: 'LAST_ADMIN', role: 'admin' })
    expect(decideDeactivation(agent, 'a1', 1)).toBeNull()
    expect(decideDeactivation({ ...agent, status: 'deactivated' }, 'a1', 1)).toMatchObject({
      code: 'STAFF_STATUS_CONFLICT',
    })
  })
  it('accepts an invitation before it expires, once', () => {
    const invited: StaffAccountFacts = { ...agent, status: 'invited' }
    const expiresAt = instant('2026-12-10T00:00:00Z')
    expect(
      decideAcceptInvitation(invited, { expiresAt, usedAt: null }, addMillis(expiresAt, -1)),
    ).toBeNull()
    expect(decideAcceptInvitation(invited, { expiresAt, usedAt: null }, expiresAt)).toEqual({
      code: 'INVITATION_EXPIRED',
      expiredAt: '2026-12-10T00:00:00.000Z',
    })
    expect(decideAcceptInvitation(invited, { expiresAt, usedAt: expiresAt }, expiresAt)).toEqual({
      code: 'INVITATION_NOT_FOUND',
    })
  })
})
