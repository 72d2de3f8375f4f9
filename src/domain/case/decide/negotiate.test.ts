import { describe, expect, it } from 'vitest'
import { minor } from '../../shared/money.ts'
import { specFor } from '../../shared/spec.ts'
import { activeCaseDeadline } from '../deadline.ts'
import {
  buyer,
  buyerId,
  caseContext,
  daysAfter,
  expire,
  makeOffer,
  offerId,
  partialRefund,
  scheduler,
  seller,
} from '../fixtures.ts'
import { caseDecider } from '../index.ts'
import {
  accept,
  at,
  counterDue,
  counteredCase,
  decline,
  escalate,
  offeredCase,
  replacementSettledCase,
  returnSettledCase,
  wholeOrderAllocation,
  world,
} from './stories.ts'

const { given } = specFor(caseDecider)

describe('case decider', () => {
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
})
