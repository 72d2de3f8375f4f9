import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultPolicy, presets } from '../../src/policy/presets.ts'
import { addHours, days, instant } from '../../src/policy/time.ts'
import type { Policy } from '../../src/policy/types.ts'
import { outbox } from '../../src/store/schema.ts'
import { expectProblem } from '../support/http.ts'
import { orderBody } from '../support/orders.ts'
import {
  expectMoneySchema,
  openMoneyHarness,
  type CreditsJson,
  type MoneyHarness,
  type RefundJson,
} from './money-support.ts'

// Every way money goes back to a buyer, through the API, each tried twice:
// a refund key pays once, a provider's answer settles once, a retry or a
// switch follows only a failure.

let h: MoneyHarness
const monday = instant('2026-11-23T14:00:00.000Z')

beforeAll(async () => {
  h = await openMoneyHarness()
  await h.t.usePolicy(defaultPolicy)
})
afterAll(async () => h.close())

const importOrder = async (overrides: Parameters<typeof orderBody>[0] = {}): Promise<string> => {
  h.at(monday)
  const res = await h.post('/v1/orders', h.integration, orderBody(overrides))
  expect(res.statusCode).toBe(201)
  return res.json<{ id: string }>().id
}

const adjust = (orderId: string, body: object, key?: string) =>
  h.post(`/v1/orders/${orderId}/refunds`, h.agent, body, key ? { 'idempotency-key': key } : {})

const refundMessages = async (refundId: string) =>
  (
    await h.t.db.database.db
      .select({ payload: outbox.payload })
      .from(outbox)
      .where(and(eq(outbox.topic, 'refund.requested')))
  )
    .map((r) => r.payload as { refundId: string; attempt: number; amount: number })
    .filter((p) => p.refundId === refundId)

describe('a card refund an agent makes', () => {
  it('asks the payment provider once, settles once, and cannot be retried or switched after success', async () => {
    const orderId = await importOrder()
    const made = await adjust(orderId, { amount: 1200, funding: 'seller', reference: 'ticket-1' })
    expect(made.statusCode).toBe(201)
    expectMoneySchema('Refund', made.json())
    const refund = made.json<RefundJson>()
    expect(refund).toMatchObject({
      status: 'pending',
      toCard: 1200,
      reason: 'agent_adjustment',
      refundKey: 'adjustment:ticket-1',
    })
    const messages = await refundMessages(refund.refundId)
    expect(messages).toEqual([
      expect.objectContaining({ refundId: refund.refundId, attempt: 1, amount: 1200 }),
    ])

    // The same reference again (another Idempotency-Key, a second agent click) pays nothing more.
    const again = await adjust(orderId, { amount: 1200, funding: 'seller', reference: 'ticket-1' })
    expect(again.statusCode).toBe(201)
    expect(again.json<RefundJson>().refundId).toBe(refund.refundId)
    expectProblem(
      await adjust(orderId, { amount: 1300, funding: 'seller', reference: 'ticket-1' }),
      409,
      'REFUND_KEY_CONFLICT',
    )

    const pull = await h.get('/v1/refunds?status=pending&limit=100', h.integration)
    expect(pull.json<{ items: RefundJson[] }>().items.map((r) => r.refundId)).toContain(
      refund.refundId,
    )
    expectProblem(await h.get('/v1/refunds?status=pending', h.buyer), 403, 'FORBIDDEN')

    const answer = { outcome: 'succeeded', providerReference: 're_1' }
    const first = await h.post(`/v1/refunds/${refund.refundId}/confirmation`, h.integration, answer)
    expect(first.statusCode).toBe(200)
    expect(first.json<RefundJson>()).toMatchObject({ status: 'succeeded', availableActions: [] })
    const replay = await h.post(
      `/v1/refunds/${refund.refundId}/confirmation`,
      h.integration,
      answer,
    )
    expect(replay.statusCode).toBe(200)
    expect(replay.json()).toEqual(first.json())
    expectProblem(
      await h.post(`/v1/refunds/${refund.refundId}/confirmation`, h.integration, {
        outcome: 'failed',
        providerReference: 're_1',
      }),
      409,
      'REFUND_ALREADY_SETTLED',
    )
    expectProblem(
      await h.post(`/v1/refunds/${refund.refundId}/retry`, h.agent),
      409,
      'REFUND_NOT_FAILED',
    )
    expectProblem(
      await h.post(`/v1/refunds/${refund.refundId}/switch-to-credit`, h.agent),
      409,
      'REFUND_NOT_FAILED',
    )
    expectProblem(
      await h.post(`/v1/refunds/${refund.refundId}/confirmation`, h.buyer, answer),
      403,
      'FORBIDDEN',
    )

    const ledger = await h.ledger(orderId)
    expect(ledger.refunds).toHaveLength(1)
    expect(ledger.totals).toMatchObject({ refundedToCard: 1200, refundable: 5200 - 1200 })
    expect(ledger.postings.map((p) => p.kind)).toEqual([
      'capture',
      'refund_requested',
      'refund_succeeded',
    ])
  })

  it('never refunds more than the order can still refund', async () => {
    const orderId = await importOrder()
    await adjust(orderId, { amount: 5000, funding: 'marketplace', reference: 'big' })
    const over = await adjust(orderId, { amount: 201, funding: 'marketplace', reference: 'over' })
    expectProblem(over, 422, 'REFUND_EXCEEDS_REFUNDABLE')
    expect(over.json()).toMatchObject({ maximumRefundable: 200 })
  })
})

describe('a card refund that fails', () => {
  it('stays owed, shows to agents, is retried once per failure, then paid as credit exactly once', async () => {
    const orderId = await importOrder()
    const refund = (
      await adjust(orderId, { amount: 2000, funding: 'seller', reference: 'fails' })
    ).json<RefundJson>()
    const failed = await h.post(`/v1/refunds/${refund.refundId}/confirmation`, h.integration, {
      outcome: 'failed',
      providerReference: 'ch_declined',
      failureReason: 'card closed',
    })
    expect(failed.json<RefundJson>()).toMatchObject({
      status: 'failed',
      failureReason: 'card closed',
      availableActions: [],
    })
    const forAgents = await h.get(`/v1/refunds?status=failed&orderId=${orderId}`, h.agent)
    expect(forAgents.json<{ items: RefundJson[] }>().items).toEqual([
      expect.objectContaining({
        refundId: refund.refundId,
        failureReason: 'card closed',
        availableActions: ['retry', 'switch_to_credit'],
      }),
    ])
    // Still owed: what failed is not refundable again.
    expect((await h.ledger(orderId)).totals).toMatchObject({ failed: 2000, refundable: 3200 })

    const retried = await h.post(`/v1/refunds/${refund.refundId}/retry`, h.agent)
    expect(retried.json<RefundJson>()).toMatchObject({ status: 'pending', attempt: 2 })
    expectProblem(
      await h.post(`/v1/refunds/${refund.refundId}/retry`, h.agent),
      409,
      'REFUND_NOT_FAILED',
    )
    expect((await refundMessages(refund.refundId)).map((m) => m.attempt)).toEqual([1, 2])
    // A late "succeeded" about the first, failed attempt contradicts what happened.
    expectProblem(
      await h.post(`/v1/refunds/${refund.refundId}/confirmation`, h.integration, {
        outcome: 'succeeded',
        providerReference: 'late',
        attempt: 1,
      }),
      409,
      'REFUND_ALREADY_SETTLED',
    )
    await h.post(`/v1/refunds/${refund.refundId}/confirmation`, h.integration, {
      outcome: 'failed',
      providerReference: 'ch_declined_2',
      attempt: 2,
    })

    const switched = await h.post(`/v1/refunds/${refund.refundId}/switch-to-credit`, h.agent)
    expect(switched.json<RefundJson>()).toMatchObject({ status: 'switched_to_credit' })
    expectProblem(
      await h.post(`/v1/refunds/${refund.refundId}/switch-to-credit`, h.agent),
      409,
      'REFUND_NOT_FAILED',
    )
    expectProblem(
      await h.post(`/v1/refunds/${refund.refundId}/retry`, h.agent),
      409,
      'REFUND_NOT_FAILED',
    )
    expectProblem(
      await h.post(`/v1/refunds/${refund.refundId}/confirmation`, h.integration, {
        outcome: 'succeeded',
        providerReference: 'very-late',
      }),
      409,
      'REFUND_ALREADY_SETTLED',
    )
    const ledger = await h.ledger(orderId)
    expect(ledger.totals).toMatchObject({
      credited: 2000,
      failed: 0,
      inFlight: 0,
      refundable: 3200,
    })
    const credits = (await h.get('/v1/accounts/buyer-1/credits', h.agent)).json<CreditsJson>()
    expect(credits.lots).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ grantKey: `refund-switch:${refund.refundId}`, amount: 2000 }),
      ]),
    )
  })
})

describe('a cancellation', () => {
  it('refunds the whole order once, back the way the buyer paid', async () => {
    const orderId = await importOrder({ payment: { method: 'mixed', card: 4000, credit: 1200 } })
    const cancelled = await h.post(`/v1/orders/${orderId}/cancellations`, h.buyer, {
      reason: 'order_mistake',
    })
    expect(cancelled.statusCode).toBe(201)
    const id = cancelled.json<{ id: string }>().id
    const ledger = await h.ledger(orderId, h.buyer)
    expect(ledger.refunds).toEqual([
      expect.objectContaining({
        refundKey: `cancellation:${id}`,
        reason: 'cancellation',
        toCard: 4000,
        toCredit: 1200,
        status: 'pending',
      }),
    ])
    expect(ledger.totals).toMatchObject({ refundable: 0, escrow: 0 })
    // A second cancellation of the cancelled order is refused and moves no money.
    const second = await h.post(`/v1/orders/${orderId}/cancellations`, h.buyer, {
      reason: 'order_mistake',
    })
    expect([409, 422]).toContain(second.statusCode)
    expect((await h.ledger(orderId)).refunds).toHaveLength(1)
  })
})

describe('a case refund', () => {
  it('posts an accepted offer once, allocated over the claimed line', async () => {
    const friday = instant('2026-11-27T15:00:00.000Z')
    const orderId = await h.deliveredOrder(presets.mercadolibre, friday)
    h.at(addHours(friday, 1))
    const c = (
      await h.post(`/v1/orders/${orderId}/cases`, h.buyer, {
        reason: 'damaged',
        desiredOutcome: 'partial_refund_keep_item',
        description: 'Scratched.',
      })
    ).json<{ id: string; offers: { offerId: string }[] }>()
    const offered = (
      await h.post(`/v1/cases/${c.id}/offers`, h.seller, {
        terms: { kind: 'partial_refund', amount: 1500 },
      })
    ).json<{ offers: { offerId: string }[] }>()
    const offerId = offered.offers[0]?.offerId ?? ''
    expect((await h.post(`/v1/cases/${c.id}/offers/${offerId}/accept`, h.buyer)).statusCode).toBe(
      200,
    )
    const twice = await h.post(`/v1/cases/${c.id}/offers/${offerId}/accept`, h.buyer)
    expect(twice.statusCode).toBeGreaterThanOrEqual(400)
    const ledger = await h.ledger(orderId)
    expect(ledger.refunds).toEqual([
      expect.objectContaining({ refundKey: offerId, amount: 1500, funding: 'seller' }),
    ])
    const refund = await h.get(`/v1/refunds/${ledger.refunds[0]?.refundId ?? ''}`, h.buyer)
    expect(refund.json()).toMatchObject({
      allocation: { lines: [{ lineId: 'line-1' }] },
    })
    const { allocation } = refund.json<{
      allocation: { lines: { amount: number }[]; shipping: number; tax: number }
    }>()
    expect(
      allocation.lines.reduce((s, l) => s + l.amount, 0) + allocation.shipping + allocation.tax,
    ).toBe(1500)
    expectProblem(
      await h.get(
        `/v1/refunds/${refund.json<RefundJson>().refundId}`,
        await h.t.bearer('buyer', 'buyer-2'),
      ),
      404,
      'NOT_FOUND',
    )
  })

  it('gives the seller back what it funded when an appeal puts the cost on the marketplace', async () => {
    const friday = instant('2026-11-27T15:00:00.000Z')
    const orderId = await h.deliveredOrder(presets.ebay, friday)
    h.at(addHours(friday, 1))
    const c = (
      await h.post(`/v1/orders/${orderId}/cases`, h.buyer, {
        reason: 'not_as_described',
        desiredOutcome: 'full_refund',
        description: 'Wrong model.',
      })
    ).json<{ id: string }>()
    await h.post(`/v1/cases/${c.id}/dispute`, h.seller, { statement: 'It is the model listed.' })
    await h.post(`/v1/cases/${c.id}/escalate`, h.buyer)
    const decided = await h.post(`/v1/cases/${c.id}/decision`, h.agent, {
      outcome: 'refund_full',
      fault: 'seller',
      rationale: 'Serial number of another model.',
    })
    expect(decided.statusCode).toBe(200)
    h.at(addHours(friday, 24 * 5))
    expect(
      (
        await h.post(`/v1/cases/${c.id}/appeal`, h.seller, {
          newInformation: 'The manufacturer mislabelled the box; the model is as listed.',
        })
      ).statusCode,
    ).toBe(200)
    const final = await h.post(`/v1/cases/${c.id}/appeal-decision`, h.agent2, {
      outcome: 'refund_full',
      fault: 'none',
      rationale: 'The manufacturer’s error: nobody on the sale is at fault.',
    })
    expect(final.statusCode).toBe(200)
    const ledger = await h.ledger(orderId)
    expect(ledger.refunds).toHaveLength(1)
    const reimbursed = ledger.postings.find((p) => p.kind === 'seller_reimbursed')
    expect(reimbursed?.entries).toEqual(
      expect.arrayContaining([
        { account: 'marketplace_guarantee', amount: -5200 },
        { account: `order_escrow:${orderId}`, amount: 5200 },
      ]),
    )
  })
})

describe('buyer credit', () => {
  const withExpiry: Policy = {
    ...presets.poshmark,
    refunds: { ...presets.poshmark.refunds, creditExpiry: days(30) },
  }

  it('is granted by a Poshmark cancellation with its expiry, spent once per key, and expires', async () => {
    await h.t.usePolicy(withExpiry)
    h.at(monday)
    const res = await h.post('/v1/orders', h.integration, orderBody({ buyerId: 'buyer-credit' }))
    const orderId = res.json<{ id: string }>().id
    const buyer = await h.t.bearer('buyer', 'buyer-credit')
    await h.post(`/v1/orders/${orderId}/cancellations`, buyer, { reason: 'order_mistake' })
    const granted = (await h.get('/v1/accounts/buyer-credit/credits', buyer)).json<CreditsJson>()
    expectMoneySchema('Credits', granted)
    expect(granted).toMatchObject({ balance: 5200, available: 5200 })
    expect(granted.lots[0]).toMatchObject({ amount: 5200, status: 'active' })

    const debit = { debitKey: 'checkout-9', amount: 2000, currency: 'USD' }
    const spent = await h.post('/v1/accounts/buyer-credit/credits/debits', h.integration, debit)
    expect(spent.statusCode).toBe(201)
    expect(spent.json<CreditsJson>()).toMatchObject({ balance: 3200, spent: 2000 })
    const again = await h.post('/v1/accounts/buyer-credit/credits/debits', h.integration, debit)
    expect(again.json<CreditsJson>()).toMatchObject({ balance: 3200, spent: 2000 })
    expectProblem(
      await h.post('/v1/accounts/buyer-credit/credits/debits', h.integration, {
        ...debit,
        amount: 2500,
      }),
      409,
      'DEBIT_KEY_CONFLICT',
    )
    const tooMuch = await h.post('/v1/accounts/buyer-credit/credits/debits', h.integration, {
      debitKey: 'checkout-10',
      amount: 5000,
      currency: 'USD',
    })
    expectProblem(tooMuch, 422, 'INSUFFICIENT_CREDIT')
    expect(tooMuch.json()).toMatchObject({ available: 3200 })
    expectProblem(
      await h.post('/v1/accounts/buyer-credit/credits/debits', buyer, debit),
      403,
      'FORBIDDEN',
    )
    expectProblem(await h.get('/v1/accounts/buyer-credit/credits', h.buyer), 404, 'NOT_FOUND')

    await h.sweep(addHours(monday, 24 * 31))
    const expired = (await h.get('/v1/accounts/buyer-credit/credits', buyer)).json<CreditsJson>()
    expect(expired).toMatchObject({ balance: 0, available: 0, expired: 3200, spent: 2000 })
    expect(expired.history.map((e) => e.type)).toEqual(['expired', 'spent', 'granted'])
    await h.t.usePolicy(defaultPolicy)
  })
})

describe('who sees a ledger', () => {
  it('answers 404 to another buyer or seller, and the ledger to the parties and staff', async () => {
    const orderId = await importOrder()
    expectProblem(
      await h.get(`/v1/orders/${orderId}/ledger`, await h.t.bearer('buyer', 'buyer-2')),
      404,
      'NOT_FOUND',
    )
    expectProblem(
      await h.get(`/v1/orders/${orderId}/ledger`, await h.t.bearer('seller', 'seller-2')),
      404,
      'NOT_FOUND',
    )
    for (const who of [h.buyer, h.seller, h.agent, h.admin]) await h.ledger(orderId, who)
    expectProblem(
      await h.post(`/v1/orders/${orderId}/refunds`, h.buyer, {
        amount: 1,
        funding: 'seller',
        reference: 'x',
      }),
      403,
      'FORBIDDEN',
    )
  })
})
