import type { Policy } from '../../policy/types.ts'
import { addDuration, isBefore, type Instant } from '../../policy/time.ts'
import type { Deadline } from '../shared/decider.ts'
import type { CancellationState } from './state.ts'

/**
 * `seller_response`: the seller did not answer a buyer's request in time;
 * `policy.cancellation.onSellerSilence` applies. `agent_decision_sla`: an
 * agent should have decided an escalation (`agentDecisionSla`); the breach
 * raises its priority. `information_request`: the party an agent asked did
 * not answer (`informationRequestTime`); the agent decides without it.
 */
export type CancellationDeadlineKind =
  'seller_response' | 'agent_decision_sla' | 'information_request'

/** When the seller must have answered a request made at `requestedAt`. */
export const sellerResponseDueAt = (requestedAt: Instant, policy: Policy): Instant =>
  addDuration(requestedAt, policy.cancellation.sellerResponseTime, policy.calendar)

/**
 * The one live deadline: the seller's answer to a pending request. The due
 * time was fixed on the request (`respondBy`) under the frozen policy.
 */
export const activeCancellationDeadline = (
  state: CancellationState,
): Deadline<CancellationDeadlineKind> | null => {
  switch (state.status) {
    case 'requested':
      return state.respondBy === null ? null : { kind: 'seller_response', dueAt: state.respondBy }
    case 'escalated':
      // After a breach the escalation keeps its `breached` priority and waits for the agent.
      return state.escalation.priority === 'normal'
        ? { kind: 'agent_decision_sla', dueAt: state.escalation.decisionDueAt }
        : null
    case 'awaiting_info': {
      // The SLA keeps running while a party is asked; whichever comes first is live.
      const { priority, decisionDueAt, infoRequest } = state.escalation
      return priority === 'normal' && isBefore(decisionDueAt, infoRequest.dueAt)
        ? { kind: 'agent_decision_sla', dueAt: decisionDueAt }
        : { kind: 'information_request', dueAt: infoRequest.dueAt }
    }
    case 'none':
    case 'approved':
    case 'declined':
    case 'withdrawn':
    case 'upheld':
      return null
  }
}
