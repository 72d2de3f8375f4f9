import { describe, expect, it } from 'vitest'
import { addDuration } from '../../policy/time.ts'
import {
  agent2,
  story,
  aWorld,
  buyer,
  daysAfter,
  hoursAfter,
  integration,
  openCase,
  seller,
  wednesday,
  agent,
  agentId,
  agent2Id,
} from '../case/fixtures.ts'
import type { JoinSwap } from '../case/commands.ts'
import { asId, type CaseId, type SwapId } from '../shared/ids.ts'
import { specFor } from '../shared/spec.ts'
import { caseDecider } from '../case/index.ts'

/** The case side of a swap: `JoinSwap`, `NoteSwapCompleted`, `NoteSwapFailed` on the case decider. */
const { given } = specFor(caseDecider)

const t0 = daysAfter(wednesday, 1)
const at = (h: number) => hoursAfter(t0, h)
const swapId = asId<SwapId>('swap-1')
const join = (overrides: Partial<JoinSwap> = {}): JoinSwap => ({
  type: 'JoinSwap',
  swapId,
  otherCaseId: asId<CaseId>('case-2'),
  rationale: 'Each buyer received the other’s item.',
  fault: 'seller',
  ...overrides,
})
const opened = story(aWorld()).act(buyer, t0, openCase({ reason: 'wrong_item' }))
const escalated = opened
  .act(seller, at(1), { type: 'DisputeClaim', statement: 'I shipped the right item.' })
  .act(buyer, at(2), { type: 'Escalate' })
const linked = escalated.act(agent, at(3), join())

describe('a case in a swap', () => {
  describe('when escalated', () => {
    it('is linked by an agent, who takes it on the way, and waits for the parcels', () => {
      given(...escalated.events)
        .when(join(), escalated.context(agent, at(3)))
        .thenMatch(
          { type: 'CaseAssigned', data: { agentId } },
          {
            type: 'CaseSwapLinked',
            data: { swapId, fault: 'seller', by: { role: 'agent', userId: agentId } },
          },
        )
      expect(linked.state).toMatchObject({
        status: 'awaiting_follow_up',
        followUp: {
          kind: 'swap',
          key: swapId,
          status: 'running',
          funding: 'marketplace',
          fault: 'seller',
        },
      })
    })

    it('is not linked by a party, nor by an agent other than the one holding it', () => {
      given(...escalated.events)
        .when(join(), escalated.context(buyer, at(3)))
        .thenRejects('ROLE_NOT_ALLOWED')
      const held = escalated.act(agent2, at(3), { type: 'AssignCase', agentId: agent2Id })
      given(...held.events)
        .when(join(), held.context(agent, at(4)))
        .thenRejects('NOT_ASSIGNED_AGENT')
    })

    it('is not linked while still with the seller, nor for a reason a swap does not resolve', () => {
      given(...opened.events)
        .when(join(), opened.context(agent, at(1)))
        .thenRejects('NOT_ALLOWED_IN_STATUS')
      const damaged = story(aWorld())
        .act(buyer, t0, openCase({ reason: 'damaged' }))
        .act(seller, at(1), { type: 'DisputeClaim', statement: 'Packed well.' })
        .act(buyer, at(2), { type: 'Escalate' })
      given(...damaged.events)
        .when(join(), damaged.context(agent, at(3)))
        .thenRejects('SWAP_REASON_NOT_ALLOWED')
    })
  })

  describe('when linked', () => {
    it('ignores the same link again, and refuses another swap', () => {
      given(...linked.events)
        .when(join(), linked.context(agent, at(4)))
        .thenNothing()
      given(...linked.events)
        .when(join({ swapId: asId<SwapId>('swap-2') }), linked.context(agent, at(4)))
        .thenRejects('CASE_ALREADY_SWAPPED', { swapId })
    })

    it('closes with no refund when both parcels are delivered; a seller’s mix-up counts against it', () => {
      given(...linked.events)
        .when({ type: 'NoteSwapCompleted' }, linked.context(integration, at(60)))
        .then(
          { type: 'FollowUpEnded', data: { at: at(60), kind: 'swap', outcome: 'swap_completed' } },
          {
            type: 'CaseClosed',
            data: {
              at: at(60),
              by: null,
              closeReason: 'swapped',
              countsAgainstSeller: true,
              reputationReason: 'seller_fault',
            },
          },
        )
    })

    it('spares the seller when the carrier mixed the parcels up', () => {
      const carrier = escalated.act(agent, at(3), join({ fault: 'carrier' }))
      given(...carrier.events)
        .when({ type: 'NoteSwapCompleted' }, carrier.context(integration, at(60)))
        .thenMatch(
          { type: 'FollowUpEnded' },
          {
            type: 'CaseClosed',
            data: { countsAgainstSeller: false, reputationReason: 'carrier_fault' },
          },
        )
    })

    it('goes back to the agents when the swap falls through, due by a fresh decision SLA', () => {
      const { policy } = linked.world
      given(...linked.events)
        .when({ type: 'NoteSwapFailed' }, linked.context(integration, at(90)))
        .then(
          {
            type: 'FollowUpEnded',
            data: { at: at(90), kind: 'swap', outcome: 'swap_not_shipped' },
          },
          {
            type: 'CaseEscalated',
            data: {
              at: at(90),
              by: null,
              reason: 'swap_failed',
              statement: null,
              decisionDueAt: addDuration(at(90), policy.cases.agentDecisionSla, policy.calendar),
            },
          },
        )
      const back = linked.act(integration, at(90), { type: 'NoteSwapFailed' })
      expect(back.state).toMatchObject({
        status: 'escalated',
        followUp: { kind: 'swap', status: 'failed' },
      })
      given(...back.events)
        .when(join({ swapId: asId<SwapId>('swap-2') }), back.context(agent, at(91)))
        .thenRejects('CASE_ALREADY_SWAPPED')
    })

    it('takes swap notes only from the automation, and only while the swap runs', () => {
      given(...linked.events)
        .when({ type: 'NoteSwapCompleted' }, linked.context(agent, at(60)))
        .thenRejects('ROLE_NOT_ALLOWED')
      given(...escalated.events)
        .when({ type: 'NoteSwapCompleted' }, escalated.context(integration, at(60)))
        .thenRejects('NO_FOLLOW_UP_RUNNING', { kind: 'swap' })
    })
  })
})
