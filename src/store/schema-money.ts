import { index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core'
import { at, money } from './columns.ts'

// Read models of the money side, written in the transaction of the command
// that changed the ledger or the return. The events stay the source of truth.

/**
 * One row per refund: finds a refund's order from its id (the payment
 * integration confirms by refund id), and lists refunds by status for the
 * pull endpoint (`pending`) and the agents (`failed`), oldest first.
 */
export const refunds = pgTable(
  'refunds',
  {
    refundId: uuid('refund_id').primaryKey(),
    orderId: uuid('order_id').notNull(),
    buyerId: text('buyer_id').notNull(),
    sellerId: text('seller_id').notNull(),
    refundKey: text('refund_key').notNull(),
    /** pending | succeeded | failed | switched_to_credit (the ledger's `RefundStatus`). */
    status: text('status').notNull(),
    amount: money('amount').notNull(),
    toCard: money('to_card').notNull(),
    toCredit: money('to_credit').notNull(),
    currency: text('currency').notNull(),
    destination: text('destination').notNull(),
    funding: text('funding').notNull(),
    reason: text('reason').notNull(),
    attempt: integer('attempt').notNull(),
    providerReference: text('provider_reference'),
    /** What the payment integration said when it reported a failure (not part of the ledger's facts). */
    failureReason: text('failure_reason'),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [
    index('refunds_status_idx').on(t.status, t.createdAt, t.refundId),
    index('refunds_order_idx').on(t.orderId),
  ],
)

/**
 * A seller's payable balance across all its orders (the sum of its
 * `seller_payable:<sellerId>` entries), and the row every debit of that
 * seller locks (`SELECT … FOR UPDATE`) so that two orders debited at once
 * cannot both pass `policy.refunds.sellerDebitLimit`.
 */
export const sellerBalances = pgTable('seller_balances', {
  sellerId: text('seller_id').primaryKey(),
  payable: money('payable').notNull().default(0),
  updatedAt: at('updated_at').notNull(),
})

/**
 * A label bought from the label provider, as a return's and a swap leg's
 * rows both keep it: what was printed (the RMA, the addresses as the
 * provider was given them), what it cost and how to track it. A function,
 * since each table needs columns of its own.
 */
const purchasedLabel = () => ({
  rma: text('rma').notNull().unique(),
  labelId: text('label_id').notNull().unique(),
  provider: text('provider').notNull(),
  carrier: text('carrier').notNull(),
  trackingNumber: text('tracking_number').notNull(),
  cost: money('cost').notNull(),
  currency: text('currency').notNull(),
  shipFrom: jsonb('ship_from').notNull(),
  shipTo: jsonb('ship_to').notNull(),
  createdAt: at('created_at').notNull(),
})

/**
 * Return labels bought from the label provider: finds a return by its RMA or
 * tracking number (a carrier's scan), a case's returns, and makes a case's
 * return required once (`return_key` is unique).
 */
export const returnLabels = pgTable(
  'return_labels',
  {
    returnId: uuid('return_id').primaryKey(),
    caseId: uuid('case_id').notNull(),
    orderId: uuid('order_id').notNull(),
    /** The case's `ReturnRequired.returnKey` (offer, decision or claim). */
    returnKey: text('return_key').notNull().unique(),
    ...purchasedLabel(),
  },
  (t) => [
    index('return_labels_case_idx').on(t.caseId),
    index('return_labels_tracking_idx').on(t.trackingNumber),
  ],
)

/**
 * A replacement the seller ships for a case (`ReplacementRequired`): the
 * tracking the seller reported and when the integration reported delivery.
 * The case owns the rule (and the `replacement_delivery` deadline).
 */
export const replacementShipments = pgTable('replacement_shipments', {
  caseId: uuid('case_id').primaryKey(),
  orderId: uuid('order_id').notNull(),
  replacementKey: text('replacement_key').notNull(),
  carrier: text('carrier').notNull(),
  trackingNumber: text('tracking_number').notNull(),
  shippedAt: at('shipped_at').notNull(),
  deliveredAt: at('delivered_at'),
})

/**
 * The forwarding labels of swapped orders (`src/domain/swap`), one per leg:
 * finds a case's swap, and keeps what the label provider was given. A case
 * sends exactly one leg of one swap, so `case_id` is unique: the database
 * itself refuses a case in two swaps, even from two racing agents.
 */
export const swapLabels = pgTable(
  'swap_labels',
  {
    swapId: uuid('swap_id').notNull(),
    /** `a` (the buyer of the case linked from) or `b`. */
    leg: text('leg').notNull(),
    /** The sender's case and order; the label's cost is posted on that order's ledger. */
    caseId: uuid('case_id').notNull().unique(),
    orderId: uuid('order_id').notNull(),
    ...purchasedLabel(),
  },
  (t) => [
    primaryKey({ columns: [t.swapId, t.leg] }),
    index('swap_labels_tracking_idx').on(t.trackingNumber),
  ],
)
