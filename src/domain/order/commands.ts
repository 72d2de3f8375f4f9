import type { Instant } from '../../policy/time.ts'
import type { ExpireDeadline } from '../shared/decider.ts'
import type { CancellationId, CaseId, OrderId, PolicyVersionId, UserId } from '../shared/ids.ts'
import type { Currency, Minor } from '../shared/money.ts'
import type { OrderDeadlineKind } from './deadline.ts'
import type { OrderLine, Payment } from './events.ts'

/** The marketplace pushes a paid order (integration). */
export interface ImportOrder {
  readonly type: 'ImportOrder'
  readonly orderId: OrderId
  readonly externalRef: string
  readonly buyerId: UserId
  readonly sellerId: UserId
  readonly currency: Currency
  readonly lines: readonly OrderLine[]
  readonly shippingAmount: Minor
  readonly taxAmount: Minor
  readonly total: Minor
  readonly payment: Payment
  readonly purchasedAt: Instant
  /** When the marketplace sends none: purchase + `policy.order.defaultHandlingTime`. */
  readonly shipBy?: Instant
  /** The policy version in force at import, frozen on the order. */
  readonly policyVersionId: PolicyVersionId
}

/** The seller (or the integration on its behalf) hands the parcel to a carrier. */
export interface ShipOrder {
  readonly type: 'ShipOrder'
  readonly carrier: string
  readonly trackingNumber: string
}

/** The integration reports the carrier's delivery scan. */
export interface MarkDelivered {
  readonly type: 'MarkDelivered'
}

/** The buyer confirms all is well: the sale is final and the payout released. */
export interface AcceptOrder {
  readonly type: 'AcceptOrder'
}

/** Issued by the app when a cancellation is approved. */
export interface CancelOrder {
  readonly type: 'CancelOrder'
  readonly cancellationId: CancellationId
}

/** Issued by the app when a case opens on the order: acceptance and payout wait. */
export interface NoteCaseOpened {
  readonly type: 'NoteCaseOpened'
  readonly caseId: CaseId
}

/** Issued by the app when the case on the order closes. */
export interface NoteCaseClosed {
  readonly type: 'NoteCaseClosed'
  readonly caseId: CaseId
}

export type OrderCommand =
  | ImportOrder
  | ShipOrder
  | MarkDelivered
  | AcceptOrder
  | CancelOrder
  | NoteCaseOpened
  | NoteCaseClosed
  | ExpireDeadline<OrderDeadlineKind>

export type OrderCommandType = OrderCommand['type']
