import { createHash } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../src/app/clock.ts'
import { openRecourse } from '../../src/app/recourse.ts'
import type { SeedRunResult } from '../../src/cli/seed-run.ts'
import { ensureDemoMarketplace, seedMarketplace } from '../../src/cli/seed.ts'
import { loadConfig } from '../../src/config.ts'
import { queryRows } from '../../src/store/database.ts'
import { monday9am, TEST_JWT_SECRET } from '../support/app.ts'
import type { TestDatabase } from '../support/db.ts'
import { openTestDatabase } from '../support/db.ts'

const ORDERS = 200

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

describe('the generated marketplace', { timeout: 240_000 }, () => {
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

describe('the demo marketplace', { timeout: 120_000 }, () => {
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
      expect(count?.n).toBe(45)
    } finally {
      await db.destroy()
    }
  })
})
