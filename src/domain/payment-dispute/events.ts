import type { Instant } from '../../policy/time.ts'
import type { CaseId, OrderId, UserId } from '../shared/ids.ts'
import type { Currency, Minor } from '../shared/money.ts'
import type {
  CaseOnChargeback,
  ChargebackBearer,
  ChargebackBearerReason,
  ChargebackCategory,
  ClosedPaymentDisputeStatus,
  NetworkReason,
  OpenPaymentDisputeStatus,
  RefundReference,
} from './vocabulary.ts'

export type PaymentDisputeEvent =
  /**
   * The buyer's bank disputed the card payment (a chargeback, or an inquiry
   * first): the provider withdrew `amount` and charged `fee`. While it is
   * open the order cannot refund that money again and the seller's payout
   * stays held. `alreadyRefunded` lists the refunds the order had made
   * already (the marketplace answers the issuer with them); `caseAction`
   * says what happened to the order's open case (`refunds.onPaymentDispute`).
   */
  | {
      readonly type: 'PaymentDisputeOpened'
      readonly data: {
        readonly disputeId: string
        readonly orderId: OrderId
        readonly caseId: CaseId | null
        readonly buyerId: UserId
        readonly sellerId: UserId
        readonly provider: string
        readonly providerReference: string
        readonly amount: Minor
        readonly fee: Minor
        readonly currency: Currency
        readonly networkReason: NetworkReason
        readonly category: ChargebackCategory
        readonly status: OpenPaymentDisputeStatus
        readonly evidenceDueBy: Instant | null
        readonly alreadyRefunded: readonly RefundReference[]
        readonly caseAction: CaseOnChargeback | null
        readonly policyVersionId: string
        readonly at: Instant
      }
    }
  /** The provider reported a new open status, or a new evidence deadline. */
  | {
      readonly type: 'PaymentDisputeUpdated'
      readonly data: {
        readonly disputeId: string
        readonly orderId: OrderId
        readonly from: OpenPaymentDisputeStatus
        readonly status: OpenPaymentDisputeStatus
        readonly evidenceDueBy: Instant | null
        readonly at: Instant
      }
    }
  /**
   * The evidence deadline is near (`refunds.disputeEvidenceReminderBefore`)
   * and the dispute still needs a response: the marketplace is reminded to
   * submit the evidence packet.
   */
  | {
      readonly type: 'PaymentDisputeEvidenceReminderDue'
      readonly data: {
        readonly disputeId: string
        readonly orderId: OrderId
        readonly evidenceDueBy: Instant
        readonly at: Instant
      }
    }
  /**
   * The issuer decided: `won` (the money comes back, `feeReturned` of the
   * fee with it), `lost` (the buyer keeps it; `bearer` pays it and the fee,
   * for `bearerReason`), or `warning_closed` (an inquiry dropped). A lost
   * chargeback counts against the seller's reputation only when
   * `countsAgainstSeller` (`refunds.lostChargebackCountsAgainstSeller`, and
   * only when the seller bore it).
   */
  | {
      readonly type: 'PaymentDisputeClosed'
      readonly data: {
        readonly disputeId: string
        readonly orderId: OrderId
        readonly sellerId: UserId
        readonly outcome: ClosedPaymentDisputeStatus
        readonly amount: Minor
        readonly fee: Minor
        readonly feeReturned: Minor
        readonly bearer: ChargebackBearer | null
        readonly bearerReason: ChargebackBearerReason | null
        readonly countsAgainstSeller: boolean
        readonly networkReason: NetworkReason
        readonly at: Instant
      }
    }

export type PaymentDisputeEventType = PaymentDisputeEvent['type']
