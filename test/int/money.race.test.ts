import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Outcome } from '../../src/app/command-runner.ts'
import { fixedClock } from '../../src/app/clock.ts'
import type { Recourse } from '../../src/app/recourse.ts'
import { openRecourse } from '../../src/app/recourse.ts'
import { loadConfig } from '../../src/config.ts'
import { issueUserToken } from '../../src/http/auth.ts'
import type { Server } from '../../src/http/server.ts'
import { buildServer } from '../../src/http/server.ts'
import { systemActor } from '../../src/domain/shared/actor.ts'
import { minor } from '../../src/domain/shared/money.ts'
import { defaultPolicy } from '../../src/policy/presets.ts'
import type { Policy } from '../../src/policy/types.ts'
import type { Database } from '../../src/store/database.ts'
import { openDatabase, queryRows } from '../../src/store/database.ts'
import type { UnitOfWork } from '../../src/store/event-store.ts'
import { monday9am, openTestApp, TEST_JWT_SECRET, type TestApp } from '../support/app.ts'
import { onPostgres } from '../support/db.ts'
import { orderBody } from '../support/orders.ts'

// Races that need several database sessions: PostgreSQL only (PGlite is one
// session and runs transactions one after the other). Two Recourse
// processes' worth of services — two pools on one schema — hit one order at once.

describe.runIf(onPostgres)('concurrent money on PostgreSQL', () => {
  let t: TestApp
  let second: { database: Database; recourse: Recourse; server: Server }
  let agent: string
  let integration: string

  beforeAll(async () => {
    t = await openTestApp({ poolSize: 12 })
    const [row] = await queryRows<{ schema: string }>(
      t.db.database.db,
      sql`select current_schema() as schema`,
    )
    const database = await openDatabase({
      databaseUrl: process.env.DATABASE_URL,
      searchPath: row?.schema ?? 'public',
      poolSize: 12,
    })
    const config = loadConfig({ RECOURSE_JWT_SECRET: TEST_JWT_SECRET }, {})
    const recourse = await openRecourse(config, { database, clock: fixedClock(monday9am) })
    const server = await buildServer(recourse)
    await server.ready()
    second = { database, recourse, server }
    agent = `Bearer ${await issueUserToken(TEST_JWT_SECRET, { sub: 'agent-race', role: 'agent' }, config.jwtAudience)}`
    integration = await t.integration()
  })
  afterAll(async () => {
    await second.server.close()
    await second.database.close()
    await t.close()
  })

  /** Requests alternate between the two instances. */
  const serverFor = (i: number): Server => (i % 2 === 0 ? t.server : second.server)

  const importOrder = async (overrides: Parameters<typeof orderBody>[0] = {}): Promise<string> => {
    const res = await t.server.inject({
      method: 'POST',
      url: '/v1/orders',
      headers: { authorization: integration },
      payload: orderBody(overrides),
    })
    expect(res.statusCode).toBe(201)
    return res.json<{ id: string }>().id
  }

  const refundCount = async (orderId: string): Promise<number> => {
    const { state } = await t.recourse.ledger.load(t.db.database.db, orderId)
    return state.status === 'none' ? 0 : Object.keys(state.refunds).length
  }

  it('50 concurrent identical requests with one Idempotency-Key post once', async () => {
    const orderId = await importOrder()
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        serverFor(i).inject({
          method: 'POST',
          url: `/v1/orders/${orderId}/refunds`,
          headers: { authorization: agent, 'idempotency-key': `same-${orderId}` },
          payload: { amount: 1000, funding: 'marketplace', reference: `once-${orderId}` },
        }),
      ),
    )
    const ok = responses.filter((r) => r.statusCode === 201)
    expect(ok.length).toBeGreaterThanOrEqual(1)
    expect(new Set(ok.map((r) => r.json<{ refundId: string }>().refundId)).size).toBe(1)
    for (const r of responses) {
      if (r.statusCode === 201) continue
      expect(r.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_PROGRESS' })
    }
    expect(await refundCount(orderId)).toBe(1)
    const [outboxRows] = await queryRows<{ n: string }>(
      t.db.database.db,
      sql`select count(*) as n from outbox where topic = 'refund.requested' and payload->>'orderId' = ${orderId}`,
    )
    expect(Number(outboxRows?.n)).toBe(1)
  })

  it('two orders of one seller debited at once never pass the seller’s debit limit together', async () => {
    const limited: Policy = {
      ...defaultPolicy,
      refunds: { ...defaultPolicy.refunds, sellerDebitLimit: 1000 },
    }
    await t.usePolicy(limited)
    const sellerId = `seller-race-${Date.now()}`
    const orders = await Promise.all([importOrder({ sellerId }), importOrder({ sellerId })])
    // Each order pays an 800 label from its escrow first, so a full refund must debit the seller 800.
    for (const [i, orderId] of orders.entries()) {
      const paid = await t.recourse.runner.run(systemActor, (uow) =>
        t.recourse.ledger.execute(uow, orderId, {
          type: 'PayReturnShipping',
          labelId: `race-label-${orderId}-${i}`,
          amount: minor(800),
          paidBy: 'seller',
        }),
      )
      expect(paid.ok).toBe(true)
    }
    const refund = (r: Recourse, orderId: string) =>
      r.runner.run(systemActor, (uow: UnitOfWork): Promise<Outcome<unknown>> =>
        r.ledger.requestRefund(uow, orderId, {
          refundKey: `race-full-${orderId}`,
          amount: minor(5200),
          currency: 'USD',
          destination: 'marketplace_credit',
          funding: 'seller',
          reason: 'agent_adjustment',
        }),
      )
    const results = await Promise.all([
      refund(t.recourse, orders[0] ?? ''),
      refund(second.recourse, orders[1] ?? ''),
    ])
    expect(results.every((r) => r.ok)).toBe(true)
    const [balance] = await queryRows<{ payable: string }>(
      t.db.database.db,
      sql`select payable from seller_balances where seller_id = ${sellerId}`,
    )
    // 1600 was owed beyond the escrows; the seller may go 1000 below zero and the marketplace fronts 600.
    expect(Number(balance?.payable)).toBe(-1000)
    let fronted = 0
    for (const orderId of orders) {
      const { state } = await t.recourse.ledger.load(t.db.database.db, orderId)
      if (state.status === 'none') throw new Error('no capture')
      fronted -= state.balances.marketplace_guarantee ?? 0
    }
    expect(fronted).toBe(600)
    await t.usePolicy(defaultPolicy)
  })
})
