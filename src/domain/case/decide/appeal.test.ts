import { describe, expect, it } from 'vitest'
import { instant } from '../../../policy/time.ts'
import { minor } from '../../shared/money.ts'
import { specFor } from '../../shared/spec.ts'
import { activeCaseDeadline } from '../deadline.ts'
import {
  agent,
  agent2,
  agent2Id,
  agentId,
  buyer,
  buyerId,
  daysAfter,
  decide,
  decideAppeal,
  decisionId,
  expire,
  integration,
  scheduler,
} from '../fixtures.ts'
import { caseDecider } from '../index.ts'
import { appeal, appealedCase, at, decidedCase, opened, withdraw, world } from './stories.ts'

const { given } = specFor(caseDecider)

describe('case decider', () => {
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
})
