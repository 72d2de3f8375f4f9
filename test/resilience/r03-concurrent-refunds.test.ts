import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { orderBody } from '../support/orders.ts'
import { report } from './support/report.ts'
import { openServers, type Servers } from './support/two-servers.ts'

// 20 partial refunds with distinct keys at once on one order, over two
// servers with pools of their own (PostgreSQL; PGlite: one session). 5200 is
// captured: 20 × 700 (seven fit), then 10 more orders with random amounts.
const CAPTURED = 5200

describe('R-3 20 concurrent partial refunds on one order', () => {
  let s: Servers
  let integration: string
  beforeAll(async () => {
    s = await openServers(12)
    integration = await s.t.integration()
  })
  afterAll(async () => s.close())

  /** One agent per order: the refund route's rate limit (60 a minute per caller) is not what R-3 tests. */
  const race = async (amounts: readonly number[], round: number) => {
    const agent = await s.t.bearer('agent', `agent-r3-${round}`)
    const order = await s.servers[0].inject({
      method: 'POST',
      url: '/v1/orders',
      headers: { authorization: integration },
      payload: orderBody(),
    })
    const orderId = order.json<{ id: string }>().id
    const replies = await Promise.all(
      amounts.map((amount, i) =>
        (i % 2 ? s.servers[1] : s.servers[0]).inject({
          method: 'POST',
          url: `/v1/orders/${orderId}/refunds`,
          headers: { authorization: agent, 'idempotency-key': `r3-${orderId}-${i}` },
          payload: { amount, funding: 'seller', reference: `r3-${i}` },
        }),
      ),
    )
    const { state } = await s.t.recourse.ledger.load(s.t.db.database.db, orderId)
    if (state.status === 'none') throw new Error('no capture')
    const paid = replies.flatMap((r, i) => (r.statusCode === 201 ? [amounts[i] ?? 0] : []))
    const total = paid.reduce((a, b) => a + b, 0)
    const left = CAPTURED - total
    const badRefusals = replies.flatMap((r, i) => {
      if (r.statusCode === 201) return []
      const body = r.json<{ code?: string; maximumRefundable?: number }>()
      const amount = amounts[i] ?? 0
      // Refused because it did not fit: what was refundable then is less than it asked, and at least what is left now.
      const ok =
        r.statusCode === 422 &&
        body.code === 'REFUND_EXCEEDS_REFUNDABLE' &&
        body.maximumRefundable !== undefined &&
        body.maximumRefundable < amount &&
        body.maximumRefundable >= left
      return ok ? [] : [`${amount}: ${r.statusCode} ${JSON.stringify(body)}`]
    })
    return { orderId, state, paid, total, left, badRefusals }
  }

  it('pays 7 of 20 × 700 and refuses the rest with the 300 still refundable', async () => {
    const r = await race(
      Array.from({ length: 20 }, () => 700),
      0,
    )
    expect(r.paid.length, 'refunds paid').toBe(7)
    expect(
      r.badRefusals,
      'refusals other than REFUND_EXCEEDS_REFUNDABLE { maximumRefundable }',
    ).toEqual([])
    expect(Object.keys(r.state.refunds).length).toBe(7)
    expect(r.state.balances[`order_escrow:${r.orderId}`], 'left in escrow').toBe(300)
  })

  it('never refunds more than captured over random amounts', async () => {
    const figures: number[] = []
    for (let round = 0; round < 10; round++) {
      const amounts = Array.from({ length: 20 }, () => 100 + Math.floor(Math.random() * 900))
      const r = await race(amounts, round + 1)
      figures.push(r.total)
      expect(r.total, `refunded on round ${round} (captured ${CAPTURED})`).toBeLessThanOrEqual(
        CAPTURED,
      )
      expect(r.state.inFlight + r.state.refundedToCard, 'the ledger agrees').toBe(r.total)
      expect(Object.keys(r.state.refunds).length, 'refunds in the ledger').toBe(r.paid.length)
      expect(r.badRefusals, 'refusals without the amount still refundable').toEqual([])
    }
    report('R-3', {
      orders: 11,
      requestsPerOrder: 20,
      captured: CAPTURED,
      refundedPerOrder: figures,
    })
  })
})
