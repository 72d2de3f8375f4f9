import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { presets } from '../../src/policy/presets.ts'
import type { Instant } from '../../src/policy/time.ts'
import { addHours, instant } from '../../src/policy/time.ts'
import type { Policy } from '../../src/policy/types.ts'
import { isS10 } from '../../src/integrations/labels.ts'
import { expectProblem } from '../support/http.ts'
import {
  expectMoneySchema,
  openMoneyHarness,
  pdfBarcodes,
  pdfText,
  type MoneyHarness,
  type ReturnJson,
} from './money-support.ts'

// Returns, from the label to the refund, and replacements, through the API.

let h: MoneyHarness
const friday = instant('2026-11-27T15:00:00.000Z')
const days = (n: number): Instant => addHours(friday, 24 * n)

beforeAll(async () => {
  h = await openMoneyHarness()
})
afterAll(async () => h.close())

interface CaseJson {
  id: string
  status: string
  closeReason: string | null
  offers: { offerId: string }[]
}

/** A delivered order under `policy` with a case the seller accepted as "return and refund". */
const acceptedReturn = async (
  policy: Policy,
  reason = 'not_as_described',
  parties: { sellerId?: string } = {},
): Promise<{ orderId: string; caseId: string; r: ReturnJson; seller: string }> => {
  const orderId = await h.deliveredOrder(policy, friday, parties)
  const seller = parties.sellerId ? await h.t.bearer('seller', parties.sellerId) : h.seller
  h.at(addHours(friday, 2))
  const c = (
    await h.post(`/v1/orders/${orderId}/cases`, h.buyer, {
      reason,
      desiredOutcome: 'return_and_refund',
      description: 'Not what I expected.',
    })
  ).json<CaseJson>()
  const accepted = await h.post(`/v1/cases/${c.id}/accept-claim`, seller, { resolution: 'return' })
  expect(accepted.statusCode).toBe(200)
  expect(accepted.json<CaseJson>().status).toBe('awaiting_follow_up')
  const [r] = (await h.get(`/v1/cases/${c.id}/returns`, seller)).json<{ items: ReturnJson[] }>()
    .items
  if (!r) throw new Error('no return')
  return { orderId, caseId: c.id, r, seller }
}

const deliver = async (r: ReturnJson): Promise<ReturnJson> => {
  h.at(days(2))
  expect((await h.post(`/v1/returns/${r.id}/shipments`, h.buyer)).statusCode).toBe(200)
  h.at(days(4))
  const delivered = await h.post(`/v1/returns/${r.id}/delivery`, h.integration)
  expect(delivered.statusCode).toBe(200)
  return delivered.json<ReturnJson>()
}

const caseOf = async (caseId: string) =>
  (await h.get(`/v1/cases/${caseId}`, h.agent)).json<CaseJson>()

describe('the return label', () => {
  it('is a PDF whose text and Code 128 barcode read back as the return’s RMA and tracking number', async () => {
    const { r } = await acceptedReturn(presets.ebay)
    expectMoneySchema('Return', r)
    expect(isS10(r.label.trackingNumber)).toBe(true)
    const res = await h.get(`/v1/returns/${r.id}/label.pdf`, h.buyer)
    expect(res.statusCode).toBe(200)
    const bytes = new Uint8Array(res.rawPayload)
    expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe('%PDF-')
    const text = await pdfText(bytes)
    expect(text).toEqual(
      expect.arrayContaining([
        'RETURN',
        'SHIP TO',
        'seller-1',
        'buyer-1',
        r.rma,
        r.label.trackingNumber,
        'c/o Marketplace Returns Center',
      ]),
    )
    expect(text.join('\n')).toContain('Vintage denim jacket')
    expect(await pdfBarcodes(bytes)).toEqual([r.label.trackingNumber])
    // The same return draws the same label.
    const again = await h.get(`/v1/returns/${r.id}/label.pdf`, h.agent)
    expect(Buffer.compare(again.rawPayload, res.rawPayload)).toBe(0)
    expectProblem(await h.get(`/v1/returns/${r.id}/label.pdf`, h.seller), 404, 'NOT_FOUND')
    expectProblem(
      await h.get(`/v1/returns/${r.id}/label.pdf`, await h.t.bearer('buyer', 'buyer-2')),
      404,
      'NOT_FOUND',
    )
  })
})

describe('finding and moving a return', () => {
  it('lists the seller’s returns, shows each party its own buttons, and refuses a stale If-Match', async () => {
    const { r, caseId } = await acceptedReturn(presets.ebay)
    const mine = await h.get('/v1/returns?status=label_issued&limit=100', h.seller)
    expect(mine.json<{ items: ReturnJson[] }>().items.map((x) => x.id)).toContain(r.id)
    const other = await h.get('/v1/returns', await h.t.bearer('seller', 'seller-2'))
    expect(other.json<{ items: ReturnJson[] }>().items.map((x) => x.id)).not.toContain(r.id)
    const asSeller = await h.get(`/v1/returns/${r.id}`, h.seller)
    expect(asSeller.json<ReturnJson>().availableActions.map((a) => a.action)).toEqual([
      'mark_delivered',
    ])
    expect(asSeller.json<ReturnJson>().caseId).toBe(caseId)
    expectProblem(
      await h.get(`/v1/returns/${r.id}`, await h.t.bearer('buyer', 'buyer-2')),
      404,
      'NOT_FOUND',
    )
    const etag = asSeller.headers.etag ?? ''
    expect(
      (await h.post(`/v1/returns/${r.id}/shipments`, h.buyer, {}, { 'if-match': etag })).statusCode,
    ).toBe(200)
    expectProblem(
      await h.post(`/v1/returns/${r.id}/delivery`, h.integration, undefined, { 'if-match': etag }),
      412,
      'VERSION_MISMATCH',
    )
  })
})

describe('a return the buyer never ships', () => {
  it('expires at its ship-by date and the case closes without counting against the seller', async () => {
    const { caseId, r, orderId } = await acceptedReturn(presets.ebay)
    await h.sweep(addHours(friday, 24 * 20))
    expect((await h.get(`/v1/returns/${r.id}`, h.buyer)).json<ReturnJson>().status).toBe('expired')
    expect(await caseOf(caseId)).toMatchObject({
      status: 'closed',
      closeReason: 'return_not_shipped',
    })
    const ledger = await h.ledger(orderId)
    expect(ledger.refunds).toEqual([])
    expect(ledger.totals.refundable).toBe(5200)
  })
})

describe('a return the seller does not inspect in time', () => {
  it('refunds in full when the inspection deadline passes, once', async () => {
    const { caseId, r, orderId } = await acceptedReturn(presets.ebay)
    const delivered = await deliver(r)
    expect(delivered.inspectBy).not.toBeNull()
    await h.sweep(days(30))
    const after = (await h.get(`/v1/returns/${r.id}`, h.buyer)).json<ReturnJson>()
    expect(after).toMatchObject({ status: 'closed', refunded: 5200 })
    expect(await caseOf(caseId)).toMatchObject({
      status: 'closed',
      closeReason: 'follow_up_completed',
    })
    await h.sweep(days(60))
    const ledger = await h.ledger(orderId)
    expect(ledger.refunds).toEqual([
      expect.objectContaining({
        reason: 'return',
        amount: 5200,
        refundKey: `return:${r.id}:inspection`,
      }),
    ])
    expectProblem(
      await h.post(`/v1/returns/${r.id}/inspection`, h.seller, { condition: 'as_described' }),
      409,
      'RETURN_STATUS_CONFLICT',
    )
  })
})

describe('an inspection with a deduction', () => {
  it('refunds the rest; a disputed deduction goes to an agent, who tops the refund up', async () => {
    const { caseId, r, orderId } = await acceptedReturn(presets.ebay)
    await deliver(r)
    h.at(days(5))
    const photo = await h.uploadPhoto(h.seller)
    expectProblem(
      await h.post(`/v1/returns/${r.id}/inspection`, h.seller, {
        condition: 'used',
        deduction: 2601,
        note: 'Worn, stains on the cuffs.',
        evidence: [photo],
      }),
      422,
      'DEDUCTION_EXCEEDS_MAXIMUM',
    )
    expectProblem(
      await h.post(`/v1/returns/${r.id}/inspection`, h.buyer, { condition: 'as_described' }),
      403,
      'FORBIDDEN',
    )
    const inspected = await h.post(`/v1/returns/${r.id}/inspection`, h.seller, {
      condition: 'used',
      deduction: 2600,
      note: 'Worn, stains on the cuffs.',
      evidence: [photo],
    })
    expect(inspected.statusCode).toBe(200)
    const refunded = inspected.json<ReturnJson>()
    expect(refunded).toMatchObject({ status: 'refunded', refunded: 2600 })
    expect(refunded.disputeBy).not.toBeNull()
    expect((await caseOf(caseId)).status).toBe('closed')

    h.at(days(6))
    const disputed = await h.post(`/v1/returns/${r.id}/dispute`, h.buyer, {
      statement: 'The stains were there when it arrived; see the listing photo.',
    })
    expect(disputed.json<ReturnJson>().status).toBe('inspection_disputed')
    expectProblem(
      await h.post(`/v1/returns/${r.id}/resolution`, h.agent, {
        refundAmount: 1000,
        rationale: 'Less than already refunded.',
      }),
      422,
      'REFUND_BELOW_REFUNDED',
    )
    const resolved = await h.post(`/v1/returns/${r.id}/resolution`, h.agent, {
      refundAmount: 5200,
      rationale: 'The listing photo shows the same stains.',
    })
    expect(resolved.json<ReturnJson>()).toMatchObject({ status: 'closed', refunded: 5200 })
    const ledger = await h.ledger(orderId)
    expect(ledger.refunds.map((x) => [x.refundKey, x.amount])).toEqual([
      [`return:${r.id}:inspection`, 2600],
      [`return:${r.id}:dispute`, 2600],
    ])
    expect(ledger.totals).toMatchObject({ inFlight: 5200, refundable: 0 })
  })

  it('sends a different item returned to an agent, who may refund nothing', async () => {
    const { caseId, r, orderId } = await acceptedReturn(presets.ebay)
    await deliver(r)
    h.at(days(5))
    const claimed = await h.post(`/v1/returns/${r.id}/inspection`, h.seller, {
      condition: 'different_item_returned',
      note: 'A different, older jacket came back.',
      evidence: [await h.uploadPhoto(h.seller)],
    })
    expect(claimed.json<ReturnJson>().status).toBe('inspection_disputed')
    const resolved = await h.post(`/v1/returns/${r.id}/resolution`, h.agent, {
      refundAmount: 0,
      rationale: 'The serial on the returned jacket is not the one sold.',
    })
    expect(resolved.json<ReturnJson>()).toMatchObject({
      status: 'closed',
      closeReason: 'dispute_resolved',
    })
    expect(await caseOf(caseId)).toMatchObject({ status: 'closed' })
    expect((await h.ledger(orderId)).refunds).toEqual([])
  })
})

describe('who pays the label', () => {
  it('charges a remorse return’s label to the buyer’s refund, never to the card', async () => {
    const remorse: Policy = { ...presets.ebay }
    const { r, orderId } = await acceptedReturn(remorse, 'changed_mind')
    expect(r).toMatchObject({ shippingPaidBy: 'buyer', labelCharge: 795 })
    await deliver(r)
    h.at(days(5))
    const inspected = await h.post(`/v1/returns/${r.id}/inspection`, h.seller, {
      condition: 'as_described',
    })
    expect(inspected.json<ReturnJson>()).toMatchObject({ status: 'closed', refunded: 5200 - 795 })
    const ledger = await h.ledger(orderId)
    expect(ledger.totals).toMatchObject({ labelCharges: 795, inFlight: 4405, refundable: 0 })
  })

  it('has the marketplace front what a seller owes beyond its debit limit', async () => {
    const limited: Policy = {
      ...presets.ebay,
      refunds: { ...presets.ebay.refunds, sellerDebitLimit: 500 },
    }
    const { r, orderId, seller } = await acceptedReturn(limited, 'not_as_described', {
      sellerId: 'seller-limit',
    })
    await deliver(r)
    h.at(days(5))
    await h.post(`/v1/returns/${r.id}/inspection`, seller, { condition: 'as_described' })
    const ledger = await h.ledger(orderId)
    const balances = Object.fromEntries(ledger.balances.map((b) => [b.account, b.amount]))
    // Label 795 and refund 5200 from a 5200 escrow: 500 from the seller, 295 fronted.
    expect(balances).toMatchObject({
      [`order_escrow:${orderId}`]: 0,
      'seller_payable:seller-limit': -500,
      marketplace_guarantee: -295,
      return_shipping: 795,
    })
  })
})

describe('an appeal that calls the return off', () => {
  it('cancels a return not yet inspected when the final decision needs none', async () => {
    const orderId = await h.deliveredOrder(presets.poshmark, friday)
    h.at(addHours(friday, 2))
    const c = (
      await h.post(`/v1/orders/${orderId}/cases`, h.buyer, {
        reason: 'not_as_described',
        desiredOutcome: 'return_and_refund',
        description: 'Stained.',
        evidence: [{ kind: 'file', fileId: await h.uploadPhoto(h.buyer) }],
      })
    ).json<CaseJson>()
    await h.post(`/v1/cases/${c.id}/dispute`, h.seller, { statement: 'It was clean.' })
    await h.post(`/v1/cases/${c.id}/escalate`, h.buyer)
    await h.post(`/v1/cases/${c.id}/decision`, h.agent, {
      outcome: 'return_required',
      fault: 'seller',
      rationale: 'Stain visible.',
    })
    const [r] = (await h.get(`/v1/cases/${c.id}/returns`, h.buyer)).json<{ items: ReturnJson[] }>()
      .items
    h.at(addHours(friday, 30))
    const appealed = await h.post(`/v1/cases/${c.id}/appeal`, h.seller, {
      newInformation: 'Dry-cleaning receipt from the day before shipping.',
    })
    expect(appealed.statusCode).toBe(200)
    const final = await h.post(`/v1/cases/${c.id}/appeal-decision`, h.agent2, {
      outcome: 'seller_favor',
      fault: 'none',
      rationale: 'The receipt shows it was clean when shipped.',
    })
    expect(final.statusCode).toBe(200)
    expect((await h.get(`/v1/returns/${r?.id ?? ''}`, h.buyer)).json<ReturnJson>().status).toBe(
      'cancelled',
    )
    expect((await h.ledger(orderId)).refunds).toEqual([])
  })
})

describe('a replacement', () => {
  const replacementCase = async (): Promise<{ orderId: string; caseId: string }> => {
    const orderId = await h.deliveredOrder(presets.ebay, friday)
    h.at(addHours(friday, 2))
    const c = (
      await h.post(`/v1/orders/${orderId}/cases`, h.buyer, {
        reason: 'defective',
        desiredOutcome: 'replacement',
        description: 'The zip is broken.',
      })
    ).json<CaseJson>()
    const offered = (
      await h.post(`/v1/cases/${c.id}/offers`, h.seller, { terms: { kind: 'replacement' } })
    ).json<CaseJson>()
    const accepted = await h.post(
      `/v1/cases/${c.id}/offers/${offered.offers[0]?.offerId ?? ''}/accept`,
      h.buyer,
    )
    expect(accepted.json<CaseJson>().status).toBe('awaiting_follow_up')
    return { orderId, caseId: c.id }
  }

  it('is shipped by the seller with tracking, delivered through the integration, and closes the case', async () => {
    const { caseId, orderId } = await replacementCase()
    const waiting = await h.get(`/v1/cases/${caseId}/replacement`, h.buyer)
    expectMoneySchema('Replacement', waiting.json())
    expect(waiting.json()).toMatchObject({ status: 'awaiting_shipment' })
    expectProblem(
      await h.post(`/v1/cases/${caseId}/replacement/delivery`, h.integration),
      409,
      'REPLACEMENT_NOT_SHIPPED',
    )
    const shipment = { carrier: 'UPS', trackingNumber: '1Z999AA10123456784' }
    const shipped = await h.post(`/v1/cases/${caseId}/replacement/shipment`, h.seller, shipment)
    expect(shipped.json()).toMatchObject({ status: 'shipped', ...shipment })
    expect(
      (await h.post(`/v1/cases/${caseId}/replacement/shipment`, h.seller, shipment)).statusCode,
    ).toBe(200)
    expectProblem(
      await h.post(`/v1/cases/${caseId}/replacement/shipment`, h.seller, {
        carrier: 'UPS',
        trackingNumber: '1Z999AA10000000000',
      }),
      409,
      'REPLACEMENT_ALREADY_SHIPPED',
    )
    expectProblem(
      await h.post(`/v1/cases/${caseId}/replacement/shipment`, h.buyer, shipment),
      403,
      'FORBIDDEN',
    )
    h.at(days(4))
    const delivered = await h.post(`/v1/cases/${caseId}/replacement/delivery`, h.integration)
    expect(delivered.json()).toMatchObject({ status: 'delivered' })
    expect(
      (await h.post(`/v1/cases/${caseId}/replacement/delivery`, h.integration)).statusCode,
    ).toBe(200)
    expect(await caseOf(caseId)).toMatchObject({
      status: 'closed',
      closeReason: 'follow_up_completed',
    })
    expect((await h.ledger(orderId)).refunds).toEqual([])
  })

  it('refunds the buyer once when it is not delivered in time', async () => {
    const { caseId, orderId } = await replacementCase()
    await h.sweep(days(20))
    expect(await caseOf(caseId)).toMatchObject({
      status: 'closed',
      closeReason: 'replacement_failed',
    })
    await h.sweep(days(25))
    const ledger = await h.ledger(orderId)
    expect(ledger.refunds).toEqual([
      expect.objectContaining({ reason: 'replacement_failed', amount: 5200 }),
    ])
    expect((await h.get(`/v1/cases/${caseId}/replacement`, h.buyer)).json()).toMatchObject({
      status: 'failed',
    })
  })
})
