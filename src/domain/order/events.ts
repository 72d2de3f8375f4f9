import type { Instant } from '../../policy/time.ts'
import type {
  CancellationId,
  CaseId,
  OrderId,
  OrderLineId,
  PolicyVersionId,
  UserId,
} from '../shared/ids.ts'
import type { Currency, Minor } from '../shared/money.ts'

/** What the buyer saw when buying: the record a "not as described" claim is judged against. */
export interface ListingSnapshot {
  readonly listingId: string
  readonly title: string
  readonly description: string
  readonly photos: readonly string[]
  /** Marketplace category path, e.g. `apparel/dresses`. */
  readonly category: string
  readonly condition: 'new' | 'new_with_tags' | 'like_new' | 'good' | 'fair' | 'used'
  readonly brand?: string
  readonly size?: string
  /** Named measurements as the seller wrote them, e.g. `{ "chest": "52 cm" }`. */
  readonly measurements?: Readonly<Record<string, string>>
  readonly material?: string
  /** Flaws the seller disclosed. */
  readonly flaws?: string
}

export interface OrderLine {
  readonly lineId: OrderLineId
  readonly quantity: number
  readonly unitPrice: Minor
  readonly listing: ListingSnapshot
}

/** How the buyer paid: by card, with marketplace credit, or both. Amounts sum to the total. */
export interface Payment {
  readonly method: 'card' | 'marketplace_credit' | 'mixed'
  readonly card: Minor
  readonly credit: Minor
  readonly capturedAt: Instant
  /**
   * The payment provider's id for the card payment (Stripe: the PaymentIntent
   * `pi_…` or Charge `ch_…`), so that the provider's chargeback events find
   * the order.
   */
  readonly providerReference?: string
}

export interface Shipment {
  readonly carrier: string
  readonly trackingNumber: string
  readonly shippedAt: Instant
}

export type OrderEvent =
  /** The marketplace pushed a paid order; the seller's payout is held from now until acceptance. */
  | {
      readonly type: 'OrderImported'
      readonly data: {
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
        readonly shipBy: Instant
        readonly estimatedDeliveryAt: Instant
        readonly policyVersionId: PolicyVersionId
      }
    }
  /** The seller handed the parcel to a carrier; `late` when after the ship-by date. */
  | { readonly type: 'OrderShipped'; readonly data: Shipment & { readonly late: boolean } }
  /** The carrier (through the integration) reported delivery. */
  | { readonly type: 'OrderDelivered'; readonly data: { readonly deliveredAt: Instant } }
  /** The sale is final: the buyer accepted, or the acceptance window passed. The payout is released. */
  | {
      readonly type: 'OrderAccepted'
      readonly data: { readonly at: Instant; readonly by: 'buyer' | 'auto' }
    }
  /** An approved cancellation ended the order. */
  | {
      readonly type: 'OrderCancelled'
      readonly data: { readonly at: Instant; readonly cancellationId: CancellationId }
    }
  /** The ship-by date is near and the order is unshipped; the seller is reminded. */
  | {
      readonly type: 'ShipByReminderDue'
      readonly data: { readonly at: Instant; readonly shipBy: Instant }
    }
  /**
   * The ship-by date passed and the order is still unshipped: the platform
   * nudges the seller (ship now; a late shipment counts on the scorecard) and
   * the buyer (wait, or cancel by right from `buyerCancelRightFrom`). Once per order.
   */
  | {
      readonly type: 'ShipmentLate'
      readonly data: {
        readonly at: Instant
        readonly shipBy: Instant
        /** From when the buyer may cancel outright (`policy.cancellation.buyerRightAfterUnshipped`); `null`: no such right. */
        readonly buyerCancelRightFrom: Instant | null
        /** What a late shipment costs: the scorecard's ceiling on late shipments (`policy.reputation.maxLateShipmentRate`). */
        readonly lateShipmentLimit: number
      }
    }
  /**
   * The estimated delivery date passed and the carrier reported no delivery:
   * the platform nudges the seller (check the tracking, contact the buyer) and
   * the buyer (wait, or open a not-received case from `caseOpensAt`). Once per order.
   */
  | {
      readonly type: 'DeliveryLate'
      readonly data: {
        readonly at: Instant
        readonly estimatedDeliveryAt: Instant
        /** When a not-received case may be opened (usually now), or `null` when none can be. */
        readonly caseOpensAt: Instant | null
        /** What a not-received case would cost: the scorecard's ceiling on cases (`policy.reputation.maxCaseRate`). */
        readonly caseRateLimit: number
      }
    }
  /** The order is still unshipped after the policy's days: the buyer may now cancel outright. */
  | { readonly type: 'BuyerCancelRightOpened'; readonly data: { readonly at: Instant } }
  /** A case was opened on the order: acceptance and payout wait for it. */
  | {
      readonly type: 'OrderCaseOpened'
      readonly data: { readonly at: Instant; readonly caseId: CaseId }
    }
  /** The case on the order closed: acceptance may proceed. */
  | {
      readonly type: 'OrderCaseClosed'
      readonly data: { readonly at: Instant; readonly caseId: CaseId }
    }

export type OrderEventType = OrderEvent['type']
