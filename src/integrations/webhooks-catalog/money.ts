import { Type } from 'typebox'
import { Amount, Currency, Id, data, entry, orderFields, ref } from './entry.ts'

/** A card refund's answer from the payment provider: the same payload whichever way it went. */
const refundSettled = (
  type: string,
  source: 'RefundSucceeded' | 'RefundFailed',
  description: string,
) =>
  entry({
    type,
    version: 1,
    source,
    description,
    schema: data({
      refundId: Id,
      ...orderFields,
      amount: Amount,
      currency: Currency,
      providerReference: Type.String(),
    }),
    map: (d, o) => ({
      refundId: d.refundId,
      ...ref(o),
      amount: d.amount,
      currency: o.currency,
      providerReference: d.providerReference,
    }),
  })

/** Money moving on an order's ledger: refunds to the buyer, the seller's payout. */
export const moneyEntries = [
  entry({
    type: 'refund.requested',
    version: 1,
    source: 'RefundRequested',
    description:
      'Money goes back to the buyer: `toCard` is for the payment provider to refund (confirm with `POST /v1/refunds/{id}/confirmation`); `toCredit` is already on the buyer’s credit balance.',
    schema: data({
      refundId: Id,
      ...orderFields,
      refundKey: Type.String(),
      amount: Amount,
      currency: Currency,
      destination: Type.String(),
      reason: Type.String(),
      toCard: Amount,
      toCredit: Amount,
    }),
    map: (d, o) => ({
      refundId: d.refundId,
      ...ref(o),
      refundKey: d.refundKey,
      amount: d.amount,
      currency: d.currency,
      destination: d.destination,
      reason: d.reason,
      toCard: d.toCard,
      toCredit: d.toCredit,
    }),
  }),
  refundSettled(
    'refund.succeeded',
    'RefundSucceeded',
    'The payment provider confirmed the card refund.',
  ),
  refundSettled(
    'refund.failed',
    'RefundFailed',
    'The payment provider could not refund the card; the amount stays owed to the buyer.',
  ),
  entry({
    type: 'payout.released',
    version: 1,
    source: 'PayoutReleased',
    description: 'The sale is final and no case holds the money: the seller’s payout is released.',
    schema: data({ ...orderFields, amount: Amount, currency: Currency }),
    map: (d, o) => ({ ...ref(o), amount: d.amount, currency: o.currency }),
  }),
]
