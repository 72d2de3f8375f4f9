import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { presets } from '../../src/policy/presets.ts'
import { addHours, instant } from '../../src/policy/time.ts'
import { expectProblem } from '../support/http.ts'
import {
  expectMoneySchema,
  openMoneyHarness,
  pdfBarcodes,
  pdfText,
  type CreditsJson,
  type MoneyHarness,
  type RefundJson,
  type ReturnJson,
} from './money-support.ts'

// The money issue's "done when": the Poshmark case from the cases issue played
// to the end through the API, with a fixed clock the test moves and deadlines
// fired as the scheduler would — and the same case under eBay, where the
// refund goes to the card and waits for the payment integration.

let h: MoneyHarness
const friday = instant('2026-11-27T15:00:00.000Z')

beforeAll(async () => {
  h = await openMoneyHarness()
})
afterAll(async () => h.close())

interface CaseJson {
  id: string
  status: string
  closeReason: string | null
  appealDueAt: string | null
  followUp: { status: string } | null
}

/** Opened, disputed, escalated and decided `return_required` at the seller's fault. */
const decidedReturnCase = async (orderId: string, evidence: boolean): Promise<CaseJson> => {
  h.at(addHours(friday, 30))
  const files = evidence ? [{ kind: 'file', fileId: await h.uploadPhoto(h.buyer) }] : []
  const opened = await h.post(`/v1/orders/${orderId}/cases`, h.buyer, {
    reason: 'not_as_described',
    desiredOutcome: 'return_and_refund',
    description: 'The jacket has a large stain on the back that the listing did not show.',
    ...(files.length ? { evidence: files } : {}),
  })
  expect(opened.statusCode).toBe(201)
  const c = opened.json<CaseJson>()
  h.at(addHours(friday, 40))
  await h.post(`/v1/cases/${c.id}/dispute`, h.seller, {
    statement: 'The listing photos show the back.',
  })
  await h.post(`/v1/cases/${c.id}/escalate`, h.buyer, { statement: 'The stain is in no photo.' })
  const decided = await h.post(`/v1/cases/${c.id}/decision`, h.agent, {
    outcome: 'return_required',
    fault: 'seller',
    rationale: 'The stain is visible in the buyer’s photo and absent from the listing.',
  })
  expect(decided.statusCode).toBe(200)
  return decided.json<CaseJson>()
}

/** The buyer finds the case's return, downloads and reads the label, ships; the carrier delivers. */
const shipAndDeliver = async (caseId: string): Promise<ReturnJson> => {
  const listed = await h.get(`/v1/cases/${caseId}/returns`, h.buyer)
  expect(listed.statusCode).toBe(200)
  const [r] = listed.json<{ items: ReturnJson[] }>().items
  if (!r) throw new Error('the case has no return')
  expectMoneySchema('Return', r)
  expect(r.status).toBe('label_issued')
  expect(r.rma).toMatch(/^RMA-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/)
  expect(r.availableActions.map((a) => a.action)).toEqual(['download_label', 'ship'])

  const pdf = await h.get(r.labelUrl, h.buyer)
  expect(pdf.statusCode).toBe(200)
  expect(pdf.headers['content-type']).toBe('application/pdf')
  const bytes = new Uint8Array(pdf.rawPayload)
  const text = await pdfText(bytes)
  expect(text).toEqual(expect.arrayContaining([r.rma, r.label.trackingNumber]))
  expect(await pdfBarcodes(bytes)).toEqual([r.label.trackingNumber])

  h.at(addHours(friday, 24 * 4))
  const shipped = await h.post(`/v1/returns/${r.id}/shipments`, h.buyer, {})
  expect(shipped.statusCode).toBe(200)
  expect(shipped.json<ReturnJson>().status).toBe('in_transit')
  h.at(addHours(friday, 24 * 6))
  const delivered = await h.post(`/v1/returns/${r.id}/delivery`, h.integration)
  expect(delivered.statusCode).toBe(200)
  expect(delivered.json<ReturnJson>()).toMatchObject({ status: 'delivered_to_seller' })
  return delivered.json<ReturnJson>()
}

describe('Poshmark: not as described, decided return_required, to the end', () => {
  it('returns the parcel, refunds as marketplace credit from the held payout, closes, and the ledger adds up', async () => {
    const orderId = await h.deliveredOrder(presets.poshmark, friday)
    const captured = await h.ledger(orderId, h.buyer)
    expect(captured.totals).toMatchObject({ captured: 5200, refundable: 5200 })
    const decided = await decidedReturnCase(orderId, true)
    expect(decided.status).toBe('decided')

    const delivered = await shipAndDeliver(decided.id)
    // Poshmark pays covered return shipping itself.
    expect(delivered).toMatchObject({ shippingPaidBy: 'marketplace', labelCharge: 0 })

    h.at(addHours(friday, 24 * 7))
    const inspected = await h.post(`/v1/returns/${delivered.id}/inspection`, h.seller, {
      condition: 'as_described',
    })
    expect(inspected.statusCode).toBe(200)
    expect(inspected.json<ReturnJson>()).toMatchObject({
      status: 'closed',
      closeReason: 'refunded',
      refunded: 5200,
    })

    const credits = await h.get('/v1/accounts/buyer-1/credits', h.buyer)
    expect(credits.statusCode).toBe(200)
    expectMoneySchema('Credits', credits.json())
    expect(credits.json<CreditsJson>().lots).toEqual(
      expect.arrayContaining([expect.objectContaining({ amount: 5200, status: 'active' })]),
    )
    expectProblem(await h.get('/v1/accounts/buyer-1/credits', h.seller), 404, 'NOT_FOUND')

    // The return is done; the decision becomes final when the appeal window passes.
    const waiting = (await h.get(`/v1/cases/${decided.id}`, h.buyer)).json<CaseJson>()
    expect(waiting.followUp?.status).toBe('completed')
    await h.sweep(addHours(friday, 24 * 40))
    const closed = (await h.get(`/v1/cases/${decided.id}`, h.buyer)).json<CaseJson>()
    expect(closed).toMatchObject({ status: 'closed' })

    const ledger = await h.ledger(orderId, h.seller)
    expect(ledger.totals).toMatchObject({
      captured: 5200,
      credited: 5200,
      refundedToCard: 0,
      inFlight: 0,
      refundable: 0,
      escrow: 0,
    })
    const refund = ledger.refunds[0]
    expect(refund).toMatchObject({
      reason: 'return',
      destination: 'marketplace_credit',
      funding: 'seller',
      status: 'succeeded',
      toCredit: 5200,
    })
    // The refund came out of the seller's held payout: nothing is left to release.
    const refundPosting = ledger.postings.find((p) => p.kind === 'refund_requested')
    expect(refundPosting?.entries).toEqual(
      expect.arrayContaining([{ account: `order_escrow:${orderId}`, amount: -5200 }]),
    )
    expect(ledger.postings.find((p) => p.kind === 'return_shipping')?.entries).toEqual(
      expect.arrayContaining([{ account: 'marketplace_guarantee', amount: -795 }]),
    )
    expect(ledger.payout).toMatchObject({ status: 'released', releasedAmount: 0 })
  })
})

describe('eBay: the same case refunds on the card once the payment integration confirms', () => {
  it('debits the seller for label and refund, waits for the provider, and adds up', async () => {
    const orderId = await h.deliveredOrder(presets.ebay, friday)
    const decided = await decidedReturnCase(orderId, false)
    const delivered = await shipAndDeliver(decided.id)
    // eBay: the seller pays covered return shipping, out of the held payout.
    expect(delivered).toMatchObject({ shippingPaidBy: 'seller', labelCharge: 0 })

    h.at(addHours(friday, 24 * 7))
    const inspected = await h.post(`/v1/returns/${delivered.id}/inspection`, h.seller, {
      condition: 'as_described',
    })
    expect(inspected.json<ReturnJson>()).toMatchObject({ status: 'closed', refunded: 5200 })

    const pending = await h.get(`/v1/refunds?status=pending&orderId=${orderId}`, h.integration)
    expect(pending.statusCode).toBe(200)
    const [refund] = pending.json<{ items: RefundJson[] }>().items
    if (!refund) throw new Error('no pending refund')
    expectMoneySchema('Refund', refund)
    expect(refund).toMatchObject({
      toCard: 5200,
      toCredit: 0,
      reason: 'return',
      availableActions: ['confirm'],
    })
    const inFlight = await h.ledger(orderId)
    expect(inFlight.totals).toMatchObject({ inFlight: 5200, refundable: 0 })

    const confirmed = await h.post(`/v1/refunds/${refund.refundId}/confirmation`, h.integration, {
      outcome: 'succeeded',
      providerReference: 're_3Nx0001',
    })
    expect(confirmed.statusCode).toBe(200)
    expect(confirmed.json<RefundJson>()).toMatchObject({
      status: 'succeeded',
      providerReference: 're_3Nx0001',
    })

    await h.sweep(addHours(friday, 24 * 40))
    expect((await h.get(`/v1/cases/${decided.id}`, h.buyer)).json<CaseJson>().status).toBe('closed')
    const ledger = await h.ledger(orderId, h.buyer)
    expect(ledger.totals).toMatchObject({
      captured: 5200,
      refundedToCard: 5200,
      inFlight: 0,
      credited: 0,
      refundable: 0,
    })
    const balances = Object.fromEntries(ledger.balances.map((b) => [b.account, b.amount]))
    // The card got everything back; the seller paid the label beyond what its payout held.
    expect(balances[`buyer_card:${orderId}`]).toBe(0)
    expect(balances[`order_escrow:${orderId}`]).toBe(0)
    expect(balances['seller_payable:seller-1']).toBe(-795)
    expect(balances.return_shipping).toBe(795)
  })
})
