import type { Instant } from '../../policy/time.ts'
import type { CancellationId, CaseId } from '../shared/ids.ts'
import type { CancellationSide } from './events.ts'
import type { CancellationStatus } from './state.ts'

/**
 * Why a cancellation was refused (or is not possible — eligibility reports
 * the same values): a stable code with the data to act on it.
 */
export type CancellationRejection =
  | { readonly code: 'NOT_A_PARTY'; readonly required: CancellationSide | 'agent' }
  | {
      readonly code: 'REASON_NOT_ALLOWED_FOR_SIDE'
      readonly reason: string
      readonly side: CancellationSide
      readonly allowed: readonly string[]
    }
  | { readonly code: 'ORDER_CANCELLED'; readonly cancelledAt: Instant | null }
  | { readonly code: 'ALREADY_SHIPPED'; readonly shippedAt: Instant }
  | { readonly code: 'CASE_OPEN'; readonly caseId: CaseId }
  | { readonly code: 'CANCELLATION_EXISTS'; readonly cancellationId: CancellationId }
  | { readonly code: 'CANCEL_WINDOW_ELAPSED'; readonly closedAt: Instant }
  /** `opensAt: null` when the policy grants no right to cancel an unshipped order. */
  | { readonly code: 'BUYER_RIGHT_NOT_OPEN'; readonly opensAt: Instant | null }
  | { readonly code: 'CANCELLATION_NOT_FOUND' }
  | { readonly code: 'CANCELLATION_NOT_PENDING'; readonly status: CancellationStatus }
  | { readonly code: 'DECLINE_REASON_REQUIRED' }
  /** The buyer may escalate an unanswered request from `allowedFrom` (`escalationAfterNoAnswer`). */
  | { readonly code: 'ESCALATION_NOT_YET_ALLOWED'; readonly allowedFrom: Instant }
  /** The time to escalate a declined request ended at `closedAt` (`escalationWindowAfterDecline`). */
  | { readonly code: 'ESCALATION_WINDOW_ELAPSED'; readonly closedAt: Instant }
  /** This cancellation cannot go to the marketplace now (its status, or a policy that offers no escalation for it). */
  | {
      readonly code: 'ESCALATION_NOT_OFFERED'
      readonly status: CancellationStatus
      readonly by: CancellationSide
    }
  | {
      readonly code: 'TEXT_REQUIRED'
      readonly field: 'statement' | 'question' | 'text' | 'rationale'
    }
  | { readonly code: 'INVALID_EVIDENCE'; readonly evidenceId: string; readonly problem: string }
  | { readonly code: 'EVIDENCE_ALREADY_ADDED'; readonly evidenceId: string }
  /** Only the marketplace's agents act on an escalated cancellation in this way; it is not under review now. */
  | { readonly code: 'CANCELLATION_NOT_UNDER_REVIEW'; readonly status: CancellationStatus }
  | { readonly code: 'NOT_ASKED_FOR_INFORMATION'; readonly from: CancellationSide | null }

export type CancellationRejectionCode = CancellationRejection['code']

/** One sentence a buyer or seller can act on. Tests assert on codes, not on these. */
export const explainCancellationRejection = (r: CancellationRejection): string => {
  switch (r.code) {
    case 'NOT_A_PARTY':
      return `Only the order's ${r.required} may do this.`
    case 'REASON_NOT_ALLOWED_FOR_SIDE':
      return `'${r.reason}' is not a reason the ${r.side} may give; the ${r.side} may give: ${r.allowed.join(', ')}.`
    case 'ORDER_CANCELLED':
      return r.cancelledAt === null
        ? 'The order is cancelled.'
        : `The order was cancelled at ${r.cancelledAt}.`
    case 'ALREADY_SHIPPED':
      return `The order shipped at ${r.shippedAt}; ask for a return instead.`
    case 'CASE_OPEN':
      return `Case ${r.caseId} is open on this order; it settles the order now.`
    case 'CANCELLATION_EXISTS':
      return `Cancellation ${r.cancellationId} is already under way for this order.`
    case 'CANCEL_WINDOW_ELAPSED':
      return `The cancellation window closed at ${r.closedAt}.`
    case 'BUYER_RIGHT_NOT_OPEN':
      return r.opensAt === null
        ? 'This marketplace gives no right to cancel because the seller has not shipped.'
        : `The right to cancel because the seller has not shipped opens at ${r.opensAt}.`
    case 'CANCELLATION_NOT_FOUND':
      return 'There is no such cancellation.'
    case 'CANCELLATION_NOT_PENDING':
      return `The cancellation is ${r.status}, no longer waiting for an answer.`
    case 'DECLINE_REASON_REQUIRED':
      return 'Say why the cancellation is declined.'
    case 'ESCALATION_NOT_YET_ALLOWED':
      return `The seller still has time to answer; you may ask the marketplace from ${r.allowedFrom}.`
    case 'ESCALATION_WINDOW_ELAPSED':
      return `The time to ask the marketplace ended at ${r.closedAt}.`
    case 'ESCALATION_NOT_OFFERED':
      return `A ${r.status} cancellation cannot be taken to the marketplace by the ${r.by}.`
    case 'TEXT_REQUIRED':
      return `Write the ${r.field}.`
    case 'INVALID_EVIDENCE':
      return `Evidence ${r.evidenceId} is not usable: ${r.problem}.`
    case 'EVIDENCE_ALREADY_ADDED':
      return `Evidence ${r.evidenceId} is already on the cancellation.`
    case 'CANCELLATION_NOT_UNDER_REVIEW':
      return `The cancellation is ${r.status}, not in the marketplace's hands.`
    case 'NOT_ASKED_FOR_INFORMATION':
      return r.from === null
        ? 'Nobody was asked for information.'
        : `The agent asked the ${r.from} for this information.`
  }
}
