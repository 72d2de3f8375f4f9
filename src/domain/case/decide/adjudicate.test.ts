import { describe, expect, it } from 'vitest'
import { instant } from '../../../policy/time.ts'
import { type CaseId, type OrderLineId, asId } from '../../shared/ids.ts'
import { minor } from '../../shared/money.ts'
import { specFor } from '../../shared/spec.ts'
import { activeCaseDeadline } from '../deadline.ts'
import {
  agent,
  agent2,
  agent2Id,
  agentId,
  buyer,
  caseContext,
  daysAfter,
  decide,
  decideAppeal,
  decisionId,
  expire,
  photo,
  scheduler,
  seller,
} from '../fixtures.ts'
import { caseDecider } from '../index.ts'
import { at, escalate, escalatedCase, withdraw, world } from './stories.ts'

const { given } = specFor(caseDecider)

describe('case decider', () => {
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
})
