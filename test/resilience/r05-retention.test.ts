import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IDEMPOTENCY_RETENTION_HOURS } from '../../src/app/command-runner.ts'
import { addHours, instant, toMillis } from '../../src/policy/time.ts'
import { queryRows } from '../../src/store/database.ts'
import { monday9am, openTestApp, type TestApp } from '../support/app.ts'
import { expectProblem } from '../support/http.ts'
import { orderBody } from '../support/orders.ts'
import { report } from './support/report.ts'

// an Idempotency-Key answers for the documented 24 hours (docs/api.md);
// after that it is forgotten, and the refund's business key (its reference)
// still stops a second refund.
describe('R-5 idempotency records expire after the documented retention', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await openTestApp()
  })
  afterAll(async () => t.close())

  it('replays within 24 h, forgets the key after, and the business key still blocks a second refund', async () => {
    expect(IDEMPOTENCY_RETENTION_HOURS, 'the retention docs/api.md documents').toBe(24)
    t.clock?.set(monday9am)
    const agent = await t.bearer('agent', 'agent-r5')
    const order = await t.server.inject({
      method: 'POST',
      url: '/v1/orders',
      headers: { authorization: await t.integration() },
      payload: orderBody(),
    })
    const orderId = order.json<{ id: string }>().id
    const refund = (payload: object) =>
      t.server.inject({
        method: 'POST',
        url: `/v1/orders/${orderId}/refunds`,
        headers: { authorization: agent, 'idempotency-key': 'r5-refund' },
        payload,
      })
    const body = { amount: 1500, funding: 'seller', reference: 'r5-goodwill' }
    const first = await refund(body)
    expect(first.statusCode).toBe(201)
    const refundId = first.json<{ refundId: string }>().refundId

    t.clock?.set(instant(toMillis(addHours(monday9am, IDEMPOTENCY_RETENTION_HOURS)) - 1))
    const within = await refund(body)
    expect(within.headers['idempotent-replayed'], 'replayed 1 ms before expiry').toBe('true')
    expect(within.body).toBe(first.body)

    t.clock?.set(instant(toMillis(addHours(monday9am, IDEMPOTENCY_RETENTION_HOURS)) + 1))
    const after = await refund(body)
    expect(after.headers['idempotent-replayed'], 'no replay after expiry').toBeUndefined()
    expect(after.statusCode).toBe(201)
    expect(after.json<{ refundId: string }>().refundId, 'the same refund, not a second').toBe(
      refundId,
    )
    const [rows] = await queryRows<{ n: number }>(
      t.db.database.db,
      sql`select count(*)::int as n from idempotency_records where key = 'r5-refund' and created_at = ${monday9am}`,
    )
    expect(rows?.n, 'the expired record is gone').toBe(0)

    // A new key for the same cause but another amount: the business key refuses it.
    const conflicting = await t.server.inject({
      method: 'POST',
      url: `/v1/orders/${orderId}/refunds`,
      headers: { authorization: agent, 'idempotency-key': 'r5-other-key' },
      payload: { ...body, amount: 2000 },
    })
    expectProblem(conflicting, 409, 'REFUND_KEY_CONFLICT')
    const { state } = await t.recourse.ledger.load(t.db.database.db, orderId)
    if (state.status === 'none') throw new Error('no capture')
    expect(Object.keys(state.refunds).length, 'refunds on the order').toBe(1)
    expect(state.inFlight + state.refundedToCard, 'paid back once').toBe(1500)
    report('R-5', { retentionHours: IDEMPOTENCY_RETENTION_HOURS, refunds: 1 })
  })
})
