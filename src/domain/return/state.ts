import type { Instant } from '../../policy/time.ts'
import type { Funder, RefundDestination } from '../../policy/vocabulary.ts'
import type { CaseId, EvidenceId, OrderId, RefundId, ReturnId, UserId } from '../shared/ids.ts'
import type { Currency, Minor } from '../shared/money.ts'
import { minor } from '../shared/money.ts'
import type { RefundFunder } from '../ledger/funding.ts'
import type {
  RefundInstruction,
  ReturnCloseReason,
  ReturnCondition,
  ReturnEvent,
  ReturnLabel,
  ReturnLine,
  ShippingPayerRule,
} from './events.ts'

/**
 * Where a return stands; the moves are the table in `transitions.ts`.
 *
 * - `label_issued`: waiting for the buyer to ship (deadline `buyer_ship_by`).
 * - `in_transit`: on its way to the seller.
 * - `delivered_to_seller`: waiting for the seller's inspection (deadline `inspection`).
 * - `inspected`: the refund is decided and due; the app posts it on the ledger.
 * - `refunded`: the refund landed; a deduction may be disputed (deadline `dispute_window`).
 * - `inspection_disputed`: with an agent (different item returned, or a disputed deduction).
 * - `closed`, `expired` (the buyer never shipped), `cancelled` (the case called it off): final.
 */
export type ReturnStatus =
  | 'none'
  | 'label_issued'
  | 'in_transit'
  | 'delivered_to_seller'
  | 'inspected'
  | 'refunded'
  | 'inspection_disputed'
  | 'closed'
  | 'expired'
  | 'cancelled'

export interface ReturnShipment {
  readonly carrier: string
  readonly trackingNumber: string
  readonly shippedAt: Instant
  readonly late: boolean
}

/** The seller's findings, or the inspection deadline passing (`by: 'timeout'`). */
export interface Inspection {
  readonly by: 'seller' | 'timeout'
  readonly condition: ReturnCondition | null
  readonly deduction: Minor
  readonly deductionReason: string | null
  readonly evidence: readonly EvidenceId[]
  readonly at: Instant
}

export interface InspectionDispute {
  readonly by: 'seller' | 'buyer'
  readonly reason: 'different_item_returned' | 'deduction_disputed'
  readonly statement: string
  readonly evidence: readonly EvidenceId[]
  readonly at: Instant
}

export interface DisputeResolution {
  readonly agentId: UserId
  readonly refundAmount: Minor
  readonly rationale: string
  readonly at: Instant
}

export interface Return {
  readonly status: Exclude<ReturnStatus, 'none'>
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
  readonly funding: RefundFunder
  readonly label: ReturnLabel
  readonly shippingPaidBy: Funder
  readonly shippingPaidByRule: ShippingPayerRule
  readonly labelCharge: Minor
  readonly createdAt: Instant
  readonly shipBy: Instant
  /** The buyer was reminded of `shipBy` (`ReturnShipByReminderDue`); absent on returns stored before reminders existed. */
  readonly shipByReminded?: boolean
  readonly shipment: ReturnShipment | null
  readonly deliveredAt: Instant | null
  readonly inspectBy: Instant | null
  readonly inspection: Inspection | null
  readonly dispute: InspectionDispute | null
  readonly resolution: DisputeResolution | null
  /** The refund the return made due and the ledger has not yet accepted. */
  readonly refundDue: RefundInstruction | null
  /** What the ledger accepted for this return so far. */
  readonly refunded: Minor
  readonly refundIds: readonly RefundId[]
  /** Until then the buyer may dispute the deduction; `null` when there is nothing to dispute. */
  readonly disputeBy: Instant | null
  readonly closedAt: Instant | null
  readonly closeReason: ReturnCloseReason | null
  readonly expiredAt: Instant | null
  readonly cancelledAt: Instant | null
  readonly cancelReason: string | null
}

export type ReturnState = { readonly status: 'none' } | Return

export const initialReturnState: ReturnState = { status: 'none' }

/** The most the return can ever refund: `refundOnCompletion` less a buyer-paid label. */
export const refundCeilingOf = (r: Return): Minor => minor(r.refundOnCompletion - r.labelCharge)

/**
 * Folds one fact into the return. Total: it never throws, because it replays
 * stored history; a fact that does not apply to the current status leaves the
 * state as it is. `decide` keeps such facts out.
 */
export const evolveReturn = (state: ReturnState, event: ReturnEvent): ReturnState => {
  if (state.status === 'none') {
    if (event.type !== 'ReturnCreated') return state
    const { at, ...d } = event.data
    return {
      ...d,
      status: 'label_issued',
      createdAt: at,
      shipByReminded: false,
      shipment: null,
      deliveredAt: null,
      inspectBy: null,
      inspection: null,
      dispute: null,
      resolution: null,
      refundDue: null,
      refunded: minor(0),
      refundIds: [],
      disputeBy: null,
      closedAt: null,
      closeReason: null,
      expiredAt: null,
      cancelledAt: null,
      cancelReason: null,
    }
  }
  switch (event.type) {
    case 'ReturnCreated':
      return state
    case 'ReturnShipped': {
      if (state.status !== 'label_issued') return state
      const { carrier, trackingNumber, late, at } = event.data
      return {
        ...state,
        status: 'in_transit',
        shipment: { carrier, trackingNumber, late, shippedAt: at },
      }
    }
    case 'ReturnDelivered':
      if (state.status !== 'label_issued' && state.status !== 'in_transit') return state
      return {
        ...state,
        status: 'delivered_to_seller',
        deliveredAt: event.data.at,
        inspectBy: event.data.inspectBy,
      }
    case 'ReturnInspected': {
      if (state.status !== 'delivered_to_seller') return state
      const d = event.data
      return {
        ...state,
        status: 'inspected',
        inspection: {
          by: 'seller',
          condition: d.condition,
          deduction: d.deduction,
          deductionReason: d.deductionReason,
          evidence: d.evidence,
          at: d.at,
        },
        refundDue: d.refund,
      }
    }
    case 'ReturnInspectionTimedOut': {
      if (state.status !== 'delivered_to_seller') return state
      const d = event.data
      return {
        ...state,
        status: 'inspected',
        inspection: {
          by: 'timeout',
          condition: null,
          deduction: minor(0),
          deductionReason: null,
          evidence: [],
          at: d.at,
        },
        refundDue: d.refund,
      }
    }
    case 'ReturnInspectionDisputed': {
      if (state.status !== 'delivered_to_seller' && state.status !== 'refunded') return state
      const d = event.data
      return {
        ...state,
        status: 'inspection_disputed',
        inspection:
          d.by === 'seller'
            ? {
                by: 'seller',
                condition: 'different_item_returned',
                deduction: minor(0),
                deductionReason: null,
                evidence: d.evidence,
                at: d.at,
              }
            : state.inspection,
        dispute: {
          by: d.by,
          reason: d.reason,
          statement: d.statement,
          evidence: d.evidence,
          at: d.at,
        },
        disputeBy: null,
      }
    }
    case 'ReturnDisputeResolved': {
      if (state.status !== 'inspection_disputed') return state
      const d = event.data
      return {
        ...state,
        status: 'inspected',
        resolution: {
          agentId: d.agentId,
          refundAmount: d.refundAmount,
          rationale: d.rationale,
          at: d.at,
        },
        refundDue: d.refund,
      }
    }
    case 'ReturnRefunded': {
      if (state.status !== 'inspected') return state
      const d = event.data
      return {
        ...state,
        status: 'refunded',
        refundDue: null,
        refunded: minor(state.refunded + d.amount),
        refundIds: [...state.refundIds, d.refundId],
        disputeBy: d.disputeBy,
      }
    }
    case 'ReturnShipByReminderDue':
      return { ...state, shipByReminded: true }
    case 'ReturnExpired':
      if (state.status !== 'label_issued') return state
      return { ...state, status: 'expired', expiredAt: event.data.at }
    case 'ReturnClosed':
      if (
        state.status !== 'inspected' &&
        state.status !== 'refunded' &&
        state.status !== 'inspection_disputed'
      )
        return state
      return {
        ...state,
        status: 'closed',
        refundDue: null,
        disputeBy: null,
        closedAt: event.data.at,
        closeReason: event.data.reason,
      }
    case 'ReturnCancelled':
      if (
        state.status !== 'label_issued' &&
        state.status !== 'in_transit' &&
        state.status !== 'delivered_to_seller'
      )
        return state
      return {
        ...state,
        status: 'cancelled',
        cancelledAt: event.data.at,
        cancelReason: event.data.reason,
      }
  }
}
