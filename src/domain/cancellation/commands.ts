import type { ExpireDeadline } from '../shared/decider.ts'
import type { CancellationId, PolicyVersionId } from '../shared/ids.ts'
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

export type CancellationCommand =
  | RequestCancellation
  | CancelBySeller
  | ApproveCancellation
  | DeclineCancellation
  | WithdrawCancellation
  | ExpireDeadline<CancellationDeadlineKind>

export type CancellationCommandType = CancellationCommand['type']
