import type { Policy } from '../../policy/types.ts'
import { addDuration, isAtOrAfter, isBefore } from '../../policy/time.ts'
import type { ActorKind } from '../shared/actor.ts'
import type { CommandMeta, Decision, ExpireDeadline } from '../shared/decider.ts'
import { reject } from '../shared/decider.ts'
import type {
  AcceptOrder,
  CancelOrder,
  ImportOrder,
  MarkDelivered,
  NoteCaseClosed,
  NoteCaseOpened,
  OrderCommand,
  ShipOrder,
} from './commands.ts'
import { caseOpenWindow } from '../case/rules.ts'
import type { OrderDeadlineKind } from './deadline.ts'
import { activeOrderDeadline, buyerCancelRightFrom } from './deadline.ts'
import type { OrderEvent } from './events.ts'
import type { OrderRejection } from './rejections.ts'
import type { Order, OrderState } from './state.ts'

/** What `decide` needs besides the command: time, actor, and the policy frozen on the order. */
export interface OrderContext {
  readonly meta: CommandMeta
  readonly policy: Policy
}

export type OrderDecision = Decision<OrderEvent, OrderRejection>

const refuse = (r: OrderRejection): OrderDecision => reject(r)

const onlyActors = (ctx: OrderContext, allowed: readonly ActorKind[]): OrderDecision | null =>
  allowed.includes(ctx.meta.actor.kind)
    ? null
    : refuse({ code: 'ACTOR_NOT_ALLOWED', actorKind: ctx.meta.actor.kind, allowed })

/** A buyer or seller must be this order's; integrations act for the marketplace. */
const onlyParty = (
  order: Order,
  ctx: OrderContext,
  allowed: readonly ActorKind[],
): OrderDecision | null => {
  const refused = onlyActors(ctx, allowed)
  if (refused) return refused
  const { actor } = ctx.meta
  if (actor.kind === 'buyer' && actor.id !== order.buyerId)
    return refuse({ code: 'NOT_A_PARTY', required: 'buyer' })
  if (actor.kind === 'seller' && actor.id !== order.sellerId)
    return refuse({ code: 'NOT_A_PARTY', required: 'seller' })
  return null
}

const cancelled = (order: Order): OrderDecision | null =>
  order.status === 'cancelled' && order.cancelledAt !== null && order.cancellationId !== null
    ? refuse({
        code: 'ORDER_CANCELLED',
        cancelledAt: order.cancelledAt,
        cancellationId: order.cancellationId,
      })
    : null

const firstShippedAt = (order: Order) => order.shipments[0]?.shippedAt

const isAmount = (n: number): boolean => Number.isSafeInteger(n) && n >= 0

const validateImport = (c: ImportOrder): OrderRejection | null => {
  if (!/^[A-Z]{3}$/.test(c.currency)) return { code: 'INVALID_CURRENCY', currency: c.currency }
  if (c.lines.length === 0) return { code: 'ORDER_HAS_NO_LINES' }
  const seen = new Set<string>()
  for (const line of c.lines) {
    if (seen.has(line.lineId)) return { code: 'DUPLICATE_LINE', lineId: line.lineId }
    seen.add(line.lineId)
    if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0) {
      return { code: 'INVALID_QUANTITY', lineId: line.lineId, quantity: line.quantity }
    }
    if (!isAmount(line.unitPrice)) {
      return {
        code: 'INVALID_AMOUNT',
        field: `lines[${line.lineId}].unitPrice`,
        amount: line.unitPrice,
      }
    }
  }
  const amounts: [string, number][] = [
    ['shippingAmount', c.shippingAmount],
    ['taxAmount', c.taxAmount],
    ['total', c.total],
    ['payment.card', c.payment.card],
    ['payment.credit', c.payment.credit],
  ]
  for (const [field, amount] of amounts) {
    if (!isAmount(amount)) return { code: 'INVALID_AMOUNT', field, amount }
  }
  const expected =
    c.lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0) + c.shippingAmount + c.taxAmount
  if (expected !== c.total) return { code: 'ORDER_TOTAL_MISMATCH', expected, actual: c.total }
  const { method, card, credit } = c.payment
  if (card + credit !== c.total)
    return { code: 'PAYMENT_MISMATCH', total: c.total, paid: card + credit }
  const consistent =
    method === 'card'
      ? credit === 0
      : method === 'marketplace_credit'
        ? card === 0
        : card > 0 && credit > 0
  if (!consistent) return { code: 'PAYMENT_METHOD_MISMATCH', method, card, credit }
  if (c.shipBy !== undefined && isBefore(c.shipBy, c.purchasedAt)) {
    return { code: 'SHIP_BY_BEFORE_PURCHASE', purchasedAt: c.purchasedAt, shipBy: c.shipBy }
  }
  return null
}

const importOrder = (c: ImportOrder, state: OrderState, ctx: OrderContext): OrderDecision => {
  const refused = onlyActors(ctx, ['integration', 'admin'])
  if (refused) return refused
  if (state.status !== 'none')
    return refuse({ code: 'ORDER_ALREADY_IMPORTED', orderId: state.orderId })
  const invalid = validateImport(c)
  if (invalid) return refuse(invalid)
  const { calendar, order: rules } = ctx.policy
  // Handling time counts from the purchase, not from when the import arrived (backfills stay right).
  const shipBy = c.shipBy ?? addDuration(c.purchasedAt, rules.defaultHandlingTime, calendar)
  return [
    {
      type: 'OrderImported',
      data: {
        orderId: c.orderId,
        externalRef: c.externalRef,
        buyerId: c.buyerId,
        sellerId: c.sellerId,
        currency: c.currency,
        lines: c.lines,
        shippingAmount: c.shippingAmount,
        taxAmount: c.taxAmount,
        total: c.total,
        payment: c.payment,
        purchasedAt: c.purchasedAt,
        shipBy,
        estimatedDeliveryAt: addDuration(shipBy, rules.estimatedTransit, calendar),
        policyVersionId: c.policyVersionId,
      },
    },
  ]
}

const shipOrder = (c: ShipOrder, order: Order, ctx: OrderContext): OrderDecision => {
  const refused = onlyParty(order, ctx, ['seller', 'integration']) ?? cancelled(order)
  if (refused) return refused
  const shippedAt = firstShippedAt(order)
  // One shipment per order for now; split shipments would need per-line tracking.
  if (shippedAt !== undefined) return refuse({ code: 'ALREADY_SHIPPED', shippedAt })
  if (c.carrier.trim() === '' || c.trackingNumber.trim() === '')
    return refuse({ code: 'TRACKING_REQUIRED' })
  const { now } = ctx.meta
  return [
    {
      type: 'OrderShipped',
      data: {
        carrier: c.carrier,
        trackingNumber: c.trackingNumber,
        shippedAt: now,
        late: isBefore(order.shipBy, now),
      },
    },
  ]
}

const markDelivered = (_c: MarkDelivered, order: Order, ctx: OrderContext): OrderDecision => {
  const refused = onlyActors(ctx, ['integration']) ?? cancelled(order)
  if (refused) return refused
  if (order.deliveredAt !== null)
    return refuse({ code: 'ALREADY_DELIVERED', deliveredAt: order.deliveredAt })
  if (order.status !== 'shipped') return refuse({ code: 'NOT_SHIPPED', status: order.status })
  return [{ type: 'OrderDelivered', data: { deliveredAt: ctx.meta.now } }]
}

const acceptOrder = (_c: AcceptOrder, order: Order, ctx: OrderContext): OrderDecision => {
  const refused = onlyParty(order, ctx, ['buyer']) ?? cancelled(order)
  if (refused) return refused
  if (order.acceptedAt !== null)
    return refuse({ code: 'ALREADY_ACCEPTED', acceptedAt: order.acceptedAt })
  if (order.status !== 'delivered')
    return refuse({ code: 'ORDER_NOT_DELIVERED', status: order.status })
  if (order.openCaseId !== null) return refuse({ code: 'CASE_OPEN', caseId: order.openCaseId })
  return [{ type: 'OrderAccepted', data: { at: ctx.meta.now, by: 'buyer' } }]
}

const cancelOrder = (c: CancelOrder, order: Order, ctx: OrderContext): OrderDecision => {
  // The app retries after an approval at least once; the same cancellation again is a no-op.
  if (order.status === 'cancelled' && order.cancellationId === c.cancellationId) return []
  const refused = cancelled(order)
  if (refused) return refused
  const shippedAt = firstShippedAt(order)
  if (shippedAt !== undefined) return refuse({ code: 'ALREADY_SHIPPED', shippedAt })
  return [{ type: 'OrderCancelled', data: { at: ctx.meta.now, cancellationId: c.cancellationId } }]
}

const noteCaseOpened = (c: NoteCaseOpened, order: Order, ctx: OrderContext): OrderDecision => {
  if (order.openCaseId === c.caseId) return []
  const refused = cancelled(order)
  if (refused) return refused
  if (order.openCaseId !== null) return refuse({ code: 'CASE_OPEN', caseId: order.openCaseId })
  return [{ type: 'OrderCaseOpened', data: { at: ctx.meta.now, caseId: c.caseId } }]
}

const noteCaseClosed = (c: NoteCaseClosed, order: Order, ctx: OrderContext): OrderDecision => {
  if (!order.caseIds.includes(c.caseId)) return refuse({ code: 'UNKNOWN_CASE', caseId: c.caseId })
  if (order.openCaseId !== c.caseId) return []
  return [{ type: 'OrderCaseClosed', data: { at: ctx.meta.now, caseId: c.caseId } }]
}

/** A deadline that is not the live one, or not yet due, is stale: nothing happens. */
const expireDeadline = (
  c: ExpireDeadline<OrderDeadlineKind>,
  order: Order,
  ctx: OrderContext,
): OrderDecision => {
  const live = activeOrderDeadline(order, ctx.policy)
  const { now } = ctx.meta
  if (live === null || live.kind !== c.kind || !isAtOrAfter(now, live.dueAt)) return []
  switch (live.kind) {
    case 'ship_by_reminder':
      return [{ type: 'ShipByReminderDue', data: { at: now, shipBy: order.shipBy } }]
    case 'buyer_cancel_right':
      return [{ type: 'BuyerCancelRightOpened', data: { at: now } }]
    case 'auto_accept':
      return [{ type: 'OrderAccepted', data: { at: now, by: 'auto' } }]
    case 'late_shipment':
      return [
        {
          type: 'ShipmentLate',
          data: {
            at: now,
            shipBy: order.shipBy,
            buyerCancelRightFrom: buyerCancelRightFrom(order, ctx.policy),
            lateShipmentLimit: ctx.policy.reputation.maxLateShipmentRate,
          },
        },
      ]
    case 'late_delivery': {
      const window = caseOpenWindow('not_received', order, ctx.policy)
      return [
        {
          type: 'DeliveryLate',
          data: {
            at: now,
            estimatedDeliveryAt: order.estimatedDeliveryAt,
            caseOpensAt: window === null ? null : window.opensAt,
            caseRateLimit: ctx.policy.reputation.maxCaseRate,
          },
        },
      ]
    }
  }
}

/** Turns an order command into facts, or a refusal with its data. Pure: time and policy come in the context. */
export const decideOrder = (
  command: OrderCommand,
  state: OrderState,
  ctx: OrderContext,
): OrderDecision => {
  if (command.type === 'ImportOrder') return importOrder(command, state, ctx)
  if (state.status === 'none')
    return command.type === 'ExpireDeadline' ? [] : refuse({ code: 'ORDER_NOT_FOUND' })
  switch (command.type) {
    case 'ShipOrder':
      return shipOrder(command, state, ctx)
    case 'MarkDelivered':
      return markDelivered(command, state, ctx)
    case 'AcceptOrder':
      return acceptOrder(command, state, ctx)
    case 'CancelOrder':
      return cancelOrder(command, state, ctx)
    case 'NoteCaseOpened':
      return noteCaseOpened(command, state, ctx)
    case 'NoteCaseClosed':
      return noteCaseClosed(command, state, ctx)
    case 'ExpireDeadline':
      return expireDeadline(command, state, ctx)
  }
}
