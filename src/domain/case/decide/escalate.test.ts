import { describe, expect, it } from 'vitest'
import { specFor } from '../../shared/spec.ts'
import { activeCaseDeadline } from '../deadline.ts'
import {
  buyer,
  buyerId,
  daysAfter,
  expire,
  makeOffer,
  partialRefund,
  scheduler,
  seller,
} from '../fixtures.ts'
import { caseDecider } from '../index.ts'
import { at, dispute, disputedCase, escalate } from './stories.ts'

const { given } = specFor(caseDecider)

describe('case decider', () => {
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
})
