import { describe, expect, it } from 'vitest'
import { defaultPolicy, presets } from '../../policy/presets.ts'
import { addDuration, type Instant } from '../../policy/time.ts'
import type { Policy } from '../../policy/types.ts'
import type { EvidenceRef } from '../case/vocabulary.ts'
import { asId, type EvidenceId, type UserId } from '../shared/ids.ts'
import { specFor } from '../shared/spec.ts'
import {
  agent,
  anOrder,
  buyer,
  buyerId,
  cancellationId,
  daysAfter,
  hoursAfter,
  monday,
  orderFrom,
  orderId,
  orderShipped,
  policyVersionId,
  scheduler,
  seller,
  sellerId,
} from '../order/fixtures.ts'
import type { CancellationEvent } from './events.ts'
import { cancellationContext, cancellationRequested } from './fixtures.ts'
import { cancellationDecider } from './index.ts'

const { given } = specFor(cancellationDecider)
const agentId = asId<UserId>('agent-1')
const screenshot: EvidenceRef = {
  evidenceId: asId<EvidenceId>('ev-1'),
  kind: 'file',
  file: { name: 'chat.png', mediaType: 'image/png', size: 68, sha256: 'a'.repeat(64) },
}
const statement = { statement: 'The seller refused although nothing has shipped.' }

const requested = cancellationRequested(monday, daysAfter(monday, 2))
const declinedAt = hoursAfter(monday, 5)
const declined: CancellationEvent = {
  type: 'CancellationDeclined',
  data: { cancellationId, orderId, at: declinedAt, by: 'seller', reason: 'Already packed' },
}
const escalatedAt = hoursAfter(monday, 6)
const escalated = (policy: Policy, by: 'buyer' | 'seller' = 'buyer'): CancellationEvent => ({
  type: 'CancellationEscalated',
  data: {
    cancellationId,
    orderId,
    at: escalatedAt,
    by,
    userId: by === 'buyer' ? buyerId : sellerId,
    statement: statement.statement,
    evidence: [screenshot],
    messageIds: [],
    decisionDueAt: addDuration(escalatedAt, policy.cancellation.agentDecisionSla, policy.calendar),
  },
})
const asked = (at: Instant, dueAt: Instant): CancellationEvent => ({
  type: 'CancellationInformationRequested',
  data: { cancellationId, orderId, at, agentId, from: 'buyer', question: 'Screenshot?', dueAt },
})

const policies = [['default', defaultPolicy], ...Object.entries(presets)] as const

describe.each(policies)('cancellation escalation under %s', (_name, policy) => {
  const ctx = (actor: typeof buyer, now: Instant, order = orderFrom(anOrder())) =>
    cancellationContext(actor, now, { policy, order })

  describe('when the seller declined', () => {
    const window = policy.cancellation.escalationWindowAfterDecline

    it('lets the buyer escalate with a statement and a screenshot, the agent to decide within the SLA', () => {
      if (window === null) return
      given(requested, declined)
        .when(
          { type: 'EscalateCancellation', ...statement, evidence: [screenshot] },
          ctx(buyer, escalatedAt),
        )
        .then(escalated(policy))
    })

    it('refuses once the window after the decline closed', () => {
      if (window === null) return
      const closedAt = addDuration(declinedAt, window, policy.calendar)
      given(requested, declined)
        .when({ type: 'EscalateCancellation', ...statement }, ctx(buyer, closedAt))
        .thenRejects('ESCALATION_WINDOW_ELAPSED', { closedAt })
    })

    it('refuses without a statement, and to anyone but the buyer', () => {
      given(requested, declined)
        .when({ type: 'EscalateCancellation', statement: ' ' }, ctx(buyer, escalatedAt))
        .thenRejects(window === null ? 'ESCALATION_NOT_OFFERED' : 'TEXT_REQUIRED')
      given(requested, declined)
        .when({ type: 'EscalateCancellation', ...statement }, ctx(seller, escalatedAt))
        .thenRejects('NOT_A_PARTY', { required: 'buyer' })
    })

    it('refuses once the order shipped: the path is a case', () => {
      if (window === null) return
      const order = orderFrom(anOrder(), orderShipped(hoursAfter(monday, 5)))
      given(requested, declined)
        .when({ type: 'EscalateCancellation', ...statement }, ctx(buyer, escalatedAt, order))
        .thenRejects('ALREADY_SHIPPED')
    })
  })

  describe('when the seller has not answered', () => {
    const wait = policy.cancellation.escalationAfterNoAnswer

    it('refuses before the policy wait, saying from when', () => {
      if (wait === null) return
      const allowedFrom = addDuration(monday, wait, policy.calendar)
      given(requested)
        .when({ type: 'EscalateCancellation', ...statement }, ctx(buyer, hoursAfter(monday, 1)))
        .thenRejects('ESCALATION_NOT_YET_ALLOWED', { allowedFrom })
    })

    it('escalates once the wait passed', () => {
      if (wait === null) return
      const at = addDuration(monday, wait, policy.calendar)
      given(requested)
        .when({ type: 'EscalateCancellation', ...statement }, ctx(buyer, at))
        .thenMatch({ type: 'CancellationEscalated', data: { by: 'buyer', at } })
    })
  })

  describe('when the seller asks the marketplace to cancel', () => {
    it('records the request and escalates it at once', () => {
      given()
        .when(
          {
            type: 'AskMarketplaceToCancel',
            cancellationId,
            reason: 'address_issue',
            policyVersionId,
            statement: 'The address does not exist and the buyer does not answer.',
          },
          ctx(seller, monday),
        )
        .thenMatch(
          { type: 'CancellationRequested', data: { requestedBy: 'seller', mode: 'marketplace' } },
          { type: 'CancellationEscalated', data: { by: 'seller', userId: sellerId } },
        )
    })

    it("refuses a buyer's reason", () => {
      given()
        .when(
          {
            type: 'AskMarketplaceToCancel',
            cancellationId,
            reason: 'order_mistake',
            policyVersionId,
            ...statement,
          },
          ctx(seller, monday),
        )
        .thenRejects('REASON_NOT_ALLOWED_FOR_SIDE')
    })

    it('the agent upholds: the order stands and counts against nobody', () => {
      given(requested, escalated(policy, 'seller'))
        .when(
          {
            type: 'DecideCancellation',
            outcome: 'uphold',
            fault: 'none',
            rationale: 'Address verified.',
          },
          ctx(agent, hoursAfter(escalatedAt, 2)),
        )
        .thenMatch({
          type: 'CancellationDecided',
          data: { outcome: 'uphold', refundDue: null, countsAgainstSeller: false },
        })
    })
  })

  describe('when escalated', () => {
    const sla = addDuration(escalatedAt, policy.cancellation.agentDecisionSla, policy.calendar)

    it('the agent asks a party for information with a deadline', () => {
      const at = hoursAfter(escalatedAt, 1)
      given(requested, escalated(policy))
        .when(
          { type: 'RequestCancellationInformation', from: 'buyer', question: 'Screenshot?' },
          ctx(agent, at),
        )
        .then(
          asked(at, addDuration(at, policy.cancellation.informationRequestTime, policy.calendar)),
        )
    })

    it('only an agent decides', () => {
      given(requested, escalated(policy))
        .when(
          { type: 'DecideCancellation', outcome: 'cancel', fault: 'seller', rationale: 'x' },
          ctx(seller, escalatedAt),
        )
        .thenRejects('NOT_A_PARTY', { required: 'agent' })
    })

    it('the agent cancels: refund per the forced destination, counted per the fault', () => {
      const at = hoursAfter(escalatedAt, 3)
      const decision = given(requested, escalated(policy)).when(
        {
          type: 'DecideCancellation',
          outcome: 'cancel',
          fault: 'seller',
          rationale: 'Seen the chat.',
        },
        ctx(agent, at),
      ).decision
      expect(decision).toMatchObject([
        {
          type: 'CancellationDecided',
          data: {
            outcome: 'cancel',
            agentId,
            countsAgainstSeller: true,
            refundDue: { destination: policy.cancellation.forcedRefundDestination },
          },
        },
        { type: 'CancellationApproved', data: { by: 'agent', countsAgainstSeller: true } },
      ])
    })

    it('refuses to cancel once the order shipped, with the time it shipped', () => {
      const shippedAt = hoursAfter(escalatedAt, 1)
      given(requested, escalated(policy))
        .when(
          { type: 'DecideCancellation', outcome: 'cancel', fault: 'seller', rationale: 'x' },
          ctx(agent, hoursAfter(escalatedAt, 2), orderFrom(anOrder(), orderShipped(shippedAt))),
        )
        .thenRejects('ALREADY_SHIPPED', { shippedAt })
    })

    it('the SLA breach raises priority once; a stale firing does nothing', () => {
      given(requested, escalated(policy))
        .when(
          { type: 'ExpireDeadline', kind: 'agent_decision_sla', dueAt: sla },
          ctx(scheduler, sla),
        )
        .then({
          type: 'CancellationDecisionOverdue',
          data: { cancellationId, orderId, at: sla, dueAt: sla },
        })
      given(requested, escalated(policy))
        .when(
          { type: 'ExpireDeadline', kind: 'agent_decision_sla', dueAt: sla },
          ctx(scheduler, hoursAfter(sla, -1)),
        )
        .thenNothing()
      given(requested, escalated(policy), {
        type: 'CancellationDecisionOverdue',
        data: { cancellationId, orderId, at: sla, dueAt: sla },
      })
        .when(
          { type: 'ExpireDeadline', kind: 'agent_decision_sla', dueAt: sla },
          ctx(scheduler, sla),
        )
        .thenNothing()
    })
  })

  describe('when awaiting information', () => {
    const at = hoursAfter(escalatedAt, 1)
    const due = addDuration(at, policy.cancellation.informationRequestTime, policy.calendar)

    it('the party asked answers, back to the agent', () => {
      given(requested, escalated(policy), asked(at, due))
        .when(
          { type: 'ProvideCancellationInformation', text: 'Attached.' },
          ctx(buyer, hoursAfter(at, 1)),
        )
        .thenMatch({
          type: 'CancellationInformationProvided',
          data: { by: 'buyer', text: 'Attached.' },
        })
    })

    it('the other party may not answer for them', () => {
      given(requested, escalated(policy), asked(at, due))
        .when(
          { type: 'ProvideCancellationInformation', text: 'Me!' },
          ctx(seller, hoursAfter(at, 1)),
        )
        .thenRejects('NOT_ASKED_FOR_INFORMATION', { from: 'buyer' })
    })

    it('the agent may still decide without the answer', () => {
      given(requested, escalated(policy), asked(at, due))
        .when(
          {
            type: 'DecideCancellation',
            outcome: 'uphold',
            fault: 'none',
            rationale: 'Enough seen.',
          },
          ctx(agent, hoursAfter(at, 2)),
        )
        .thenMatch({ type: 'CancellationDecided', data: { outcome: 'uphold' } })
    })
  })
})

describe('a seller-asked cancellation counts by the policy', () => {
  const ask: CancellationEvent = cancellationRequested(monday, monday, {
    requestedBy: 'seller',
    reason: 'address_issue',
    mode: 'marketplace',
    respondBy: null,
  })
  const cancel = {
    type: 'DecideCancellation',
    outcome: 'cancel',
    fault: 'buyer',
    rationale: 'Bad address.',
  } as const

  it('by the decision by default: buyer at fault, not counted', () => {
    const d = given(ask, escalated(defaultPolicy, 'seller')).when(
      cancel,
      cancellationContext(agent, escalatedAt),
    ).decision
    expect(d).toMatchObject([{ data: { countsAgainstSeller: false } }, { data: { by: 'agent' } }])
  })

  it('by the reason under eBay (address issues are not in sellerFaultReasons)', () => {
    const d = given(ask, escalated(presets.ebay, 'seller')).when(
      { ...cancel, fault: 'seller' },
      cancellationContext(agent, escalatedAt, { policy: presets.ebay }),
    ).decision
    expect(d).toMatchObject([{ data: { countsAgainstSeller: false } }, { data: { by: 'agent' } }])
  })

  it('Poshmark refunds a forced cancellation as credit', () => {
    const d = given(requested, escalated(presets.poshmark)).when(
      { ...cancel, fault: 'seller' },
      cancellationContext(agent, escalatedAt, { policy: presets.poshmark }),
    ).decision
    expect(d).toMatchObject([
      { data: { refundDue: { destination: 'marketplace_credit', toOriginalPayment: 0 } } },
      { data: { refundDue: { destination: 'marketplace_credit' } } },
    ])
  })
})
