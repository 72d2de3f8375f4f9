import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  FIXTURE_NOW,
  FIXTURE_SELLER,
  playFixture,
  type FixtureRun,
} from '../../src/simulation/fixtures.ts'
import { MemoryInsights } from '../../src/insights/memory.ts'
import type { Scorecard } from '../../src/insights/scorecard.ts'
import { sellerScorecard } from '../../src/insights/scorecard.ts'
import { AppEngine } from '../../src/simulation/app-engine.ts'
import type { OrderScript } from '../../src/simulation/behaviour.ts'
import { generateScripts } from '../../src/simulation/behaviour.ts'
import type { RunIds } from '../../src/simulation/driver.ts'
import { runScripts } from '../../src/simulation/driver.ts'
import type { SimEngine } from '../../src/simulation/engine.ts'
import { PureEngine } from '../../src/simulation/engine.ts'
import type { OrderLineFacts } from '../../src/insights/projection.ts'
import { Effects, MARKETPLACE } from '../../src/insights/projection.ts'
import { disputeProneCategories } from '../../src/insights/risk.ts'
import { applyEffects, insightTables, rebuildInsights } from '../../src/insights/store.ts'
import { presets } from '../../src/policy/presets.ts'
import type { PresetName } from '../../src/policy/types.ts'
import { queryRows } from '../../src/store/database.ts'
import { readStream } from '../../src/store/event-store.ts'
import { openTestApp, type TestApp } from '../support/app.ts'
import { onPostgres } from '../support/db.ts'

// Insights on a real database (PGlite, or PostgreSQL with DATABASE_URL): the
// fixture and generated histories played through the application, the SQL
// read models against the in-memory ones, the incremental projection against
// a rebuild from the event store, and the simulator against the real app.

let t: TestApp

const clock = () => {
  if (!t.clock) throw new Error('the insights tests need a fixed clock')
  return t.clock
}

beforeAll(async () => {
  t = await openTestApp({ clock: FIXTURE_NOW })
})
afterAll(async () => t.close())
beforeEach(async () => {
  await t.db.truncate()
  await t.db.database.db.execute(sql.raw(`truncate ${insightTables.join(', ')}`))
})

const memoryFixture = async (preset: PresetName): Promise<{ card: Scorecard; run: FixtureRun }> => {
  const memory = new MemoryInsights()
  const engine = new PureEngine(presets[preset], (a) =>
    memory.project(a.streamType, a.streamId, a.events),
  )
  const run = await playFixture(engine)
  return {
    card: memory.scorecard(FIXTURE_SELLER, FIXTURE_NOW, presets[preset], { links: true }),
    run,
  }
}

/** The card with ids replaced by the fixture's names for them, so two runs compare. */
const named = (card: Scorecard, run: FixtureRun) => {
  const names = new Map([...run.ids.entries()].map(([name, id]) => [id, name]))
  const name = (id: string | null) => (id === null ? null : (names.get(id) ?? id))
  return card.metrics.map((m) => ({
    id: m.id,
    numbers: [m.numerator, m.denominator, m.status],
    links: m.links.map((l) => `${name(l.caseId) ?? name(l.orderId)}:${l.reason}`).sort(),
    excluded: m.excluded.byReason,
    excludedItems: m.excluded.items
      .map((l) => `${name(l.caseId) ?? name(l.orderId)}:${l.reason}`)
      .sort(),
  }))
}

/** Every insights table, rows sorted, fact ids left out (they are random). */
const snapshot = async (): Promise<Record<string, unknown[]>> => {
  const out: Record<string, unknown[]> = {}
  for (const table of insightTables) {
    const rows = await queryRows<Record<string, unknown>>(
      t.db.database.db,
      sql.raw(`select * from ${table}`),
    )
    out[table] = rows
      .map((r) => {
        const { id: _id, ...rest } = r
        return JSON.stringify(table === 'insight_facts' ? rest : r)
      })
      .sort()
  }
  return out
}

describe('the scorecard from the database', { timeout: 120_000 }, () => {
  for (const preset of ['poshmark', 'ebay', 'mercadolibre', 'walmart'] as const) {
    it(`gives the hand-computed figures for the fixture played through the app under ${preset}`, async () => {
      await t.usePolicy(presets[preset])
      const run = await playFixture(new AppEngine(t.recourse, clock()))
      await rebuildInsights(t.db.database.db)
      const card = await sellerScorecard(
        t.db.database.db,
        FIXTURE_SELLER,
        FIXTURE_NOW,
        presets[preset],
        {
          links: 100,
        },
      )
      const memory = await memoryFixture(preset)
      expect(run.refusals).toEqual(memory.run.refusals)
      expect(named(card, run)).toEqual(named(memory.card, memory.run))
    })
  }

  it('is kept in each command’s transaction exactly as a rebuild from the event store makes it', async () => {
    await t.usePolicy(presets.mercadolibre)
    await playFixture(new AppEngine(t.recourse, clock()))
    const live = await snapshot()
    // Wired as a reactor (src/app/recourse.ts): without it nothing is projected as commands run.
    expect(live.insight_orders?.length).toBe(47)
    await rebuildInsights(t.db.database.db)
    expect(await snapshot()).toEqual(live)
  })
})

/** Scripts with something in each: cancellations, every seller answer to a claim, escalations. */
const varied = (): OrderScript[] => {
  const all = generateScripts('consistency', 1500)
  const picked: OrderScript[] = []
  const take = (test: (s: OrderScript) => boolean, n: number) => {
    for (const s of all.filter((x) => !picked.includes(x) && test(x)).slice(0, n)) picked.push(s)
  }
  // Returns run through the returns aggregate in the app but by their deadline in the simulator: left out.
  const noReturn = (s: OrderScript) =>
    s.claim !== null &&
    s.claim.seller.response !== 'accept_return' &&
    s.claim.agent.outcome !== 'return_required'
  take((s) => s.claim === null && s.buyerCancel === null && s.sellerCancel === null, 3)
  take((s) => s.buyerCancel !== null, 3)
  take((s) => s.sellerCancel !== null, 2)
  take((s) => noReturn(s) && s.claim?.seller.respondAfterHours === null, 2)
  take((s) => noReturn(s) && s.claim?.seller.response === 'dispute', 3)
  take((s) => noReturn(s) && s.claim?.seller.response === 'offer_partial', 3)
  take((s) => noReturn(s) && s.claim?.seller.response === 'accept_refund', 2)
  return picked.map((s, index) => ({ ...s, index }))
}

interface Summary {
  readonly ref: string
  readonly order: unknown
  readonly cancellation: unknown
  readonly case: unknown
}

const summarize = async (engine: SimEngine, ids: readonly RunIds[]): Promise<Summary[]> =>
  Promise.all(
    ids.map(async (r) => {
      const o = r.orderId === null ? null : await engine.order(r.orderId)
      const c = r.cancellationId === null ? null : await engine.cancellation(r.cancellationId)
      const k = r.caseId === null ? null : await engine.case(r.caseId)
      return {
        ref: r.externalRef,
        order: o && [o.status, o.acceptedBy, o.shippedLate, o.deliveredAt, o.cancelledAt],
        cancellation: c && [
          c.status,
          c.status === 'approved' ? [c.approvedBy, c.countsAgainstSeller] : null,
        ],
        case: k && [
          k.status,
          k.closeReason,
          k.reputationReason,
          k.countsAgainstSeller,
          k.escalationReason,
          k.decision?.outcome ?? null,
          k.refunds.reduce((s, x) => s + x.amount, 0),
          k.closedAt,
        ],
      }
    }),
  )

describe('the simulator', { timeout: 300_000 }, () => {
  it('gives the outcome the real app gives for the same scripted history', async () => {
    const policy = presets.ebay
    const scripts = varied()
    expect(scripts.length).toBeGreaterThanOrEqual(15)

    const pureEvents = new Map<string, string[]>()
    const pure = new PureEngine(policy, (a) =>
      pureEvents.set(a.streamId, [
        ...(pureEvents.get(a.streamId) ?? []),
        ...a.events.map((e) => e.type),
      ]),
    )
    const pureIds = await runScripts(pure, scripts)

    await t.usePolicy(policy)
    const app = new AppEngine(t.recourse, clock())
    const appIds = await runScripts(app, scripts)

    expect(await summarize(app, appIds)).toEqual(await summarize(pure, pureIds))
    const types = async (ids: readonly RunIds[], read: (id: string) => Promise<string[]>) =>
      Promise.all(
        ids.map(async (r) => [
          await read(r.orderId ?? ''),
          r.cancellationId === null ? [] : await read(r.cancellationId),
          r.caseId === null ? [] : await read(r.caseId),
        ]),
      )
    const fromApp = await types(appIds, async (id) =>
      (await readStream(t.db.database.db, id)).map((e) => e.type),
    )
    const fromPure = await types(pureIds, async (id) => pureEvents.get(id) ?? [])
    expect(fromApp).toEqual(fromPure)
    // Something happened: cases opened and escalated, cancellations approved.
    const flat = fromPure.flat(2)
    for (const type of [
      'CaseOpened',
      'CaseEscalated',
      'CaseClosed',
      'CancellationApproved',
      'OrderAccepted',
    ])
      expect(flat).toContain(type)
  })
})

describe('on the seeded demo marketplace', { timeout: 300_000 }, () => {
  it('shows scorecards with the facts behind them and names late shippers before ship-by passes', async () => {
    const { seedMarketplace } = await import('../../src/demo/seed.ts')
    const now = FIXTURE_NOW
    clock().set(now)
    await t.usePolicy(presets.walmart)
    const result = await seedMarketplace(t.recourse, {
      orders: 300,
      seed: 'insights',
      progress: false,
    })
    expect(result.refused).toBe(0)
    await rebuildInsights(t.db.database.db)
    const db = t.db.database.db
    const { lateShippers } = await import('../../src/insights/risk.ts')
    const late = await lateShippers(db, now, '2025-12-01', {
      withinHours: 72,
      overdueDays: 7,
      limit: 20,
    })
    const dueSoon = late.filter((s) => s.dueSoon > 0)
    expect(dueSoon.length).toBeGreaterThan(0)
    for (const s of dueSoon) {
      expect(s.orders.some((o) => o.hoursLeft > 0)).toBe(true)
      expect(s.reasons.map((r) => r.code)).toContain('due_soon')
    }
    const sellers = await queryRows<{ seller_id: string }>(
      db,
      sql`select seller_id from insight_seller_days group by seller_id order by sum(orders) desc limit 1`,
    )
    const busiest = sellers[0]?.seller_id ?? ''
    const card = await sellerScorecard(db, busiest, now, presets.walmart)
    expect(card.totals.orders).toBeGreaterThan(0)
    const withFacts = card.metrics.filter((m) => m.linksTotal > 0)
    for (const m of withFacts) expect(m.links.length).toBe(Math.min(10, m.linksTotal))
    expect(card.metrics.map((m) => m.id)).toEqual([
      'cancellation_rate',
      'late_shipment_rate',
      'valid_tracking_rate',
      'on_time_delivery_rate',
      'case_rate',
      'lost_after_escalation_rate',
      'on_time_response_rate',
    ])
  })
})

describe('marketplace-wide counters', { timeout: 120_000 }, () => {
  it('are spread over stripes by the commands, and read back as their sum', async () => {
    await t.usePolicy(presets.mercadolibre)
    await playFixture(new AppEngine(t.recourse, clock()))
    const db = t.db.database.db
    const [spread] = await queryRows<{ stripes: number; months: number }>(
      db,
      sql`select count(distinct stripe)::int as stripes, count(distinct month)::int as months
          from insight_seller_months where seller_id = ${MARKETPLACE}`,
    )
    // 47 orders on 16 stripes: several stripes are in use, or nothing is spread.
    expect(spread?.stripes).toBeGreaterThan(spread?.months ?? 0)
    const perCategory = await queryRows<{ category: string; orders: number }>(
      db,
      sql`select category, count(*)::int as orders from insight_orders group by category`,
    )
    const read = await disputeProneCategories(db, { minOrders: 0, limit: 100 })
    expect(read.length).toBeGreaterThan(0)
    for (const c of read) {
      expect(c.orders).toBe(perCategory.find((p) => p.category === c.category)?.orders)
    }
  })

  // The reason for the stripes: every import bumps its category, every
  // shipment the marketplace's month. On one row, each command would hold that
  // row's lock until commit and the next would queue behind it.
  it.runIf(onPostgres)(
    'let two open transactions bump the same category on different stripes',
    async () => {
      // Two orders of different sellers and listings in one category.
      const bump = (stripe: number, order: string): Effects => {
        const line: OrderLineFacts = {
          lineId: 'l1',
          listingId: `lst-stripes-${order}`,
          category: 'apparel/jackets',
          title: 'Trucker jacket',
          attributes: [['size', 'M']],
        }
        const fx = new Effects(stripe)
        fx.listing(line, `seller-stripes-${order}`, { orders: 1 })
        fx.attribute(line.category, 'size', 'M', 1, 0)
        fx.shipment(`seller-stripes-${order}`, '2026-11-02T10:00:00.000Z', 1, 0)
        return fx
      }
      const db = t.db.database.db
      // First bump each row once so the test measures updates, as in production.
      await applyEffects(db, bump(1, 'a'))
      await applyEffects(db, bump(2, 'b'))
      /** Holds order a's rows (stripe 1) in an open transaction while `second` runs. */
      const whileHeld = async (second: Effects): Promise<unknown> => {
        let release = (): void => {}
        const held = new Promise<void>((r) => (release = r))
        let locked = (): void => {}
        const lockedNow = new Promise<void>((r) => (locked = r))
        const first = db.transaction(async (tx) => {
          await applyEffects(tx, bump(1, 'a'))
          locked()
          await held
        })
        await lockedNow
        const outcome = await db
          .transaction(async (tx) => {
            await tx.execute(sql`set local lock_timeout = '300ms'`)
            await applyEffects(tx, second)
            return 'done'
          })
          .catch((error: unknown) => (error as { cause?: { code?: string } }).cause?.code ?? error)
        release()
        await first
        return outcome
      }
      expect(await whileHeld(bump(2, 'b'))).toBe('done')
      // Another order on the same stripe does wait: 55P03 is lock_not_available.
      expect(await whileHeld(bump(1, 'b'))).toBe('55P03')
      const [categories] = await queryRows<{ orders: number }>(
        db,
        sql`select sum(orders)::int as orders from insight_categories where category = 'apparel/jackets'`,
      )
      expect(categories?.orders).toBe(5)
    },
  )
})
