import { createHash } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../src/app/clock.ts'
import { openRecourse } from '../../src/app/recourse.ts'
import type { SeedRunResult } from '../../src/demo/seed-run.ts'
import { ensureDemoMarketplace, seedMarketplace } from '../../src/demo/seed.ts'
import { swapStory } from '../../src/demo/seed-swaps.ts'
import { asId, type UserId } from '../../src/domain/shared/ids.ts'
import { loadConfig } from '../../src/config.ts'
import { queryRows } from '../../src/store/database.ts'
import { monday9am, TEST_JWT_SECRET } from '../support/app.ts'
import type { TestDatabase } from '../support/db.ts'
import { openTestDatabase } from '../support/db.ts'

const ORDERS = 200
const DEMO_TEST_ORDERS = 600

interface Summary {
  readonly result: SeedRunResult
  readonly orderStatuses: Record<string, number>
  readonly cancellationStatuses: Record<string, number>
  readonly acceptedBy: Record<string, number>
  /** sha256 over every order's (number, status, version) and its events' (version, type, time), sorted. */
  readonly digest: string
}

const countBy = (values: readonly string[]): Record<string, number> =>
  Object.fromEntries(
    [...new Set(values)].sort().map((v) => [v, values.filter((x) => x === v).length]),
  )

/** Seeds `seed` into `db` at the test clock's Monday and describes what came out, independent of random ids. */
const seedAndSummarize = async (db: TestDatabase, seed: string): Promise<Summary> => {
  const recourse = await openRecourse(loadConfig({ RECOURSE_JWT_SECRET: TEST_JWT_SECRET }), {
    database: db.database,
    clock: fixedClock(monday9am),
  })
  const result = await seedMarketplace(recourse, { orders: ORDERS, seed, progress: false })
  const prefix = `gen-${seed}-`
  const q = db.database.db
  const orders = await queryRows<{
    ref: string
    status: string
    version: number
    accepted_by: string | null
  }>(
    q,
    sql`select state->>'externalRef' as ref, status, version, state->>'acceptedBy' as accepted_by
        from aggregates where type = 'order' and state->>'externalRef' like ${`${prefix}%`}`,
  )
  const cancellations = await queryRows<{ status: string }>(
    q,
    sql`select c.status from aggregates c join aggregates o on o.id = c.order_id
        where c.type = 'cancellation' and o.state->>'externalRef' like ${`${prefix}%`}`,
  )
  const events = await queryRows<{ ref: string; version: number; type: string; at: string }>(
    q,
    sql`select o.state->>'externalRef' as ref, e.version, e.type,
               (extract(epoch from e.occurred_at) * 1000)::bigint::text as at
        from events e join aggregates o on o.id = e.stream_id
        where o.type = 'order' and o.state->>'externalRef' like ${`${prefix}%`}`,
  )
  const lines = [
    ...orders.map((o) => `${o.ref.slice(prefix.length)} ${o.status} ${o.version}`),
    ...events.map((e) => `${e.ref.slice(prefix.length)}#${e.version} ${e.type} ${e.at}`),
  ].sort()
  return {
    result,
    orderStatuses: countBy(orders.map((o) => o.status)),
    cancellationStatuses: countBy(cancellations.map((c) => c.status)),
    acceptedBy: countBy(orders.flatMap((o) => (o.accepted_by ? [o.accepted_by] : []))),
    digest: createHash('sha256').update(lines.join('\n')).digest('hex'),
  }
}

describe('the generated marketplace', { timeout: 600_000 }, () => {
  it('is the same for the same seed, differs for another, and has orders in every state', async () => {
    const first = await openTestDatabase()
    let alpha: Summary
    try {
      alpha = await seedAndSummarize(first, 'alpha')
    } finally {
      await first.destroy()
    }
    const second = await openTestDatabase()
    let again: Summary
    let beta: Summary
    try {
      again = await seedAndSummarize(second, 'alpha')
      beta = await seedAndSummarize(second, 'beta')
    } finally {
      await second.destroy()
    }

    expect(alpha.result).toMatchObject({ orders: ORDERS, refused: 0 })
    expect(again).toEqual(alpha)
    expect(beta.result).toMatchObject({ orders: ORDERS, refused: 0 })
    expect(beta.digest).not.toBe(alpha.digest)

    expect(Object.keys(alpha.orderStatuses).sort()).toEqual(
      ['accepted', 'awaiting_shipment', 'cancelled', 'delivered', 'shipped'].sort(),
    )
    expect(Object.keys(alpha.acceptedBy).sort()).toEqual(['auto', 'buyer'])
    expect(alpha.cancellationStatuses.approved).toBeGreaterThan(0)
    // Deadlines fired through the scheduler: auto-acceptance, ship-by reminders.
    expect(alpha.result.deadlinesFired).toBeGreaterThan(0)
  })
})

describe('the demo marketplace', { timeout: 300_000 }, () => {
  it('seeds once, with the walkthrough orders at the moments the README uses', async () => {
    const db = await openTestDatabase()
    try {
      const recourse = await openRecourse(loadConfig({ RECOURSE_JWT_SECRET: TEST_JWT_SECRET }), {
        database: db.database,
        clock: fixedClock(monday9am),
      })
      await ensureDemoMarketplace(recourse, { progress: false, orders: 40 })
      await ensureDemoMarketplace(recourse, { progress: false, orders: 40 })
      const story = await queryRows<{
        ref: string
        status: string
        buyer: string
        seller: string
        purchased: string
        delivered: string | null
      }>(
        db.database.db,
        sql`select state->>'externalRef' as ref, status, buyer_id as buyer, seller_id as seller,
                   state->>'purchasedAt' as purchased, state->>'deliveredAt' as delivered
            from aggregates where type = 'order' and state->>'externalRef' like 'demo-story-%' order by 1`,
      )
      expect(story.map((o) => [o.ref, o.status, o.buyer, o.seller])).toEqual([
        ['demo-story-1', 'awaiting_shipment', 'buyer-ana', 'seller-sam'],
        ['demo-story-2', 'awaiting_shipment', 'buyer-ben', 'seller-lucia'],
        ['demo-story-3', 'shipped', 'buyer-ana', 'seller-lucia'],
        ['demo-story-4', 'delivered', 'buyer-ben', 'seller-sam'],
        ['demo-story-5', 'delivered', 'buyer-ana', 'seller-sam'],
      ])
      const hoursAgo = (t: string | null | undefined): number =>
        (Date.parse(monday9am) - Date.parse(t ?? '')) / 3_600_000
      expect(hoursAgo(story[0]?.purchased)).toBeLessThan(1)
      expect(hoursAgo(story[1]?.purchased)).toBe(5)
      expect(hoursAgo(story[3]?.delivered)).toBe(24)
      expect(hoursAgo(story[4]?.delivered)).toBe(48)
      const [count] = await queryRows<{ n: number }>(
        db.database.db,
        sql`select count(*)::int as n from aggregates where type = 'order'`,
      )
      // 40 generated, the walkthrough's 5, the swap story's, and 4 whose buyers claim (seed-cases.ts).
      expect(count?.n).toBe(45 + swapStory.length + 4)

      // The swapped pair: two buyers' wrong-item cases with the agents, which an agent links.
      const swapped = await queryRows<{
        id: string
        status: string
        reason: string
        buyer: string
      }>(
        db.database.db,
        sql`select c.id, c.status, c.state->>'reason' as reason, c.buyer_id as buyer
            from aggregates c join aggregates o on o.id = c.order_id
            where c.type = 'case' and o.state->>'externalRef' like 'demo-swap-%' order by o.state->>'externalRef'`,
      )
      expect(swapped.map((c) => [c.status, c.reason, c.buyer])).toEqual([
        ['escalated', 'wrong_item', 'buyer-ana'],
        ['escalated', 'wrong_item', 'buyer-ben'],
      ])
      const [ana, ben] = swapped
      if (!ana || !ben) throw new Error('no swapped pair')
      const agent = { kind: 'agent', id: asId<UserId>('agent-1') } as const
      const linked = await recourse.runner.run(agent, (uow) =>
        recourse.swaps.link(uow, ana.id, {
          otherCaseId: ben.id,
          rationale: 'Each describes the other’s jacket; Sam swapped the labels.',
        }),
      )
      expect(linked.ok && linked.value.legs.map((l) => [l.fromBuyerId, l.toBuyerId])).toEqual([
        ['buyer-ana', 'buyer-ben'],
        ['buyer-ben', 'buyer-ana'],
      ])
    } finally {
      await db.destroy()
    }
  })
})

describe('the demo marketplace, through the insights', { timeout: 900_000 }, () => {
  it('has case history that fills the scorecard, the risk lists and the listing review', async () => {
    const db = await openTestDatabase()
    try {
      const recourse = await openRecourse(loadConfig({ RECOURSE_JWT_SECRET: TEST_JWT_SECRET }), {
        database: db.database,
        clock: fixedClock(monday9am),
      })
      await ensureDemoMarketplace(recourse, { progress: false, orders: DEMO_TEST_ORDERS })
      const q = db.database.db
      const now = monday9am

      // Cases in every stage, through the real commands: won, lost, settled, open, escalated.
      const cases = await queryRows<{
        status: string
        reason: string | null
        outcome: string | null
      }>(
        q,
        sql`select status, state->>'closeReason' as reason, state->'decision'->>'outcome' as outcome
            from aggregates where type = 'case'`,
      )
      expect(cases.length).toBeGreaterThanOrEqual(30)
      const open = cases.filter((c) => c.status !== 'closed')
      expect(open.length).toBeGreaterThan(0)
      const reasons = new Set(cases.map((c) => c.reason))
      for (const r of ['settled', 'decided']) expect(reasons).toContain(r)
      const outcomes = new Set(cases.map((c) => c.outcome))
      expect(outcomes).toContain('seller_favor')
      expect([...outcomes].some((o) => o === 'refund_full' || o === 'return_required')).toBe(true)
      const [escalated] = await queryRows<{ n: number }>(
        q,
        sql`select count(*)::int as n from events where type = 'CaseEscalated'`,
      )
      expect(escalated?.n).toBeGreaterThan(0)

      // Closed cases that count against sellers and ones excluded, with their reasons.
      const counted = await queryRows<{ counts: boolean; why: string }>(
        q,
        sql`select distinct counts_against_seller as counts, reputation_reason as why
            from insight_cases where closed_at is not null`,
      )
      expect(counted.some((c) => c.counts)).toBe(true)
      expect(counted.filter((c) => !c.counts).length).toBeGreaterThanOrEqual(2)

      // A seller's scorecard: each metric with the facts behind it, and the exclusions.
      const { sellerScorecard } = await import('../../src/insights/scorecard.ts')
      const { policy } = await recourse.policies.current(q)
      const [busiest] = await queryRows<{ seller_id: string }>(
        q,
        sql`select seller_id from insight_cases where closed_at is not null
            group by seller_id order by count(*) desc, seller_id limit 1`,
      )
      const card = await sellerScorecard(q, busiest?.seller_id ?? '', now, policy)
      const caseRate = card.metrics.find((m) => m.id === 'case_rate')
      expect(caseRate?.denominator).toBeGreaterThan(0)
      expect(caseRate?.linksTotal).toBeGreaterThan(0)
      for (const link of caseRate?.links ?? []) expect(link.caseId).not.toBeNull()
      expect(card.metrics.some((m) => m.excluded.total > 0)).toBe(true)

      // Sellers named before their ship-by dates pass.
      const { lateShippers, disputeProneListings } = await import('../../src/insights/risk.ts')
      const { addDays, windowOf } = await import('../../src/insights/vocabulary.ts')
      const late = await lateShippers(q, now, addDays(windowOf(now, 90).to, -89), {
        withinHours: 72,
        overdueDays: 7,
        limit: 20,
      })
      expect(late.some((s) => s.orders.some((o) => o.hoursLeft > 0))).toBe(true)
      expect((await disputeProneListings(q, { minOrders: 3, limit: 5 })).length).toBeGreaterThan(0)

      // The listing review says what is missing, with numbers from this marketplace.
      const { reviewListing } = await import('../../src/insights/listing-review.ts')
      const review = await reviewListing(
        q,
        {
          title: 'Wool coat',
          description: 'Warm coat, worn a few times.',
          photos: ['a.jpg', 'b.jpg'],
          category: 'apparel/jackets',
          condition: 'good',
        },
        policy,
      )
      const measurements = review.missing.find((m) => m.item === 'measurements')
      expect(measurements?.effect?.without.orders).toBeGreaterThan(0)
      expect(measurements?.effect?.text).toMatch(/\d/)

      // Return abuse lists somebody, with reason codes.
      const { defaultAbuseThresholds, returnAbuse } = await import('../../src/insights/buyers.ts')
      const abuse = await returnAbuse(q, windowOf(now, 90), defaultAbuseThresholds, 20)
      expect(abuse.length).toBeGreaterThan(0)
      expect(abuse[0]?.signals.length).toBeGreaterThan(0)
    } finally {
      await db.destroy()
    }
  })
})
