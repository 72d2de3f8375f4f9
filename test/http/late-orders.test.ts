import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { addHours, instant, toMillis, type Instant } from '../../src/policy/time.ts'
import { openTestApp, type TestApp } from '../support/app.ts'
import { orderBody } from '../support/orders.ts'

// Issue 22, item 2: the platform nudges seller and buyer once when an order is
// late to ship or late to arrive, as deadlines fired by the sandbox clock.
describe('late orders, played with the sandbox clock', () => {
  let t: TestApp
  let admin: string
  let integration: string
  let buyer: string
  let seller: string

  beforeAll(async () => {
    t = await openTestApp({ clock: 'sandbox' })
    admin = await t.bearer('admin', 'admin-1')
    integration = await t.integration()
    buyer = await t.bearer('buyer', 'buyer-1')
    seller = await t.bearer('seller', 'seller-1')
  })
  afterAll(async () => t.close())

  const post = (url: string, authorization: string, payload?: object) =>
    t.server.inject({
      method: 'POST',
      url,
      headers: { authorization },
      ...(payload ? { payload } : {}),
    })
  const get = (url: string, authorization: string) =>
    t.server.inject({ method: 'GET', url, headers: { authorization } })
  const now = async (): Promise<Instant> =>
    instant((await get('/v1/sandbox/clock', admin)).json<{ now: string }>().now)
  const advanceTo = async (to: Instant) => {
    const res = await post('/v1/sandbox/clock', admin, { to })
    expect(res.statusCode).toBe(200)
  }
  interface Note {
    type: string
    title: string
    body: string
    data: { orderId?: string }
  }
  const notesAbout = async (orderId: string, authorization: string, type: string) =>
    (await get('/v1/notifications?limit=100', authorization))
      .json<{ items: Note[] }>()
      .items.filter((n) => n.type === type && n.data.orderId === orderId)
  const timelineTypes = async (orderId: string) =>
    (await get(`/v1/orders/${orderId}/timeline`, seller))
      .json<{ items: { type: string; at: string; actor: { kind: string }; data: unknown }[] }>()
      .items.filter((e) => e.type === 'ShipmentLate' || e.type === 'DeliveryLate')

  it('nudges seller and buyer once when the ship-by date passes, not a minute before', async () => {
    const start = await now()
    const shipBy = addHours(start, 48)
    const order = (await post('/v1/orders', integration, orderBody({ shipBy }))).json<{
      id: string
      shipBy: string
    }>()

    await advanceTo(addHours(shipBy, -1 / 60))
    expect(await notesAbout(order.id, seller, 'late_shipment_seller')).toEqual([])

    await advanceTo(shipBy)
    const [sellerNote, ...more] = await notesAbout(order.id, seller, 'late_shipment_seller')
    expect(more).toEqual([])
    expect(sellerNote?.body).toContain('Ship it now')
    expect(sellerNote?.body).toContain('10%')
    const buyerNotes = await notesAbout(order.id, buyer, 'late_shipment_buyer')
    expect(buyerNotes).toHaveLength(1)
    expect(buyerNotes[0]?.body).toContain('cancel the order yourself')

    // Days pass and other deadlines fire: the nudge is not repeated.
    await advanceTo(addHours(shipBy, 24 * 3))
    expect(await notesAbout(order.id, seller, 'late_shipment_seller')).toHaveLength(1)
    expect(await notesAbout(order.id, buyer, 'late_shipment_buyer')).toHaveLength(1)

    const timeline = await timelineTypes(order.id)
    expect(timeline).toMatchObject([
      { type: 'ShipmentLate', stream: 'order', actor: { kind: 'system' }, data: { shipBy } },
    ])
    expect(timeline).toHaveLength(1)
    // The sandbox clock keeps ticking in real time after a jump: fired at the ship-by date, give or take the run.
    const firedAt = toMillis(instant(timeline[0]?.at ?? ''))
    expect(firedAt - toMillis(shipBy)).toBeGreaterThanOrEqual(0)
    expect(firedAt - toMillis(shipBy)).toBeLessThan(60_000)
    // The public feed shows events once they settle (`RECOURSE_EVENTS_SETTLE_MS`, 5 s).
    await vi.waitFor(
      async () => {
        const feed = (
          await get('/v1/events?limit=500&types=order.shipment_late', integration)
        ).json<{ items: { type: string; data: { orderId: string } }[] }>()
        expect(feed.items.filter((e) => e.data.orderId === order.id)).toHaveLength(1)
      },
      { timeout: 20_000, interval: 1_000 },
    )
  })

  it('nudges once when the estimated delivery date passes without a delivery', async () => {
    const start = await now()
    const order = (
      await post('/v1/orders', integration, orderBody({ shipBy: addHours(start, 24) }))
    ).json<{ id: string; estimatedDeliveryAt: string }>()
    expect(
      (
        await post(`/v1/orders/${order.id}/shipments`, seller, {
          carrier: 'UPS',
          trackingNumber: '1Z999AA10123456784',
        })
      ).statusCode,
    ).toBe(200)
    const eta = instant(order.estimatedDeliveryAt)
    await advanceTo(addHours(eta, -1))
    expect(await notesAbout(order.id, buyer, 'late_delivery_buyer')).toEqual([])
    await advanceTo(addHours(eta, 2))
    const buyerNotes = await notesAbout(order.id, buyer, 'late_delivery_buyer')
    expect(buyerNotes).toHaveLength(1)
    expect(buyerNotes[0]?.body).toContain('not received')
    expect(await notesAbout(order.id, seller, 'late_delivery_seller')).toHaveLength(1)
    const [late] = await timelineTypes(order.id)
    expect(late?.type).toBe('DeliveryLate')
    expect(toMillis(instant(late?.at ?? ''))).toBeGreaterThanOrEqual(toMillis(eta))
  })
})
