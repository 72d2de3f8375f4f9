import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { addHours } from '../../src/policy/time.ts'
import { monday9am, openTestApp, type TestApp } from '../support/app.ts'
import { orderBody } from '../support/orders.ts'
import { expectProblem, expectSchema } from '../support/http.ts'

let t: TestApp
let integration: string
let buyer: string
let seller: string

beforeAll(async () => {
  t = await openTestApp()
})
afterAll(async () => t.close())
beforeEach(async () => {
  t.clock?.set(monday9am)
  integration = await t.integration()
  buyer = await t.bearer('buyer', 'buyer-1')
  seller = await t.bearer('seller', 'seller-1')
})

const importOrder = async (overrides = {}) => {
  const res = await t.server.inject({
    method: 'POST',
    url: '/v1/orders',
    headers: { authorization: integration },
    payload: orderBody(overrides),
  })
  expect(res.statusCode).toBe(201)
  return res.json<{ id: string; version: number; status: string }>()
}

describe('importing an order', () => {
  it('stores it with a deadline and answers the order schema', async () => {
    const order = await importOrder()
    const res = await t.server.inject({
      method: 'GET',
      url: `/v1/orders/${order.id}`,
      headers: { authorization: buyer },
    })
    expect(res.statusCode).toBe(200)
    expectSchema('Order', res.json())
    expect(res.json()).toMatchObject({ status: 'awaiting_shipment', payout: 'held' })
    expect(res.headers.etag).toBe(`"${order.version}"`)
  })

  it('refuses the same marketplace order twice', async () => {
    const body = orderBody()
    await t.server.inject({
      method: 'POST',
      url: '/v1/orders',
      headers: { authorization: integration },
      payload: body,
    })
    const again = await t.server.inject({
      method: 'POST',
      url: '/v1/orders',
      headers: { authorization: integration },
      payload: body,
    })
    expectProblem(again, 409, 'ORDER_ALREADY_IMPORTED')
  })

  it('refuses a total that does not add up', async () => {
    const res = await t.server.inject({
      method: 'POST',
      url: '/v1/orders',
      headers: { authorization: integration },
      payload: { ...orderBody(), total: 1 },
    })
    expectProblem(res, 422, 'ORDER_TOTAL_MISMATCH')
  })

  it('refuses a buyer token on the integration route', async () => {
    const res = await t.server.inject({
      method: 'POST',
      url: '/v1/orders',
      headers: { authorization: buyer },
      payload: orderBody(),
    })
    expectProblem(res, 403, 'FORBIDDEN')
  })

  it('answers 400 for a malformed body, with a problem', async () => {
    const res = await t.server.inject({
      method: 'POST',
      url: '/v1/orders',
      headers: { authorization: integration },
      payload: { externalRef: 'x' },
    })
    expectProblem(res, 400, 'VALIDATION_FAILED')
  })
})

describe('a foreign order', () => {
  it('answers 404 to another buyer and another seller', async () => {
    const order = await importOrder()
    const buyer = await t.bearer('buyer', 'buyer-2')
    for (const who of [buyer, await t.bearer('seller', 'seller-2')]) {
      const res = await t.server.inject({
        method: 'GET',
        url: `/v1/orders/${order.id}`,
        headers: { authorization: who },
      })
      expectProblem(res, 404, 'NOT_FOUND')
      const ship = await t.server.inject({
        method: 'POST',
        url: `/v1/orders/${order.id}/shipments`,
        headers: { authorization: who },
        payload: { carrier: 'UPS', trackingNumber: '1Z999' },
      })
      // Buyers never ship: refused for the role (x-roles), the same for every order.
      if (who === buyer) expectProblem(ship, 403, 'FORBIDDEN')
      else expectProblem(ship, 404, 'NOT_FOUND')
    }
  })

  it('lists only the caller’s own orders', async () => {
    await importOrder()
    await importOrder({ buyerId: 'buyer-9' })
    const res = await t.server.inject({
      method: 'GET',
      url: '/v1/orders?limit=100',
      headers: { authorization: buyer },
    })
    const items = res.json<{ items: { buyerId: string }[] }>().items
    expect(items.length).toBeGreaterThan(0)
    expect(items.every((o) => o.buyerId === 'buyer-1')).toBe(true)
  })
})

describe('shipping and cancelling', () => {
  it('refuses a buyer cancellation after shipping, saying when it shipped', async () => {
    const order = await importOrder()
    const ship = await t.server.inject({
      method: 'POST',
      url: `/v1/orders/${order.id}/shipments`,
      headers: { authorization: seller },
      payload: { carrier: 'UPS', trackingNumber: '1Z999AA1' },
    })
    expect(ship.statusCode).toBe(200)
    const res = await t.server.inject({
      method: 'POST',
      url: `/v1/orders/${order.id}/cancellations`,
      headers: { authorization: buyer },
      payload: { reason: 'order_mistake' },
    })
    expectProblem(res, 409, 'ALREADY_SHIPPED')
    expect(res.json()).toMatchObject({ shippedAt: monday9am })
  })

  it('approves a buyer cancellation inside the window at once and cancels the order', async () => {
    const order = await importOrder()
    const res = await t.server.inject({
      method: 'POST',
      url: `/v1/orders/${order.id}/cancellations`,
      headers: { authorization: buyer },
      payload: { reason: 'order_mistake' },
    })
    expect(res.statusCode).toBe(201)
    expectSchema('Cancellation', res.json())
    expect(res.json()).toMatchObject({
      status: 'approved',
      approvedBy: 'policy_window',
      refundDue: { total: 5200, toOriginalPayment: 5200, toCredit: 0 },
    })
    const after = await t.server.inject({
      method: 'GET',
      url: `/v1/orders/${order.id}`,
      headers: { authorization: buyer },
    })
    expect(after.json()).toMatchObject({ status: 'cancelled' })
  })

  it('sends a request outside the window to the seller, who approves it', async () => {
    const order = await importOrder({ purchasedAt: addHours(monday9am, -5) })
    const res = await t.server.inject({
      method: 'POST',
      url: `/v1/orders/${order.id}/cancellations`,
      headers: { authorization: buyer },
      payload: { reason: 'found_cheaper_price' },
    })
    expect(res.statusCode).toBe(201)
    const c = res.json<{ id: string; status: string; respondBy: string }>()
    expect(c.status).toBe('requested')
    const seen = await t.server.inject({
      method: 'GET',
      url: `/v1/cancellations/${c.id}`,
      headers: { authorization: seller },
    })
    expect(
      seen.json<{ availableActions: { action: string }[] }>().availableActions.map((a) => a.action),
    ).toEqual(['approve', 'decline'])
    const approve = await t.server.inject({
      method: 'POST',
      url: `/v1/cancellations/${c.id}/approve`,
      headers: { authorization: seller },
    })
    expect(approve.statusCode).toBe(200)
    expect(approve.json()).toMatchObject({ status: 'approved', approvedBy: 'seller' })
  })

  it('refuses a stale If-Match with 412', async () => {
    const order = await importOrder()
    const res = await t.server.inject({
      method: 'POST',
      url: `/v1/orders/${order.id}/shipments`,
      headers: { authorization: seller, 'if-match': '"99"' },
      payload: { carrier: 'UPS', trackingNumber: '1Z999AA1' },
    })
    expectProblem(res, 412, 'VERSION_MISMATCH')
  })
})

describe('idempotency', () => {
  it('replays the first response for the same key and body', async () => {
    const order = await importOrder()
    const request = {
      method: 'POST' as const,
      url: `/v1/orders/${order.id}/shipments`,
      headers: { authorization: seller, 'idempotency-key': 'ship-1' },
      payload: { carrier: 'UPS', trackingNumber: '1Z999AA1' },
    }
    const first = await t.server.inject(request)
    const second = await t.server.inject(request)
    expect(second.statusCode).toBe(first.statusCode)
    expect(second.json()).toEqual(first.json())
    expect(second.headers['idempotent-replayed']).toBe('true')
  })

  it('refuses the same key with another body', async () => {
    const order = await importOrder()
    const headers = { authorization: seller, 'idempotency-key': 'ship-2' }
    await t.server.inject({
      method: 'POST',
      url: `/v1/orders/${order.id}/shipments`,
      headers,
      payload: { carrier: 'UPS', trackingNumber: '1Z999AA1' },
    })
    const other = await t.server.inject({
      method: 'POST',
      url: `/v1/orders/${order.id}/shipments`,
      headers,
      payload: { carrier: 'UPS', trackingNumber: '1Z999AA2' },
    })
    expectProblem(other, 422, 'IDEMPOTENCY_KEY_REUSED')
  })
})
