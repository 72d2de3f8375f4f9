import { eq, sql } from 'drizzle-orm'
import { sellerPayable } from '../../domain/ledger/accounts.ts'
import type { CreditGrant, LedgerEvent, RefundReason } from '../../domain/ledger/events.ts'
import type { Posting } from '../../domain/ledger/postings.ts'
import type { OrderLedger, RefundRecord } from '../../domain/ledger/state.ts'
import type { Order } from '../../domain/order/state.ts'
import type { Rejection } from '../../domain/shared/decider.ts'
import type { Instant } from '../../policy/time.ts'
import type { UnitOfWork } from '../../store/event-store.ts'
import { refunds, sellerBalances } from '../../store/schema-money.ts'
import type { CreditService } from '../credits/commands.ts'

/** The outbox topic the payment integration consumes (as a webhook, or by pulling `GET /v1/refunds?status=pending`). */
export const REFUND_REQUESTED_TOPIC = 'refund.requested'

/** What goes to the payment provider for one card refund attempt. */
export interface RefundRequestedMessage {
  readonly refundId: string
  readonly orderId: string
  readonly externalRef: string
  /** The provider answers about this attempt (`POST /v1/refunds/{id}/confirmation` with `attempt`). */
  readonly attempt: number
  /** What to put back on the card, minor units. */
  readonly amount: number
  readonly currency: string
  readonly refundKey: string
  readonly reason: RefundReason
  /** What the provider needs to find the charge: how the buyer paid and what the card was charged. */
  readonly provider: {
    readonly paymentMethod: Order['payment']['method']
    readonly capturedCard: number
    readonly capturedAt: Instant
  }
  readonly confirmPath: string
}

const postingsOf = (events: readonly LedgerEvent[]): Posting[] =>
  events.flatMap((e) => (e.data.posting === null ? [] : [e.data.posting]))

/** One card refund attempt, queued for the payment provider. */
const requestCardRefund = async (
  uow: UnitOfWork,
  order: Order,
  r: RefundRecord,
  attempt: number,
): Promise<void> => {
  const message: RefundRequestedMessage = {
    refundId: r.refundId,
    orderId: order.orderId,
    externalRef: order.externalRef,
    attempt,
    amount: r.toCard,
    currency: r.currency,
    refundKey: r.refundKey,
    reason: r.reason,
    provider: {
      paymentMethod: order.payment.method,
      capturedCard: order.payment.card,
      capturedAt: order.payment.capturedAt,
    },
    confirmPath: `/v1/refunds/${r.refundId}/confirmation`,
  }
  await uow.enqueue(REFUND_REQUESTED_TOPIC, message)
}

/**
 * Moves what a ledger command's facts move, in its transaction: the
 * seller's balance row, the refunds read model, a card refund request in the
 * payment outbox, and credit on the buyer's account. A refusal here (the
 * credit account refuses the grant) refuses the ledger command.
 */
export const projectLedger = async (
  uow: UnitOfWork,
  credits: CreditService,
  order: Order,
  l: OrderLedger,
  events: readonly LedgerEvent[],
): Promise<Rejection | null> => {
  // The credit the ledger just posted, mirrored on the buyer's credit account.
  const grantCredit = async (grant: CreditGrant, r: RefundRecord): Promise<Rejection | null> => {
    const granted = await credits.grant(uow, grant, { orderId: l.orderId, refundId: r.refundId })
    return granted.ok ? null : granted.rejection
  }
  const payableChange = postingsOf(events)
    .flatMap((p) => p.entries)
    .filter((e) => e.account === sellerPayable(l.sellerId))
    .reduce((s, e) => s + e.amount, 0)
  if (payableChange !== 0) {
    await uow.tx
      .insert(sellerBalances)
      .values({ sellerId: l.sellerId, payable: payableChange, updatedAt: uow.now })
      .onConflictDoUpdate({
        target: sellerBalances.sellerId,
        set: {
          payable: sql`${sellerBalances.payable} + ${payableChange}`,
          updatedAt: uow.now,
        },
      })
  }
  for (const event of events) {
    switch (event.type) {
      case 'RefundRequested': {
        const r = l.refunds[event.data.refundId]
        if (!r) break
        await uow.tx.insert(refunds).values({
          refundId: r.refundId,
          orderId: l.orderId,
          buyerId: l.buyerId,
          sellerId: l.sellerId,
          refundKey: r.refundKey,
          status: r.status,
          amount: r.amount,
          toCard: r.toCard,
          toCredit: r.toCredit,
          currency: r.currency,
          destination: r.destination,
          funding: r.funding,
          reason: r.reason,
          attempt: r.attempt,
          createdAt: uow.now,
          updatedAt: uow.now,
        })
        if (r.toCard > 0) await requestCardRefund(uow, order, r, r.attempt)
        if (event.data.credit) {
          const refused = await grantCredit(event.data.credit, r)
          if (refused) return refused
        }
        break
      }
      case 'RefundSucceeded':
      case 'RefundFailed':
      case 'RefundRetried':
      case 'RefundSwitchedToCredit': {
        const r = l.refunds[event.data.refundId]
        if (!r) break
        await uow.tx
          .update(refunds)
          .set({
            status: r.status,
            attempt: r.attempt,
            providerReference: r.providerReference,
            updatedAt: uow.now,
            ...(event.type === 'RefundFailed' ? {} : { failureReason: null }),
          })
          .where(eq(refunds.refundId, r.refundId))
        if (event.type === 'RefundRetried') await requestCardRefund(uow, order, r, r.attempt)
        if (event.type === 'RefundSwitchedToCredit') {
          const refused = await grantCredit(event.data.credit, r)
          if (refused) return refused
        }
        break
      }
      // These make no refund row (a chargeback's effect on the seller's balance
      // comes from its postings, above).
      case 'PaymentCaptured':
      case 'PayoutReleased':
      case 'ReturnShippingPaid':
      case 'SellerReimbursed':
      case 'ChargebackHeld':
      case 'ChargebackSettled':
        break
    }
  }
  return null
}
