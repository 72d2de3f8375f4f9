import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../src/store/database.ts'
import { expectProblem } from '../support/http.ts'
import { orderBody } from '../support/orders.ts'
import { openTestApp, type TestApp } from '../support/app.ts'
import { report } from './support/report.ts'

// R-2: a key already used is sent again with another body (an order import,
// a shipment, a refund) → 422 IDEMPOTENCY_KEY_REUSED and nothing of the second body happens.
const KEYS = 20

describe('R-2 same Idempotency-Key, different body', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await openTestApp()
  })
  afterAll(async () => t.close())

  const count = async (type: string, token: string): Promise<number> => {
    const [row] = await queryRows<{ n: number }>(
      t.db.database.db,
      sql`select count(*)::int as n from events where type = ${type} and data::text like ${`%${token}%`}`,
    )
    return row?.n ?? 0
  }

  it('answers 422 IDEMPOTENCY_KEY_REUSED and has no effect', async () => {
    const integration = await t.integration()
    const seller = await t.bearer('seller', 'seller-1')
    const agent = await t.bearer('agent', 'agent-r2')
    let refused = 0
    for (let i = 0; i < KEYS; i++) {
      const post = (url: string, authorization: string, key: string, payload: object) =>
        t.server.inject({
          method: 'POST',
          url,
          headers: { authorization, 'idempotency-key': key },
          payload,
        })
      const first = orderBody({ externalRef: `r2-a-${i}` })
      const created = await post('/v1/orders', integration, `r2-order-${i}`, first)
      expect(created.statusCode).toBe(201)
      const other = await post('/v1/orders', integration, `r2-order-${i}`, {
        ...first,
        externalRef: `r2-b-${i}`,
      })
      expectProblem(other, 422, 'IDEMPOTENCY_KEY_REUSED')
      expect(await count('OrderImported', `r2-b-${i}`), 'second order imported').toBe(0)

      const orderId = created.json<{ id: string }>().id
      const shipped = await post(`/v1/orders/${orderId}/shipments`, seller, `r2-ship-${i}`, {
        carrier: 'UPS',
        trackingNumber: `R2A${i}`,
      })
      expect(shipped.statusCode).toBe(200)
      expectProblem(
        await post(`/v1/orders/${orderId}/shipments`, seller, `r2-ship-${i}`, {
          carrier: 'UPS',
          trackingNumber: `R2B${i}`,
        }),
        422,
        'IDEMPOTENCY_KEY_REUSED',
      )
      expect(await count('OrderShipped', `R2B${i}`), 'second shipment recorded').toBe(0)

      const refund = { amount: 500, funding: 'seller', reference: `r2-refund-${i}` }
      expect(
        (await post(`/v1/orders/${orderId}/refunds`, agent, `r2-refund-${i}`, refund)).statusCode,
      ).toBe(201)
      expectProblem(
        await post(`/v1/orders/${orderId}/refunds`, agent, `r2-refund-${i}`, {
          ...refund,
          amount: 600,
        }),
        422,
        'IDEMPOTENCY_KEY_REUSED',
      )
      const { state } = await t.recourse.ledger.load(t.db.database.db, orderId)
      expect(state.status === 'none' ? 0 : Object.keys(state.refunds).length, 'refunds').toBe(1)
      refused += 3
    }
    report('R-2', { keys: KEYS * 3, refused422: refused })
  })
})
