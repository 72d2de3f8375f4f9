// Order events: purchases, shipments and deliveries, counted for the seller, the buyer and the listing.
import type { OrderEvent } from '../../domain/order/events.ts'
import { type Instant, toMillis } from '../../policy/time.ts'
import { listingAttributes, trackingLooksValid } from '../vocabulary.ts'
import type { Effects } from './effects.ts'
import { orderFactKeys, type OrderLineFacts, type ProjectionInput } from './rows.ts'

export const projectOrder = (input: ProjectionInput, fx: Effects): void => {
  let row = input.order
  for (const event of input.events as readonly OrderEvent[]) {
    switch (event.type) {
      case 'OrderImported': {
        if (row !== null) break
        const d = event.data
        const lines: OrderLineFacts[] = d.lines.map((l) => ({
          lineId: l.lineId,
          listingId: l.listing.listingId,
          category: l.listing.category,
          title: l.listing.title,
          attributes: listingAttributes(l.listing),
        }))
        row = {
          orderId: d.orderId,
          sellerId: d.sellerId,
          buyerId: d.buyerId,
          purchasedAt: d.purchasedAt,
          shipBy: d.shipBy,
          estimatedDeliveryAt: d.estimatedDeliveryAt,
          currency: d.currency,
          total: d.total,
          category: lines[0]?.category ?? 'unknown',
          lines,
          shippedAt: null,
          deliveredAt: null,
          cancelledAt: null,
          cancelRequestedBy: null,
          cancelReason: null,
          nadLines: [],
        }
        fx.seller(d.sellerId, d.purchasedAt, { orders: 1 })
        fx.buyer(d.buyerId, d.purchasedAt, { orders: 1 })
        const seen = new Set<string>()
        for (const line of lines) {
          if (!seen.has(line.listingId)) fx.listing(line, d.sellerId, { orders: 1 })
          seen.add(line.listingId)
          for (const [attribute, value] of line.attributes)
            fx.attribute(line.category, attribute, value, 1, 0)
        }
        break
      }
      case 'OrderShipped': {
        if (row === null || row.shippedAt !== null) break
        const { shippedAt, late, carrier, trackingNumber } = event.data
        const valid = trackingLooksValid(carrier, trackingNumber)
        row = { ...row, shippedAt }
        fx.seller(row.sellerId, shippedAt, {
          shipped: 1,
          shippedLate: late ? 1 : 0,
          shippedValidTracking: valid ? 1 : 0,
        })
        fx.shipment(row.sellerId, shippedAt, 1, late ? 1 : 0)
        const base = orderFactKeys(row)
        if (late) {
          fx.fact({
            ...base,
            metric: 'late_shipment',
            at: shippedAt,
            counted: true,
            reason: 'shipped_after_ship_by',
            detail: `ship-by ${row.shipBy}`,
          })
        }
        if (!valid) {
          fx.fact({
            ...base,
            metric: 'invalid_tracking',
            at: shippedAt,
            counted: true,
            reason: 'tracking_not_recognised',
            detail: `${carrier} ${trackingNumber}`,
          })
        }
        break
      }
      case 'OrderDelivered': {
        if (row === null || row.deliveredAt !== null) break
        const { deliveredAt } = event.data
        const onTime = toMillis(deliveredAt) <= toMillis(row.estimatedDeliveryAt as Instant)
        row = { ...row, deliveredAt }
        fx.seller(row.sellerId, deliveredAt, { delivered: 1, deliveredOnTime: onTime ? 1 : 0 })
        if (!onTime) {
          fx.fact({
            ...orderFactKeys(row),
            metric: 'late_delivery',
            at: deliveredAt,
            counted: true,
            reason: 'delivered_after_estimate',
            detail: `estimated ${row.estimatedDeliveryAt}`,
          })
        }
        break
      }
      case 'OrderCancelled':
        if (row !== null && row.cancelledAt === null) row = { ...row, cancelledAt: event.data.at }
        break
      // inertEvents: nothing to project
      case 'OrderAccepted':
      case 'ShipByReminderDue':
      case 'BuyerCancelRightOpened':
      case 'ShipmentLate':
      case 'DeliveryLate':
      case 'OrderCaseOpened':
      case 'OrderCaseClosed':
        break
    }
  }
  if (row !== input.order) fx.order = row
}
