/**
 * Builders for order tests, reused by the deciders that need an order (cancellation, case).
 * A fixed clock: Monday 2026-11-23 14:00 UTC (09:00 in New York), no holidays nearby.
 */
import { defaultPolicy } from '../../policy/presets.ts'
import { addDuration, addHours, instant, type Instant } from '../../policy/time.ts'
import type { Policy } from '../../policy/types.ts'
import type { Actor } from '../shared/actor.ts'
import type { CommandMeta, ExpireDeadline } from '../shared/decider.ts'
import { fold } from '../shared/decider.ts'
import {
  asId,
  type CancellationId,
  type CaseId,
  type OrderId,
  type OrderLineId,
  type PolicyVersionId,
  type UserId,
} from '../shared/ids.ts'
import { minor } from '../shared/money.ts'
import type { ImportOrder } from './commands.ts'
import type { OrderDeadlineKind } from './deadline.ts'
import type { ListingSnapshot, OrderEvent, OrderLine, Payment } from './events.ts'
import { evolveOrder, initialOrderState, type Order } from './state.ts'
import type { OrderContext } from './decide.ts'

export type OrderImported = Extract<OrderEvent, { type: 'OrderImported' }>
export type OrderImportedData = OrderImported['data']

/** Monday 2026-11-23 14:00 UTC: 09:00 in New York, 06:00 in Los Angeles. */
export const monday = instant('2026-11-23T14:00:00Z')
export const hoursAfter = (t: Instant, h: number): Instant => addHours(t, h)
export const minutesAfter = (t: Instant, m: number): Instant => addHours(t, m / 60)
/** Exact 24-hour days (no DST change near the fixed clock). */
export const daysAfter = (t: Instant, d: number): Instant => addHours(t, 24 * d)

export const orderId = asId<OrderId>('order-1')
export const buyerId = asId<UserId>('buyer-1')
export const sellerId = asId<UserId>('seller-1')
export const policyVersionId = asId<PolicyVersionId>('policy-1')
export const caseId = asId<CaseId>('case-1')
export const cancellationId = asId<CancellationId>('cancellation-1')

export const buyer: Actor = { kind: 'buyer', id: buyerId }
export const seller: Actor = { kind: 'seller', id: sellerId }
export const strangerBuyer: Actor = { kind: 'buyer', id: asId<UserId>('buyer-2') }
export const strangerSeller: Actor = { kind: 'seller', id: asId<UserId>('seller-2') }
export const integration: Actor = { kind: 'integration', id: 'marketplace' }
export const agent: Actor = { kind: 'agent', id: asId<UserId>('agent-1') }
export const admin: Actor = { kind: 'admin', id: asId<UserId>('admin-1') }
export const scheduler: Actor = { kind: 'system', id: 'scheduler' }

export const aListing = (overrides: Partial<ListingSnapshot> = {}): ListingSnapshot => ({
  listingId: 'listing-1',
  title: 'Wool coat',
  description: 'Navy wool coat, worn twice.',
  photos: ['https://img.example/coat-1.jpg'],
  category: 'apparel/coats',
  condition: 'like_new',
  size: 'M',
  ...overrides,
})

export const aLine = (overrides: Partial<OrderLine> = {}): OrderLine => ({
  lineId: asId<OrderLineId>('line-1'),
  quantity: 1,
  unitPrice: minor(4000),
  listing: aListing(),
  ...overrides,
})

/** A captured payment; the method follows from the split. */
export const paid = (card: number, credit: number, capturedAt: Instant = monday): Payment => ({
  method: card > 0 && credit > 0 ? 'mixed' : credit > 0 ? 'marketplace_credit' : 'card',
  card: minor(card),
  credit: minor(credit),
  capturedAt,
})

/**
 * An `OrderImported` fact: one 40.00 USD line + 5.00 shipping + 3.00 tax =
 * 48.00, paid by card, bought Monday; ship-by and estimated delivery follow
 * the default policy from the purchase unless overridden. The total follows
 * the lines unless overridden.
 */
export const anOrder = (overrides: Partial<OrderImportedData> = {}): OrderImported => {
  const purchasedAt = overrides.purchasedAt ?? monday
  const lines = overrides.lines ?? [aLine()]
  const shippingAmount = overrides.shippingAmount ?? minor(500)
  const taxAmount = overrides.taxAmount ?? minor(300)
  const total =
    overrides.total ??
    minor(lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0) + shippingAmount + taxAmount)
  const { calendar, order } = defaultPolicy
  const shipBy = overrides.shipBy ?? addDuration(purchasedAt, order.defaultHandlingTime, calendar)
  return {
    type: 'OrderImported',
    data: {
      orderId,
      externalRef: 'mkt-1001',
      buyerId,
      sellerId,
      currency: 'USD',
      payment: paid(total, 0, purchasedAt),
      policyVersionId,
      estimatedDeliveryAt: addDuration(shipBy, order.estimatedTransit, calendar),
      ...overrides,
      lines,
      shippingAmount,
      taxAmount,
      total,
      purchasedAt,
      shipBy,
    },
  }
}

/** The `ImportOrder` command that would produce `anOrder(overrides)` (without a ship-by date unless given). */
export const importOrder = (overrides: Partial<ImportOrder> = {}): ImportOrder => {
  const { shipBy: _shipBy, estimatedDeliveryAt: _eta, ...data } = anOrder().data
  return { type: 'ImportOrder', ...data, ...overrides }
}

export const orderShipped = (
  shippedAt: Instant,
  overrides: Partial<Extract<OrderEvent, { type: 'OrderShipped' }>['data']> = {},
): OrderEvent => ({
  type: 'OrderShipped',
  data: { carrier: 'UPS', trackingNumber: '1Z999', shippedAt, late: false, ...overrides },
})
export const orderDelivered = (deliveredAt: Instant): OrderEvent => ({
  type: 'OrderDelivered',
  data: { deliveredAt },
})
export const orderAccepted = (at: Instant, by: 'buyer' | 'auto' = 'buyer'): OrderEvent => ({
  type: 'OrderAccepted',
  data: { at, by },
})
export const orderCancelled = (at: Instant, id: CancellationId = cancellationId): OrderEvent => ({
  type: 'OrderCancelled',
  data: { at, cancellationId: id },
})
export const orderCaseOpened = (at: Instant, id: CaseId = caseId): OrderEvent => ({
  type: 'OrderCaseOpened',
  data: { at, caseId: id },
})
export const orderCaseClosed = (at: Instant, id: CaseId = caseId): OrderEvent => ({
  type: 'OrderCaseClosed',
  data: { at, caseId: id },
})

/** The order after these facts; throws if they do not start with an import (a broken fixture). */
export const orderFrom = (...events: readonly OrderEvent[]): Order => {
  const state = fold(evolveOrder, initialOrderState, events)
  if (state.status === 'none')
    throw new Error('orderFrom: the events must start with OrderImported')
  return state
}

export const metaOf = (actor: Actor, now: Instant): CommandMeta => ({ actor, now })

export const orderContext = (
  actor: Actor,
  now: Instant,
  policy: Policy = defaultPolicy,
): OrderContext => ({
  meta: metaOf(actor, now),
  policy,
})

export const expireOrderDeadline = (
  kind: OrderDeadlineKind,
  dueAt: Instant,
): ExpireDeadline<OrderDeadlineKind> => ({
  type: 'ExpireDeadline',
  kind,
  dueAt,
})
