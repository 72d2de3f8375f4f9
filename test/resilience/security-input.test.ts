import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BODY_LIMIT_BYTES } from '../../src/http/server.ts'
import { report } from './support/report.ts'
import {
  arbitraryOf,
  declaredProperties,
  fillPath,
  operationName,
  ResponseValidator,
  sampleOf,
  type Operation,
} from './openapi-tools.ts'
import {
  isBearerLink,
  openSecurityHarness,
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

/** A caller the route serves, so its body is validated rather than refused for the role. */
const servedBy = (op: Operation): Caller => {
  const roles = op.roles ?? []
  if (roles.includes('buyer')) return 'owner-buyer'
  if (roles.includes('seller')) return 'owner-seller'
  if (roles.includes('agent')) return 'agent'
  if (roles.includes('admin')) return 'admin'
  if (roles.includes('integration')) return 'integration'
  return 'anonymous'
}

const problemCode = (res: { headers: Record<string, unknown>; json: <T>() => T }): string | null =>
  String(res.headers['content-type']).startsWith('application/problem+json')
    ? res.json<{ code: string }>().code
    : null

/** Fields a client must never set: the server owns them. */
const READ_ONLY = [
  'id',
  'status',
  'sellerId',
  'buyerId',
  'orderId',
  'caseId',
  'refundedAmount',
  'refunded',
  'version',
  'createdAt',
  'updatedAt',
  'availableActions',
  'uploadedBy',
  'assignedTo',
  'decidedBy',
  'moderation',
  'secret',
  'role',
]

describe('S-3 mass assignment', () => {
  it('refuses read-only fields in every write body with a 400 problem, and stores nothing', async () => {
    const versions = async () =>
      Promise.all(
        [
          `/v1/orders/${h.fixtures.orderId}`,
          `/v1/cases/${h.fixtures.caseId}`,
          `/v1/cancellations/${h.fixtures.cancellationId}`,
          `/v1/returns/${h.fixtures.returnId}`,
          `/v1/refunds/${h.fixtures.refundId}`,
        ].map(async (url) => (await h.request('GET', url, 'admin')).body),
      )
    const before = await versions()
    const writes = h.operations.filter((op) => op.body)
    const failures: string[] = []
    const codes = new Map<string, number>()
    let attempts = 0
    for (const op of writes) {
      const p = ownerParams(op, h.fixtures)
      if (!p.ok || !op.body || isBearerLink(op)) continue
      const declared = new Set(declaredProperties(h.doc, op.body))
      const body = sampleOf(h.doc, op.body) as Record<string, unknown>
      for (const field of READ_ONLY.filter((f) => !declared.has(f))) {
        attempts++
        const send = (headers: Record<string, string> = {}) =>
          h.request(
            op.method,
            fillPath(op.path, p.params),
            servedBy(op),
            { ...body, [field]: field === 'version' ? 99 : 'injected' },
            headers,
          )
        let res = await send()
        // Opening cases is rate limited per caller (S-6): the body is validated the same for anyone of the role.
        if (res.statusCode === 429) {
          const role = servedBy(op).replace(/^owner-/, '') as 'buyer' | 'seller'
          res = await send({ authorization: await h.t.bearer(role, `${role}-s3-${attempts}`) })
        }
        const code = problemCode(res)
        codes.set(code ?? 'none', (codes.get(code ?? 'none') ?? 0) + 1)
        if (res.statusCode !== 400 || !code)
          failures.push(`${operationName(op)} with ${field}: ${res.statusCode} ${code}`)
      }
    }
    report('S-3', {
      writeRoutes: writes.length,
      attempts,
      codes: Object.fromEntries(codes),
      failures,
    })
    expect(writes.length).toBeGreaterThan(35)
    expect(failures).toEqual([])
    expect(await versions()).toEqual(before)
  })
})

describe('S-5 oversized and hostile input', () => {
  const timed = async (name: string, run: () => Promise<{ statusCode: number }>) => {
    const started = performance.now()
    const res = await run()
    return { name, status: res.statusCode, ms: Math.round(performance.now() - started) }
  }

  it('answers 400 or 413 quickly to oversized bodies, long strings, huge arrays, deep JSON and huge limits', async () => {
    const caseUrl = `/v1/orders/${h.fixtures.orderId}/cases`
    // A buyer of its own: opening cases is rate limited per caller (S-6), and S-3 used buyer-1's allowance.
    const fresh = { authorization: await h.t.bearer('buyer', 'buyer-s5') }
    const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`
    const raw = (url: string, caller: Caller, payload: string) =>
      h.request('POST', url, caller, payload, {
        'content-type': 'application/json',
        ...(caller === 'owner-buyer' ? fresh : {}),
      })
    const results = [
      await timed('1 MB body', () =>
        raw('/v1/orders', 'integration', JSON.stringify({ externalRef: 'x'.repeat(1024 * 1024) })),
      ),
      await timed('body just over the limit', () =>
        raw(
          '/v1/orders',
          'integration',
          JSON.stringify({ externalRef: 'x'.repeat(BODY_LIMIT_BYTES) }),
        ),
      ),
      await timed('200 KB string', () =>
        h.request(
          'POST',
          caseUrl,
          'owner-buyer',
          { reason: 'damaged', desiredOutcome: 'full_refund', description: 'x'.repeat(200_000) },
          fresh,
        ),
      ),
      await timed('50,000-item array', () =>
        h.request(
          'POST',
          caseUrl,
          'owner-buyer',
          {
            reason: 'damaged',
            desiredOutcome: 'full_refund',
            description: 'broken',
            lines: Array.from({ length: 50_000 }, () => 0),
          },
          fresh,
        ),
      ),
      await timed('100,000-deep JSON array', () =>
        raw(caseUrl, 'owner-buyer', `{"reason":"damaged","lines":${deep(100_000)}}`),
      ),
      await timed('100,000-deep JSON object', () =>
        raw(caseUrl, 'owner-buyer', `${'{"a":'.repeat(40_000)}1${'}'.repeat(40_000)}`),
      ),
      await timed('limit=1000000', () =>
        h.request('GET', '/v1/orders?limit=1000000', 'owner-buyer'),
      ),
      await timed('limit=1e400', () => h.request('GET', '/v1/cases?limit=1e400', 'agent')),
      await timed('8 KB cursor', () =>
        h.request('GET', `/v1/cases?cursor=${'a'.repeat(8192)}`, 'agent'),
      ),
      await timed('2,000-character path id', () =>
        h.request('GET', `/v1/orders/${'a'.repeat(2000)}`, 'owner-buyer'),
      ),
    ]
    report('S-5-input', { results })
    for (const r of results) {
      expect([400, 404, 413], `${r.name}: ${r.status}`).toContain(r.status)
      expect(r.ms, `${r.name} took ${r.ms} ms`).toBeLessThan(5_000)
    }
    expect(results.filter((r) => r.name.includes('body')).map((r) => r.status)).toEqual([413, 413])
    expect(results.find((r) => r.name === '2,000-character path id')?.status).toBe(404)
  })
})

/** A request that breaks the operation's contract in one way, or none. */
const mutate = (op: Operation, body: unknown): fc.Arbitrary<{ body: unknown; how: string }> => {
  const options: fc.Arbitrary<{ body: unknown; how: string }>[] = [
    fc.constant({ body, how: 'valid' }),
    fc.jsonValue({ maxDepth: 3 }).map((v) => ({ body: v, how: 'any json' })),
    fc.string({ maxLength: 40 }).map((s) => ({ body: `{${s}`, how: 'broken json' })),
  ]
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const keys = Object.keys(body)
    options.push(
      fc
        .record({
          key: fc.string({ minLength: 1, maxLength: 12 }),
          value: fc.jsonValue({ maxDepth: 2 }),
        })
        .map(({ key, value }) => ({ body: { ...body, [key]: value }, how: 'extra field' })),
    )
    if (keys.length > 0) {
      options.push(
        fc
          .record({ key: fc.constantFrom(...keys), value: fc.anything({ maxDepth: 2 }) })
          .map(({ key, value }) => ({
            body: { ...body, [key]: value },
            how: `wrong ${key}`,
          })),
        fc.constantFrom(...keys).map((key) => {
          const copy: Record<string, unknown> = { ...(body as Record<string, unknown>) }
          delete copy[key]
          return { body: copy, how: `without ${key}` }
        }),
      )
    }
  }
  return fc.oneof(...options)
}

const CALLERS: readonly Caller[] = [
  'owner-buyer',
  'owner-seller',
  'other-buyer',
  'other-seller',
  'agent',
  'admin',
  'integration',
  'anonymous',
]

describe('S-8 fuzzing from the OpenAPI document', () => {
  it('answers at least 10,000 generated requests with no 5xx, only documented statuses, and bodies that match their schemas', async () => {
    const validator = new ResponseValidator(h.doc)
    const failures = new Map<string, string>()
    const byStatus = new Map<number, number>()
    let requests = 0
    const ops = h.operations.filter((op) => !op.multipart)
    const perOperation = Math.ceil(10_000 / ops.length) + 2
    const started = performance.now()
    for (const [index, op] of ops.entries()) {
      const owner = ownerParams(op, h.fixtures)
      const fixture = owner.ok ? owner.params : {}
      const pathArb = fc.record(
        Object.fromEntries(
          op.pathParams.map((name) => [
            name,
            fc.oneof(
              { weight: 4, arbitrary: fc.constant(fixture[name] ?? 'x') },
              fc.uuid(),
              fc.string({ maxLength: 30 }),
            ),
          ]),
        ),
      )
      const queryArb = fc.record(
        Object.fromEntries(
          op.query.map((q) => [
            q.name,
            fc.oneof(
              { weight: 3, arbitrary: arbitraryOf(h.doc, q.schema) },
              fc.string({ maxLength: 20 }),
              fc.integer(),
            ),
          ]),
        ),
        { requiredKeys: [] },
      )
      const bodyArb = op.body
        ? arbitraryOf(h.doc, op.body).chain((b) => mutate(op, b))
        : fc.constant({ body: undefined, how: 'none' })
      const requestArb = fc.record({
        caller: fc.oneof(
          { weight: 3, arbitrary: fc.constant(servedBy(op)) },
          fc.constantFrom(...CALLERS),
        ),
        path: pathArb,
        query: queryArb,
        body: bodyArb,
        key: fc.option(fc.stringMatching(/^[\x21-\x7e]{1,40}$/), { nil: undefined }),
        ifMatch: fc.option(fc.constantFrom('"1"', 'W/"2"', 'nonsense', '"999"'), {
          nil: undefined,
        }),
      })
      for (const r of fc.sample(requestArb, { numRuns: perOperation, seed: 8000 + index })) {
        const search = new URLSearchParams(
          Object.entries(r.query).map(([k, v]): [string, string] => [
            k,
            typeof v === 'string' ? v : JSON.stringify(v),
          ]),
        ).toString()
        const url = `${fillPath(op.path, r.path)}${search ? `?${search}` : ''}`
        const headers: Record<string, string> = {}
        if (r.key) headers['idempotency-key'] = r.key
        if (r.ifMatch) headers['if-match'] = r.ifMatch
        if (typeof r.body.body === 'string') headers['content-type'] = 'application/json'
        const payload =
          r.body.body === undefined || typeof r.body.body === 'string'
            ? r.body.body
            : JSON.stringify(r.body.body)
        if (payload !== undefined && !headers['content-type'])
          headers['content-type'] = 'application/json'
        const res = await h.request(op.method, url, r.caller, payload, headers)
        requests++
        byStatus.set(res.statusCode, (byStatus.get(res.statusCode) ?? 0) + 1)
        const where = `${operationName(op)} ${res.statusCode}`
        const status = String(res.statusCode)
        if (res.statusCode >= 500)
          failures.set(where, `5xx (${r.body.how}): ${res.body.slice(0, 200)}`)
        else if (!op.statuses.includes(status) && !op.statuses.includes('default'))
          failures.set(where, `undocumented status (${r.body.how}): ${res.body.slice(0, 200)}`)
        else if (String(res.headers['content-type']).includes('json')) {
          const errors = validator.errors(op, status, res.json())
          if (errors && errors.length > 0)
            failures.set(where, `body outside its schema: ${errors.slice(0, 3).join('; ')}`)
        }
      }
    }
    const seconds = Math.round((performance.now() - started) / 100) / 10
    report('S-8', {
      operations: ops.length,
      requests,
      seconds,
      byStatus: Object.fromEntries([...byStatus].sort(([a], [b]) => a - b)),
      failures: [...failures].map(([k, v]) => `${k}: ${v}`),
    })
    expect(requests).toBeGreaterThanOrEqual(10_000)
    expect([...failures].map(([k, v]) => `${k}: ${v}`)).toEqual([])
  })
})
