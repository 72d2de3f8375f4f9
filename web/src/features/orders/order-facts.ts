import type { Order } from '../../api/types.ts'

export interface Fact {
  readonly key: string
  readonly label: string
  readonly at: string
  /** done: it happened; due: a date still ahead; late: a date passed without it happening. */
  readonly state: 'done' | 'due' | 'late'
  readonly note?: string
}

/** What happened to an order and what is still ahead, in time order, as facts from the order itself. */
export const orderFacts = (order: Order, nowMs: number): Fact[] => {
  const facts: Fact[] = [
    { key: 'purchased', label: 'Purchased', at: order.purchasedAt, state: 'done' },
  ]
  const shipment = order.shipments[0]
  if (order.cancelledAt) {
    facts.push({ key: 'cancelled', label: 'Cancelled', at: order.cancelledAt, state: 'done' })
    return facts
  }
  if (shipment) {
    facts.push({
      key: 'shipped',
      label: order.shippedLate ? 'Shipped late' : 'Shipped',
      at: shipment.shippedAt,
      state: 'done',
      note: `${shipment.carrier} · ${shipment.trackingNumber}`,
    })
  } else {
    facts.push({
      key: 'ship-by',
      label: 'Ship by',
      at: order.shipBy,
      state: Date.parse(order.shipBy) < nowMs ? 'late' : 'due',
    })
  }
  if (order.deliveredAt) {
    facts.push({ key: 'delivered', label: 'Delivered', at: order.deliveredAt, state: 'done' })
  } else {
    facts.push({
      key: 'eta',
      label: 'Estimated delivery',
      at: order.estimatedDeliveryAt,
      state: 'due',
    })
  }
  if (order.acceptedAt) {
    facts.push({
      key: 'accepted',
      label: order.acceptedBy === 'auto' ? 'Accepted automatically' : 'Accepted by the buyer',
      at: order.acceptedAt,
      state: 'done',
    })
  }
  return facts
}

/** The first line's listing names the order; "and 2 more" when there are more lines. */
export const orderTitle = (order: Order): string => {
  const first = order.lines[0]?.listing.title ?? order.externalRef
  return order.lines.length > 1 ? `${first} and ${order.lines.length - 1} more` : first
}

/** The action if `availableActions` offers it: the only source of buttons. */
export const hasAction = <A extends { action: string }>(
  order: { availableActions: readonly A[] },
  action: string,
): A | undefined => order.availableActions.find((a) => a.action === action)

/** The id of the request under way, from an eligibility failure `CANCELLATION_EXISTS { cancellationId }`. */
export const pendingCancellationId = (failures: readonly { code: string }[]): string | null => {
  const f: Readonly<Record<string, unknown>> | undefined = failures.find(
    (x) => x.code === 'CANCELLATION_EXISTS',
  )
  return typeof f?.cancellationId === 'string' ? f.cancellationId : null
}

type Listing = Order['lines'][number]['listing']

/** Every order has at least one line (the import refuses one without); the first names it. */
export const firstListing = (order: Order): Listing => {
  const line = order.lines[0]
  if (!line) throw new Error(`order ${order.id} has no lines`)
  return line.listing
}
