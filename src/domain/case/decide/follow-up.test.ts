import { describe, it } from 'vitest'
import { specFor } from '../../shared/spec.ts'
import { buyer, daysAfter, expire, integration, scheduler } from '../fixtures.ts'
import { caseDecider } from '../index.ts'
import { at, replacementSettledCase, returnSettledCase, withdraw } from './stories.ts'

const { given } = specFor(caseDecider)

describe('case decider', () => {
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
})
