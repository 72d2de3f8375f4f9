import { Type } from 'typebox'
import { At, Amount, Currency, Enum, Id, Nullable, data, entry, orderFields, ref } from './entry.ts'

/** What happens to an order, and to a request to cancel it. */
export const orderEntries = [
  entry({
    type: 'order.shipped',
    version: 1,
    source: 'OrderShipped',
    description: 'The seller handed the parcel to a carrier.',
    schema: data({
      ...orderFields,
      carrier: Type.String(),
      trackingNumber: Type.String(),
      shippedAt: At,
      late: Type.Boolean({ description: 'Shipped after the ship-by date' }),
    }),
    map: (d, o) => ({
      ...ref(o),
      carrier: d.carrier,
      trackingNumber: d.trackingNumber,
      shippedAt: d.shippedAt,
      late: d.late,
    }),
  }),
  entry({
    type: 'order.delivered',
    version: 1,
    source: 'OrderDelivered',
    description: 'The carrier delivered the order; the acceptance window starts.',
    schema: data({ ...orderFields, deliveredAt: At }),
    map: (d, o) => ({ ...ref(o), deliveredAt: d.deliveredAt }),
  }),
  entry({
    type: 'order.accepted',
    version: 1,
    source: 'OrderAccepted',
    description: 'The sale is final: the buyer accepted or the acceptance window passed.',
    schema: data({ ...orderFields, acceptedAt: At, acceptedBy: Enum('buyer', 'auto') }),
    map: (d, o) => ({ ...ref(o), acceptedAt: d.at, acceptedBy: d.by }),
  }),
  entry({
    type: 'order.shipment_late',
    version: 1,
    source: 'ShipmentLate',
    description:
      'The ship-by date passed and the order is unshipped; seller and buyer were nudged (once per order).',
    schema: data({
      ...orderFields,
      shipBy: At,
      buyerCancelRightFrom: Nullable(At),
    }),
    map: (d, o) => ({ ...ref(o), shipBy: d.shipBy, buyerCancelRightFrom: d.buyerCancelRightFrom }),
  }),
  entry({
    type: 'order.delivery_late',
    version: 1,
    source: 'DeliveryLate',
    description:
      'The estimated delivery date passed without a delivery; seller and buyer were nudged (once per order).',
    schema: data({
      ...orderFields,
      estimatedDeliveryAt: At,
      caseOpensAt: Nullable(At),
    }),
    map: (d, o) => ({
      ...ref(o),
      estimatedDeliveryAt: d.estimatedDeliveryAt,
      caseOpensAt: d.caseOpensAt,
    }),
  }),
  entry({
    type: 'order.cancelled',
    version: 1,
    source: 'OrderCancelled',
    description: 'An approved cancellation ended the order.',
    schema: data({ ...orderFields, cancelledAt: At, cancellationId: Id }),
    map: (d, o) => ({ ...ref(o), cancelledAt: d.at, cancellationId: d.cancellationId }),
  }),
  entry({
    type: 'cancellation.requested',
    version: 1,
    source: 'CancellationRequested',
    description:
      'A buyer asked to cancel, or a seller cancelled. `mode: seller_approval` waits for the seller until `respondBy`.',
    schema: data({
      cancellationId: Id,
      ...orderFields,
      requestedBy: Enum('buyer', 'seller'),
      reason: Type.String(),
      note: Nullable(Type.String()),
      mode: Enum('immediate', 'seller_approval'),
      respondBy: Nullable(At),
    }),
    map: (d, o) => ({
      cancellationId: d.cancellationId,
      ...ref(o),
      requestedBy: d.requestedBy,
      reason: d.reason,
      note: d.note,
      mode: d.mode,
      respondBy: d.respondBy,
    }),
  }),
  entry({
    type: 'cancellation.approved',
    version: 1,
    source: 'CancellationApproved',
    description:
      'The cancellation went through; the refund it makes due follows as `refund.requested`.',
    schema: data({
      cancellationId: Id,
      ...orderFields,
      approvedBy: Type.String({
        description: 'window | seller | seller_silence | buyer_right | seller_initiated',
      }),
      refund: data({
        total: Amount,
        toOriginalPayment: Amount,
        toCredit: Amount,
        currency: Currency,
        destination: Type.String(),
      }),
      countsAgainstSeller: Type.Boolean(),
    }),
    map: (d, o) => ({
      cancellationId: d.cancellationId,
      ...ref(o),
      approvedBy: d.by,
      refund: {
        total: d.refundDue.total,
        toOriginalPayment: d.refundDue.toOriginalPayment,
        toCredit: d.refundDue.toCredit,
        currency: d.refundDue.currency,
        destination: d.refundDue.destination,
      },
      countsAgainstSeller: d.countsAgainstSeller,
    }),
  }),
  entry({
    type: 'cancellation.declined',
    version: 1,
    source: 'CancellationDeclined',
    description: 'The seller declined the request (or stayed silent where silence declines).',
    schema: data({
      cancellationId: Id,
      ...orderFields,
      declinedBy: Enum('seller', 'seller_silence'),
      reason: Type.String(),
    }),
    map: (d, o) => ({
      cancellationId: d.cancellationId,
      ...ref(o),
      declinedBy: d.by,
      reason: d.reason,
    }),
  }),
  entry({
    type: 'cancellation.withdrawn',
    version: 1,
    source: 'CancellationWithdrawn',
    description: 'The buyer took the request back.',
    schema: data({ cancellationId: Id, ...orderFields }),
    map: (d, o) => ({ cancellationId: d.cancellationId, ...ref(o) }),
  }),
]
