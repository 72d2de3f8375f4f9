import type { Static } from 'typebox'
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest'
import type { CaseTimelineFact } from '../../src/domain/case/timeline.ts'
import type {
  ClaimedLine,
  DecisionRecord,
  EvidenceRecord,
  OfferRecord,
} from '../../src/domain/case/vocabulary.ts'
import type {
  CaseTimelineEntry,
  CaseView,
  ClaimedLineView,
  DecisionView,
  EvidenceRecordView,
  OfferView,
  QueueItem,
} from '../../src/http/schemas/case.ts'
import type { ReturnView } from '../../src/http/schemas/return.ts'
import { presets } from '../../src/policy/presets.ts'
import { addHours, instant } from '../../src/policy/time.ts'
import { openTestApp, type TestApp } from '../support/app.ts'
import { expectProblem, expectSchema } from '../support/http.ts'
import { orderBody } from '../support/orders.ts'

// What the web app reads off cases and the queue: the nested records typed in
// the OpenAPI schema, triage context on queue rows, the inbox sorted by the
// caller's next deadline, and who may take or hand over a case.

let t: TestApp
let integration: string
let buyer: string
let seller: string
let agent: string
let agent2: string

const delivered = instant('2026-11-27T15:00:00.000Z')
const at = (time: string) => t.clock?.set(instant(time))
const post = (url: string, authorization: string, payload?: object) =>
  t.server.inject({
    method: 'POST',
    url,
    headers: { authorization },
    ...(payload ? { payload } : {}),
  })
const get = (url: string, authorization: string) =>
  t.server.inject({ method: 'GET', url, headers: { authorization } })

type Case = Static<typeof CaseView>
/** Each timeline type's data fields, to hold the wire schema to the domain's `caseTimelineFact`. */
type FieldsByType<U extends { type: string; data: object }> = {
  [T in U['type']]: keyof Extract<U, { type: T }>['data']
}
type Queue = { items: Static<typeof QueueItem>[]; nextCursor: string | null }

beforeAll(async () => {
  t = await openTestApp()
  integration = await t.integration()
  // Each test gets its own parties, so lists hold only that test's cases.
  buyer = await t.bearer('buyer', 'views-buyer')
  seller = await t.bearer('seller', 'views-seller')
  agent = await t.bearer('agent', 'views-agent-1')
  agent2 = await t.bearer('agent', 'views-agent-2')
  await t.usePolicy(presets.ebay)
})
afterAll(async () => t.close())

/** A delivered order between the test's parties, with a case the buyer opened on it. */
const openedCase = async (title: string, at0: string): Promise<Case> => {
  at(at0)
  const body = orderBody({ buyerId: 'views-buyer', sellerId: 'views-seller' })
  const line = body.lines[0]!
  const order = (
    await post('/v1/orders', integration, {
      ...body,
      lines: [{ ...line, listing: { ...line.listing, title } }],
    })
  ).json<{ id: string }>()
  await post(`/v1/orders/${order.id}/shipments`, seller, {
    carrier: 'USPS',
    trackingNumber: '94001118',
  })
  at(delivered)
  expect((await post(`/v1/orders/${order.id}/delivery`, integration)).statusCode).toBe(200)
  at(addHours(delivered, 2))
  const opened = await post(`/v1/orders/${order.id}/cases`, buyer, {
    reason: 'not_as_described',
    desiredOutcome: 'return_and_refund',
    description: `The ${title} is not what the listing showed.`,
    evidence: [
      { kind: 'note', note: 'Seams are split.' },
      { kind: 'measurements', measurements: { chest: '48 cm' } },
    ],
  })
  expect(opened.statusCode).toBe(201)
  return opened.json<Case>()
}

/** The seller disputes and the buyer escalates: the case waits in the agents' queue. */
const escalatedCase = async (title: string, at0: string): Promise<Case> => {
  const c = await openedCase(title, at0)
  const disputed = await post(`/v1/cases/${c.id}/dispute`, seller, {
    statement: 'It left here intact.',
  })
  expect(disputed.statusCode).toBe(200)
  const escalated = await post(`/v1/cases/${c.id}/escalate`, buyer, { statement: 'Please look.' })
  expect(escalated.statusCode).toBe(200)
  return escalated.json<Case>()
}

describe('the case record', () => {
  it('declares every nested record the server keeps, so none is dropped on the wire', () => {
    expectTypeOf<keyof Static<typeof ClaimedLineView>>().toEqualTypeOf<keyof ClaimedLine>()
    expectTypeOf<keyof Static<typeof OfferView>>().toEqualTypeOf<keyof OfferRecord>()
    expectTypeOf<keyof Static<typeof DecisionView>>().toEqualTypeOf<keyof DecisionRecord>()
    expectTypeOf<EvidenceRecord['kind']>().toEqualTypeOf<
      Static<typeof EvidenceRecordView>['kind']
    >()
    expectTypeOf<FieldsByType<Static<typeof CaseTimelineEntry>>>().toEqualTypeOf<
      FieldsByType<CaseTimelineFact>
    >()
  })

  it('carries typed lines, evidence, offers and the decision, each matching the schema', async () => {
    const c = await openedCase('Wool coat', '2026-11-24T15:00:00.000Z')
    const offered = await post(`/v1/cases/${c.id}/offers`, seller, {
      terms: { kind: 'partial_refund', amount: 1500 },
    })
    expect(offered.statusCode).toBe(200)
    const body = offered.json<Case>()
    expectSchema('Case', body)
    expect(body.lines).toEqual([
      { lineId: 'line-1', quantity: 1, unitPrice: 4500, amount: 4500, title: 'Wool coat' },
    ])
    expect(body.evidence.map((e) => e.kind)).toEqual(['note', 'measurements'])
    expect(body.evidence[1]).toMatchObject({
      kind: 'measurements',
      measurements: { chest: '48 cm' },
      addedBy: { role: 'buyer', userId: 'views-buyer' },
    })
    expect(body.offers[0]).toMatchObject({
      by: 'seller',
      terms: { kind: 'partial_refund', amount: 1500 },
      status: 'pending',
    })
    expect(Object.keys(body.offers[0]!).sort()).toEqual(
      ['by', 'madeAt', 'offerId', 'respondBy', 'status', 'terms'].sort(),
    )
    // The timeline carries the offer as data: the amount in minor units beside the currency.
    expect(body.timeline.find((e) => e.type === 'OfferMade')?.data).toEqual({
      offerId: body.offers[0]!.offerId,
      by: { role: 'seller', userId: 'views-seller' },
      terms: { kind: 'partial_refund', amount: 1500 },
      currency: 'USD',
      respondBy: body.offers[0]!.respondBy,
      message: null,
    })

    await post(`/v1/cases/${c.id}/escalate`, buyer, { statement: 'Not enough.' })
    const decided = await post(`/v1/cases/${c.id}/decision`, agent, {
      outcome: 'refund_partial',
      amount: 2000,
      fault: 'seller',
      rationale: 'The seams were split on arrival.',
    })
    expect(decided.statusCode).toBe(200)
    expectSchema('Case', decided.json())
    expect(decided.json<Case>().decision).toMatchObject({
      agentId: 'views-agent-1',
      outcome: 'refund_partial',
      amount: 2000,
      fault: 'seller',
      funding: 'seller',
      followUpInstructions: null,
    })
  })
})

describe('the agents’ queue', () => {
  it('gives each row the order, the parties and the claimed listing’s title', async () => {
    const c = await escalatedCase('Leather boots', '2026-11-20T15:00:00.000Z')
    const queue = (await get('/v1/queue?limit=100', agent)).json<Queue>()
    const row = queue.items.find((i) => i.caseId === c.id)
    expect(row).toMatchObject({
      orderId: c.orderId,
      buyerId: 'views-buyer',
      sellerId: 'views-seller',
      title: 'Leather boots',
      claimedLines: 1,
      reason: 'not_as_described',
      claimedAmount: c.claimedAmount,
    })
  })
})

describe('POST /cases/:id/assign', () => {
  it('takes the case without agentId, hands it over with one, and takes it back', async () => {
    const c = await escalatedCase('Silk scarf', '2026-11-19T15:00:00.000Z')
    expect(c.assignedAgentId).toBeNull()

    const taken = await post(`/v1/cases/${c.id}/assign`, agent)
    expect(taken.statusCode).toBe(200)
    expect(taken.json<Case>().assignedAgentId).toBe('views-agent-1')

    const handed = await post(`/v1/cases/${c.id}/assign`, agent, { agentId: 'views-agent-2' })
    expect(handed.json<Case>().assignedAgentId).toBe('views-agent-2')
    const mine = (await get('/v1/queue?assigned=me&limit=100', agent2)).json<Queue>()
    expect(mine.items.map((i) => i.caseId)).toContain(c.id)

    const back = await post(`/v1/cases/${c.id}/assign`, agent, {})
    expect(back.json<Case>().assignedAgentId).toBe('views-agent-1')
    const types = back.json<Case>().timeline.filter((e) => e.type === 'CaseAssigned')
    expect(types).toHaveLength(3)
  })

  it('refuses to hand a case to someone the directory knows as a buyer', async () => {
    const c = await escalatedCase('Linen shirt', '2026-11-18T15:00:00.000Z')
    const mirrored = await t.server.inject({
      method: 'PUT',
      url: '/v1/users/views-buyer',
      headers: { authorization: integration },
      payload: { role: 'buyer', name: 'Views Buyer' },
    })
    expect(mirrored.statusCode).toBe(200)
    const refused = await post(`/v1/cases/${c.id}/assign`, agent, { agentId: 'views-buyer' })
    expectProblem(refused, 422, 'ASSIGNEE_NOT_AN_AGENT')
    expect(refused.json()).toMatchObject({ agentId: 'views-buyer', role: 'buyer' })
    expect((await get(`/v1/cases/${c.id}`, agent)).json<Case>().assignedAgentId).toBeNull()
  })

  it('is for agents only', async () => {
    const c = await escalatedCase('Cotton tee', '2026-11-17T15:00:00.000Z')
    expect((await post(`/v1/cases/${c.id}/assign`, buyer, {})).statusCode).toBe(403)
  })
})

describe('GET /cases?sort=deadline', () => {
  it('puts the caller’s own deadlines first, then the other side’s, then closed cases', async () => {
    const sellerBuyer = await t.bearer('buyer', 'inbox-buyer')
    const inboxSeller = await t.bearer('seller', 'inbox-seller')
    const make = async (title: string, openedAt: string): Promise<Case> => {
      at(openedAt)
      const body = orderBody({ buyerId: 'inbox-buyer', sellerId: 'inbox-seller' })
      const line = body.lines[0]!
      const order = (
        await post('/v1/orders', integration, {
          ...body,
          lines: [{ ...line, listing: { ...line.listing, title } }],
        })
      ).json<{ id: string }>()
      await post(`/v1/orders/${order.id}/shipments`, inboxSeller, {
        carrier: 'USPS',
        trackingNumber: '94001118',
      })
      await post(`/v1/orders/${order.id}/delivery`, integration)
      const opened = await post(`/v1/orders/${order.id}/cases`, sellerBuyer, {
        reason: 'damaged',
        desiredOutcome: 'full_refund',
        description: 'Arrived broken.',
      })
      expect(opened.statusCode).toBe(201)
      return opened.json<Case>()
    }
    // Opened oldest first: the seller's deadlines fall in the same order.
    const early = await make('Teapot', '2026-11-23T10:00:00.000Z')
    const offered = await make('Vase', '2026-11-23T11:00:00.000Z')
    const late = await make('Mug', '2026-11-23T12:00:00.000Z')
    const closed = await make('Bowl', '2026-11-23T13:00:00.000Z')
    at('2026-11-23T14:00:00.000Z')
    expect(
      (
        await post(`/v1/cases/${offered.id}/offers`, inboxSeller, {
          terms: { kind: 'partial_refund', amount: 1000 },
        })
      ).statusCode,
    ).toBe(200)
    expect((await post(`/v1/cases/${closed.id}/withdraw`, sellerBuyer)).statusCode).toBe(200)

    const ids = async (authorization: string, limit: number): Promise<string[]> => {
      const seen: string[] = []
      let cursor: string | null = null
      do {
        const res = await get(
          `/v1/cases?sort=deadline&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
          authorization,
        )
        expect(res.statusCode).toBe(200)
        const page = res.json<{ items: Case[]; nextCursor: string | null }>()
        page.items.forEach((c) => expectSchema('Case', c))
        seen.push(...page.items.map((c) => c.id))
        cursor = page.nextCursor
      } while (cursor)
      return seen
    }
    const sellerOrder = [early.id, late.id, offered.id, closed.id]
    const buyerOrder = [offered.id, early.id, late.id, closed.id]
    expect(await ids(inboxSeller, 100)).toEqual(sellerOrder)
    expect(await ids(inboxSeller, 1)).toEqual(sellerOrder)
    expect(await ids(inboxSeller, 3)).toEqual(sellerOrder)
    expect(await ids(sellerBuyer, 2)).toEqual(buyerOrder)
    // Newest first stays the default.
    const newest = (await get('/v1/cases?limit=100', inboxSeller)).json<{ items: Case[] }>()
    expect(newest.items.map((c) => c.id)).toEqual([closed.id, late.id, offered.id, early.id])
  })

  it('refuses an unknown order', async () => {
    expectProblem(await get('/v1/cases?sort=oldest', seller), 400, 'VALIDATION_FAILED')
  })
})

describe('a return as its seller sees it', () => {
  it('says the most the inspection may keep back, and types what the inspection found', async () => {
    // eBay: half the refund at most; the seller pays the label (not as described).
    const c = await openedCase('Rain jacket', '2026-11-16T15:00:00.000Z')
    const accepted = await post(`/v1/cases/${c.id}/accept-claim`, seller, { resolution: 'return' })
    expect(accepted.statusCode).toBe(200)
    type ReturnJson = Static<typeof ReturnView>
    const [r] = (await get(`/v1/cases/${c.id}/returns`, seller)).json<{ items: ReturnJson[] }>()
      .items
    if (!r) throw new Error('no return')
    expect(r.labelCharge).toBe(0)
    expect(r.maximumDeduction).toBe(Math.floor(r.refundOnCompletion / 2))
    expect((await post(`/v1/returns/${r.id}/shipments`, buyer, {})).statusCode).toBe(200)
    expect((await post(`/v1/returns/${r.id}/delivery`, integration)).statusCode).toBe(200)

    const tooMuch = await post(`/v1/returns/${r.id}/inspection`, seller, {
      condition: 'used',
      deduction: r.maximumDeduction + 1,
      note: 'Worn.',
    })
    expectProblem(tooMuch, 422, 'DEDUCTION_EXCEEDS_MAXIMUM')
    expect(tooMuch.json()).toMatchObject({ maximumDeduction: r.maximumDeduction })

    const inspected = await post(`/v1/returns/${r.id}/inspection`, seller, {
      condition: 'as_described',
      note: 'All good.',
    })
    expect(inspected.statusCode).toBe(200)
    expect(inspected.json<ReturnJson>().inspection).toEqual({
      by: 'seller',
      condition: 'as_described',
      deduction: 0,
      deductionReason: null,
      evidence: [],
      at: expect.any(String) as string,
    })
  })
})
