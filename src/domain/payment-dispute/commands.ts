import type { Instant } from '../../policy/time.ts'
import type { ExpireDeadline } from '../shared/decider.ts'
import type { Currency, Minor } from '../shared/money.ts'
import type { PaymentDisputeDeadlineKind } from './deadline.ts'
import type {
  ClosedPaymentDisputeStatus,
  NetworkReason,
  OpenPaymentDisputeStatus,
  PaymentDisputeStatus,
} from './vocabulary.ts'

/** The payment integration reports a new dispute on the order's card payment. Same terms again: a no-op. */
export interface OpenPaymentDispute {
  readonly type: 'OpenPaymentDispute'
  readonly disputeId: string
  /** `stripe`, `adyen`, … */
  readonly provider: string
  /** The provider's id for the dispute (Stripe `du_…`). */
  readonly providerReference: string
  readonly amount: Minor
  readonly currency: Currency
  readonly networkReason: NetworkReason
  /** When the issuer stops accepting evidence (Stripe `evidence_details.due_by`); `null` when none is asked for. */
  readonly evidenceDueBy: Instant | null
  /** What the provider charged for the dispute (Stripe: the balance transaction's fee). */
  readonly fee: Minor
  readonly status: OpenPaymentDisputeStatus
}

/** The provider reports a new status (an open one or the outcome) or a new evidence deadline. */
export interface UpdatePaymentDispute {
  readonly type: 'UpdatePaymentDispute'
  readonly status: PaymentDisputeStatus
  readonly evidenceDueBy?: Instant | null
  /** On `won`: how much of the fee the provider gave back. @default 0 */
  readonly feeReturned?: Minor
}

/** The dispute is over: the outcome the provider reported. */
export interface ClosePaymentDispute {
  readonly type: 'ClosePaymentDispute'
  readonly outcome: ClosedPaymentDisputeStatus
  readonly feeReturned?: Minor
}

export type PaymentDisputeCommand =
  | OpenPaymentDispute
  | UpdatePaymentDispute
  | ClosePaymentDispute
  | ExpireDeadline<PaymentDisputeDeadlineKind>

export type PaymentDisputeCommandType = PaymentDisputeCommand['type']
