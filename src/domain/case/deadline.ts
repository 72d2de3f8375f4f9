import { addDuration, isBefore, type Instant } from '../../policy/time.ts'
import type { Deadline } from '../shared/decider.ts'
import { pendingOffer, type CaseFile, type CaseState } from './state.ts'
import type { CaseDeadlineKind } from './vocabulary.ts'

/** Until when the buyer may escalate after the seller's latest move (`policy.cases.escalationWindowAfterResponse`). */
export const escalationWindowClosesAt = (c: CaseFile, from: Instant): Instant =>
  addDuration(from, c.policy.cases.escalationWindowAfterResponse, c.policy.calendar)

const due = (kind: CaseDeadlineKind, dueAt: Instant): Deadline<CaseDeadlineKind> => ({
  kind,
  dueAt,
})

/**
 * The one live deadline of a case, from its state and frozen policy, or
 * `null`. The scheduler keeps exactly this row; `ExpireDeadline` acts only
 * when it matches.
 */
export const activeCaseDeadline = (state: CaseState): Deadline<CaseDeadlineKind> | null => {
  switch (state.status) {
    case 'none':
    case 'closed':
      return null
    case 'awaiting_seller': {
      const offer = pendingOffer(state)
      if (offer !== null) return due('seller_offer_response', offer.respondBy)
      // `policy.cases.onSellerSilence: 'none'`: nothing happens on its own; the buyer may escalate.
      return state.policy.cases.onSellerSilence === 'none'
        ? null
        : due('seller_response', state.sellerRespondBy)
    }
    case 'awaiting_buyer': {
      const offer = pendingOffer(state)
      if (offer !== null) return due('buyer_offer_response', offer.respondBy)
      return due('escalation_window', escalationWindowClosesAt(state, state.escalationWindowFrom))
    }
    case 'escalated':
    case 'appealed':
      // After a breach the case keeps its `breached` priority and waits for the agent.
      return state.priority === 'normal' ? due('agent_decision_sla', state.decisionDueAt) : null
    case 'awaiting_info':
      // The SLA keeps running while a party is asked; whichever comes first is live.
      return state.priority === 'normal' && isBefore(state.decisionDueAt, state.infoRequest.dueAt)
        ? due('agent_decision_sla', state.decisionDueAt)
        : due('information_request', state.infoRequest.dueAt)
    case 'decided':
      return due('appeal_window', state.appealDueAt)
    case 'awaiting_follow_up':
      // Returns run their own deadlines (ship-by, inspection) in the returns aggregate.
      return state.followUp.kind === 'replacement' &&
        state.followUp.status === 'running' &&
        state.followUp.deliverBy !== null
        ? due('replacement_delivery', state.followUp.deliverBy)
        : null
  }
}
