import { addDuration, isBefore, type Instant } from '../../policy/time.ts'
import type { Deadline } from '../shared/decider.ts'
import { reminderAt } from '../shared/reminder.ts'
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

/**
 * The reminder waiting to go out before the live deadline, or `null`: the
 * seller who has not answered the case yet (`seller_response_reminder`), or
 * the party who must answer a pending offer (`offer_expiry_reminder`). Each
 * is sent once; it never changes what the deadline itself does.
 */
export const pendingCaseReminder = (state: CaseState): Deadline<CaseDeadlineKind> | null => {
  if (state.status !== 'awaiting_seller' && state.status !== 'awaiting_buyer') return null
  const offer = pendingOffer(state)
  if (offer !== null) {
    if (state.remindedOfferIds?.includes(offer.offerId)) return null
    const at = reminderAt(offer.madeAt, offer.respondBy)
    return at === null ? null : due('offer_expiry_reminder', at)
  }
  if (state.status !== 'awaiting_seller' || state.respondedAt !== null) return null
  if (state.sellerResponseReminded === true) return null
  const at = reminderAt(state.openedAt, state.sellerRespondBy)
  return at === null ? null : due('seller_response_reminder', at)
}

/**
 * The deadline row the scheduler keeps: the pending reminder while it is
 * earlier than the live deadline, else the live one. `activeCaseDeadline`
 * stays what the parties are shown.
 */
export const scheduledCaseDeadline = (state: CaseState): Deadline<CaseDeadlineKind> | null => {
  const live = activeCaseDeadline(state)
  const reminder = pendingCaseReminder(state)
  if (reminder === null) return live
  return live === null || isBefore(reminder.dueAt, live.dueAt) ? reminder : live
}

/**
 * Who must act before each live deadline, for sorting an inbox "by my next
 * deadline": `parties` when either side may act (the appeal window), `asked`
 * when it is whoever the agent's information request went to.
 */
export const caseDeadlineOwner = {
  seller_response: 'seller',
  seller_offer_response: 'seller',
  replacement_delivery: 'seller',
  buyer_offer_response: 'buyer',
  escalation_window: 'buyer',
  information_request: 'asked',
  appeal_window: 'parties',
  agent_decision_sla: 'agent',
} as const satisfies Record<
  Exclude<CaseDeadlineKind, 'offer_expiry_reminder' | 'seller_response_reminder'>,
  'buyer' | 'seller' | 'agent' | 'parties' | 'asked'
>

/** The case's live deadline when `role` is the one who must act before it, else `null`. */
export const deadlineFor = (
  state: CaseState,
  role: 'buyer' | 'seller' | 'agent',
): Deadline<CaseDeadlineKind> | null => {
  const deadline = activeCaseDeadline(state)
  if (deadline === null || state.status === 'none' || state.status === 'closed') return null
  const owner = caseDeadlineOwner[deadline.kind as keyof typeof caseDeadlineOwner]
  if (owner === role) return deadline
  if (owner === 'parties' && role !== 'agent') return deadline
  if (owner === 'asked' && state.status === 'awaiting_info' && state.infoRequest.from === role)
    return deadline
  return null
}
