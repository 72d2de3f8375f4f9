import { describe, expect, it } from 'vitest'
import { defaultPolicy } from '../../../policy/presets.ts'
import { type CaseId, type OrderLineId, asId } from '../../shared/ids.ts'
import { minor } from '../../shared/money.ts'
import { specFor } from '../../shared/spec.ts'
import { activeCaseDeadline } from '../deadline.ts'
import {
  aWorld,
  admin,
  agent,
  agentId,
  buyer,
  buyerId,
  caseContext,
  daysAfter,
  expire,
  hoursAfter,
  makeOffer,
  measured,
  message,
  monday,
  offerId,
  openFor,
  partialRefund,
  photo,
  scheduler,
  seller,
  sellerId,
  story,
  strangerBuyer,
  undeliveredOrder,
} from '../fixtures.ts'
import { caseDecider } from '../index.ts'
import { at, dispute, escalate, openedCase, respondBy, withdraw, world } from './stories.ts'

const { given } = specFor(caseDecider)

describe('case decider', () => {
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
})
