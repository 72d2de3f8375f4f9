import { Compile } from 'typebox/compile'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isS10 } from '../../src/integrations/labels.ts'
import { SwapView } from '../../src/http/schemas/swap.ts'
import { presets } from '../../src/policy/presets.ts'
import type { Instant } from '../../src/policy/time.ts'
import { addHours, instant } from '../../src/policy/time.ts'
import { expectProblem } from '../support/http.ts'
import { openMoneyHarness, pdfBarcodes, pdfText, type MoneyHarness } from './money-support.ts'

// Swapped orders through the API: two buyers received each other's items; an
// agent links the cases, each buyer forwards the other's item, both cases close.

let h: MoneyHarness
let buyer2: string
const friday = instant('2026-11-27T15:00:00.000Z')
const hours = (n: number): Instant => addHours(friday, n)

const validSwap = Compile(SwapView)
const expectSwapSchema = (body: unknown): void => {
  expect([...validSwap.Errors(body)].map((e) => `${e.instancePath} ${e.message}`)).toEqual([])
}

interface CaseJson {
  id: string
  status: string
  closeReason: string | null
  countsAgainstSeller: boolean | null
  followUp: { kind: string; status: string } | null
  availableActions: { action: string }[]
  timeline: { type: string; text: string }[]
}

interface SwapJson {
  id: string
  status: string
  fault: string
  legs: {
    leg: 'a' | 'b'
    caseId: string
    orderId: string
    fromBuyerId: string
    toBuyerId: string
    rma: string
    status: string
    shipBy: string
    label: { labelId: string; trackingNumber: string; cost: number }
    labelUrl: string
  }[]
  availableActions: { action: string; leg: string }[]
}

beforeAll(async () => {
  h = await openMoneyHarness()
  buyer2 = await h.t.bearer('buyer', 'buyer-2')
})
afterAll(async () => h.close())

const listing = (title: string) => ({
  listingId: `lst-${title.length}`,
  title,
  description: `${title}, as photographed.`,
  photos: ['https://img.example/1.jpg'],
  category: 'apparel/outerwear',
  condition: 'good' as const,
})

/** A delivered Poshmark order of `title` bought by `buyerId`, with an escalated wrong-item case. */
const escalatedCase = async (
  buyerId: string,
  auth: string,
  title: string,
  received: string,
  sellerId = 'seller-1',
): Promise<{ orderId: string; caseId: string }> => {
  const orderId = await h.deliveredOrder(presets.poshmark, friday, {
    buyerId,
    sellerId,
    lines: [{ lineId: 'line-1', quantity: 1, unitPrice: 4500, listing: listing(title) }],
  })
  const seller = await h.t.bearer('seller', sellerId)
  h.at(hours(2))
  const fileId = await h.uploadPhoto(auth)
  const opened = await h.post(`/v1/orders/${orderId}/cases`, auth, {
    reason: 'wrong_item',
    desiredOutcome: 'return_and_refund',
    description: `I ordered the ${title} and received a ${received}.`,
    evidence: [{ kind: 'file', fileId, note: 'what came in the parcel' }],
  })
  expect(opened.statusCode).toBe(201)
  const caseId = opened.json<CaseJson>().id
  h.at(hours(4))
  expect(
    (
      await h.post(`/v1/cases/${caseId}/dispute`, seller, {
        statement: 'I shipped the right item.',
      })
    ).statusCode,
  ).toBe(200)
  h.at(hours(6))
  const escalated = await h.post(`/v1/cases/${caseId}/escalate`, auth, {
    statement: 'This is someone else’s order.',
  })
  expect(escalated.json<CaseJson>().status).toBe('escalated')
  return { orderId, caseId }
}

/** Buyer 1 bought a jacket and got a scarf; buyer 2 bought the scarf and got the jacket. */
const swappedPair = async (secondSeller = 'seller-1') => {
  const first = await escalatedCase('buyer-1', h.buyer, 'Denim trucker jacket', 'silk scarf')
  const second = await escalatedCase('buyer-2', buyer2, 'Silk scarf', 'denim jacket', secondSeller)
  return { first, second }
}

const caseOf = async (caseId: string) => {
  const res = await h.get(`/v1/cases/${caseId}`, h.agent)
  expect(res.statusCode).toBe(200)
  return res.json<CaseJson>()
}

const link = (caseId: string, otherCaseId: string, auth = h.agent, key?: string) =>
  h.post(
    `/v1/cases/${caseId}/swap`,
    auth,
    { otherCaseId, rationale: 'Each buyer describes the other’s item; the seller swapped labels.' },
    key === undefined ? {} : { 'idempotency-key': key },
  )

describe('swapped orders', () => {
  it('link → both labels → ship both → deliver one (still open) → deliver the other → both closed, no refund, ledgers add up', async () => {
    const { first, second } = await swappedPair()
    expect((await caseOf(first.caseId)).availableActions.map((a) => a.action)).toContain(
      'link_swap',
    )
    const before = await h.ledger(first.orderId)

    h.at(hours(8))
    const linked = await link(first.caseId, second.caseId)
    expect(linked.statusCode).toBe(201)
    expectSwapSchema(linked.json())
    const swap = linked.json<SwapJson>()
    expect(swap).toMatchObject({ status: 'linked', fault: 'seller' })
    const [a, b] = swap.legs
    if (!a || !b) throw new Error('two legs')
    expect(a).toMatchObject({ caseId: first.caseId, fromBuyerId: 'buyer-1', toBuyerId: 'buyer-2' })
    expect(b).toMatchObject({ caseId: second.caseId, fromBuyerId: 'buyer-2', toBuyerId: 'buyer-1' })
    for (const c of [first, second]) {
      const view = await caseOf(c.caseId)
      expect(view).toMatchObject({ status: 'awaiting_follow_up', followUp: { kind: 'swap' } })
      expect(view.availableActions.map((x) => x.action)).not.toContain('link_swap')
      expect(view.timeline.map((e) => e.type)).toContain('CaseSwapLinked')
    }
    expect(
      (await h.get(`/v1/cases/${second.caseId}/swap`, buyer2)).json<{ swap: SwapJson }>().swap.id,
    ).toBe(swap.id)

    // Each buyer prints their own leg's label: real PDFs whose text and barcode read back.
    for (const [leg, auth, from, to, item] of [
      [a, h.buyer, 'buyer-1', 'buyer-2', 'Silk scarf'],
      [b, buyer2, 'buyer-2', 'buyer-1', 'Denim trucker jacket'],
    ] as const) {
      expect(isS10(leg.label.trackingNumber)).toBe(true)
      const res = await h.get(leg.labelUrl, auth)
      expect(res.statusCode).toBe(200)
      const bytes = new Uint8Array(res.rawPayload)
      expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe('%PDF-')
      const text = await pdfText(bytes)
      expect(text).toEqual(
        expect.arrayContaining(['SHIP TO', from, to, leg.rma, leg.label.trackingNumber]),
      )
      expect(text.join('\n')).toContain(item)
      expect(await pdfBarcodes(bytes)).toEqual([leg.label.trackingNumber])
    }
    expectProblem(await h.get(b.labelUrl, h.buyer), 404, 'NOT_FOUND')
    expectProblem(await h.get(a.labelUrl, h.seller), 404, 'NOT_FOUND')
    expect((await h.get(a.labelUrl, h.agent)).statusCode).toBe(200)

    // The marketplace paid both labels; nothing else moved.
    const labelled = await h.ledger(first.orderId)
    expect(labelled.totals.refundable).toBe(before.totals.refundable)
    expect(labelled.totals.labelCharges).toBe(0)
    expect(labelled.postings.map((p) => p.businessKey)).toContain(`return-label:${a.label.labelId}`)

    h.at(hours(30))
    const shippedA = await h.post(`/v1/swaps/${swap.id}/legs/a/shipments`, h.buyer)
    expect(shippedA.statusCode).toBe(200)
    expectProblem(
      await h.post(`/v1/swaps/${swap.id}/legs/b/shipments`, h.buyer),
      404,
      'NOT_A_PARTY',
    )
    expect((await h.post(`/v1/swaps/${swap.id}/legs/b/shipments`, buyer2)).statusCode).toBe(200)

    h.at(hours(80))
    const oneDelivered = await h.post(`/v1/swaps/${swap.id}/legs/a/delivery`, h.integration)
    expect(oneDelivered.statusCode).toBe(200)
    expect(oneDelivered.json<SwapJson>().status).toBe('linked')
    expect((await caseOf(first.caseId)).status).toBe('awaiting_follow_up')
    expect((await caseOf(second.caseId)).status).toBe('awaiting_follow_up')

    h.at(hours(90))
    const both = await h.post(`/v1/swaps/${swap.id}/legs/b/delivery`, h.integration)
    expect(both.statusCode).toBe(200)
    expectSwapSchema(both.json())
    expect(both.json<SwapJson>().status).toBe('completed')
    for (const c of [first, second]) {
      const view = await caseOf(c.caseId)
      expect(view).toMatchObject({
        status: 'closed',
        closeReason: 'swapped',
        countsAgainstSeller: true,
      })
      const ledger = await h.ledger(c.orderId)
      expect(ledger.totals.refundable).toBe(ledger.totals.captured)
      expect(ledger.totals.refundedToCard + ledger.totals.credited + ledger.totals.inFlight).toBe(0)
    }
    // A repeated delivery scan changes nothing.
    const again = await h.post(`/v1/swaps/${swap.id}/legs/b/delivery`, h.integration)
    expect(again.json<SwapJson>().status).toBe('completed')
  })

  it('refuses the same buyer, a case not with the agents, a case already linked, and anyone but an agent', async () => {
    const { first, second } = await swappedPair()
    const sameBuyer = await escalatedCase('buyer-1', h.buyer, 'Wool beanie', 'cotton cap')
    h.at(hours(8))
    expectProblem(await link(first.caseId, sameBuyer.caseId), 422, 'SWAP_SAME_BUYER')
    expectProblem(await link(first.caseId, first.caseId), 422, 'SWAP_SAME_CASE')
    expectProblem(
      await link(first.caseId, '0190a0a0-0000-7000-8000-000000000000'),
      404,
      'NOT_FOUND',
    )
    expectProblem(await link(first.caseId, second.caseId, h.buyer), 403, 'FORBIDDEN')
    expectProblem(await link(first.caseId, second.caseId, h.seller), 403, 'FORBIDDEN')

    const withdrawn = await escalatedCase('buyer-2', buyer2, 'Linen shirt', 'polo shirt')
    expect((await h.post(`/v1/cases/${withdrawn.caseId}/withdraw`, buyer2)).statusCode).toBe(200)
    expectProblem(await link(first.caseId, withdrawn.caseId), 409, 'CASE_NOT_SWAPPABLE')

    expect((await link(first.caseId, second.caseId)).statusCode).toBe(201)
    const third = await escalatedCase('buyer-2', buyer2, 'Leather belt', 'canvas belt')
    h.at(hours(9))
    expectProblem(await link(third.caseId, first.caseId), 409, 'CASE_ALREADY_SWAPPED')

    const swap = (await h.get(`/v1/cases/${first.caseId}/swap`, h.agent)).json<{ swap: SwapJson }>()
      .swap
    const stranger = await h.t.bearer('buyer', 'buyer-3')
    expectProblem(await h.get(`/v1/swaps/${swap.id}`, stranger), 404, 'NOT_FOUND')
    expectProblem(await h.get(`/v1/swaps/${swap.id}`, h.seller), 404, 'NOT_FOUND')
    expectProblem(await h.get(`/v1/cases/${first.caseId}/swap`, stranger), 404, 'NOT_FOUND')
  })

  it('links once for one Idempotency-Key, however often it is sent', async () => {
    const { first, second } = await swappedPair('seller-2')
    h.at(hours(8))
    const once = await link(first.caseId, second.caseId, h.agent, 'swap-link-1')
    const twice = await link(first.caseId, second.caseId, h.agent, 'swap-link-1')
    expect(once.statusCode).toBe(201)
    expect(twice.statusCode).toBe(201)
    expect(twice.headers['idempotent-replayed']).toBe('true')
    expect(twice.json<SwapJson>().id).toBe(once.json<SwapJson>().id)
    // Two sellers cannot swap each other's parcels: the carrier mixed them up.
    expect(once.json<SwapJson>().fault).toBe('carrier')
    // A fresh key is refused: the cases are already linked.
    expectProblem(
      await link(first.caseId, second.caseId, h.agent, 'swap-link-2'),
      409,
      'CASE_ALREADY_SWAPPED',
    )
    for (const c of [first, second]) {
      const ledger = await h.ledger(c.orderId)
      expect(ledger.postings.filter((p) => p.businessKey.startsWith('return-label:'))).toHaveLength(
        1,
      )
    }
  })

  it('falls back to the agents when a buyer does not ship by the ship-by date', async () => {
    const { first, second } = await swappedPair()
    h.at(hours(8))
    const swap = (await link(first.caseId, second.caseId)).json<SwapJson>()
    h.at(hours(20))
    expect((await h.post(`/v1/swaps/${swap.id}/legs/a/shipments`, h.buyer)).statusCode).toBe(200)
    const shipBy = swap.legs[1]?.shipBy ?? ''
    await h.sweep(addHours(instant(shipBy), 1))
    const failed = (await h.get(`/v1/swaps/${swap.id}`, h.agent)).json<SwapJson>()
    expect(failed).toMatchObject({ status: 'failed', failedLegs: ['b'] })
    for (const c of [first, second]) {
      const view = await caseOf(c.caseId)
      expect(view).toMatchObject({
        status: 'escalated',
        followUp: { kind: 'swap', status: 'failed' },
      })
      expect(view.timeline.at(-1)?.text).toContain('swap fell through')
    }
    // The parcel already on its way is still tracked for the agents.
    expect(
      (await h.post(`/v1/swaps/${swap.id}/legs/a/delivery`, h.integration)).json<SwapJson>().legs[0]
        ?.status,
    ).toBe('delivered')
  })
})
