import type { Instant } from '../../policy/time.ts'
import type { Fault } from '../../policy/vocabulary.ts'
import type { CaseId, OrderId, SwapId, UserId } from '../shared/ids.ts'
import type { Currency, Minor } from '../shared/money.ts'

/**
 * The two parcels of a swap. Leg `a` is sent by the buyer of the case the
 * agent linked from (the first case), leg `b` by the buyer of the other case.
 */
export type SwapLegName = 'a' | 'b'

/** The forwarding label the app bought from the label provider for one leg. */
export interface SwapLabel {
  /** The provider's id: the ledger posts each label once by it. */
  readonly labelId: string
  readonly carrier: string
  /** Printed as a Code 128 barcode on the label. */
  readonly trackingNumber: string
  /** What the label cost the marketplace, in the sending order's currency. */
  readonly cost: Minor
}

/**
 * One parcel: the buyer who holds the other buyer's item sends it on. The
 * label's cost is posted on the sender's order (`orderId`), paid by the marketplace.
 */
export interface SwapLegTerms {
  readonly leg: SwapLegName
  /** The sender's case and order: the case this leg resolves for its buyer. */
  readonly caseId: CaseId
  readonly orderId: OrderId
  readonly fromBuyerId: UserId
  /** The buyer the item belongs to, and the case and order it was bought on. */
  readonly toBuyerId: UserId
  readonly toCaseId: CaseId
  readonly toOrderId: OrderId
  /** Printed on the label, like a return's RMA. */
  readonly rma: string
  readonly currency: Currency
  readonly label: SwapLabel
  /** The sender ships by then (`policy.returns.buyerShipBy` of the sender's case). */
  readonly shipBy: Instant
}

export type SwapEvent =
  /**
   * An agent found that two buyers received each other's items and linked
   * their cases: each buyer forwards the item they hold to the other with a
   * prepaid label the marketplace pays. `fault` is who mixed the parcels up
   * (by default the seller when one seller shipped both orders, the carrier
   * otherwise); it decides whether the closed cases count against the seller.
   */
  | {
      readonly type: 'SwapLinked'
      readonly data: {
        readonly swapId: SwapId
        readonly agentId: UserId
        readonly rationale: string
        readonly fault: Fault
        readonly legs: readonly [SwapLegTerms, SwapLegTerms]
        readonly at: Instant
      }
    }
  /** The carrier scanned one leg's parcel (or its sender reported shipping it). `late` when after its `shipBy`. */
  | {
      readonly type: 'SwapLegShipped'
      readonly data: {
        readonly swapId: SwapId
        readonly leg: SwapLegName
        readonly carrier: string
        readonly trackingNumber: string
        readonly late: boolean
        readonly at: Instant
      }
    }
  /** One leg's parcel reached the buyer it belongs to. */
  | {
      readonly type: 'SwapLegDelivered'
      readonly data: { readonly swapId: SwapId; readonly leg: SwapLegName; readonly at: Instant }
    }
  /** Both parcels were delivered: each buyer has the item they bought, and both cases close with no refund. */
  | {
      readonly type: 'SwapCompleted'
      readonly data: { readonly swapId: SwapId; readonly at: Instant }
    }
  /**
   * A sender missed the ship-by date: the swap is off and both cases go back
   * to the agents' queue, who decide them as ordinary cases. Parcels already
   * on their way are still tracked.
   */
  | {
      readonly type: 'SwapFailed'
      readonly data: {
        readonly swapId: SwapId
        readonly reason: 'leg_not_shipped'
        /** The legs not shipped by their `shipBy`. */
        readonly legs: readonly SwapLegName[]
        readonly at: Instant
      }
    }

export type SwapEventType = SwapEvent['type']

/** The event of a given type, e.g. `SwapEventOf<'SwapLinked'>['data']`. */
export type SwapEventOf<T extends SwapEventType> = Extract<SwapEvent, { readonly type: T }>
