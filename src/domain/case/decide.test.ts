import { describe, expect, it } from 'vitest'
import { defaultPolicy, presetNames, presets } from '../../policy/presets.ts'
import { instant } from '../../policy/time.ts'
import type { Policy } from '../../policy/types.ts'
import {
  aLine,
  anOrder,
  orderAccepted,
  orderCancelled,
  orderCaseOpened,
  orderDelivered,
  orderFrom,
  orderShipped,
} from '../order/fixtures.ts'
import { asId, type CaseId, type EvidenceId, type OrderLineId } from '../shared/ids.ts'
import { minor } from '../shared/money.ts'
import { specFor } from '../shared/spec.ts'
import { activeCaseDeadline } from './deadline.ts'
import {
  admin,
  agent,
  agent2,
  agent2Id,
  agentId,
  aWorld,
  buyer,
  buyerId,
  caseContext,
  daysAfter,
  decide,
  decideAppeal,
  decisionId,
  deliveredOrder,
  expire,
  fire,
  friday,
  hoursAfter,
  integration,
  makeOffer,
  measured,
  message,
  monday,
  offerId,
  openCase,
  openFor,
  partialRefund,
  photo,
  scheduler,
  seller,
  sellerId,
  story,
  strangerBuyer,
  undeliveredOrder,
  wednesday,
  type CaseWorld,
  type Story,
} from './fixtures.ts'
import { caseDecider } from './index.ts'

const { given } = specFor(caseDecider)

/** Thursday 2026-11-26 14:00 UTC, the day after delivery. */
const opened = daysAfter(wednesday, 1)
const at = (hours: number) => hoursAfter(opened, hours)
/** Default policy: 3 business days (New York) from Thursday 09:00 is Tuesday 09:00. */
const respondBy = instant('2026-12-01T14:00:00Z')
/** The buyer's counter-offer at Thursday 12:00 New York: the seller answers within 3 business days. */
const counterDue = instant('2026-12-01T17:00:00Z')

const world = aWorld()
const dispute = {
  type: 'DisputeClaim',
  statement: 'The measurements match the listing.',
  evidence: [measured()],
} as const
const escalate = { type: 'Escalate' } as const
const withdraw = { type: 'Withdraw' } as const
const accept = (n = 1) => ({ type: 'AcceptOffer', offerId: offerId(n) }) as const
const decline = (n = 1) => ({ type: 'DeclineOffer', offerId: offerId(n) }) as const
const appeal = {
  type: 'Appeal',
  newInformation: 'A tailor measured the coat: the chest is 46 cm.',
} as const

const openedCase = (w: CaseWorld = world): Story => story(w).act(buyer, opened, openCase())
const disputedCase = (w: CaseWorld = world): Story => openedCase(w).act(seller, at(2), dispute)
const escalatedCase = (w: CaseWorld = world): Story => disputedCase(w).act(buyer, at(4), escalate)
const decidedCase = (w: CaseWorld = world, overrides: Parameters<typeof decide>[0] = {}): Story =>
  escalatedCase(w).act(agent, at(6), decide(overrides))
const appealedCase = (w: CaseWorld = world, overrides: Parameters<typeof decide>[0] = {}): Story =>
  decidedCase(w, overrides).act(seller, daysAfter(opened, 3), appeal)
const offeredCase = (w: CaseWorld = world, terms = partialRefund(1500)): Story =>
  openedCase(w).act(seller, at(2), makeOffer(terms))
const counteredCase = (w: CaseWorld = world): Story =>
  offeredCase(w).act(buyer, at(3), makeOffer(partialRefund(3000), 2))
const returnSettledCase = (w: CaseWorld = world): Story =>
  offeredCase(w, { kind: 'return_and_refund' }).act(buyer, at(3), accept())
const replacementSettledCase = (w: CaseWorld = world): Story =>
  offeredCase(w, { kind: 'replacement' }).act(buyer, at(3), accept())

const wholeOrderAllocation = {
  lines: [{ lineId: 'line-1', amount: 4000 }],
  shipping: 500,
  tax: 300,
}

describe('case decider', () => {
  describe('when no case is open', () => {
    it('opens a case on the whole order: the claim is lines, shipping and tax; the seller responds within the policy time', () => {
      given()
        .when(openCase(), caseContext(world, buyer, opened))
        .then({
          type: 'CaseOpened',
          data: {
            caseId: asId<CaseId>('case-1'),
            orderId: world.order.orderId,
            buyerId,
            sellerId,
            at: opened,
            reason: 'not_as_described',
            desiredOutcome: 'full_refund',
            description: 'The coat is two sizes smaller than listed.',
            evidence: [photo()],
            lines: [
              {
                lineId: asId<OrderLineId>('line-1'),
                quantity: 1,
                unitPrice: minor(4000),
                amount: minor(4000),
                title: 'Wool coat',
              },
            ],
            wholeOrder: true,
            claimedShipping: minor(500),
            claimedTax: minor(300),
            claimedAmount: minor(4800),
            currency: 'USD',
            respondBy,
            policy: defaultPolicy,
          },
        })
    })

    describe('on some lines', () => {
      const twoLines = aWorld({
        order: deliveredOrder(wednesday, {
          lines: [
            aLine(),
            aLine({ lineId: asId<OrderLineId>('line-2'), quantity: 2, unitPrice: minor(1500) }),
          ],
        }),
      })
      const line2 = asId<OrderLineId>('line-2')

      it('claims only the chosen quantity, without shipping or tax', () => {
        given()
          .when(
            openCase({ lines: [{ lineId: line2, quantity: 1 }] }),
            caseContext(twoLines, buyer, opened),
          )
          .thenMatch({
            data: {
              wholeOrder: false,
              claimedAmount: 1500,
              claimedShipping: 0,
              lines: [{ lineId: line2, quantity: 1, amount: 1500 }],
            },
          })
      })

      it('treats every line at full quantity as the whole order', () => {
        given()
          .when(
            openCase({
              lines: [
                { lineId: line2, quantity: 2 },
                { lineId: asId<OrderLineId>('line-1'), quantity: 1 },
              ],
            }),
            caseContext(twoLines, buyer, opened),
          )
          .thenMatch({ data: { wholeOrder: true, claimedAmount: 4000 + 3000 + 800 } })
      })

      it.each([
        [[], 'empty'],
        [[{ lineId: asId<OrderLineId>('line-9'), quantity: 1 }], 'unknown_line'],
        [
          [
            { lineId: line2, quantity: 1 },
            { lineId: line2, quantity: 1 },
          ],
          'duplicate_line',
        ],
        [[{ lineId: line2, quantity: 3 }], 'invalid_quantity'],
        [[{ lineId: line2, quantity: 0 }], 'invalid_quantity'],
        [[{ lineId: line2, quantity: 1.5 }], 'invalid_quantity'],
      ] as const)('refuses lines %j: INVALID_LINES %s', (lines, problem) => {
        given()
          .when(openCase({ lines }), caseContext(twoLines, buyer, opened))
          .thenRejects('INVALID_LINES', { problem })
      })
    })

    describe('for an item not received', () => {
      const eta = daysAfter(monday, 8)
      const inTransit = aWorld({ order: undeliveredOrder(eta) })

      it('may be opened once the estimated delivery date has passed', () => {
        given()
          .when(openFor('not_received'), caseContext(inTransit, buyer, hoursAfter(eta, 1)))
          .thenMatch({ type: 'CaseOpened', data: { reason: 'not_received' } })
      })

      it('is refused before the estimated delivery date: NOT_YET_OPENABLE with the date', () => {
        given()
          .when(openFor('not_received'), caseContext(inTransit, buyer, hoursAfter(eta, -1)))
          .thenRejects('NOT_YET_OPENABLE', { opensAt: eta })
      })

      it('is refused after notReceivedWindowAfterEstimatedDelivery', () => {
        given()
          .when(openFor('not_received'), caseContext(inTransit, buyer, daysAfter(eta, 31)))
          .thenRejects('CASE_WINDOW_ELAPSED', { closedAt: daysAfter(eta, 30) })
      })

      it('on a delivered order, is allowed only within the normal window', () => {
        given()
          .when(openFor('not_received'), caseContext(world, buyer, opened))
          .thenMatch({ type: 'CaseOpened' })
        given()
          .when(openFor('not_received'), caseContext(world, buyer, daysAfter(wednesday, 31)))
          .thenRejects('CASE_WINDOW_ELAPSED', { closedAt: daysAfter(wednesday, 30) })
      })

      it('cannot ask for a return', () => {
        given()
          .when(
            openFor('not_received', { desiredOutcome: 'return_and_refund' }),
            caseContext(inTransit, buyer, hoursAfter(eta, 1)),
          )
          .thenRejects('RETURN_NOT_APPLICABLE', { reason: 'not_received' })
      })

      it('other reasons wait for delivery: ORDER_NOT_DELIVERED', () => {
        given()
          .when(openFor('damaged'), caseContext(inTransit, buyer, hoursAfter(eta, 1)))
          .thenRejects('ORDER_NOT_DELIVERED', { estimatedDeliveryAt: eta })
      })
    })

    it('refuses after the window: CASE_WINDOW_ELAPSED with the date it closed', () => {
      given()
        .when(openCase(), caseContext(world, buyer, daysAfter(wednesday, 30)))
        .thenRejects('CASE_WINDOW_ELAPSED', { closedAt: daysAfter(wednesday, 30) })
    })

    it('refuses a cancelled order', () => {
      const cancelled = aWorld({
        order: orderFrom(anOrder(), orderCancelled(hoursAfter(monday, 1))),
      })
      given()
        .when(openFor('not_received'), caseContext(cancelled, buyer, opened))
        .thenRejects('ORDER_CANCELLED')
    })

    it('refuses an accepted order where acceptance ends the window (Poshmark): ORDER_ACCEPTED with the date', () => {
      const acceptedAt = hoursAfter(wednesday, 1)
      const accepted = aWorld({
        policy: presets.poshmark,
        order: orderFrom(
          anOrder(),
          orderShipped(daysAfter(monday, 1)),
          orderDelivered(wednesday),
          orderAccepted(acceptedAt),
        ),
      })
      given()
        .when(
          openFor('not_as_described', { evidence: [photo()] }),
          caseContext(accepted, buyer, hoursAfter(wednesday, 2)),
        )
        .thenRejects('ORDER_ACCEPTED', { acceptedAt })
    })

    it('opens on an accepted order inside the window where acceptance does not end it (eBay: 30 days)', () => {
      const accepted = aWorld({
        policy: presets.ebay,
        order: orderFrom(
          anOrder(),
          orderShipped(daysAfter(monday, 1)),
          orderDelivered(wednesday),
          orderAccepted(daysAfter(wednesday, 3)),
        ),
      })
      given()
        .when(openCase(), caseContext(accepted, buyer, daysAfter(wednesday, 10)))
        .thenMatch({ type: 'CaseOpened' })
    })

    it('refuses while another case is open on the order, told by the app or by the order', () => {
      const other = asId<CaseId>('case-0')
      given()
        .when(openCase(), caseContext({ ...world, openCaseId: other }, buyer, opened))
        .thenRejects('CASE_ALREADY_OPEN', { caseId: other })
      const onOrder = aWorld({
        order: orderFrom(
          anOrder(),
          orderShipped(daysAfter(monday, 1)),
          orderDelivered(wednesday),
          orderCaseOpened(wednesday, other),
        ),
      })
      given()
        .when(openCase(), caseContext(onOrder, buyer, opened))
        .thenRejects('CASE_ALREADY_OPEN', { caseId: other })
    })

    it('refuses a reason the policy does not cover, naming the preset', () => {
      const covered: Policy = {
        ...defaultPolicy,
        cases: { ...defaultPolicy.cases, coveredReasons: ['not_received'] },
      }
      given()
        .when(openCase(), caseContext(aWorld({ policy: covered }), buyer, opened))
        .thenRejects('REASON_NOT_COVERED', { reason: 'not_as_described', preset: 'default' })
    })

    it('refuses someone else or the seller', () => {
      given()
        .when(openCase(), caseContext(world, strangerBuyer, opened))
        .thenRejects('NOT_A_PARTY')
      given()
        .when(openCase(), caseContext(world, seller, opened))
        .thenRejects('ROLE_NOT_ALLOWED', { role: 'seller' })
      given()
        .when(openCase(), caseContext(world, agent, opened))
        .thenRejects('ROLE_NOT_ALLOWED', { role: 'agent' })
    })

    it('needs a description and well-formed, distinct evidence', () => {
      given()
        .when(openCase({ description: '  ' }), caseContext(world, buyer, opened))
        .thenRejects('TEXT_REQUIRED', { field: 'description' })
      const bad = {
        ...photo(),
        file: { sha256: 'nope', mediaType: 'image/jpeg', size: 1, name: 'x.jpg' },
      }
      given()
        .when(openCase({ evidence: [bad] }), caseContext(world, buyer, opened))
        .thenRejects('INVALID_EVIDENCE', { evidenceId: 'photo-1' })
      given()
        .when(openCase({ evidence: [photo(), photo()] }), caseContext(world, buyer, opened))
        .thenRejects('EVIDENCE_ALREADY_ADDED', { evidenceId: 'photo-1' })
      const emptyNote = { evidenceId: asId<EvidenceId>('note-1'), kind: 'note', note: '' } as const
      given()
        .when(openCase({ evidence: [emptyNote] }), caseContext(world, buyer, opened))
        .thenRejects('INVALID_EVIDENCE')
    })

    it('refuses any other command, and ignores a deadline', () => {
      given()
        .when(escalate, caseContext(world, buyer, opened))
        .thenRejects('NOT_ALLOWED_IN_STATUS', { status: 'none' })
      given()
        .when(expire('seller_response', opened), caseContext(world, scheduler, opened))
        .thenNothing()
    })
  })

  describe('when awaiting the seller', () => {
    const s = openedCase()

    it('has the seller-response deadline', () => {
      expect(activeCaseDeadline(s.state)).toEqual({ kind: 'seller_response', dueAt: respondBy })
    })

    it('the seller accepts the claim with a refund: refund due at its cost, the case settles', () => {
      given(...s.events)
        .when({ type: 'AcceptClaim', resolution: 'refund' }, s.context(seller, at(1)))
        .then(
          {
            type: 'ClaimAccepted',
            data: { by: { role: 'seller', userId: sellerId }, at: at(1), resolution: 'refund' },
          },
          {
            type: 'RefundDue',
            data: {
              refundKey: 'claim:case-1',
              caseId: asId<CaseId>('case-1'),
              orderId: world.order.orderId,
              at: at(1),
              amount: minor(4800),
              currency: 'USD',
              destination: 'original_payment',
              funding: 'seller',
              allocation: {
                lines: [{ lineId: asId<OrderLineId>('line-1'), amount: minor(4000) }],
                shipping: minor(500),
                tax: minor(300),
              },
              cause: 'claim_accepted',
            },
          },
          {
            type: 'CaseClosed',
            data: {
              at: at(1),
              by: { role: 'seller', userId: sellerId },
              closeReason: 'settled',
              countsAgainstSeller: true,
              reputationReason: 'settled',
            },
          },
        )
    })

    it('the seller accepts the claim with a return: the return is required and the case awaits it', () => {
      const next = s.act(seller, at(1), { type: 'AcceptClaim', resolution: 'return' })
      expect(next.events.at(-1)).toMatchObject({
        type: 'ReturnRequired',
        data: {
          returnKey: 'claim:case-1',
          refundOnCompletion: 4800,
          returnShippingPaidBy: 'seller',
          lines: [{ lineId: 'line-1', quantity: 1 }],
        },
      })
      expect(next.state.status).toBe('awaiting_follow_up')
    })

    it('refunds only what is still refundable on the order', () => {
      given(...s.events)
        .when(
          { type: 'AcceptClaim', resolution: 'refund' },
          caseContext({ ...world, refundable: minor(1000) }, seller, at(1)),
        )
        .thenMatch(
          { type: 'ClaimAccepted' },
          { type: 'RefundDue', data: { amount: 1000 } },
          { type: 'CaseClosed' },
        )
      given(...s.events)
        .when(
          { type: 'AcceptClaim', resolution: 'refund' },
          caseContext({ ...world, refundable: minor(0) }, seller, at(1)),
        )
        .thenRejects('NOTHING_REFUNDABLE')
    })

    it('the seller disputes with evidence: the buyer answers', () => {
      given(...s.events)
        .when(dispute, s.context(seller, at(2)))
        .then({
          type: 'ClaimDisputed',
          data: {
            by: { role: 'seller', userId: sellerId },
            at: at(2),
            statement: dispute.statement,
            evidence: [measured()],
          },
        })
      expect(s.act(seller, at(2), dispute).state.status).toBe('awaiting_buyer')
    })

    it('a dispute needs a statement', () => {
      given(...s.events)
        .when({ type: 'DisputeClaim', statement: '' }, s.context(seller, at(2)))
        .thenRejects('TEXT_REQUIRED', { field: 'statement' })
    })

    it('the seller makes an offer: the buyer answers within buyerOfferResponseTime', () => {
      given(...s.events)
        .when(makeOffer(partialRefund(1500)), s.context(seller, at(2)))
        .then({
          type: 'OfferMade',
          data: {
            offerId: offerId(1),
            by: { role: 'seller', userId: sellerId },
            at: at(2),
            terms: partialRefund(1500),
            currency: 'USD',
            respondBy: daysAfter(at(2), 3),
            message: null,
          },
        })
    })

    it('the buyer may not make the first offer', () => {
      given(...s.events)
        .when(makeOffer(partialRefund(1500)), s.context(buyer, at(2)))
        .thenRejects('NOT_ALLOWED_IN_STATUS')
    })

    it('the buyer may not escalate before the seller response time: ESCALATION_NOT_YET_ALLOWED', () => {
      given(...s.events)
        .when(escalate, s.context(buyer, at(2)))
        .thenRejects('ESCALATION_NOT_YET_ALLOWED', { allowedFrom: respondBy })
    })

    it('the seller may not escalate before responding', () => {
      given(...s.events)
        .when(escalate, s.context(seller, at(2)))
        .thenRejects('NOT_ALLOWED_IN_STATUS')
    })

    it('the buyer withdraws: closed, not counting against the seller', () => {
      given(...s.events)
        .when(withdraw, s.context(buyer, at(1)))
        .then({
          type: 'CaseClosed',
          data: {
            at: at(1),
            by: { role: 'buyer', userId: buyerId },
            closeReason: 'withdrawn',
            countsAgainstSeller: false,
            reputationReason: 'withdrawn',
          },
        })
      given(...s.events)
        .when(withdraw, s.context(seller, at(1)))
        .thenRejects('ROLE_NOT_ALLOWED')
    })

    it('refuses strangers and the wrong side', () => {
      given(...s.events)
        .when(dispute, s.context(strangerBuyer, at(1)))
        .thenRejects('NOT_A_PARTY')
      given(...s.events)
        .when(dispute, s.context(admin, at(1)))
        .thenRejects('NOT_A_PARTY')
      given(...s.events)
        .when(dispute, s.context(buyer, at(1)))
        .thenRejects('ROLE_NOT_ALLOWED', { role: 'buyer', command: 'DisputeClaim' })
      given(...s.events)
        .when({ type: 'AssignCase', agentId }, s.context(agent, at(1)))
        .thenRejects('NOT_ALLOWED_IN_STATUS')
    })

    it('escalates on its own when the seller is silent (onSellerSilence: escalate)', () => {
      given(...s.events)
        .when(expire('seller_response', respondBy), s.context(scheduler, respondBy))
        .then({
          type: 'CaseEscalated',
          data: {
            at: respondBy,
            by: null,
            reason: 'seller_response_overdue',
            statement: null,
            decisionDueAt: hoursAfter(respondBy, 48),
          },
        })
    })

    it('grants the buyer a refund at the seller’s cost on silence (onSellerSilence: grant_buyer, Amazon-style)', () => {
      const amazon = aWorld({
        policy: {
          ...defaultPolicy,
          cases: { ...defaultPolicy.cases, onSellerSilence: 'grant_buyer' },
        },
      })
      const o = openedCase(amazon)
      given(...o.events)
        .when(expire('seller_response', respondBy), o.context(scheduler, respondBy))
        .thenMatch(
          {
            type: 'RefundDue',
            data: {
              refundKey: 'auto_grant:case-1',
              amount: 4800,
              funding: 'seller',
              cause: 'auto_granted',
            },
          },
          {
            type: 'CaseClosed',
            data: {
              closeReason: 'auto_granted',
              countsAgainstSeller: true,
              reputationReason: 'auto_granted',
            },
          },
        )
    })

    it('with onSellerSilence none, has no deadline and lets the buyer escalate after the response time', () => {
      const patient = aWorld({
        policy: { ...defaultPolicy, cases: { ...defaultPolicy.cases, onSellerSilence: 'none' } },
      })
      const o = openedCase(patient)
      expect(activeCaseDeadline(o.state)).toBeNull()
      given(...o.events)
        .when(escalate, o.context(buyer, respondBy))
        .thenMatch({
          type: 'CaseEscalated',
          data: { reason: 'buyer_requested', by: { role: 'buyer' } },
        })
    })

    it('ignores a deadline that is not the live one, or not yet due', () => {
      given(...s.events)
        .when(expire('seller_response', hoursAfter(respondBy, -1)), s.context(scheduler, respondBy))
        .thenNothing()
      given(...s.events)
        .when(expire('escalation_window', respondBy), s.context(scheduler, respondBy))
        .thenNothing()
      given(...s.events)
        .when(expire('seller_response', respondBy), s.context(scheduler, hoursAfter(respondBy, -1)))
        .thenNothing()
    })

    it('cannot accept a return for an item not received', () => {
      const eta = daysAfter(monday, 8)
      const inr = story(aWorld({ order: undeliveredOrder(eta) })).act(
        buyer,
        hoursAfter(eta, 1),
        openFor('not_received'),
      )
      given(...inr.events)
        .when(
          { type: 'AcceptClaim', resolution: 'return' },
          inr.context(seller, hoursAfter(eta, 2)),
        )
        .thenRejects('RETURN_NOT_APPLICABLE', { reason: 'not_received' })
    })

    it('records messages and evidence from either party and agents', () => {
      given(...s.events)
        .when(message('Could you send a photo of the label?'), s.context(seller, at(1)))
        .thenMatch({
          type: 'CaseMessagePosted',
          data: { by: { role: 'seller' }, body: 'Could you send a photo of the label?' },
        })
      given(...s.events)
        .when(message('  '), s.context(buyer, at(1)))
        .thenRejects('TEXT_REQUIRED', { field: 'body' })
      given(...s.events)
        .when({ type: 'AddEvidence', evidence: photo('photo-2') }, s.context(agent, at(1)))
        .thenMatch({ type: 'EvidenceAdded', data: { by: { role: 'agent', userId: agentId } } })
      given(...s.events)
        .when({ type: 'AddEvidence', evidence: photo() }, s.context(buyer, at(1)))
        .thenRejects('EVIDENCE_ALREADY_ADDED')
    })
  })

  describe('when the seller has made an offer to the buyer', () => {
    const s = offeredCase()
    const offerDue = daysAfter(at(2), 3)

    it('waits for the buyer’s answer', () => {
      expect(s.state.status).toBe('awaiting_buyer')
      expect(activeCaseDeadline(s.state)).toEqual({ kind: 'buyer_offer_response', dueAt: offerDue })
    })

    it('the buyer accepts a partial refund: the refund is keyed by the offer and the case settles', () => {
      given(...s.events)
        .when(accept(), s.context(buyer, at(3)))
        .thenMatch(
          {
            type: 'OfferAccepted',
            data: { offerId: 'offer-1', by: { role: 'buyer' }, terms: partialRefund(1500) },
          },
          {
            type: 'RefundDue',
            data: {
              refundKey: 'offer-1',
              amount: 1500,
              cause: 'offer_accepted',
              funding: 'seller',
            },
          },
          {
            type: 'CaseClosed',
            data: {
              closeReason: 'settled',
              countsAgainstSeller: true,
              reputationReason: 'settled',
            },
          },
        )
    })

    it('accepting a full refund keeping the item refunds the claim', () => {
      const full = offeredCase(world, { kind: 'full_refund_keep_item' })
      given(...full.events)
        .when(accept(), full.context(buyer, at(3)))
        .thenMatch(
          { type: 'OfferAccepted' },
          { type: 'RefundDue', data: { amount: 4800, allocation: wholeOrderAllocation } },
          { type: 'CaseClosed' },
        )
    })

    it('accepting a return or a replacement waits for the follow-up', () => {
      expect(returnSettledCase().state.status).toBe('awaiting_follow_up')
      expect(returnSettledCase().events.at(-1)).toMatchObject({
        type: 'ReturnRequired',
        data: { returnKey: 'offer-1', refundOnCompletion: 4800 },
      })
      const replaced = replacementSettledCase()
      expect(replaced.events.at(-1)).toMatchObject({
        type: 'ReplacementRequired',
        data: { replacementKey: 'offer-1', deliverBy: daysAfter(at(3), 10) },
      })
      expect(activeCaseDeadline(replaced.state)).toEqual({
        kind: 'replacement_delivery',
        dueAt: daysAfter(at(3), 10),
      })
    })

    it('refuses to accept when the order can no longer refund the amount', () => {
      given(...s.events)
        .when(accept(), caseContext({ ...world, refundable: minor(1000) }, buyer, at(3)))
        .thenRejects('OFFER_EXCEEDS_REFUNDABLE', { maximumRefundable: 1000, currency: 'USD' })
    })

    it('the buyer declines: back to the buyer’s turn with a fresh escalation window', () => {
      given(...s.events)
        .when(decline(), s.context(buyer, at(3)))
        .then({
          type: 'OfferDeclined',
          data: {
            offerId: offerId(1),
            by: { role: 'buyer', userId: buyerId },
            at: at(3),
            reason: 'declined',
            message: null,
          },
        })
      const declined = s.act(buyer, at(3), decline())
      expect(activeCaseDeadline(declined.state)).toEqual({
        kind: 'escalation_window',
        dueAt: daysAfter(at(3), 14),
      })
    })

    it('the buyer counters: the offer is declined as countered and it is the seller’s turn', () => {
      given(...s.events)
        .when(makeOffer(partialRefund(3000), 2), s.context(buyer, at(3)))
        .thenMatch(
          { type: 'OfferDeclined', data: { offerId: 'offer-1', reason: 'countered' } },
          {
            type: 'OfferMade',
            data: { offerId: 'offer-2', by: { role: 'buyer' }, respondBy: counterDue },
          },
        )
      expect(counteredCase().state.status).toBe('awaiting_seller')
    })

    it('refuses the wrong answers', () => {
      given(...s.events)
        .when(accept(), s.context(seller, at(3)))
        .thenRejects('NOT_YOUR_OFFER_TO_ANSWER', { offerId: 'offer-1' })
      given(...s.events)
        .when(accept(9), s.context(buyer, at(3)))
        .thenRejects('OFFER_NOT_FOUND', { offerId: 'offer-9' })
      const declined = s.act(buyer, at(3), decline())
      given(...declined.events)
        .when(accept(), declined.context(buyer, at(4)))
        .thenRejects('OFFER_NOT_OPEN', { status: 'declined' })
    })

    it('one open offer at a time; offer ids are unique; amounts are positive and within what is refundable', () => {
      given(...s.events)
        .when(makeOffer(partialRefund(1000), 2), s.context(seller, at(3)))
        .thenRejects('OFFER_PENDING', { offerId: 'offer-1' })
      const declined = s.act(buyer, at(3), decline())
      given(...declined.events)
        .when(makeOffer(partialRefund(1000)), declined.context(seller, at(4)))
        .thenRejects('OFFER_ALREADY_EXISTS')
      given(...declined.events)
        .when(makeOffer(partialRefund(0), 2), declined.context(seller, at(4)))
        .thenRejects('INVALID_AMOUNT', { problem: 'not_positive_integer' })
      given(...declined.events)
        .when(makeOffer(partialRefund(4801), 2), declined.context(seller, at(4)))
        .thenRejects('OFFER_EXCEEDS_REFUNDABLE', { maximumRefundable: 4800 })
      given(...declined.events)
        .when(
          makeOffer(partialRefund(2000), 2),
          caseContext({ ...world, refundable: minor(1999) }, seller, at(4)),
        )
        .thenRejects('OFFER_EXCEEDS_REFUNDABLE', { maximumRefundable: 1999 })
    })

    it('the offer lapses when the buyer does not answer in time', () => {
      given(...s.events)
        .when(expire('buyer_offer_response', offerDue), s.context(scheduler, offerDue))
        .then({
          type: 'OfferLapsed',
          data: { offerId: offerId(1), at: offerDue, reason: 'expired' },
        })
    })

    it('the buyer may escalate instead of answering: the offer lapses', () => {
      given(...s.events)
        .when({ type: 'Escalate', statement: 'The offer is too low.' }, s.context(buyer, at(3)))
        .thenMatch(
          { type: 'OfferLapsed', data: { reason: 'escalated' } },
          {
            type: 'CaseEscalated',
            data: { reason: 'buyer_requested', statement: 'The offer is too low.' },
          },
        )
    })

    it('the seller may still accept the claim: its offer is superseded', () => {
      given(...s.events)
        .when({ type: 'AcceptClaim', resolution: 'refund' }, s.context(seller, at(3)))
        .thenMatch(
          { type: 'OfferLapsed', data: { reason: 'superseded' } },
          { type: 'ClaimAccepted' },
          { type: 'RefundDue' },
          { type: 'CaseClosed' },
        )
    })
  })

  describe('when the buyer has countered', () => {
    const s = counteredCase()

    it('waits for the seller’s answer to the counter-offer', () => {
      expect(activeCaseDeadline(s.state)).toEqual({
        kind: 'seller_offer_response',
        dueAt: counterDue,
      })
    })

    it('the seller accepts: settled', () => {
      given(...s.events)
        .when(accept(2), s.context(seller, at(5)))
        .thenMatch(
          { type: 'OfferAccepted', data: { by: { role: 'seller' } } },
          { type: 'RefundDue', data: { amount: 3000, refundKey: 'offer-2' } },
          { type: 'CaseClosed' },
        )
    })

    it('the seller declines: the buyer’s turn again', () => {
      expect(s.act(seller, at(5), decline(2)).state.status).toBe('awaiting_buyer')
    })

    it('the seller counters back', () => {
      const again = s.act(seller, at(5), makeOffer(partialRefund(2200), 3))
      expect(again.state.status).toBe('awaiting_buyer')
      expect(again.events.slice(-2)).toMatchObject([
        { type: 'OfferDeclined', data: { offerId: 'offer-2', reason: 'countered' } },
        { type: 'OfferMade', data: { offerId: 'offer-3' } },
      ])
    })

    it('the counter-offer lapses on seller silence, back to the buyer', () => {
      given(...s.events)
        .when(expire('seller_offer_response', counterDue), s.context(scheduler, counterDue))
        .then({
          type: 'OfferLapsed',
          data: { offerId: offerId(2), at: counterDue, reason: 'expired' },
        })
      expect(
        s.act(scheduler, counterDue, expire('seller_offer_response', counterDue)).state.status,
      ).toBe('awaiting_buyer')
    })

    it('either party may escalate; the buyer may not stack another offer', () => {
      given(...s.events)
        .when(escalate, s.context(seller, at(5)))
        .thenMatch(
          { type: 'OfferLapsed' },
          { type: 'CaseEscalated', data: { reason: 'seller_requested' } },
        )
      given(...s.events)
        .when(escalate, s.context(buyer, at(5)))
        .thenMatch(
          { type: 'OfferLapsed' },
          { type: 'CaseEscalated', data: { reason: 'buyer_requested' } },
        )
      given(...s.events)
        .when(makeOffer(partialRefund(2500), 4), s.context(buyer, at(5)))
        .thenRejects('OFFER_PENDING', { offerId: 'offer-2' })
    })
  })

  describe('when the seller has disputed the claim', () => {
    const s = disputedCase()
    const windowClosesAt = daysAfter(at(2), 14)

    it('the buyer has the escalation window', () => {
      expect(activeCaseDeadline(s.state)).toEqual({
        kind: 'escalation_window',
        dueAt: windowClosesAt,
      })
    })

    it('the buyer escalates: the case joins the agents’ queue with the SLA', () => {
      given(...s.events)
        .when(escalate, s.context(buyer, at(4)))
        .then({
          type: 'CaseEscalated',
          data: {
            at: at(4),
            by: { role: 'buyer', userId: buyerId },
            reason: 'buyer_requested',
            statement: null,
            decisionDueAt: at(52),
          },
        })
    })

    it('the seller may escalate too', () => {
      given(...s.events)
        .when(escalate, s.context(seller, at(4)))
        .thenMatch({ type: 'CaseEscalated', data: { reason: 'seller_requested' } })
    })

    it('after the window the buyer may no longer escalate', () => {
      given(...s.events)
        .when(escalate, s.context(buyer, windowClosesAt))
        .thenRejects('ESCALATION_WINDOW_ELAPSED', { closedAt: windowClosesAt })
    })

    it('closes when the buyer never escalates (Etsy-style), not counting against the seller', () => {
      given(...s.events)
        .when(expire('escalation_window', windowClosesAt), s.context(scheduler, windowClosesAt))
        .then({
          type: 'CaseClosed',
          data: {
            at: windowClosesAt,
            by: null,
            closeReason: 'not_escalated',
            countsAgainstSeller: false,
            reputationReason: 'not_escalated',
          },
        })
    })

    it('the buyer may offer; the seller may not dispute twice', () => {
      given(...s.events)
        .when(makeOffer(partialRefund(2000)), s.context(buyer, at(3)))
        .thenMatch({ type: 'OfferMade', data: { by: { role: 'buyer' } } })
      given(...s.events)
        .when(dispute, s.context(seller, at(3)))
        .thenRejects('NOT_ALLOWED_IN_STATUS', { status: 'awaiting_buyer' })
    })
  })

  describe('when escalated', () => {
    const s = escalatedCase()

    it('runs the agent decision SLA', () => {
      expect(activeCaseDeadline(s.state)).toEqual({ kind: 'agent_decision_sla', dueAt: at(52) })
      expect(s.state).toMatchObject({
        priority: 'normal',
        escalatedAt: at(4),
        decisionDueAt: at(52),
        assignedAgentId: null,
      })
    })

    it('an agent takes the case, another may take it over; assigning the assignee again does nothing', () => {
      given(...s.events)
        .when({ type: 'AssignCase', agentId }, s.context(agent, at(5)))
        .then({
          type: 'CaseAssigned',
          data: {
            at: at(5),
            by: { role: 'agent', userId: agentId },
            agentId,
            previousAgentId: null,
          },
        })
      const assigned = s.act(agent, at(5), { type: 'AssignCase', agentId })
      given(...assigned.events)
        .when({ type: 'AssignCase', agentId: agent2Id }, assigned.context(agent2, at(6)))
        .thenMatch({ type: 'CaseAssigned', data: { previousAgentId: agentId } })
      given(...assigned.events)
        .when({ type: 'AssignCase', agentId }, assigned.context(agent, at(6)))
        .thenNothing()
      given(...s.events)
        .when({ type: 'AssignCase', agentId }, s.context(buyer, at(5)))
        .thenRejects('ROLE_NOT_ALLOWED')
    })

    it('an agent decides a full refund: assigned on the way, funded by fault, appeal window open', () => {
      given(...s.events)
        .when(decide({ fault: 'carrier' }), s.context(agent, at(6)))
        .then(
          {
            type: 'CaseAssigned',
            data: {
              at: at(6),
              by: { role: 'agent', userId: agentId },
              agentId,
              previousAgentId: null,
            },
          },
          {
            type: 'CaseDecided',
            data: {
              decisionId: decisionId(),
              agentId,
              at: at(6),
              outcome: 'refund_full',
              amount: null,
              fault: 'carrier',
              funding: 'carrier',
              rationale: decide().rationale,
              followUpInstructions: null,
              currency: 'USD',
              appealDueAt: instant('2026-12-26T20:00:00Z'),
            },
          },
          {
            type: 'RefundDue',
            data: {
              refundKey: 'decision-1',
              caseId: asId<CaseId>('case-1'),
              orderId: world.order.orderId,
              at: at(6),
              amount: minor(4800),
              currency: 'USD',
              destination: 'original_payment',
              funding: 'carrier',
              allocation: {
                lines: [{ lineId: asId<OrderLineId>('line-1'), amount: minor(4000) }],
                shipping: minor(500),
                tax: minor(300),
              },
              cause: 'decision',
            },
          },
        )
    })

    it('decides a partial refund within what is refundable', () => {
      given(...s.events)
        .when(decide({ outcome: 'refund_partial', amount: minor(1200) }), s.context(agent, at(6)))
        .thenMatch(
          { type: 'CaseAssigned' },
          { type: 'CaseDecided', data: { amount: 1200 } },
          { type: 'RefundDue', data: { amount: 1200 } },
        )
      given(...s.events)
        .when(
          decide({ outcome: 'refund_partial', amount: minor(2000) }),
          caseContext({ ...world, refundable: minor(1500) }, agent, at(6)),
        )
        .thenRejects('REFUND_EXCEEDS_REFUNDABLE', { maximumRefundable: 1500 })
      given(...s.events)
        .when(decide({ outcome: 'refund_partial' }), s.context(agent, at(6)))
        .thenRejects('INVALID_AMOUNT', { problem: 'missing' })
      given(...s.events)
        .when(decide({ outcome: 'refund_partial', amount: minor(-5) }), s.context(agent, at(6)))
        .thenRejects('INVALID_AMOUNT', { problem: 'not_positive_integer' })
      given(...s.events)
        .when(decide({ amount: minor(100) }), s.context(agent, at(6)))
        .thenRejects('INVALID_AMOUNT', { problem: 'not_applicable' })
      given(...s.events)
        .when(decide(), caseContext({ ...world, refundable: minor(0) }, agent, at(6)))
        .thenRejects('NOTHING_REFUNDABLE')
    })

    it('decides a replacement, or for the seller with no money moving; the payer can be overridden', () => {
      given(...s.events)
        .when(decide({ outcome: 'replacement', funding: 'marketplace' }), s.context(agent, at(6)))
        .thenMatch(
          { type: 'CaseAssigned' },
          { type: 'CaseDecided', data: { funding: 'marketplace' } },
          {
            type: 'ReplacementRequired',
            data: { funding: 'marketplace', replacementKey: 'decision-1' },
          },
        )
      given(...s.events)
        .when(decide({ outcome: 'seller_favor', fault: 'buyer' }), s.context(agent, at(6)))
        .thenMatch(
          { type: 'CaseAssigned' },
          { type: 'CaseDecided', data: { outcome: 'seller_favor', funding: null } },
        )
    })

    it('needs a rationale, and the assignee', () => {
      given(...s.events)
        .when(decide({ rationale: ' ' }), s.context(agent, at(6)))
        .thenRejects('TEXT_REQUIRED', { field: 'rationale' })
      const assigned = s.act(agent, at(5), { type: 'AssignCase', agentId })
      given(...assigned.events)
        .when(decide(), assigned.context(agent2, at(6)))
        .thenRejects('NOT_ASSIGNED_AGENT', { assignedAgentId: agentId })
      given(...s.events)
        .when(decide(), s.context(seller, at(6)))
        .thenRejects('ROLE_NOT_ALLOWED')
      given(...s.events)
        .when(decideAppeal(), s.context(agent, at(6)))
        .thenRejects('NOT_ALLOWED_IN_STATUS')
    })

    it('a breached SLA raises the priority once, then leaves no deadline', () => {
      given(...s.events)
        .when(expire('agent_decision_sla', at(52)), s.context(scheduler, at(53)))
        .then({
          type: 'CaseDecisionOverdue',
          data: { at: at(53), dueAt: at(52), priority: 'breached' },
        })
      const breached = s.act(scheduler, at(53), expire('agent_decision_sla', at(52)))
      expect(breached.state).toMatchObject({ priority: 'breached' })
      expect(activeCaseDeadline(breached.state)).toBeNull()
      given(...breached.events)
        .when(expire('agent_decision_sla', at(52)), breached.context(scheduler, at(54)))
        .thenNothing()
    })

    it('the buyer may still withdraw and the seller may still accept the claim', () => {
      given(...s.events)
        .when(withdraw, s.context(buyer, at(5)))
        .thenMatch({ type: 'CaseClosed', data: { closeReason: 'withdrawn' } })
      given(...s.events)
        .when({ type: 'AcceptClaim', resolution: 'refund' }, s.context(seller, at(5)))
        .thenMatch(
          { type: 'ClaimAccepted' },
          { type: 'RefundDue' },
          { type: 'CaseClosed', data: { closeReason: 'settled', countsAgainstSeller: true } },
        )
      given(...s.events)
        .when(escalate, s.context(buyer, at(5)))
        .thenRejects('NOT_ALLOWED_IN_STATUS')
    })

    it('an agent asks a party for information, due per informationRequestTime', () => {
      given(...s.events)
        .when(
          {
            type: 'RequestInformation',
            from: 'seller',
            question: 'Please send the tracking number.',
          },
          s.context(agent, at(6)),
        )
        .thenMatch(
          { type: 'CaseAssigned' },
          {
            type: 'InformationRequested',
            data: {
              from: 'seller',
              question: 'Please send the tracking number.',
              dueAt: daysAfter(at(6), 3),
            },
          },
        )
      given(...s.events)
        .when({ type: 'RequestInformation', from: 'seller', question: '' }, s.context(agent, at(6)))
        .thenRejects('TEXT_REQUIRED', { field: 'question' })
    })
  })

  describe('when awaiting information', () => {
    const s = escalatedCase().act(agent, at(6), {
      type: 'RequestInformation',
      from: 'seller',
      question: 'Tracking number?',
    })
    const infoDue = daysAfter(at(6), 3)

    it('the SLA deadline comes first when it is earlier', () => {
      expect(s.state.status).toBe('awaiting_info')
      expect(activeCaseDeadline(s.state)).toEqual({ kind: 'agent_decision_sla', dueAt: at(52) })
      const breached = s.act(scheduler, at(52), expire('agent_decision_sla', at(52)))
      expect(activeCaseDeadline(breached.state)).toEqual({
        kind: 'information_request',
        dueAt: infoDue,
      })
    })

    it('the party asked answers: back with the agent', () => {
      given(...s.events)
        .when(
          { type: 'ProvideInformation', text: 'UPS 1Z999', evidence: [photo('label')] },
          s.context(seller, at(8)),
        )
        .thenMatch({
          type: 'InformationProvided',
          data: { by: { role: 'seller' }, text: 'UPS 1Z999' },
        })
      expect(
        s.act(seller, at(8), { type: 'ProvideInformation', text: 'UPS 1Z999' }).state.status,
      ).toBe('escalated')
    })

    it('only the party asked answers, with some text', () => {
      given(...s.events)
        .when({ type: 'ProvideInformation', text: 'me too' }, s.context(buyer, at(8)))
        .thenRejects('NOT_ASKED_FOR_INFORMATION', { from: 'seller' })
      given(...s.events)
        .when({ type: 'ProvideInformation', text: '' }, s.context(seller, at(8)))
        .thenRejects('TEXT_REQUIRED', { field: 'text' })
    })

    it('no answer by the deadline: back with the agent, noted', () => {
      const breached = s.act(scheduler, at(52), expire('agent_decision_sla', at(52)))
      given(...breached.events)
        .when(expire('information_request', infoDue), breached.context(scheduler, infoDue))
        .then({
          type: 'InformationRequestExpired',
          data: { at: infoDue, from: 'seller', dueAt: infoDue },
        })
      expect(
        breached.act(scheduler, infoDue, expire('information_request', infoDue)).state,
      ).toMatchObject({ status: 'escalated', priority: 'breached' })
    })

    it('the agent may decide without waiting; the buyer may withdraw', () => {
      given(...s.events)
        .when(decide(), s.context(agent, at(7)))
        .thenMatch({ type: 'CaseDecided' }, { type: 'RefundDue' })
      given(...s.events)
        .when(withdraw, s.context(buyer, at(7)))
        .thenMatch({ type: 'CaseClosed', data: { closeReason: 'withdrawn' } })
    })
  })

  describe('when decided', () => {
    const s = decidedCase(world, { outcome: 'seller_favor', fault: 'none' })
    const appealDueAt = instant('2026-12-26T20:00:00Z')

    it('runs the appeal window', () => {
      expect(activeCaseDeadline(s.state)).toEqual({ kind: 'appeal_window', dueAt: appealDueAt })
    })

    it('closes when the appeal window passes: the decision is final', () => {
      given(...s.events)
        .when(expire('appeal_window', appealDueAt), s.context(scheduler, appealDueAt))
        .then(
          { type: 'DecisionBecameFinal', data: { at: appealDueAt, decisionId: decisionId() } },
          {
            type: 'CaseClosed',
            data: {
              at: appealDueAt,
              by: null,
              closeReason: 'decided',
              countsAgainstSeller: false,
              reputationReason: 'decided_for_seller',
            },
          },
        )
    })

    it('waits for a running return after the appeal window', () => {
      const returning = decidedCase(world, { outcome: 'return_required' })
      const final = returning.act(scheduler, appealDueAt, expire('appeal_window', appealDueAt))
      expect(final.events.at(-1)).toMatchObject({ type: 'DecisionBecameFinal' })
      expect(final.state.status).toBe('awaiting_follow_up')
      expect(activeCaseDeadline(final.state)).toBeNull()
    })

    it('records a return completed during the appeal window without closing', () => {
      const returning = decidedCase(world, { outcome: 'return_required' })
      given(...returning.events)
        .when({ type: 'NoteReturnCompleted' }, returning.context(integration, at(30)))
        .then({
          type: 'FollowUpEnded',
          data: { at: at(30), kind: 'return', outcome: 'return_completed' },
        })
      const completed = returning.act(integration, at(30), { type: 'NoteReturnCompleted' })
      given(...completed.events)
        .when(expire('appeal_window', appealDueAt), completed.context(scheduler, appealDueAt))
        .thenMatch(
          { type: 'DecisionBecameFinal' },
          {
            type: 'CaseClosed',
            data: {
              closeReason: 'decided',
              countsAgainstSeller: true,
              reputationReason: 'seller_fault',
            },
          },
        )
    })

    it('a return never shipped closes the case for the seller when the window passes', () => {
      const returning = decidedCase(world, { outcome: 'return_required' })
      const notShipped = returning.act(integration, at(30), { type: 'NoteReturnNotShipped' })
      given(...notShipped.events)
        .when(expire('appeal_window', appealDueAt), notShipped.context(scheduler, appealDueAt))
        .thenMatch(
          { type: 'DecisionBecameFinal' },
          {
            type: 'CaseClosed',
            data: {
              closeReason: 'return_not_shipped',
              countsAgainstSeller: false,
              reputationReason: 'return_not_shipped',
            },
          },
        )
    })

    it('either party appeals within the window with new information: a different agent reviews by the SLA', () => {
      given(...s.events)
        .when(appeal, s.context(buyer, daysAfter(opened, 10)))
        .then({
          type: 'CaseAppealed',
          data: {
            at: daysAfter(opened, 10),
            by: { role: 'buyer', userId: buyerId },
            newInformation: appeal.newInformation,
            evidence: [],
            appealedDecisionId: decisionId(),
            decisionDueAt: daysAfter(opened, 12),
          },
        })
    })

    it('refuses an appeal after the window, or without new information', () => {
      given(...s.events)
        .when(appeal, s.context(buyer, appealDueAt))
        .thenRejects('APPEAL_WINDOW_ELAPSED', { closedAt: appealDueAt })
      given(...s.events)
        .when({ type: 'Appeal', newInformation: '' }, s.context(buyer, at(10)))
        .thenRejects('TEXT_REQUIRED', { field: 'newInformation' })
      given(...s.events)
        .when(appeal, s.context(agent, at(10)))
        .thenRejects('ROLE_NOT_ALLOWED')
    })

    it('no more negotiation, withdrawal or deciding again', () => {
      given(...s.events)
        .when(withdraw, s.context(buyer, at(10)))
        .thenRejects('NOT_ALLOWED_IN_STATUS', { status: 'decided' })
      given(...s.events)
        .when(decide({ decisionId: decisionId('x') }), s.context(agent, at(10)))
        .thenRejects('NOT_ALLOWED_IN_STATUS')
      given(...s.events)
        .when({ type: 'AssignCase', agentId: agent2Id }, s.context(agent2, at(10)))
        .thenRejects('NOT_ALLOWED_IN_STATUS')
      given(...s.events)
        .when({ type: 'NoteReturnCompleted' }, s.context(integration, at(10)))
        .thenRejects('NO_FOLLOW_UP_RUNNING', { kind: 'return' })
    })
  })

  describe('when appealed', () => {
    const s = decidedCase(world, { outcome: 'seller_favor', fault: 'none' }).act(
      buyer,
      daysAfter(opened, 10),
      appeal,
    )

    it('is unassigned and runs a fresh SLA', () => {
      expect(s.state).toMatchObject({
        status: 'appealed',
        assignedAgentId: null,
        priority: 'normal',
      })
      expect(activeCaseDeadline(s.state)).toEqual({
        kind: 'agent_decision_sla',
        dueAt: daysAfter(opened, 12),
      })
    })

    it('the agent who decided first may not review it', () => {
      given(...s.events)
        .when(decideAppeal(), s.context(agent, daysAfter(opened, 11)))
        .thenRejects('APPEAL_NEEDS_DIFFERENT_AGENT', { originalAgentId: agentId })
      given(...s.events)
        .when({ type: 'AssignCase', agentId }, s.context(agent2, daysAfter(opened, 11)))
        .thenRejects('APPEAL_NEEDS_DIFFERENT_AGENT')
      given(...s.events)
        .when(
          { type: 'RequestInformation', from: 'buyer', question: '?' },
          s.context(agent, daysAfter(opened, 11)),
        )
        .thenRejects('APPEAL_NEEDS_DIFFERENT_AGENT')
    })

    it('a different agent decides finally for the buyer: refund due, closed, counting against the seller', () => {
      const t = daysAfter(opened, 11)
      given(...s.events)
        .when(decideAppeal({ outcome: 'refund_full', fault: 'seller' }), s.context(agent2, t))
        .thenMatch(
          { type: 'CaseAssigned', data: { agentId: agent2Id } },
          {
            type: 'AppealDecided',
            data: {
              decisionId: 'decision-2',
              agentId: agent2Id,
              outcome: 'refund_full',
              originalDecisionId: 'decision-1',
              upheld: false,
            },
          },
          {
            type: 'RefundDue',
            data: {
              refundKey: 'decision-2',
              amount: 4800,
              cause: 'appeal_decision',
              funding: 'seller',
            },
          },
          {
            type: 'CaseClosed',
            data: {
              closeReason: 'appeal_decided',
              countsAgainstSeller: true,
              reputationReason: 'seller_fault',
            },
          },
        )
    })

    it('upholds the decision: closed with nothing to pay', () => {
      given(...s.events)
        .when(
          decideAppeal({ outcome: 'seller_favor', fault: 'none' }),
          s.context(agent2, daysAfter(opened, 11)),
        )
        .thenMatch(
          { type: 'CaseAssigned' },
          { type: 'AppealDecided', data: { upheld: true } },
          { type: 'CaseClosed', data: { reputationReason: 'decided_for_seller' } },
        )
    })

    it('refuses a reused decision id', () => {
      given(...s.events)
        .when(decideAppeal({ decisionId: decisionId() }), s.context(agent2, daysAfter(opened, 11)))
        .thenRejects('DECISION_ID_REUSED')
    })

    it('asks for information during the review and returns to it', () => {
      const asked = s.act(agent2, daysAfter(opened, 11), {
        type: 'RequestInformation',
        from: 'buyer',
        question: 'Who measured it?',
      })
      expect(asked.state.status).toBe('awaiting_info')
      const answered = asked.act(buyer, daysAfter(opened, 11.5), {
        type: 'ProvideInformation',
        text: 'A tailor.',
      })
      expect(answered.state.status).toBe('appealed')
      given(...asked.events)
        .when(decideAppeal(), asked.context(agent2, daysAfter(opened, 11.5)))
        .thenMatch({ type: 'AppealDecided' }, { type: 'RefundDue' }, { type: 'CaseClosed' })
      given(...asked.events)
        .when(
          decide({ decisionId: decisionId('x') }),
          asked.context(agent2, daysAfter(opened, 11.5)),
        )
        .thenRejects('NOT_ALLOWED_IN_STATUS')
      given(...asked.events)
        .when(withdraw, asked.context(buyer, daysAfter(opened, 11.5)))
        .thenRejects('NOT_ALLOWED_IN_STATUS')
    })

    describe('after a first decision that required money or a follow-up', () => {
      it('reversing a seller-funded refund reimburses the seller; the buyer keeps the refund', () => {
        const refunded = appealedCase(world, { outcome: 'refund_full', fault: 'seller' })
        given(...refunded.events)
          .when(
            decideAppeal({ outcome: 'seller_favor', fault: 'none' }),
            refunded.context(agent2, daysAfter(opened, 4)),
          )
          .thenMatch(
            { type: 'CaseAssigned' },
            { type: 'AppealDecided', data: { upheld: false } },
            {
              type: 'SellerReimbursementDue',
              data: { reimbursementKey: 'decision-2', amount: 4800, funding: 'marketplace' },
            },
            {
              type: 'CaseClosed',
              data: { reputationReason: 'decided_for_seller', countsAgainstSeller: false },
            },
          )
      })

      it('raising a partial refund pays only the difference', () => {
        const partial = appealedCase(world, { outcome: 'refund_partial', amount: minor(1000) })
        given(...partial.events)
          .when(
            decideAppeal({ outcome: 'refund_partial', amount: minor(3000) }),
            partial.context(agent2, daysAfter(opened, 4)),
          )
          .thenMatch(
            { type: 'CaseAssigned' },
            { type: 'AppealDecided' },
            { type: 'RefundDue', data: { amount: 2000, refundKey: 'decision-2' } },
            { type: 'CaseClosed' },
          )
        given(...partial.events)
          .when(
            decideAppeal({ outcome: 'refund_partial', amount: minor(4801) }),
            partial.context(agent2, daysAfter(opened, 4)),
          )
          .thenRejects('REFUND_EXCEEDS_REFUNDABLE', { maximumRefundable: 4800 })
      })

      it('changing a required return to a refund calls the return off', () => {
        const returning = appealedCase(world, { outcome: 'return_required' })
        given(...returning.events)
          .when(
            decideAppeal({ outcome: 'refund_full' }),
            returning.context(agent2, daysAfter(opened, 4)),
          )
          .thenMatch(
            { type: 'CaseAssigned' },
            { type: 'AppealDecided' },
            { type: 'FollowUpCancelled', data: { kind: 'return', key: 'decision-1' } },
            { type: 'RefundDue', data: { amount: 4800 } },
            { type: 'CaseClosed', data: { closeReason: 'appeal_decided' } },
          )
      })

      it('upholding a running return waits for it', () => {
        const returning = appealedCase(world, { outcome: 'return_required' })
        const upheld = returning.act(
          agent2,
          daysAfter(opened, 4),
          decideAppeal({ outcome: 'return_required' }),
        )
        expect(upheld.events.at(-1)).toMatchObject({
          type: 'AppealDecided',
          data: { upheld: true },
        })
        expect(upheld.state.status).toBe('awaiting_follow_up')
      })

      it('a replacement decided on appeal starts one', () => {
        const upheldFavor = appealedCase(world, { outcome: 'seller_favor', fault: 'none' })
        const replaced = upheldFavor.act(
          agent2,
          daysAfter(opened, 4),
          decideAppeal({ outcome: 'replacement' }),
        )
        expect(replaced.events.at(-1)).toMatchObject({
          type: 'ReplacementRequired',
          data: { replacementKey: 'decision-2', cause: 'appeal_decision' },
        })
        expect(replaced.state.status).toBe('awaiting_follow_up')
      })
    })
  })

  describe('when awaiting a follow-up', () => {
    it('a completed return closes the case', () => {
      const s = returnSettledCase()
      given(...s.events)
        .when({ type: 'NoteReturnCompleted' }, s.context(integration, at(40)))
        .then(
          {
            type: 'FollowUpEnded',
            data: { at: at(40), kind: 'return', outcome: 'return_completed' },
          },
          {
            type: 'CaseClosed',
            data: {
              at: at(40),
              by: null,
              closeReason: 'follow_up_completed',
              countsAgainstSeller: true,
              reputationReason: 'settled',
            },
          },
        )
    })

    it('a return never shipped closes the case for the seller', () => {
      const s = returnSettledCase()
      given(...s.events)
        .when({ type: 'NoteReturnNotShipped' }, s.context(scheduler, at(40)))
        .thenMatch(
          { type: 'FollowUpEnded', data: { outcome: 'return_not_shipped' } },
          {
            type: 'CaseClosed',
            data: { closeReason: 'return_not_shipped', countsAgainstSeller: false },
          },
        )
    })

    it('a delivered replacement closes the case', () => {
      const s = replacementSettledCase()
      given(...s.events)
        .when({ type: 'NoteReplacementDelivered' }, s.context(integration, at(40)))
        .thenMatch(
          { type: 'FollowUpEnded', data: { outcome: 'replacement_delivered' } },
          { type: 'CaseClosed', data: { closeReason: 'follow_up_completed' } },
        )
    })

    it('a failed replacement refunds the buyer, reported or by the delivery deadline', () => {
      const s = replacementSettledCase()
      const expected = [
        { type: 'FollowUpEnded', data: { outcome: 'replacement_failed' } },
        {
          type: 'RefundDue',
          data: {
            refundKey: 'offer-1:replacement_failed',
            amount: 4800,
            cause: 'replacement_failed',
            funding: 'seller',
          },
        },
        {
          type: 'CaseClosed',
          data: { closeReason: 'replacement_failed', countsAgainstSeller: true },
        },
      ]
      given(...s.events)
        .when({ type: 'NoteReplacementFailed' }, s.context(integration, at(40)))
        .thenMatch(...expected)
      const deliverBy = daysAfter(at(3), 10)
      given(...s.events)
        .when(expire('replacement_delivery', deliverBy), s.context(scheduler, deliverBy))
        .thenMatch(...expected)
    })

    it('refuses notes for another follow-up, or from the parties', () => {
      const s = returnSettledCase()
      given(...s.events)
        .when({ type: 'NoteReplacementDelivered' }, s.context(integration, at(40)))
        .thenRejects('NO_FOLLOW_UP_RUNNING', { kind: 'replacement' })
      given(...s.events)
        .when({ type: 'NoteReturnCompleted' }, s.context(buyer, at(40)))
        .thenRejects('ROLE_NOT_ALLOWED')
      given(...s.events)
        .when(withdraw, s.context(buyer, at(40)))
        .thenRejects('NOT_ALLOWED_IN_STATUS', { status: 'awaiting_follow_up' })
    })
  })

  describe('when closed', () => {
    const s = openedCase().act(buyer, at(1), withdraw)

    it('has no deadline and refuses everything but ignores deadlines', () => {
      expect(activeCaseDeadline(s.state)).toBeNull()
      given(...s.events)
        .when(message('hello?'), s.context(buyer, at(2)))
        .thenRejects('NOT_ALLOWED_IN_STATUS', { status: 'closed' })
      given(...s.events)
        .when({ type: 'AddEvidence', evidence: photo('late') }, s.context(buyer, at(2)))
        .thenRejects('NOT_ALLOWED_IN_STATUS')
      given(...s.events)
        .when(openCase(), s.context(buyer, at(2)))
        .thenRejects('NOT_ALLOWED_IN_STATUS')
      given(...s.events)
        .when(expire('seller_response', respondBy), s.context(scheduler, respondBy))
        .thenNothing()
      given(...s.events)
        .when({ type: 'NoteReturnCompleted' }, s.context(integration, at(2)))
        .thenRejects('NOT_ALLOWED_IN_STATUS')
    })
  })

  describe('reputation facts on close', () => {
    it('buyer’s remorse never counts against the seller', () => {
      const remorse = story(world)
        .act(buyer, opened, openFor('changed_mind'))
        .act(seller, at(1), { type: 'AcceptClaim', resolution: 'return' })
      expect(remorse.events.at(-1)).toMatchObject({
        type: 'ReturnRequired',
        data: { returnShippingPaidBy: 'buyer' },
      })
      given(...remorse.events)
        .when({ type: 'NoteReturnCompleted' }, remorse.context(integration, at(40)))
        .thenMatch(
          { type: 'FollowUpEnded' },
          {
            type: 'CaseClosed',
            data: { countsAgainstSeller: false, reputationReason: 'buyer_remorse' },
          },
        )
    })

    it.each([
      ['carrier', 'carrier_fault'],
      ['force_majeure', 'force_majeure'],
      ['none', 'no_seller_fault'],
      ['buyer', 'no_seller_fault'],
    ] as const)('a refund decided with fault %s does not count (%s)', (fault, reason) => {
      const s = decidedCase(world, { fault })
      const due = instant('2026-12-26T20:00:00Z')
      given(...s.events)
        .when(expire('appeal_window', due), s.context(scheduler, due))
        .thenMatch(
          { type: 'DecisionBecameFinal' },
          { type: 'CaseClosed', data: { countsAgainstSeller: false, reputationReason: reason } },
        )
    })
  })

  describe.each(presetNames)('under the %s preset, the core lifecycle', (preset) => {
    const w = aWorld({ policy: presets[preset] })

    it('settles by an accepted offer, closing with reputation facts', () => {
      const s = offeredCase(w)
      given(...s.events)
        .when(accept(), s.context(buyer, at(3)))
        .thenMatch(
          { type: 'OfferAccepted' },
          {
            type: 'RefundDue',
            data: { amount: 1500, destination: presets[preset].refunds.caseRefundDestination },
          },
          { type: 'CaseClosed', data: { closeReason: 'settled' } },
        )
    })

    it('escalates, is decided, appealed and decided finally by another agent', () => {
      const s = appealedCase(w, { outcome: 'seller_favor', fault: 'none' })
      expect(s.state.status).toBe('appealed')
      given(...s.events)
        .when(
          decideAppeal({ outcome: 'refund_full', fault: 'seller' }),
          s.context(agent2, daysAfter(opened, 4)),
        )
        .thenMatch(
          { type: 'CaseAssigned' },
          { type: 'AppealDecided', data: { upheld: false } },
          {
            type: 'RefundDue',
            data: { amount: 4800, funding: presets[preset].refunds.fundingByFault.seller },
          },
          {
            type: 'CaseClosed',
            data: { closeReason: 'appeal_decided', countsAgainstSeller: true },
          },
        )
      given(...s.events)
        .when(decideAppeal(), s.context(agent, daysAfter(opened, 4)))
        .thenRejects('APPEAL_NEEDS_DIFFERENT_AGENT')
    })

    it('closes a decided case when its appeal window passes, and then nothing is live', () => {
      const closed = fire(decidedCase(w))
      expect(closed.state).toMatchObject({ status: 'closed', closeReason: 'decided' })
      expect(activeCaseDeadline(closed.state)).toBeNull()
    })
  })

  describe('under the Poshmark preset', () => {
    const posh = aWorld({ policy: presets.poshmark })
    const day4 = daysAfter(wednesday, 4)

    it('opens not-as-described within 3 days of delivery, with photos', () => {
      given()
        .when(openCase(), caseContext(posh, buyer, friday))
        .thenMatch({
          type: 'CaseOpened',
          data: { policy: { preset: 'poshmark' }, respondBy: daysAfter(friday, 3) },
        })
    })

    it('refuses on day 4: CASE_WINDOW_ELAPSED with the date the window closed', () => {
      given()
        .when(openCase(), caseContext(posh, buyer, day4))
        .thenRejects('CASE_WINDOW_ELAPSED', { closedAt: daysAfter(wednesday, 3) })
    })

    it('refuses changed mind and doesn’t fit: REASON_NOT_COVERED', () => {
      given()
        .when(openFor('changed_mind'), caseContext(posh, buyer, friday))
        .thenRejects('REASON_NOT_COVERED', { reason: 'changed_mind', preset: 'poshmark' })
      given()
        .when(openFor('doesnt_fit'), caseContext(posh, buyer, friday))
        .thenRejects('REASON_NOT_COVERED', { reason: 'doesnt_fit', preset: 'poshmark' })
    })

    it('needs photos of the problem: EVIDENCE_REQUIRED', () => {
      given()
        .when(openCase({ evidence: [measured()] }), caseContext(posh, buyer, friday))
        .thenRejects('EVIDENCE_REQUIRED', { reason: 'not_as_described' })
    })

    it('plays the whole case: dispute with measurements, escalation, return required at the marketplace’s cost', () => {
      const opened = story(posh).act(buyer, friday, openCase())
      const disputed = opened.act(seller, hoursAfter(friday, 5), dispute)
      expect(disputed.events.at(-1)).toMatchObject({
        type: 'ClaimDisputed',
        data: { evidence: [{ kind: 'measurements', measurements: { chest: '52 cm' } }] },
      })
      const escalated = disputed.act(buyer, daysAfter(friday, 1), escalate)
      expect(escalated.events.at(-1)).toMatchObject({
        type: 'CaseEscalated',
        data: { reason: 'buyer_requested' },
      })
      given(...escalated.events)
        .when(
          decide({ outcome: 'return_required', fault: 'seller' }),
          escalated.context(agent, daysAfter(friday, 2)),
        )
        .thenMatch(
          { type: 'CaseAssigned', data: { agentId } },
          {
            type: 'CaseDecided',
            data: { outcome: 'return_required', fault: 'seller', funding: 'seller' },
          },
          {
            type: 'ReturnRequired',
            data: {
              returnKey: 'decision-1',
              returnShippingPaidBy: 'marketplace',
              refundOnCompletion: 4800,
              destination: 'marketplace_credit',
              funding: 'seller',
              cause: 'decision',
            },
          },
        )
    })
  })

  describe('under the eBay preset', () => {
    const ebay = aWorld({ policy: presets.ebay })
    const s = story(ebay).act(buyer, friday, openCase())
    /** Friday 09:00 New York + 3 business days, over the weekend: Wednesday 09:00. */
    const wednesdayDue = instant('2026-12-02T14:00:00Z')

    it('gives the silent seller 3 business days, skipping the weekend', () => {
      expect(activeCaseDeadline(s.state)).toEqual({ kind: 'seller_response', dueAt: wednesdayDue })
    })

    it('escalates on its own at the right moment', () => {
      given(...s.events)
        .when(expire('seller_response', wednesdayDue), s.context(scheduler, wednesdayDue))
        .then({
          type: 'CaseEscalated',
          data: {
            at: wednesdayDue,
            by: null,
            reason: 'seller_response_overdue',
            statement: null,
            decisionDueAt: hoursAfter(wednesdayDue, 48),
          },
        })
    })

    it('does nothing an hour before', () => {
      given(...s.events)
        .when(
          expire('seller_response', wednesdayDue),
          s.context(scheduler, hoursAfter(wednesdayDue, -1)),
        )
        .thenNothing()
    })
  })

  describe('under the Mercado Libre preset', () => {
    const ml = aWorld({ policy: presets.mercadolibre })
    const s = openedCase(ml).act(seller, at(24), makeOffer(partialRefund(1500)))

    it('a partial refund offered and accepted within 72 h settles without counting against the seller', () => {
      given(...s.events)
        .when(accept(), s.context(buyer, at(48)))
        .then(
          {
            type: 'OfferAccepted',
            data: {
              offerId: offerId(1),
              by: { role: 'buyer', userId: buyerId },
              at: at(48),
              terms: partialRefund(1500),
              currency: 'USD',
            },
          },
          {
            type: 'RefundDue',
            data: {
              refundKey: 'offer-1',
              caseId: asId<CaseId>('case-1'),
              orderId: world.order.orderId,
              at: at(48),
              amount: minor(1500),
              currency: 'USD',
              destination: 'original_payment',
              funding: 'seller',
              allocation: {
                lines: [{ lineId: asId<OrderLineId>('line-1'), amount: minor(1250) }],
                shipping: minor(156),
                tax: minor(94),
              },
              cause: 'offer_accepted',
            },
          },
          {
            type: 'CaseClosed',
            data: {
              at: at(48),
              by: { role: 'buyer', userId: buyerId },
              closeReason: 'settled',
              countsAgainstSeller: false,
              reputationReason: 'settled_in_grace',
            },
          },
        )
    })

    it('accepted after 72 h, the settlement counts', () => {
      given(...s.events)
        .when(accept(), s.context(buyer, at(72)))
        .thenMatch(
          { type: 'OfferAccepted' },
          { type: 'RefundDue' },
          { type: 'CaseClosed', data: { countsAgainstSeller: true, reputationReason: 'settled' } },
        )
    })

    it('a second offer is refused: OFFER_LIMIT_REACHED', () => {
      const declined = s.act(buyer, at(30), decline())
      given(...declined.events)
        .when(makeOffer(partialRefund(2500), 2), declined.context(seller, at(31)))
        .thenRejects('OFFER_LIMIT_REACHED', { maxOffers: 1 })
      given(...s.events)
        .when(makeOffer(partialRefund(2500), 2), s.context(seller, at(25)))
        .thenRejects('OFFER_LIMIT_REACHED', { maxOffers: 1 })
    })
  })

  describe('under the Walmart preset', () => {
    const walmart = aWorld({ policy: presets.walmart })
    const s = openedCase(walmart)

    it('escalates a silent seller after 48 hours', () => {
      expect(activeCaseDeadline(s.state)).toEqual({ kind: 'seller_response', dueAt: at(48) })
      given(...s.events)
        .when(expire('seller_response', at(48)), s.context(scheduler, at(48)))
        .thenMatch({ type: 'CaseEscalated', data: { reason: 'seller_response_overdue' } })
    })

    it('plays a partial refund decided, then raised on appeal', () => {
      const decided = escalatedCase(walmart).act(
        agent,
        at(6),
        decide({ outcome: 'refund_partial', amount: minor(2000) }),
      )
      expect(decided.world.refundable).toBe(2800)
      const appealed = decided.act(buyer, at(30), appeal)
      given(...appealed.events)
        .when(decideAppeal({ outcome: 'refund_full' }), appealed.context(agent2, at(40)))
        .thenMatch(
          { type: 'CaseAssigned' },
          { type: 'AppealDecided' },
          { type: 'RefundDue', data: { amount: 2800 } },
          { type: 'CaseClosed' },
        )
    })
  })
})
