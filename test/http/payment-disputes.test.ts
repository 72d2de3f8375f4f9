import { Compile } from 'typebox/compile'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PaymentDisputeView } from '../../src/http/schemas/payment-dispute.ts'
import { defaultPolicy, presets } from '../../src/policy/presets.ts'
import { addHours, instant } from '../../src/policy/time.ts'
import { expectProblem } from '../support/http.ts'
import {
  expectLedgerAddsUp,
  openMoneyHarness,
  type LedgerJson,
  type MoneyHarness,
  type RefundJson,
} from './money-support.ts'

// Chargebacks through the API: the money a card issuer holds is never paid a
// second time by the marketplace, and a lost one lands on whoever the policy
// and the fault say, in balanced postings.

let h: MoneyHarness
const friday = instant('2026-11-27T15:00:00.000Z')
const dueBy = instant('2026-12-10T23:59:59.000Z')
const validate = Compile(PaymentDisputeView)

interface DisputeJson {
  id: string
  status: string
  open: boolean
  caseId: string | null
  caseAction: string | null
  alreadyRefunded: { refundId: string; providerReference: string | null; amount: number }[]
  alreadyRefundedFlag: boolean
  bearer: string | null
  bearerReason: string | null
  countsAgainstSeller: boolean
  deadline: { kind: string; dueAt: string } | null
}

const expectDispute = (body: unknown): DisputeJson => {
  expect([...validate.Errors(body)].map((e) => `${e.instancePath} ${e.message}`)).toEqual([])
  return body as DisputeJson
}

beforeAll(async () => {
  h = await openMoneyHarness()
})
afterAll(async () => h.close())

const openCase = async (orderId: string): Promise<string> => {
  h.at(addHours(friday, 1))
  const res = await h.post(`/v1/orders/${orderId}/cases`, h.buyer, {
    reason: 'not_as_described',
    desiredOutcome: 'full_refund',
    description: 'The jacket is a different wash than the photos.',
  })
  expect(res.statusCode).toBe(201)
  return res.json<{ id: string }>().id
}

const chargeback = (orderId: string, reference: string, amount = 5200) =>
  h.post(`/v1/orders/${orderId}/payment-disputes`, h.integration, {
    provider: 'stripe',
    providerReference: reference,
    amount,
    currency: 'USD',
    networkReason: 'product_unacceptable',
    evidenceDueBy: dueBy,
    fee: 1500,
  })

const balanceOf = (ledger: LedgerJson, account: string): number =>
  ledger.balances.find((b) => b.account === account)?.amount ?? 0

describe('a chargeback while a case is open', () => {
  it('refuses the case’s refund, keeps the payout held, and puts a lost dispute on the seller, balanced', async () => {
    const orderId = await h.deliveredOrder(defaultPolicy, friday)
    const caseId = await openCase(orderId)
    h.at(addHours(friday, 2))

    const opened = await chargeback(orderId, 'du_case_open')
    expect(opened.statusCode).toBe(201)
    const dispute = expectDispute(opened.json())
    expect(dispute).toMatchObject({
      status: 'needs_response',
      open: true,
      caseId,
      caseAction: 'paused',
      alreadyRefundedFlag: false,
      deadline: { kind: 'evidence_reminder', dueAt: '2026-12-08T23:59:59.000Z' },
    })
    // The same report again (a redelivered webhook) is the same dispute.
    const again = await chargeback(orderId, 'du_case_open')
    expect(again.json<DisputeJson>().id).toBe(dispute.id)
    expectProblem(await chargeback(orderId, 'du_case_open', 100), 409, 'PAYMENT_DISPUTE_CONFLICT')

    // The seller accepting the claim would refund the card a second time.
    const accept = await h.post(`/v1/cases/${caseId}/accept-claim`, h.seller, {
      resolution: 'refund',
    })
    expectProblem(accept, 409, 'PAYMENT_DISPUTE_OPEN')
    expect(accept.json()).toMatchObject({ disputedAmount: 5200, maximumRefundable: 0 })
    // An agent's refund too.
    const adjust = await h.post(`/v1/orders/${orderId}/refunds`, h.agent, {
      amount: 1000,
      funding: 'marketplace',
      reference: 'goodwill-1',
    })
    expectProblem(adjust, 409, 'PAYMENT_DISPUTE_OPEN')

    const held = await h.ledger(orderId)
    expectLedgerAddsUp(held)
    expect(held.payout.status).toBe('held')
    expect(held.totals).toMatchObject({ refundable: 0, chargebackHeld: 5200 })
    expect(balanceOf(held, 'dispute_fees')).toBe(1500)

    // Only the payment integration reports disputes; a buyer does not even see them.
    expectProblem(
      await h.post(`/v1/payment-disputes/${dispute.id}/close`, h.seller, { outcome: 'won' }),
      403,
      'FORBIDDEN',
    )
    expectProblem(await h.get(`/v1/payment-disputes/${dispute.id}`, h.buyer), 403, 'FORBIDDEN')

    h.at(addHours(friday, 24 * 10))
    const lost = await h.post(`/v1/payment-disputes/${dispute.id}/close`, h.integration, {
      outcome: 'lost',
    })
    expect(lost.statusCode).toBe(200)
    expect(expectDispute(lost.json())).toMatchObject({
      status: 'lost',
      open: false,
      bearer: 'seller',
      bearerReason: 'policy',
      countsAgainstSeller: true,
      deadline: null,
    })

    const ledger = await h.ledger(orderId)
    expectLedgerAddsUp(ledger)
    expect(ledger.postings.map((p) => p.businessKey)).toEqual(
      expect.arrayContaining([`chargeback:${dispute.id}`, `chargeback-lost:${dispute.id}`]),
    )
    // The buyer has its 52.00 back through the card network, the provider kept the 15.00 fee,
    // and the seller paid both back to the marketplace.
    expect(balanceOf(ledger, `buyer_card:${orderId}`)).toBe(0)
    expect(balanceOf(ledger, 'dispute_fees')).toBe(1500)
    expect(balanceOf(ledger, 'marketplace_guarantee')).toBe(0)
    expect(
      balanceOf(ledger, `order_escrow:${orderId}`) + balanceOf(ledger, 'seller_payable:seller-1'),
    ).toBe(-1500)
    expect(ledger.totals).toMatchObject({ refundable: 0, chargebackHeld: 0, chargedBack: 5200 })
  })

  it('closes the case under eBay’s rule', async () => {
    const orderId = await h.deliveredOrder(presets.ebay, friday)
    const caseId = await openCase(orderId)
    const opened = expectDispute((await chargeback(orderId, 'du_ebay')).json())
    expect(opened.caseAction).toBe('closed')
    const c = await h.get(`/v1/cases/${caseId}`, h.agent)
    expect(c.json()).toMatchObject({ status: 'closed', closeReason: 'payment_dispute' })
  })
})

describe('a chargeback after the case refunded', () => {
  it('is flagged "already refunded" with the refund’s references, and a loss is the marketplace’s', async () => {
    const orderId = await h.deliveredOrder(defaultPolicy, friday)
    const caseId = await openCase(orderId)
    const accepted = await h.post(`/v1/cases/${caseId}/accept-claim`, h.seller, {
      resolution: 'refund',
    })
    expect(accepted.statusCode).toBe(200)
    const [refund] = (await h.ledger(orderId)).refunds
    if (!refund) throw new Error('no refund')
    const confirmed = await h.post(`/v1/refunds/${refund.refundId}/confirmation`, h.integration, {
      outcome: 'succeeded',
      providerReference: 're_3Qx1',
    })
    expect(confirmed.json<RefundJson>().status).toBe('succeeded')

    h.at(addHours(friday, 24 * 5))
    const opened = await chargeback(orderId, 'du_after_refund')
    expect(opened.statusCode).toBe(201)
    const dispute = expectDispute(opened.json())
    expect(dispute.alreadyRefundedFlag).toBe(true)
    expect(dispute.alreadyRefunded).toEqual([
      expect.objectContaining({
        refundId: refund.refundId,
        amount: 5200,
        providerReference: 're_3Qx1',
      }),
    ])
    expect((await h.ledger(orderId)).totals).toMatchObject({ refundable: 0, chargebackHeld: 0 })

    const lost = await h.post(`/v1/payment-disputes/${dispute.id}/updates`, h.integration, {
      status: 'lost',
    })
    expect(lost.json()).toMatchObject({ bearer: 'marketplace', bearerReason: 'already_refunded' })
    const ledger = await h.ledger(orderId)
    expectLedgerAddsUp(ledger)
    // Paid twice: once by the refund, once by the card network; the guarantee carries it.
    expect(balanceOf(ledger, `buyer_card:${orderId}`)).toBe(5200)
    expect(balanceOf(ledger, 'marketplace_guarantee')).toBe(-6700)
  })
})
