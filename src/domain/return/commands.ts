import type { CaseReason, Funder, RefundDestination } from '../../policy/vocabulary.ts'
import type { ExpireDeadline } from '../shared/decider.ts'
import type { CaseId, EvidenceId, OrderId, RefundId, ReturnId, UserId } from '../shared/ids.ts'
import type { Currency, Minor } from '../shared/money.ts'
import type { ReturnDeadlineKind } from './deadline.ts'
import type { ReturnCondition, ReturnLabel, ReturnLine } from './events.ts'

/**
 * The app starts a return from a case's `ReturnRequired`, after buying the
 * label and making the RMA number. Repeating it with the same id and RMA does nothing.
 */
export interface CreateReturn {
  readonly type: 'CreateReturn'
  readonly returnId: ReturnId
  readonly caseId: CaseId
  readonly orderId: OrderId
  readonly buyerId: UserId
  readonly sellerId: UserId
  readonly rma: string
  readonly lines: readonly ReturnLine[]
  readonly currency: Currency
  readonly refundOnCompletion: Minor
  readonly destination: RefundDestination
  /** Who funds the refund (`ReturnRequired.funding`); a `buyer` funder is refused. */
  readonly funding: Funder
  readonly label: ReturnLabel
  /** The case's reason: picks who pays shipping under the policy unless `shippingPaidBy` says. */
  readonly reason: CaseReason
  /** Who pays the label when a decision said so (`ReturnRequired.returnShippingPaidBy`). */
  readonly shippingPaidBy?: Funder
}

/** The buyer (or the carrier's first scan, through the integration) reports the parcel on its way. Defaults to the label's carrier and tracking. */
export interface ShipReturn {
  readonly type: 'ShipReturn'
  readonly carrier?: string
  readonly trackingNumber?: string
}

/** The carrier (through the integration) or the seller reports the parcel arrived. */
export interface MarkReturnDelivered {
  readonly type: 'MarkReturnDelivered'
}

/**
 * The seller inspects the return. A deduction (`used`, `damaged`) needs a
 * reason in `note` and photos in `evidence`; `different_item_returned` needs
 * photos and goes to an agent.
 */
export interface InspectReturn {
  readonly type: 'InspectReturn'
  readonly condition: ReturnCondition
  readonly deduction?: Minor
  readonly note?: string
  readonly evidence?: readonly EvidenceId[]
}

/** The buyer disputes the deduction taken at inspection, before `disputeBy`. */
export interface DisputeInspection {
  readonly type: 'DisputeInspection'
  readonly statement: string
  readonly evidence?: readonly EvidenceId[]
}

/** An agent decides what a disputed return refunds in total (never less than already refunded). */
export interface ResolveInspectionDispute {
  readonly type: 'ResolveInspectionDispute'
  readonly refundAmount: Minor
  readonly rationale: string
}

/** The app reports the ledger accepted the refund the return made due. */
export interface MarkReturnRefunded {
  readonly type: 'MarkReturnRefunded'
  readonly refundId: RefundId
  readonly refundKey: string
}

/** The app calls the return off (the case's `FollowUpCancelled`), before inspection. */
export interface CancelReturn {
  readonly type: 'CancelReturn'
  readonly reason: string
}

export type ReturnCommand =
  | CreateReturn
  | ShipReturn
  | MarkReturnDelivered
  | InspectReturn
  | DisputeInspection
  | ResolveInspectionDispute
  | MarkReturnRefunded
  | CancelReturn
  | ExpireDeadline<ReturnDeadlineKind>

export type ReturnCommandType = ReturnCommand['type']
