import type { Fault } from '../../policy/vocabulary.ts'
import type { EvidenceRef } from '../case/vocabulary.ts'
import type { ExpireDeadline } from '../shared/decider.ts'
import type { CancellationId, MessageId, PolicyVersionId } from '../shared/ids.ts'
import type { CancellationSide, EscalationOutcome } from './events.ts'
import type { CancellationDeadlineKind } from './deadline.ts'

/**
 * The buyer asks to cancel. `reason` is validated against the buyer's
 * vocabulary (`BuyerCancelReason`); a seller's reason is refused.
 */
export interface RequestCancellation {
  readonly type: 'RequestCancellation'
  readonly cancellationId: CancellationId
  readonly reason: string
  readonly note?: string
  /** The policy version in force now, frozen on the cancellation (the app passes it). */
  readonly policyVersionId: PolicyVersionId
}

/** The seller cancels before shipping; validated against `SellerCancelReason`. */
export interface CancelBySeller {
  readonly type: 'CancelBySeller'
  readonly cancellationId: CancellationId
  readonly reason: string
  readonly note?: string
  /** The policy version in force now, frozen on the cancellation (the app passes it). */
  readonly policyVersionId: PolicyVersionId
}

/** The seller agrees to the buyer's request. */
export interface ApproveCancellation {
  readonly type: 'ApproveCancellation'
}

/** The seller refuses the buyer's request, saying why. */
export interface DeclineCancellation {
  readonly type: 'DeclineCancellation'
  readonly reason: string
}

/** The buyer takes the request back while the seller has not answered. */
export interface WithdrawCancellation {
  readonly type: 'WithdrawCancellation'
}

/** What a party brings to the marketplace: a statement, evidence (stored files and the like) and links to messages of the order's conversation. */
export interface EscalationSubmission {
  readonly statement: string
  readonly evidence?: readonly EvidenceRef[]
  readonly messageIds?: readonly MessageId[]
}

/** The buyer asks the marketplace to decide a request the seller declined or has not answered. */
export interface EscalateCancellation extends EscalationSubmission {
  readonly type: 'EscalateCancellation'
}

/**
 * The seller asks the marketplace to cancel (an address it cannot serve, a
 * buyer who does not answer) instead of cancelling itself; validated against
 * `SellerCancelReason`.
 */
export interface AskMarketplaceToCancel extends EscalationSubmission {
  readonly type: 'AskMarketplaceToCancel'
  readonly cancellationId: CancellationId
  readonly reason: string
  /** The policy version in force now, frozen on the cancellation (the app passes it). */
  readonly policyVersionId: PolicyVersionId
}

/** An agent asks one party for information; the cancellation waits for the answer or the deadline. */
export interface RequestCancellationInformation {
  readonly type: 'RequestCancellationInformation'
  readonly from: CancellationSide
  readonly question: string
}

/** The party asked answers the agent. */
export interface ProvideCancellationInformation {
  readonly type: 'ProvideCancellationInformation'
  readonly text: string
  readonly evidence?: readonly EvidenceRef[]
  readonly messageIds?: readonly MessageId[]
}

/** An agent decides, binding: cancel the order (refund per policy) or keep it. */
export interface DecideCancellation {
  readonly type: 'DecideCancellation'
  readonly outcome: EscalationOutcome
  readonly fault: Fault
  readonly rationale: string
}

export type CancellationCommand =
  | RequestCancellation
  | CancelBySeller
  | ApproveCancellation
  | DeclineCancellation
  | WithdrawCancellation
  | EscalateCancellation
  | AskMarketplaceToCancel
  | RequestCancellationInformation
  | ProvideCancellationInformation
  | DecideCancellation
  | ExpireDeadline<CancellationDeadlineKind>

export type CancellationCommandType = CancellationCommand['type']
