import type { Instant } from '../../policy/time.ts'
import type { Funder, RefundDestination } from '../../policy/vocabulary.ts'
import type { OrderId, RefundId, UserId } from '../shared/ids.ts'
import type { Currency, Minor } from '../shared/money.ts'
import { minor } from '../shared/money.ts'
import type { Account } from './accounts.ts'
import type { LedgerEvent, RefundAllocation, RefundReason } from './events.ts'
import type { RefundFunder } from './funding.ts'
import type { Entry, PostingId } from './postings.ts'
import { addToBalances } from './postings.ts'

/**
 * A refund's card part: `pending` with the payment provider, `succeeded`,
 * `failed` (still owed: an agent retries or switches it), or
 * `switched_to_credit`. A refund paid wholly as credit is `succeeded` at once.
 */
export type RefundStatus = 'pending' | 'succeeded' | 'failed' | 'switched_to_credit'

export interface RefundRecord {
  readonly refundId: RefundId
  readonly refundKey: string
  readonly amount: Minor
  readonly currency: Currency
  readonly destination: RefundDestination
  readonly funding: RefundFunder
  readonly reason: RefundReason
  readonly allocation: RefundAllocation | null
  readonly toCard: Minor
  readonly toCredit: Minor
  readonly status: RefundStatus
  /** Card attempts made so far (0 for a refund paid wholly as credit). */
  readonly attempt: number
  /** The legs funding the current card attempt, reversed if it fails. */
  readonly cardFunding: readonly Entry[]
  readonly providerReference: string | null
  readonly requestedAt: Instant
  /** When the card part last succeeded, failed or was switched; `null` while pending (or for credit only). */
  readonly settledAt: Instant | null
}

/** A chargeback on this order's card payment, as the ledger holds it. */
export interface ChargebackRecord {
  readonly disputeId: string
  readonly amount: Minor
  readonly fee: Minor
  /** The part of `amount` taken out of what the order can refund. */
  readonly reserved: Minor
  readonly status: 'open' | 'won' | 'lost' | 'warning_closed'
  readonly bearer: 'seller' | 'marketplace' | null
}

/** A return label paid on this order. */
export interface LabelRecord {
  readonly labelId: string
  readonly amount: Minor
  readonly paidBy: Funder
  readonly frontedBy: RefundFunder
  readonly chargedToBuyer: Minor
  readonly at: Instant
}

/** The seller's payout: `held` in escrow until the sale is final, then `released` to the seller's payable. */
export type PayoutStatus = 'held' | 'released'

/** `none` until the payment is captured; then the payout status. */
export type LedgerStatus = 'none' | PayoutStatus

/** An order's money: what was captured, where it went, and every business key already posted. */
export interface OrderLedger {
  readonly status: PayoutStatus
  readonly orderId: OrderId
  readonly buyerId: UserId
  readonly sellerId: UserId
  readonly currency: Currency
  readonly captured: {
    readonly card: Minor
    readonly credit: Minor
    readonly total: Minor
    readonly at: Instant
  }
  /** Card refunds the provider confirmed. */
  readonly refundedToCard: Minor
  /** Card refunds sent to the provider and not yet answered. */
  readonly inFlight: Minor
  /** Card refunds that failed and are still owed (retry or switch to credit). */
  readonly failed: Minor
  /** Refunds paid as marketplace credit (including switched ones). */
  readonly credited: Minor
  /** Buyer-paid return labels, deducted from what the order can refund. */
  readonly chargedToBuyer: Minor
  /** Held for open chargebacks: not refundable until the issuer decides. */
  readonly chargebackHeld: Minor
  /** Lost chargebacks: back on the buyer's card through the card network. */
  readonly chargedBack: Minor
  readonly chargebacks: Readonly<Record<string, ChargebackRecord>>
  readonly refunds: Readonly<Record<string, RefundRecord>>
  readonly refundIdByKey: Readonly<Record<string, RefundId>>
  readonly labels: Readonly<Record<string, LabelRecord>>
  /** Business key → the posting made for it: a key is posted at most once. */
  readonly postedKeys: Readonly<Record<string, PostingId>>
  /** Postings made so far; the next one is `<orderId>#<postings + 1>`. */
  readonly postings: number
  /** What each account holds from this order's postings alone. */
  readonly balances: Readonly<Partial<Record<Account, Minor>>>
  readonly releasedAt: Instant | null
  readonly releasedAmount: Minor | null
}

export type LedgerState = { readonly status: 'none' } | OrderLedger

export const initialLedgerState: LedgerState = { status: 'none' }

/**
 * What the order can still pay back: captured, less card refunds confirmed,
 * in flight or failed (still owed), credit refunds, buyer-paid labels, money
 * held for an open chargeback and chargebacks lost. The one place every
 * refund (case, offer, cancellation, return, agent) is measured against:
 * `refunded + credited + in flight + failed + labels + held + charged back ≤
 * captured` always holds.
 */
export const refundableOf = (state: LedgerState): Minor =>
  state.status === 'none'
    ? minor(0)
    : minor(
        state.captured.total -
          state.refundedToCard -
          state.inFlight -
          state.failed -
          state.credited -
          state.chargedToBuyer -
          (state.chargebackHeld ?? 0) -
          (state.chargedBack ?? 0),
      )

/**
 * What an open chargeback holds back from refunds (0 when none is open).
 * Ledgers stored before chargebacks existed read as none.
 */
export const chargebackHeldOf = (state: LedgerState): Minor =>
  state.status === 'none' ? minor(0) : minor(state.chargebackHeld ?? 0)

/** The chargeback that makes a refund of `amount` impossible, or null: `PAYMENT_DISPUTE_OPEN`'s data. */
export const chargebackBlocking = (
  refundable: number,
  held: number,
  amount: number,
): { readonly disputedAmount: Minor; readonly maximumRefundable: Minor } | null =>
  held > 0 && amount > refundable && amount <= refundable + held
    ? { disputedAmount: minor(held), maximumRefundable: minor(Math.max(0, refundable)) }
    : null

/** What may still go back to the card: the card part of the payment less card refunds made, in flight or owed. */
export const cardRefundableOf = (state: LedgerState): Minor =>
  state.status === 'none'
    ? minor(0)
    : minor(Math.max(0, state.captured.card - state.refundedToCard - state.inFlight - state.failed))

const add = (a: Minor, b: number): Minor => minor(a + b)

const withRefund = (
  l: OrderLedger,
  refundId: RefundId,
  change: (r: RefundRecord) => RefundRecord,
): OrderLedger => {
  const r = l.refunds[refundId]
  return r === undefined ? l : { ...l, refunds: { ...l.refunds, [refundId]: change(r) } }
}

const applyPosting = (l: OrderLedger, event: LedgerEvent): OrderLedger => {
  const p = event.data.posting
  if (p === null) return l
  return {
    ...l,
    postedKeys: { ...l.postedKeys, [p.businessKey]: p.postingId },
    postings: l.postings + 1,
    balances: addToBalances(l.balances, p.entries),
  }
}

/**
 * Folds one fact into the order's ledger. Total: it never throws, because it
 * replays stored history; a fact that does not apply (anything before the
 * capture, a second capture, a refund it does not know) leaves the state as
 * it is. `decide` keeps such facts out.
 */
export const evolveLedger = (state: LedgerState, event: LedgerEvent): LedgerState => {
  if (state.status === 'none') {
    if (event.type !== 'PaymentCaptured') return state
    const d = event.data
    const opened: OrderLedger = {
      status: 'held',
      orderId: d.orderId,
      buyerId: d.buyerId,
      sellerId: d.sellerId,
      currency: d.currency,
      captured: { card: d.card, credit: d.credit, total: d.total, at: d.at },
      refundedToCard: minor(0),
      inFlight: minor(0),
      failed: minor(0),
      credited: minor(0),
      chargedToBuyer: minor(0),
      chargebackHeld: minor(0),
      chargedBack: minor(0),
      chargebacks: {},
      refunds: {},
      refundIdByKey: {},
      labels: {},
      postedKeys: {},
      postings: 0,
      balances: {},
      releasedAt: null,
      releasedAmount: null,
    }
    return applyPosting(opened, event)
  }
  if (event.data.posting !== null && event.data.posting.businessKey in state.postedKeys)
    return state
  const l = applyPosting(state, event)
  switch (event.type) {
    case 'PaymentCaptured':
      return state
    case 'RefundRequested': {
      const d = event.data
      if (d.refundId in l.refunds) return state
      const record: RefundRecord = {
        refundId: d.refundId,
        refundKey: d.refundKey,
        amount: d.amount,
        currency: d.currency,
        destination: d.destination,
        funding: d.funding,
        reason: d.reason,
        allocation: d.allocation,
        toCard: d.toCard,
        toCredit: d.toCredit,
        status: d.toCard > 0 ? 'pending' : 'succeeded',
        attempt: d.toCard > 0 ? 1 : 0,
        cardFunding: d.cardFunding,
        providerReference: null,
        requestedAt: d.at,
        settledAt: null,
      }
      return {
        ...l,
        inFlight: add(l.inFlight, d.toCard),
        credited: add(l.credited, d.toCredit),
        refunds: { ...l.refunds, [d.refundId]: record },
        refundIdByKey: { ...l.refundIdByKey, [d.refundKey]: d.refundId },
      }
    }
    case 'RefundSucceeded': {
      const d = event.data
      if (l.refunds[d.refundId]?.status !== 'pending') return state
      return withRefund(
        {
          ...l,
          inFlight: add(l.inFlight, 0 - d.amount),
          refundedToCard: add(l.refundedToCard, d.amount),
        },
        d.refundId,
        (r) => ({
          ...r,
          status: 'succeeded',
          providerReference: d.providerReference,
          settledAt: d.at,
        }),
      )
    }
    case 'RefundFailed': {
      const d = event.data
      if (l.refunds[d.refundId]?.status !== 'pending') return state
      return withRefund(
        { ...l, inFlight: add(l.inFlight, 0 - d.amount), failed: add(l.failed, d.amount) },
        d.refundId,
        (r) => ({
          ...r,
          status: 'failed',
          providerReference: d.providerReference,
          settledAt: d.at,
        }),
      )
    }
    case 'RefundRetried': {
      const d = event.data
      if (l.refunds[d.refundId]?.status !== 'failed') return state
      return withRefund(
        { ...l, failed: add(l.failed, 0 - d.amount), inFlight: add(l.inFlight, d.amount) },
        d.refundId,
        (r) => ({
          ...r,
          status: 'pending',
          attempt: d.attempt,
          cardFunding: d.cardFunding,
          settledAt: null,
        }),
      )
    }
    case 'RefundSwitchedToCredit': {
      const d = event.data
      if (l.refunds[d.refundId]?.status !== 'failed') return state
      return withRefund(
        { ...l, failed: add(l.failed, 0 - d.amount), credited: add(l.credited, d.amount) },
        d.refundId,
        (r) => ({ ...r, status: 'switched_to_credit', cardFunding: [], settledAt: d.at }),
      )
    }
    case 'PayoutReleased':
      if (l.status === 'released') return state
      return {
        ...l,
        status: 'released',
        releasedAt: event.data.at,
        releasedAmount: event.data.amount,
      }
    case 'SellerReimbursed':
      // Only the balances move: escrow or the seller's payable gains what the guarantee gives.
      return l
    case 'ChargebackHeld': {
      const d = event.data
      const known = l.chargebacks ?? {}
      if (d.disputeId in known) return state
      return {
        ...l,
        chargebackHeld: add(l.chargebackHeld ?? minor(0), d.reserved),
        chargebacks: {
          ...known,
          [d.disputeId]: {
            disputeId: d.disputeId,
            amount: d.amount,
            fee: d.fee,
            reserved: d.reserved,
            status: 'open',
            bearer: null,
          },
        },
      }
    }
    case 'ChargebackSettled': {
      const d = event.data
      const cb = l.chargebacks?.[d.disputeId]
      if (cb?.status !== 'open') return state
      return {
        ...l,
        chargebackHeld: add(l.chargebackHeld, 0 - cb.reserved),
        chargedBack: d.outcome === 'lost' ? add(l.chargedBack, cb.reserved) : l.chargedBack,
        chargebacks: {
          ...l.chargebacks,
          [d.disputeId]: { ...cb, status: d.outcome, bearer: d.bearer },
        },
      }
    }
    case 'ReturnShippingPaid': {
      const d = event.data
      if (d.labelId in l.labels) return state
      return {
        ...l,
        chargedToBuyer: add(l.chargedToBuyer, d.chargedToBuyer),
        labels: {
          ...l.labels,
          [d.labelId]: {
            labelId: d.labelId,
            amount: d.amount,
            paidBy: d.paidBy,
            frontedBy: d.frontedBy,
            chargedToBuyer: d.chargedToBuyer,
            at: d.at,
          },
        },
      }
    }
  }
}
