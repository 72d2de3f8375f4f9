import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { report } from './support/report.ts'
import { fillPath, operationName, sampleOf, type Operation } from './openapi-tools.ts'
import {
  absentParams,
  CANARY,
  openSecurityHarness,
  isBearerLink,
  ownerParams,
  type Caller,
  type SecurityHarness,
} from './security-support.ts'

let h: SecurityHarness

beforeAll(async () => {
  h = await openSecurityHarness()
})
afterAll(async () => {
  await h.close()
})

const withIds = (ops: readonly Operation[]) => ops.filter((op) => op.pathParams.length > 0)

/** A request the route's schemas accept, so a refusal is about the caller, not the input. */
const validBody = (op: Operation): unknown =>
  op.body ? sampleOf(h.doc, op.body) : op.method === 'GET' ? undefined : {}

const call = async (op: Operation, params: Record<string, string>, caller: Caller) => {
  const res = await h.request(op.method, fillPath(op.path, params), caller, validBody(op))
  const code = String(res.headers['content-type']).startsWith('application/problem+json')
    ? res.json<{ code: string }>().code
    : null
  return { status: res.statusCode, code }
}

describe('S-1 objects by id', () => {
  it('every route with an object id has a fixture', () => {
    const missing = withIds(h.operations).flatMap((op) => {
      const p = ownerParams(op, h.fixtures)
      return p.ok ? [] : [`${operationName(op)}: ${p.missing.join(', ')}`]
    })
    expect(missing).toEqual([])
    expect(withIds(h.operations).length).toBeGreaterThan(50)
  })

  it('answers another buyer or seller exactly as if the object did not exist (404, or 403 where the route is closed to the role)', async () => {
    const failures: string[] = []
    let checked = 0
    for (const op of withIds(h.operations)) {
      const p = ownerParams(op, h.fixtures)
      if (!p.ok || isBearerLink(op)) continue

      for (const caller of ['other-buyer', 'other-seller'] as const) {
        const foreign = await call(op, p.params, caller)
        const unknown = await call(op, absentParams(p.params), caller)
        checked++
        if (![403, 404].includes(foreign.status))
          failures.push(`${operationName(op)} as ${caller}: ${foreign.status} ${foreign.code}`)
        else if (foreign.status !== unknown.status || foreign.code !== unknown.code)
          failures.push(
            `${operationName(op)} as ${caller}: ${foreign.status} ${foreign.code} for a real id but ${unknown.status} ${unknown.code} for none`,
          )
      }
    }
    report('S-1', {
      routes: withIds(h.operations).length,
      foreignCalls: checked,
      failures: failures.length,
    })
    expect(failures).toEqual([])
  })

  it('the owner (or the agent on agent routes) reaches every object the fixtures name', async () => {
    const unreached: string[] = []
    for (const op of withIds(h.operations).filter((o) => o.method === 'GET')) {
      const p = ownerParams(op, h.fixtures)
      if (!p.ok) continue
      const results = await Promise.all(
        (['owner-buyer', 'owner-seller', 'agent', 'admin'] as const).map((c) =>
          call(op, p.params, c),
        ),
      )
      if (!results.some((r) => r.status === 200))
        unreached.push(
          `${operationName(op)}: ${results.map((r) => `${r.status} ${r.code}`).join(' / ')}`,
        )
    }
    expect(unreached).toEqual([])
  })
})

const isParty = (role: string): boolean => role === 'buyer' || role === 'seller'
const roleOf = (caller: Caller): string => caller.replace(/^(owner|other)-/, '')

describe('S-2 roles', () => {
  it('every documented operation says which roles it serves (x-roles)', () => {
    const unmarked = h.operations.filter((op) => !op.roles).map(operationName)
    expect(unmarked).toEqual([])
  })

  it('buyer and seller tokens get 403 on every agent, admin and integration route', async () => {
    const staffOnly = h.operations.filter(
      (op) => op.roles && !op.roles.includes('public') && !op.roles.some(isParty),
    )
    const failures: string[] = []
    for (const op of staffOnly) {
      const p = ownerParams(op, h.fixtures)
      if (!p.ok) continue
      for (const caller of [
        'owner-buyer',
        'owner-seller',
        'other-buyer',
        'other-seller',
      ] as const) {
        const res = await call(op, p.params, caller)
        if (res.status !== 403 || res.code !== 'FORBIDDEN')
          failures.push(`${operationName(op)} as ${caller}: ${res.status} ${res.code}`)
      }
    }
    report('S-2', {
      staffRoutes: staffOnly.length,
      calls: staffOnly.length * 4,
      failures: failures.length,
    })
    expect(staffOnly.length).toBeGreaterThan(30)
    expect(failures).toEqual([])
  })

  it("no role outside a route's x-roles gets a success from it", async () => {
    const failures: string[] = []
    for (const op of h.operations) {
      if (!op.roles || op.roles.includes('public')) continue
      const p = ownerParams(op, h.fixtures)
      if (!p.ok) continue
      for (const caller of [
        'owner-buyer',
        'owner-seller',
        'agent',
        'admin',
        'integration',
        'anonymous',
      ] as const) {
        if (op.roles.includes(roleOf(caller))) continue
        const res = await call(op, p.params, caller)
        const expected = caller === 'anonymous' ? 401 : 403
        if (res.status !== expected)
          failures.push(`${operationName(op)} as ${caller}: ${res.status} ${res.code}`)
      }
    }
    expect(failures).toEqual([])
  })
})

/** Every string in a JSON value, and every key, for the canary search. */
const walk = (value: unknown, keys: Set<string>, strings: string[]): void => {
  if (typeof value === 'string') strings.push(value)
  else if (Array.isArray(value)) for (const v of value) walk(v, keys, strings)
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      keys.add(k)
      walk(v, keys, strings)
    }
}

describe('S-4 what each role sees', () => {
  /** What must never reach a caller: the other party's email, a moderated original, secrets. */
  const forbiddenFor: Record<string, { texts: string[]; keys: string[] }> = {
    'owner-buyer': { texts: [CANARY.sellerEmail], keys: ['secret', 'secretHash'] },
    'owner-seller': {
      texts: [CANARY.buyerEmail, CANARY.moderatedOriginal],
      keys: ['secret', 'secretHash'],
    },
    'other-buyer': {
      texts: [CANARY.buyerEmail, CANARY.sellerEmail, CANARY.moderatedOriginal],
      keys: ['secret', 'secretHash'],
    },
    'other-seller': {
      texts: [CANARY.buyerEmail, CANARY.sellerEmail, CANARY.moderatedOriginal],
      keys: ['secret', 'secretHash'],
    },
    agent: { texts: [], keys: ['secret', 'secretHash'] },
  }

  it("no response to a party carries the counterparty's email, a moderated original or a secret", async () => {
    const leaks: string[] = []
    let responses = 0
    for (const op of h.operations.filter((o) => o.method === 'GET')) {
      const p = ownerParams(op, h.fixtures)
      if (!p.ok) continue
      for (const [caller, rule] of Object.entries(forbiddenFor)) {
        const res = await h.request('GET', fillPath(op.path, p.params), caller as Caller)
        if (!String(res.headers['content-type']).includes('json')) continue
        responses++
        const keys = new Set<string>()
        const strings: string[] = []
        walk(res.json(), keys, strings)
        for (const text of rule.texts)
          if (strings.some((s) => s.includes(text)))
            leaks.push(`${operationName(op)} as ${caller}: ${text}`)
        for (const key of rule.keys)
          if (keys.has(key)) leaks.push(`${operationName(op)} as ${caller}: key ${key}`)
      }
    }
    report('S-4', { responses, leaks: leaks.length })
    expect(responses).toBeGreaterThan(150)
    expect(leaks).toEqual([])
  })

  it('the canaries are really there for those who may see them', async () => {
    const profile = await h.request('GET', '/v1/me/profile', 'owner-buyer')
    expect(profile.body).toContain(CANARY.buyerEmail)
    const thread = await h.request(
      'GET',
      fillPath('/v1/orders/{id}/conversation', { id: h.fixtures.orderId }),
      'owner-buyer',
    )
    expect(thread.body).toContain('canary-moderated-7731')
  })
})
