import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addHours, instant, toMillis } from '../../src/policy/time.ts'
import { openTestApp, type TestApp } from '../support/app.ts'
import { orderBody } from '../support/orders.ts'
import { expectProblem } from '../support/http.ts'

// The foundation issue's walkthrough, as a new user would play it with curl:
// import, ship, be refused, cancel, wait for the seller, fast-forward.
describe('the sandbox clock walkthrough', () => {
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

  const now = async () =>
    instant(
      Date.parse(
        (await t.server.inject({ method: 'GET', url: '/v1/sandbox/clock' })).json<{ now: string }>()
          .now,
      ),
    )
  const post = (url: string, authorization: string, payload?: object) =>
    t.server.inject({
      method: 'POST',
      url,
      headers: { authorization },
      ...(payload ? { payload } : {}),
    })
  const get = (url: string, authorization: string) =>
    t.server.inject({ method: 'GET', url, headers: { authorization } })
  const advance = async (advanceBy: string) => {
    const res = await post('/v1/sandbox/clock', admin, { advanceBy })
    expect(res.statusCode).toBe(200)
    return res.json<{ now: string; fired: number }>()
  }

  it('plays the whole story', async () => {
    const start = await now()
    // Shipped orders cannot be cancelled: a clear refusal with the time it shipped.
    const shipped = (await post('/v1/orders', integration, orderBody())).json<{ id: string }>()
    expect(
      (
        await post(`/v1/orders/${shipped.id}/shipments`, seller, {
          carrier: 'USPS',
          trackingNumber: '9400111',
        })
      ).statusCode,
    ).toBe(200)
    const refused = await post(`/v1/orders/${shipped.id}/cancellations`, buyer, {
      reason: 'order_mistake',
    })
    expectProblem(refused, 409, 'ALREADY_SHIPPED')
    expect(refused.json<{ detail: string }>().detail).toContain('already shipped')

    // Inside the 1-hour window: approved at once.
    const fresh = (await post('/v1/orders', integration, orderBody())).json<{ id: string }>()
    const inWindow = await post(`/v1/orders/${fresh.id}/cancellations`, buyer, {
      reason: 'order_mistake',
    })
    expect(inWindow.json()).toMatchObject({ status: 'approved', approvedBy: 'policy_window' })

    // Outside the window: waits for the seller, who stays silent → the policy approves.
    const late = (
      await post(
        '/v1/orders',
        integration,
        orderBody({ purchasedAt: addHours(start, -3), shipBy: addHours(start, 30) }),
      )
    ).json<{ id: string }>()
    const request = (
      await post(`/v1/orders/${late.id}/cancellations`, buyer, { reason: 'found_cheaper_price' })
    ).json<{ id: string; status: string; respondBy: string }>()
    expect(request.status).toBe('requested')

    // A delivered order waits for auto-acceptance.
    const delivered = (await post('/v1/orders', integration, orderBody())).json<{ id: string }>()
    await post(`/v1/orders/${delivered.id}/shipments`, seller, {
      carrier: 'UPS',
      trackingNumber: '1Z12345',
    })
    expect((await post(`/v1/orders/${delivered.id}/delivery`, integration)).statusCode).toBe(200)

    // An unshipped order due in 2 days gets its ship-by reminder a day before.
    const unshipped = (
      await post('/v1/orders', integration, orderBody({ shipBy: addHours(start, 48) }))
    ).json<{ id: string }>()

    // Nothing fires early.
    await advance('PT1H')
    expect((await get(`/v1/cancellations/${request.id}`, buyer)).json()).toMatchObject({
      status: 'requested',
    })

    // Four days later every deadline has fired.
    const moved = await advance('P4D')
    expect(toMillis(instant(moved.now))).toBeGreaterThan(toMillis(instant(request.respondBy)))
    expect(moved.fired).toBeGreaterThanOrEqual(3)
    expect((await get(`/v1/cancellations/${request.id}`, buyer)).json()).toMatchObject({
      status: 'approved',
      approvedBy: 'seller_silence',
    })
    expect((await get(`/v1/orders/${late.id}`, buyer)).json()).toMatchObject({
      status: 'cancelled',
    })
    expect((await get(`/v1/orders/${delivered.id}`, buyer)).json()).toMatchObject({
      status: 'accepted',
      acceptedBy: 'auto',
      payout: 'released',
    })
    expect((await get(`/v1/orders/${unshipped.id}`, seller)).json()).toMatchObject({
      shipByReminderSent: true,
    })
  })

  it('refuses to move the clock for anyone but an admin, and never backwards', async () => {
    expectProblem(await post('/v1/sandbox/clock', buyer, { advanceBy: 'P1D' }), 403, 'FORBIDDEN')
    expectProblem(
      await post('/v1/sandbox/clock', admin, { to: '2000-01-01T00:00:00Z' }),
      422,
      'CLOCK_CANNOT_GO_BACK',
    )
    expectProblem(
      await post('/v1/sandbox/clock', admin, { advanceBy: 'three days' }),
      400,
      'INVALID_DURATION',
    )
  })
})

describe('a Walmart case played with the sandbox clock', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await openTestApp({ clock: 'sandbox' })
    const { presets } = await import('../../src/policy/presets.ts')
    await t.usePolicy(presets.walmart)
  })
  afterAll(async () => t.close())

  it('escalates after 48 silent hours, not before, and an agent decides', async () => {
    const admin = await t.bearer('admin', 'admin-1')
    const integration = await t.integration()
    const buyer = await t.bearer('buyer', 'buyer-1')
    const seller = await t.bearer('seller', 'seller-1')
    const agent = await t.bearer('agent', 'agent-1')
    const post = (url: string, authorization: string, payload?: object) =>
      t.server.inject({
        method: 'POST',
        url,
        headers: { authorization },
        ...(payload ? { payload } : {}),
      })
    const order = (await post('/v1/orders', integration, orderBody())).json<{ id: string }>()
    await post(`/v1/orders/${order.id}/shipments`, seller, {
      carrier: 'FedEx',
      trackingNumber: '7712345',
    })
    await post(`/v1/orders/${order.id}/delivery`, integration)
    const opened = await post(`/v1/orders/${order.id}/cases`, buyer, {
      reason: 'defective',
      desiredOutcome: 'full_refund',
      description: 'It does not turn on.',
    })
    expect(opened.statusCode).toBe(201)
    const caseId = opened.json<{ id: string }>().id
    const status = async () =>
      (
        await t.server.inject({
          method: 'GET',
          url: `/v1/cases/${caseId}`,
          headers: { authorization: buyer },
        })
      ).json<{ status: string }>().status
    await post('/v1/sandbox/clock', admin, { advanceBy: 'PT47H' })
    expect(await status()).toBe('awaiting_seller')
    await post('/v1/sandbox/clock', admin, { advanceBy: 'PT2H' })
    expect(await status()).toBe('escalated')
    const decided = await post(`/v1/cases/${caseId}/decision`, agent, {
      outcome: 'refund_full',
      fault: 'seller',
      rationale: 'The seller did not answer and the item is defective.',
    })
    expect(decided.json()).toMatchObject({ status: 'decided' })
  })
})
