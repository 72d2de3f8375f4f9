import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { presets } from '../../src/policy/presets.ts'
import type { Instant } from '../../src/policy/time.ts'
import { addHours, instant } from '../../src/policy/time.ts'
import type { Policy } from '../../src/policy/types.ts'
import { openTestApp, type TestApp } from '../support/app.ts'
import { expectProblem, expectSchema, multipartFile, PNG_1x1 } from '../support/http.ts'
import { orderBody } from '../support/orders.ts'

// The cases issue's walkthroughs, played through the API with a fixed clock
// that the test moves, firing due deadlines as the scheduler would.

let t: TestApp
let integration: string
let buyer: string
let seller: string
let agent: string
let agent2: string

const friday = instant('2026-11-27T15:00:00.000Z') // 10:00 in New York
const at = (time: Instant) => {
  t.clock?.set(time)
}
const sweep = async (time: Instant) => {
  at(time)
  return t.recourse.deadlines.sweep(time)
}
const post = (url: string, authorization: string, payload?: object) =>
  t.server.inject({
    method: 'POST',
    url,
    headers: { authorization },
    ...(payload ? { payload } : {}),
  })
const get = (url: string, authorization: string) =>
  t.server.inject({ method: 'GET', url, headers: { authorization } })

interface CaseJson {
  id: string
  status: string
  offers: { offerId: string }[]
  availableActions: { action: string; dueAt?: string }[]
  countsAgainstSeller: boolean | null
  reputationReason: string | null
  closeReason: string | null
  escalationReason: string | null
  decision: { decidedBy?: string } | null
  timeline: { type: string; text: string }[]
}

beforeAll(async () => {
  t = await openTestApp()
  integration = await t.integration()
  buyer = await t.bearer('buyer', 'buyer-1')
  seller = await t.bearer('seller', 'seller-1')
  agent = await t.bearer('agent', 'agent-1')
  agent2 = await t.bearer('agent', 'agent-2')
})
afterAll(async () => t.close())

/** Under `policy`, an order delivered at `deliveredAt`. */
const deliveredOrder = async (policy: Policy, deliveredAt: Instant): Promise<string> => {
  await t.usePolicy(policy)
  at(addHours(deliveredAt, -72))
  const order = (await post('/v1/orders', integration, orderBody())).json<{ id: string }>()
  await post(`/v1/orders/${order.id}/shipments`, seller, {
    carrier: 'USPS',
    trackingNumber: '94001118',
  })
  at(deliveredAt)
  expect((await post(`/v1/orders/${order.id}/delivery`, integration)).statusCode).toBe(200)
  return order.id
}

const uploadPhoto = async (authorization: string): Promise<string> => {
  const { payload, headers } = multipartFile(PNG_1x1, 'stain.png', 'image/png')
  const res = await t.server.inject({
    method: 'POST',
    url: '/v1/files',
    headers: { authorization, ...headers },
    payload,
  })
  expect(res.statusCode).toBe(201)
  return res.json<{ fileId: string }>().fileId
}

describe('Poshmark: not as described, disputed, escalated, decided', () => {
  it('ends with return_required at the seller’s fault, the return paid by the marketplace', async () => {
    const delivered = friday
    const orderId = await deliveredOrder(presets.poshmark, delivered)
    at(addHours(delivered, 30))
    const fileId = await uploadPhoto(buyer)
    const opened = await post(`/v1/orders/${orderId}/cases`, buyer, {
      reason: 'not_as_described',
      desiredOutcome: 'return_and_refund',
      description: 'The jacket has a large stain on the back that the listing did not show.',
      evidence: [{ kind: 'file', fileId, note: 'stain on the back' }],
    })
    expect(opened.statusCode).toBe(201)
    expectSchema('Case', opened.json())
    const c = opened.json<CaseJson>()
    expect(c.status).toBe('awaiting_seller')
    expect((await get(`/v1/orders/${orderId}`, seller)).json()).toMatchObject({
      payout: 'frozen',
      openCaseId: c.id,
    })

    at(addHours(delivered, 40))
    const disputed = await post(`/v1/cases/${c.id}/dispute`, seller, {
      statement: 'The listing photos show the back; measurements match the listing.',
      evidence: [{ kind: 'measurements', measurements: { chest: '52 cm', length: '63 cm' } }],
    })
    expect(disputed.json<CaseJson>().status).toBe('awaiting_buyer')

    const escalated = await post(`/v1/cases/${c.id}/escalate`, buyer, {
      statement: 'The stain is not in any photo.',
    })
    expect(escalated.json<CaseJson>().status).toBe('escalated')
    const queue = await get('/v1/queue?assigned=unassigned', agent)
    expect(queue.json<{ items: { caseId: string }[] }>().items.map((i) => i.caseId)).toContain(c.id)

    const decided = await post(`/v1/cases/${c.id}/decision`, agent, {
      outcome: 'return_required',
      fault: 'seller',
      rationale: 'The stain is visible in the buyer’s photo and absent from the listing.',
    })
    expect(decided.statusCode).toBe(200)
    const after = decided.json<CaseJson>()
    expect(after.status).toBe('decided')
    expect(after.timeline.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'CaseOpened',
        'ClaimDisputed',
        'CaseEscalated',
        'CaseDecided',
        'ReturnRequired',
      ]),
    )
    const returnRequired = after.timeline.find((e) => e.type === 'ReturnRequired')
    expect(returnRequired?.text).toBeTruthy()
    const events = await t.server.inject({
      method: 'GET',
      url: `/v1/cases/${c.id}`,
      headers: { authorization: agent },
    })
    expect(events.statusCode).toBe(200)
  })

  it('refuses a case opened after the 3-day window, saying when it closed', async () => {
    const orderId = await deliveredOrder(presets.poshmark, friday)
    at(addHours(friday, 24 * 4))
    const late = await post(`/v1/orders/${orderId}/cases`, buyer, {
      reason: 'damaged',
      desiredOutcome: 'full_refund',
      description: 'Arrived broken.',
      evidence: [{ kind: 'note', note: 'cracked' }],
    })
    expectProblem(late, 422, 'CASE_WINDOW_ELAPSED')
    expect(late.json()).toMatchObject({ closedAt: addHours(friday, 72) })
  })

  it('refuses buyer’s remorse, which Poshmark does not cover', async () => {
    const orderId = await deliveredOrder(presets.poshmark, friday)
    at(addHours(friday, 2))
    expectProblem(
      await post(`/v1/orders/${orderId}/cases`, buyer, {
        reason: 'changed_mind',
        desiredOutcome: 'full_refund',
        description: 'Changed my mind.',
      }),
      422,
      'REASON_NOT_COVERED',
    )
  })
})

describe('eBay: the seller stays silent', () => {
  it('escalates on its own after 3 business days across a weekend, not a minute before', async () => {
    const orderId = await deliveredOrder(presets.ebay, addHours(friday, -24))
    at(friday)
    const c = (
      await post(`/v1/orders/${orderId}/cases`, buyer, {
        reason: 'not_as_described',
        desiredOutcome: 'full_refund',
        description: 'Wrong colour.',
      })
    ).json<CaseJson>()
    const wednesday10am = instant('2026-12-02T15:00:00.000Z')
    expect((await get(`/v1/cases/${c.id}`, buyer)).json()).toMatchObject({
      deadline: { kind: 'seller_response', dueAt: wednesday10am },
    })
    await sweep(addHours(wednesday10am, -1 / 60))
    expect((await get(`/v1/cases/${c.id}`, buyer)).json<CaseJson>().status).toBe('awaiting_seller')
    expect(await sweep(wednesday10am)).toBeGreaterThan(0)
    const after = (await get(`/v1/cases/${c.id}`, buyer)).json<CaseJson>()
    expect(after.status).toBe('escalated')
    expect(after.escalationReason).toBe('seller_response_overdue')
  })
})

describe('Mercado Libre: one offer, settled inside 72 hours', () => {
  it('closes settled without counting against the seller, and refuses a second offer', async () => {
    const orderId = await deliveredOrder(presets.mercadolibre, friday)
    at(addHours(friday, 1))
    const c = (
      await post(`/v1/orders/${orderId}/cases`, buyer, {
        reason: 'damaged',
        desiredOutcome: 'partial_refund_keep_item',
        description: 'Scratched.',
      })
    ).json<CaseJson>()
    at(addHours(friday, 20))
    const offered = (
      await post(`/v1/cases/${c.id}/offers`, seller, {
        terms: { kind: 'partial_refund', amount: 1500 },
      })
    ).json<CaseJson>()
    const second = await post(`/v1/cases/${c.id}/offers`, seller, {
      terms: { kind: 'partial_refund', amount: 2000 },
    })
    expect([409, 422]).toContain(second.statusCode)
    at(addHours(friday, 30))
    const offerId = offered.offers[0]?.offerId ?? ''
    const accepted = (
      await post(`/v1/cases/${c.id}/offers/${offerId}/accept`, buyer)
    ).json<CaseJson>()
    expect(accepted).toMatchObject({
      status: 'closed',
      closeReason: 'settled',
      countsAgainstSeller: false,
      reputationReason: 'settled_in_grace',
    })
    expectProblem(
      await post(`/v1/cases/${c.id}/offers`, seller, {
        terms: { kind: 'partial_refund', amount: 100 },
      }),
      409,
      'NOT_ALLOWED_IN_STATUS',
    )
  })

  it('refuses a second offer while the first is unanswered with OFFER_LIMIT_REACHED', async () => {
    const orderId = await deliveredOrder(presets.mercadolibre, friday)
    at(addHours(friday, 1))
    const c = (
      await post(`/v1/orders/${orderId}/cases`, buyer, {
        reason: 'damaged',
        desiredOutcome: 'partial_refund_keep_item',
        description: 'Scratched.',
      })
    ).json<CaseJson>()
    const offered = (
      await post(`/v1/cases/${c.id}/offers`, seller, {
        terms: { kind: 'partial_refund', amount: 1500 },
      })
    ).json<CaseJson>()
    await post(`/v1/cases/${c.id}/offers/${offered.offers[0]?.offerId ?? ''}/decline`, buyer, {
      message: 'Too little.',
    })
    expectProblem(
      await post(`/v1/cases/${c.id}/offers`, seller, {
        terms: { kind: 'partial_refund', amount: 2500 },
      }),
      422,
      'OFFER_LIMIT_REACHED',
    )
  })
})

describe('privacy', () => {
  it('answers 404 to a buyer reading someone else’s case', async () => {
    const orderId = await deliveredOrder(presets.ebay, friday)
    at(addHours(friday, 1))
    const c = (
      await post(`/v1/orders/${orderId}/cases`, buyer, {
        reason: 'damaged',
        desiredOutcome: 'full_refund',
        description: 'Broken.',
      })
    ).json<CaseJson>()
    expectProblem(
      await get(`/v1/cases/${c.id}`, await t.bearer('buyer', 'buyer-2')),
      404,
      'NOT_FOUND',
    )
    expectProblem(
      await get(`/v1/cases/${c.id}`, await t.bearer('seller', 'seller-2')),
      404,
      'NOT_FOUND',
    )
    expectProblem(
      await post(`/v1/cases/${c.id}/escalate`, await t.bearer('buyer', 'buyer-2')),
      404,
      'NOT_FOUND',
    )
    expectProblem(await get('/v1/queue', buyer), 403, 'FORBIDDEN')
  })
})

describe('appeals', () => {
  const decidedForSeller = async (): Promise<CaseJson> => {
    const orderId = await deliveredOrder(presets.ebay, friday)
    at(addHours(friday, 1))
    const c = (
      await post(`/v1/orders/${orderId}/cases`, buyer, {
        reason: 'not_as_described',
        desiredOutcome: 'full_refund',
        description: 'Not the model listed.',
      })
    ).json<CaseJson>()
    await post(`/v1/cases/${c.id}/dispute`, seller, { statement: 'It is the model listed.' })
    await post(`/v1/cases/${c.id}/escalate`, buyer)
    const decided = await post(`/v1/cases/${c.id}/decision`, agent, {
      outcome: 'seller_favor',
      fault: 'none',
      rationale: 'The serial number matches the listing.',
    })
    expect(decided.json<CaseJson>().status).toBe('decided')
    return decided.json<CaseJson>()
  }

  it('lets the losing buyer appeal within the window; a different agent decides finally', async () => {
    const c = await decidedForSeller()
    at(addHours(friday, 24 * 10))
    const appealed = await post(`/v1/cases/${c.id}/appeal`, buyer, {
      newInformation: 'The manufacturer confirms this serial belongs to another model.',
    })
    expect(appealed.json<CaseJson>().status).toBe('appealed')
    const sameAgent = await post(`/v1/cases/${c.id}/appeal-decision`, agent, {
      outcome: 'refund_full',
      fault: 'seller',
      rationale: 'New evidence.',
    })
    expectProblem(sameAgent, 422, 'APPEAL_NEEDS_DIFFERENT_AGENT')
    const final = await post(`/v1/cases/${c.id}/appeal-decision`, agent2, {
      outcome: 'refund_full',
      fault: 'seller',
      rationale: 'The manufacturer’s letter shows a different model.',
    })
    expect(final.statusCode).toBe(200)
    expect(final.json<CaseJson>()).toMatchObject({
      status: 'closed',
      closeReason: 'appeal_decided',
      countsAgainstSeller: true,
    })
  })

  it('refuses an appeal after the 30-day window', async () => {
    const c = await decidedForSeller()
    at(addHours(friday, 24 * 32))
    expectProblem(
      await post(`/v1/cases/${c.id}/appeal`, buyer, { newInformation: 'Late news.' }),
      422,
      'APPEAL_WINDOW_ELAPSED',
    )
  })
})

describe('messages on the case timeline', () => {
  it('hide a phone number from the counterparty but show it to the author and agents', async () => {
    const orderId = await deliveredOrder(presets.ebay, friday)
    at(addHours(friday, 1))
    const c = (
      await post(`/v1/orders/${orderId}/cases`, buyer, {
        reason: 'damaged',
        desiredOutcome: 'full_refund',
        description: 'Broken.',
      })
    ).json<CaseJson>()
    expect(
      (
        await post(`/v1/cases/${c.id}/messages`, seller, {
          body: 'Call me at +1 (415) 555-0100 and we sort it out.',
        })
      ).statusCode,
    ).toBe(200)
    const line = async (who: string) =>
      (await get(`/v1/cases/${c.id}`, who))
        .json<CaseJson>()
        .timeline.find((e) => e.type === 'CaseMessagePosted')?.text ?? ''
    expect(await line(buyer)).not.toContain('555')
    expect(await line(seller)).toContain('555-0100')
    expect(await line(agent)).toContain('555-0100')
  })
})

describe('the window offered on the order', () => {
  it('is the one opening will apply: the policy in force, not the order’s older one', async () => {
    const orderId = await deliveredOrder(presets.ebay, friday)
    await t.usePolicy(presets.poshmark)
    at(addHours(friday, 1))
    const order = (await get(`/v1/orders/${orderId}`, buyer)).json<{
      availableActions: { action: string; dueAt?: string }[]
    }>()
    expect(order.availableActions.find((a) => a.action === 'open_case')?.dueAt).toBe(
      addHours(friday, 72),
    )
    at(addHours(friday, 80))
    expectProblem(
      await post(`/v1/orders/${orderId}/cases`, buyer, {
        reason: 'damaged',
        desiredOutcome: 'full_refund',
        description: 'Broken.',
        evidence: [{ kind: 'note', note: 'x' }],
      }),
      422,
      'CASE_WINDOW_ELAPSED',
    )
  })
})
