import type { Instant } from '../../policy/time.ts'
import type { CancellationId, CaseId, OrderId, PolicyVersionId, UserId } from '../shared/ids.ts'
import type { Currency, Minor } from '../shared/money.ts'
import type { OrderEvent, OrderLine, Payment, Shipment } from './events.ts'

/**
 * Order statuses. `awaiting_shipment` → `shipped` → `delivered` → `accepted`;
 * `cancelled` from before shipping.
 */
export type OrderStatus = 'awaiting_shipment' | 'shipped' | 'delivered' | 'accepted' | 'cancelled'

export interface Order {
  readonly status: OrderStatus
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
  readonly shipments: readonly Shipment[]
  readonly shippedLate: boolean
  readonly deliveredAt: Instant | null
  readonly acceptedAt: Instant | null
  readonly acceptedBy: 'buyer' | 'auto' | null
  readonly cancelledAt: Instant | null
  readonly cancellationId: CancellationId | null
  /** The case currently open on this order, if any; it holds acceptance and the payout. */
  readonly openCaseId: CaseId | null
  /** Cases ever opened on this order (a closed case may be followed by another for other lines). */
  readonly caseIds: readonly CaseId[]
  readonly shipByReminderSent: boolean
  readonly buyerCancelRightOpen: boolean
  /** The late-shipment nudge went out (`ShipmentLate`); absent on orders stored before it existed. */
  readonly lateShipmentNudged?: boolean
  /** The late-delivery nudge went out (`DeliveryLate`); absent on orders stored before it existed. */
  readonly lateDeliveryNudged?: boolean
  /** The seller's payout: held until acceptance, frozen while a case is open, then released. */
  readonly payout: 'held' | 'frozen' | 'released' | 'cancelled'
}

/** Before `OrderImported` there is no order. */
export type OrderState = { readonly status: 'none' } | Order

export const initialOrderState: OrderState = { status: 'none' }

/**
 * Folds one fact into the order. Total: it never throws, because it replays
 * stored history; a fact that cannot apply (anything before `OrderImported`,
 * a second import) leaves the state as it is. `decide` keeps such facts out.
 */
export const evolveOrder = (state: OrderState, event: OrderEvent): OrderState => {
  if (state.status === 'none') {
    if (event.type !== 'OrderImported') return state
    return {
      ...event.data,
      status: 'awaiting_shipment',
      shipments: [],
      shippedLate: false,
      deliveredAt: null,
      acceptedAt: null,
      acceptedBy: null,
      cancelledAt: null,
      cancellationId: null,
      openCaseId: null,
      caseIds: [],
      shipByReminderSent: false,
      buyerCancelRightOpen: false,
      payout: 'held',
    }
  }
  switch (event.type) {
    case 'OrderImported':
      return state
    case 'OrderShipped': {
      const { late, ...shipment } = event.data
      return {
        ...state,
        status: state.status === 'awaiting_shipment' ? 'shipped' : state.status,
        shipments: [...state.shipments, shipment],
        shippedLate: state.shippedLate || late,
      }
    }
    case 'OrderDelivered':
      return { ...state, status: 'delivered', deliveredAt: event.data.deliveredAt }
    case 'OrderAccepted':
      return {
        ...state,
        status: 'accepted',
        acceptedAt: event.data.at,
        acceptedBy: event.data.by,
        payout: 'released',
      }
    case 'OrderCancelled':
      return {
        ...state,
        status: 'cancelled',
        cancelledAt: event.data.at,
        cancellationId: event.data.cancellationId,
        payout: 'cancelled',
      }
    case 'ShipByReminderDue':
      return { ...state, shipByReminderSent: true }
    case 'BuyerCancelRightOpened':
      return { ...state, buyerCancelRightOpen: true }
    case 'ShipmentLate':
      return { ...state, lateShipmentNudged: true }
    case 'DeliveryLate':
      return { ...state, lateDeliveryNudged: true }
    case 'OrderCaseOpened':
      return {
        ...state,
        openCaseId: event.data.caseId,
        caseIds: state.caseIds.includes(event.data.caseId)
          ? state.caseIds
          : [...state.caseIds, event.data.caseId],
        // A released payout stays released: the ledger claws back from the seller if the case needs it.
        payout: state.payout === 'held' ? 'frozen' : state.payout,
      }
    case 'OrderCaseClosed':
      if (state.openCaseId !== event.data.caseId) return state
      return {
        ...state,
        openCaseId: null,
        payout: state.payout === 'frozen' ? 'held' : state.payout,
      }
  }
}
