import { describe, expect, it } from 'vitest'
import { instant } from '../../../policy/time.ts'
import { specFor } from '../../shared/spec.ts'
import { activeCaseDeadline } from '../deadline.ts'
import {
  buyer,
  expire,
  integration,
  message,
  openCase,
  openFor,
  photo,
  scheduler,
  seller,
  story,
} from '../fixtures.ts'
import { caseDecider } from '../index.ts'
import { at, decidedCase, opened, openedCase, respondBy, withdraw, world } from './stories.ts'

const { given } = specFor(caseDecider)

describe('case decider', () => {
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
})
