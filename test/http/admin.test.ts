import { createHash } from 'node:crypto'
import { sql } from 'drizzle-orm'
import type { TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURE_NOW, playFixture } from '../../src/simulation/fixtures.ts'
import { AppEngine } from '../../src/simulation/app-engine.ts'
import {
  ApiKeyList,
  ApiKeyView,
  ApiKeyWithSecret,
  PeoplePage,
} from '../../src/http/schemas/admin.ts'
import {
  CurrentPolicy,
  KnobCatalog,
  PolicyVersionPage,
  PresetList,
} from '../../src/http/schemas/policy.ts'
import { TrendsView } from '../../src/http/schemas/trends.ts'
import { presets } from '../../src/policy/presets.ts'
import type { Policy } from '../../src/policy/types.ts'
import { queryRows } from '../../src/store/database.ts'
import { openTestApp, type TestApp } from '../support/app.ts'
import { expectProblem } from '../support/http.ts'
import { orderBody } from '../support/orders.ts'

// The admin API: policy versions with If-Match, presets and the knob
// catalogue, API keys, the people directory, and the analytics trends. The
// trends read models are filled by the insights fixture played through the
// real commands.

let t: TestApp
const as: Record<string, string> = {}

const call = (
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  who: string,
  payload?: object,
  headers: Record<string, string> = {},
) =>
  t.server.inject({
    method,
    url,
    headers: { authorization: as[who] ?? who, ...headers },
    ...(payload ? { payload } : {}),
  })

const matches = (schema: TSchema, body: unknown): void => {
  const errors = [...Compile(schema).Errors(body)].map((e) => `${e.instancePath} ${e.message}`)
  expect(errors).toEqual([])
}

const withWindow = (policy: Policy, amount: number): Policy => ({
  ...policy,
  cases: { ...policy.cases, openWindowAfterDelivery: { amount, unit: 'calendar_days' } },
})

beforeAll(async () => {
  t = await openTestApp({ clock: FIXTURE_NOW })
  as.admin = await t.bearer('admin', 'admin-1')
  as.agent = await t.bearer('agent', 'agent-1')
  as.seller = await t.bearer('seller', 'seller-1')
  as.integration = await t.integration()
  await playFixture(new AppEngine(t.recourse, t.clock ?? undefined))
  t.clock?.set(FIXTURE_NOW)
  await t.usePolicy(presets.poshmark)
})

afterAll(async () => {
  await t.close()
})

describe('the policy in force', () => {
  it('is read with its version id as the ETag', async () => {
    const res = await call('GET', '/v1/policy', 'admin')
    expect(res.statusCode).toBe(200)
    matches(CurrentPolicy, res.json())
    const body = res.json<{ id: string; current: boolean; preset: string }>()
    expect(res.headers.etag).toBe(`"${body.id}"`)
    expect(body).toMatchObject({ current: true, preset: 'poshmark' })
  })

  it('is refused to anyone but an admin', async () => {
    for (const who of ['agent', 'seller', 'integration']) {
      expectProblem(await call('GET', '/v1/policy', who), 403, 'FORBIDDEN')
      expectProblem(
        await call('PUT', '/v1/policy', who, { policy: presets.ebay }, { 'if-match': '"x"' }),
        403,
        'FORBIDDEN',
      )
    }
  })

  it('lists the presets with every value, and the knobs with their JSDoc', async () => {
    const presetsRes = await call('GET', '/v1/policy/presets', 'admin')
    matches(PresetList, presetsRes.json())
    const names = presetsRes.json<{ items: { name: string }[] }>().items.map((p) => p.name)
    expect(names).toEqual(['default', 'poshmark', 'ebay', 'mercadolibre', 'walmart'])

    const knobs = await call('GET', '/v1/policy/knobs', 'admin')
    matches(KnobCatalog, knobs.json())
    const window = knobs
      .json<{ knobs: { path: string; kind: string; help: string; default: string | null }[] }>()
      .knobs.find((k) => k.path === 'cases.openWindowAfterDelivery')
    expect(window).toMatchObject({ kind: 'duration', default: '30 calendar days' })
    expect(window?.help).toContain('Poshmark: 3 days')
  })
})

describe('publishing a version', () => {
  it('publishes over the version named by If-Match; open orders keep the one they froze', async () => {
    const before = await call('GET', '/v1/policy', 'admin')
    const etag = before.headers.etag as string
    const frozen = await call('POST', '/v1/orders', 'integration', orderBody())
    expect(frozen.statusCode).toBe(201)
    const frozenVersion = frozen.json<{ policyVersionId: string }>().policyVersionId
    expect(`"${frozenVersion}"`).toBe(etag)

    const res = await call(
      'PUT',
      '/v1/policy',
      'admin',
      { policy: withWindow(presets.poshmark, 5), note: 'Poshmark window 3 → 5 days' },
      { 'if-match': etag },
    )
    expect(res.statusCode).toBe(200)
    matches(CurrentPolicy, res.json())
    const published = res.json<{ id: string; createdBy: string; note: string; policy: Policy }>()
    expect(res.headers.etag).toBe(`"${published.id}"`)
    expect(published).toMatchObject({
      createdBy: 'admin:admin-1',
      note: 'Poshmark window 3 → 5 days',
    })
    expect(published.policy.cases.openWindowAfterDelivery).toEqual({
      amount: 5,
      unit: 'calendar_days',
    })

    const order = await call('GET', `/v1/orders/${frozen.json<{ id: string }>().id}`, 'admin')
    expect(order.json<{ policyVersionId: string }>().policyVersionId).toBe(frozenVersion)
    const fresh = await call('POST', '/v1/orders', 'integration', orderBody())
    expect(fresh.json<{ policyVersionId: string }>().policyVersionId).toBe(published.id)

    const history = await call('GET', '/v1/policy/versions?limit=2', 'admin')
    matches(PolicyVersionPage, history.json())
    const items = history.json<{ items: { id: string; current: boolean }[] }>().items
    expect(items.map((v) => [v.id, v.current])).toEqual([
      [published.id, true],
      [frozenVersion, false],
    ])
    const old = await call('GET', `/v1/policy/versions/${frozenVersion}`, 'admin')
    expect(old.json<{ policy: Policy }>().policy.cases.openWindowAfterDelivery).toEqual({
      amount: 3,
      unit: 'calendar_days',
    })
  })

  it('refuses a stale If-Match with 412, so a change made meanwhile is not lost', async () => {
    const { etag } = (await call('GET', '/v1/policy', 'admin')).headers
    const first = await call(
      'PUT',
      '/v1/policy',
      'admin',
      { policy: withWindow(presets.poshmark, 6) },
      { 'if-match': etag as string },
    )
    expect(first.statusCode).toBe(200)
    const second = await call(
      'PUT',
      '/v1/policy',
      'admin',
      { policy: withWindow(presets.poshmark, 7) },
      { 'if-match': etag as string },
    )
    expectProblem(second, 412, 'VERSION_MISMATCH')
    expect(second.json()).toMatchObject({ currentVersion: first.json<{ id: string }>().id })
  })

  it('lets only one of two concurrent publishes over the same version win', async () => {
    const { etag } = (await call('GET', '/v1/policy', 'admin')).headers
    const results = await Promise.all(
      [8, 9].map((days) =>
        call(
          'PUT',
          '/v1/policy',
          'admin',
          { policy: withWindow(presets.poshmark, days) },
          { 'if-match': etag as string },
        ),
      ),
    )
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 412])
  })

  it('asks for If-Match when it is missing', async () => {
    expectProblem(
      await call('PUT', '/v1/policy', 'admin', { policy: presets.poshmark }),
      428,
      'IF_MATCH_REQUIRED',
    )
    expectProblem(
      await call('PUT', '/v1/policy', 'admin', { policy: presets.poshmark }, { 'if-match': '3' }),
      400,
      'INVALID_IF_MATCH',
    )
  })

  it('refuses an invalid policy with 400, naming the knob', async () => {
    const { etag } = (await call('GET', '/v1/policy', 'admin')).headers
    const put = (policy: unknown) =>
      call('PUT', '/v1/policy', 'admin', { policy }, { 'if-match': etag as string })

    const negative = await put({
      ...presets.poshmark,
      cases: {
        ...presets.poshmark.cases,
        openWindowAfterDelivery: { amount: -1, unit: 'calendar_days' },
      },
    })
    expectProblem(negative, 400, 'INVALID_POLICY')
    expect(negative.json()).toMatchObject({ knob: 'cases.openWindowAfterDelivery' })

    const rate = await put({
      ...presets.poshmark,
      reputation: { ...presets.poshmark.reputation, maxCaseRate: 2 },
    })
    expect(rate.json()).toMatchObject({ code: 'INVALID_POLICY', knob: 'reputation.maxCaseRate' })

    const unknown = await put({
      ...presets.poshmark,
      cases: { ...presets.poshmark.cases, caseWindow: 3 },
    })
    expect(unknown.json()).toMatchObject({ code: 'INVALID_POLICY', knob: 'cases.caseWindow' })

    const zone = await put({
      ...presets.poshmark,
      calendar: { ...presets.poshmark.calendar, timeZone: 'Mars/Olympus_Mons' },
    })
    expect(zone.json()).toMatchObject({ code: 'INVALID_POLICY', knob: 'calendar.timeZone' })

    const unchanged = await call('GET', '/v1/policy', 'admin')
    expect(unchanged.headers.etag).toBe(etag)
  })

  it('answers 404 for a version that does not exist', async () => {
    expectProblem(
      await call('GET', '/v1/policy/versions/01920000-0000-7000-8000-000000000000', 'admin'),
      404,
      'NOT_FOUND',
    )
  })
})

describe('API keys', () => {
  it('shows a new secret once, stores only its hash, and lists keys without secrets', async () => {
    const created = await call('POST', '/v1/api-keys', 'admin', { name: 'checkout backend' })
    expect(created.statusCode).toBe(201)
    matches(ApiKeyWithSecret, created.json())
    const key = created.json<{ id: string; secret: string; prefix: string }>()
    expect(key.secret).toMatch(/^rk_/)
    expect(key.secret.startsWith(key.prefix)).toBe(true)

    const [row] = await queryRows<{ secret_hash: string }>(
      t.db.database.db,
      sql`select secret_hash from api_keys where id = ${key.id}`,
    )
    expect(row?.secret_hash).toBe(createHash('sha256').update(key.secret).digest('hex'))

    const list = await call('GET', '/v1/api-keys', 'admin')
    matches(ApiKeyList, list.json())
    expect(list.body).not.toContain(key.secret)
    expect(list.json<{ items: { id: string; name: string }[] }>().items).toContainEqual(
      expect.objectContaining({ id: key.id, name: 'checkout backend', revokedAt: null }),
    )

    const works = await call('GET', '/v1/event-types', `Bearer ${key.secret}`)
    expect(works.statusCode).toBe(200)
  })

  it('revokes a key: calls with it are refused, and revoking again keeps the first time', async () => {
    const key = (await call('POST', '/v1/api-keys', 'admin', { name: 'old importer' })).json<{
      id: string
      secret: string
    }>()
    const revoked = await call('POST', `/v1/api-keys/${key.id}/revoke`, 'admin')
    expect(revoked.statusCode).toBe(200)
    matches(ApiKeyView, revoked.json())
    const revokedAt = revoked.json<{ revokedAt: string | null }>().revokedAt
    expect(revokedAt).toBe(FIXTURE_NOW)

    expectProblem(
      await call('GET', '/v1/event-types', `Bearer ${key.secret}`),
      401,
      'INVALID_API_KEY',
    )
    t.clock?.set('2026-03-03T12:00:00.000Z' as typeof FIXTURE_NOW)
    const again = await call('POST', `/v1/api-keys/${key.id}/revoke`, 'admin')
    t.clock?.set(FIXTURE_NOW)
    expect(again.json<{ revokedAt: string }>().revokedAt).toBe(revokedAt)
  })

  it('is refused to anyone but an admin, and an unknown key is 404', async () => {
    for (const who of ['agent', 'seller', 'integration']) {
      expectProblem(await call('GET', '/v1/api-keys', who), 403, 'FORBIDDEN')
      expectProblem(await call('POST', '/v1/api-keys', who, { name: 'x' }), 403, 'FORBIDDEN')
    }
    expectProblem(
      await call('POST', '/v1/api-keys/01920000-0000-7000-8000-000000000000/revoke', 'admin'),
      404,
      'NOT_FOUND',
    )
    expectProblem(
      await call('POST', '/v1/api-keys', 'admin', { name: '' }),
      400,
      'VALIDATION_FAILED',
    )
  })
})

describe('the people directory', () => {
  beforeAll(async () => {
    for (const [id, role, name] of [
      ['seller-dir-1', 'seller', 'Ana Souza'],
      ['buyer-dir-1', 'buyer', 'Bo Li'],
      ['buyer-dir-2', 'buyer', 'Bea 100% Real'],
    ] as const) {
      const res = await call('PUT', `/v1/users/${id}`, 'admin', {
        role,
        name,
        email: `${id}@example.com`,
      })
      expect(res.statusCode).toBe(200)
    }
  })

  it('lists people by role and finds them by part of a name, id or email', async () => {
    const buyers = await call('GET', '/v1/users?role=buyer&q=dir', 'admin')
    matches(PeoplePage, buyers.json())
    expect(buyers.json<{ items: { id: string }[] }>().items.map((p) => p.id)).toEqual([
      'buyer-dir-1',
      'buyer-dir-2',
    ])
    const percent = await call('GET', `/v1/users?q=${encodeURIComponent('100%')}`, 'admin')
    expect(percent.json<{ items: { id: string }[] }>().items.map((p) => p.id)).toEqual([
      'buyer-dir-2',
    ])
    const paged = await call('GET', '/v1/users?q=dir&limit=2', 'admin')
    const first = paged.json<{ items: { id: string }[]; nextCursor: string }>()
    expect(first.items).toHaveLength(2)
    const rest = await call('GET', `/v1/users?q=dir&limit=2&cursor=${first.nextCursor}`, 'admin')
    expect(rest.json<{ items: { id: string }[] }>().items.map((p) => p.id)).toEqual([
      'seller-dir-1',
    ])
  })

  it('is refused to anyone but an admin', async () => {
    expectProblem(await call('GET', '/v1/users', 'agent'), 403, 'FORBIDDEN')
    expectProblem(await call('GET', '/v1/users', 'seller'), 403, 'FORBIDDEN')
  })
})

describe('analytics trends', () => {
  it('adds up to the read models: orders, cases by reason, closed cases by time taken', async () => {
    const res = await call('GET', '/v1/insights/trends?days=60&bucket=week', 'agent')
    expect(res.statusCode).toBe(200)
    matches(TrendsView, res.json())
    const trends = res.json<{
      window: { from: string; to: string }
      caseRate: { from: string; orders: number; casesOpened: number; caseRate: number | null }[]
      reasons: { reason: string; opened: number }[]
      resolution: {
        closed: number
        buckets: { settledByParties: number; decidedByAgent: number }[]
      }
    }>()
    const { from, to } = trends.window
    const end = new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString()
    const [counts] = await queryRows<{ orders: number; cases: number; closed: number }>(
      t.db.database.db,
      sql`select
        (select count(*)::int from insight_orders where purchased_at >= ${from}::date and purchased_at < ${end}) as orders,
        (select count(*)::int from insight_cases where opened_at >= ${from}::date and opened_at < ${end}) as cases,
        (select count(*)::int from insight_cases where closed_at >= ${from}::date and closed_at < ${end}) as closed`,
    )
    const sum = <T>(xs: readonly T[], f: (x: T) => number) => xs.reduce((n, x) => n + f(x), 0)
    expect(counts?.orders).toBeGreaterThan(0)
    expect(counts?.cases).toBeGreaterThan(0)
    expect(sum(trends.caseRate, (p) => p.orders)).toBe(counts?.orders)
    expect(sum(trends.caseRate, (p) => p.casesOpened)).toBe(counts?.cases)
    expect(sum(trends.reasons, (r) => r.opened)).toBe(counts?.cases)
    expect(trends.reasons.map((r) => r.reason)).toEqual(
      expect.arrayContaining(['not_as_described', 'damaged', 'doesnt_fit']),
    )
    expect(trends.resolution.closed).toBe(counts?.closed)
    expect(sum(trends.resolution.buckets, (b) => b.settledByParties + b.decidedByAgent)).toBe(
      counts?.closed,
    )
    // Weekly buckets start on Mondays, except the first, which starts with the window.
    for (const p of trends.caseRate.slice(1))
      expect(new Date(`${p.from}T00:00:00Z`).getUTCDay()).toBe(1)
    expect(trends.caseRate[0]?.from).toBe(from)
  })

  it('is for agents and admins', async () => {
    expectProblem(await call('GET', '/v1/insights/trends', 'seller'), 403, 'FORBIDDEN')
    expectProblem(
      await call('GET', '/v1/insights/trends?days=3', 'admin'),
      400,
      'VALIDATION_FAILED',
    )
  })
})
