import type { Policy } from '../../policy/types.ts'
import { addDuration, type Instant } from '../../policy/time.ts'
import type { ActorKind } from '../shared/actor.ts'
import type { CommandMeta, Decision } from '../shared/decider.ts'
import { fold, reject } from '../shared/decider.ts'
import type { Minor } from '../shared/money.ts'
import { minor } from '../shared/money.ts'
import {
  buyerCard,
  buyerCredit,
  carrierClaims,
  creditRedemptions,
  marketplaceGuarantee,
  orderEscrow,
  refundsInFlight,
  returnShipping,
  sellerPayable,
} from './accounts.ts'
import type {
  ConfirmRefund,
  LedgerCommand,
  PayReturnShipping,
  RecordCapture,
  ReimburseSeller,
  ReleasePayout,
  RequestRefund,
  RetryRefund,
  SwitchRefundToCredit,
} from './commands.ts'
import type { CreditGrant, LedgerEvent } from './events.ts'
import type { RefundFunder } from './funding.ts'
import { isRefundFunder } from './funding.ts'
import type { Entry, Posting, PostingKind } from './postings.ts'
import { makePosting, negateEntries, postingIdOf } from './postings.ts'
import type { LedgerRejection } from './rejections.ts'
import type { LedgerState, OrderLedger, RefundRecord } from './state.ts'
import { cardRefundableOf, evolveLedger, refundableOf } from './state.ts'

/**
 * What `decide` needs besides the command: time and actor, the policy in
 * force, and two facts from outside the order's stream that the app reads in
 * the same transaction.
 */
export interface LedgerContext {
  readonly meta: CommandMeta
  readonly policy: Policy
  /** A case is open on the order (`Order.openCaseId`): the payout may not be released. */
  readonly heldByCase: boolean
  /**
   * The seller's payable balance across all orders now (the sum of
   * `seller_payable:<sellerId>` entries), for `policy.refunds.sellerDebitLimit`.
   */
  readonly sellerPayableBalance: Minor
}

export type LedgerDecision = Decision<LedgerEvent, LedgerRejection>

const refuse = (r: LedgerRejection): LedgerDecision => reject(r)

const onlyActors = (ctx: LedgerContext, allowed: readonly ActorKind[]): LedgerDecision | null =>
  allowed.includes(ctx.meta.actor.kind)
    ? null
    : refuse({ code: 'ACTOR_NOT_ALLOWED', actorKind: ctx.meta.actor.kind, allowed })

const isWhole = (n: number): boolean => Number.isSafeInteger(n) && n >= 0
const isPositive = (n: number): boolean => Number.isSafeInteger(n) && n > 0

const posting = (
  l: OrderLedger,
  businessKey: string,
  kind: PostingKind,
  at: Instant,
  entries: readonly Entry[],
): Posting =>
  makePosting({
    postingId: postingIdOf(l.orderId, l.postings + 1),
    businessKey,
    kind,
    at,
    currency: l.currency,
    entries,
  })

/** What funders can still draw on while one decision builds its posting. */
interface Pool {
  escrow: number
  sellerPayable: number
}

const poolOf = (l: OrderLedger, ctx: LedgerContext): Pool => ({
  escrow: l.balances[orderEscrow(l.orderId)] ?? 0,
  sellerPayable: ctx.sellerPayableBalance,
})

interface Draw {
  /** The funding legs, negative amounts. */
  readonly entries: readonly Entry[]
  /** What the marketplace guarantee fronted for a seller past its debit limit. */
  readonly advancedByMarketplace: number
}

/**
 * Takes `amount` from a funder. The seller pays from the order's escrow while
 * it holds money (the payout is held), then from its payable balance (after
 * release), down to `policy.refunds.sellerDebitLimit` below zero; the
 * marketplace guarantee fronts anything beyond. The marketplace and carrier
 * claims pay in full.
 */
const draw = (
  funder: RefundFunder,
  amount: number,
  pool: Pool,
  l: OrderLedger,
  policy: Policy,
): Draw => {
  const leg = (account: Entry['account'], n: number): Entry => ({
    account,
    amount: minor(-n),
  })
  switch (funder) {
    case 'marketplace':
      return { entries: [leg(marketplaceGuarantee, amount)], advancedByMarketplace: 0 }
    case 'carrier':
      return { entries: [leg(carrierClaims, amount)], advancedByMarketplace: 0 }
    case 'seller': {
      const fromEscrow = Math.min(amount, Math.max(0, pool.escrow))
      pool.escrow -= fromEscrow
      const rest = amount - fromEscrow
      // Policy documents stored before the knob existed read as "no limit".
      const limit = (policy.refunds.sellerDebitLimit as number | null | undefined) ?? null
      const headroom = limit === null ? rest : Math.max(0, pool.sellerPayable + limit)
      const fromSeller = Math.min(rest, headroom)
      pool.sellerPayable -= fromSeller
      const fronted = rest - fromSeller
      return {
        entries: [
          leg(orderEscrow(l.orderId), fromEscrow),
          leg(sellerPayable(l.sellerId), fromSeller),
          leg(marketplaceGuarantee, fronted),
        ].filter((e) => e.amount !== 0),
        advancedByMarketplace: fronted,
      }
    }
  }
}

const creditExpiresAt = (now: Instant, policy: Policy): Instant | null =>
  policy.refunds.creditExpiry === null
    ? null
    : addDuration(now, policy.refunds.creditExpiry, policy.calendar)

const captured = (state: LedgerState): OrderLedger | LedgerRejection =>
  state.status === 'none' ? { code: 'NOT_CAPTURED' } : state

const recordCapture = (
  c: RecordCapture,
  state: LedgerState,
  ctx: LedgerContext,
): LedgerDecision => {
  if (!/^[A-Z]{3}$/.test(c.currency))
    return refuse({ code: 'INVALID_CURRENCY', currency: c.currency })
  if (!isWhole(c.card)) return refuse({ code: 'INVALID_AMOUNT', field: 'card', amount: c.card })
  if (!isWhole(c.credit))
    return refuse({ code: 'INVALID_AMOUNT', field: 'credit', amount: c.credit })
  if (state.status !== 'none') {
    if (state.orderId !== c.orderId)
      throw new Error(`ledger of order ${state.orderId} got a capture for ${c.orderId}`)
    const same =
      state.captured.card === c.card &&
      state.captured.credit === c.credit &&
      state.currency === c.currency &&
      state.buyerId === c.buyerId &&
      state.sellerId === c.sellerId
    return same
      ? []
      : refuse({
          code: 'ALREADY_CAPTURED',
          card: state.captured.card,
          credit: state.captured.credit,
        })
  }
  const total = minor(c.card + c.credit)
  const at = ctx.meta.now
  return [
    {
      type: 'PaymentCaptured',
      data: {
        orderId: c.orderId,
        buyerId: c.buyerId,
        sellerId: c.sellerId,
        currency: c.currency,
        card: c.card,
        credit: c.credit,
        total,
        at,
        posting: makePosting({
          postingId: postingIdOf(c.orderId, 1),
          businessKey: `capture:${c.orderId}`,
          kind: 'capture',
          at,
          currency: c.currency,
          entries: [
            { account: buyerCard(c.orderId), amount: minor(0 - c.card) },
            { account: creditRedemptions, amount: minor(0 - c.credit) },
            { account: orderEscrow(c.orderId), amount: total },
          ],
        }),
      },
    },
  ]
}

const requestRefund = (
  c: RequestRefund,
  state: LedgerState,
  ctx: LedgerContext,
): LedgerDecision => {
  const l = captured(state)
  if ('code' in l) return refuse(l)
  if (!isPositive(c.amount))
    return refuse({ code: 'INVALID_AMOUNT', field: 'amount', amount: c.amount })
  if (c.currency !== l.currency)
    return refuse({ code: 'CURRENCY_MISMATCH', expected: l.currency, actual: c.currency })
  const funding = c.funding
  if (!isRefundFunder(funding)) return refuse({ code: 'REFUND_FUNDER_INVALID', funding })
  const existingId = l.refundIdByKey[c.refundKey]
  if (existingId !== undefined) {
    const r = l.refunds[existingId]
    const same =
      r !== undefined &&
      r.amount === c.amount &&
      r.destination === c.destination &&
      r.funding === funding
    return same
      ? []
      : refuse({ code: 'REFUND_KEY_CONFLICT', refundKey: c.refundKey, refundId: existingId })
  }
  const taken = l.refunds[c.refundId]
  if (taken !== undefined)
    return refuse({ code: 'REFUND_ID_IN_USE', refundId: c.refundId, refundKey: taken.refundKey })
  if (c.allocation !== undefined) {
    const { lines, shipping, tax } = c.allocation
    const parts = [...lines.map((x) => x.amount), shipping, tax]
    const allocated = parts.reduce((s, n) => s + n, 0)
    if (!parts.every(isWhole) || allocated !== c.amount)
      return refuse({ code: 'ALLOCATION_MISMATCH', amount: c.amount, allocated })
  }
  const maximumRefundable = refundableOf(l)
  if (c.amount > maximumRefundable)
    return refuse({ code: 'REFUND_EXCEEDS_REFUNDABLE', maximumRefundable })

  const toCard = c.destination === 'original_payment' ? Math.min(c.amount, cardRefundableOf(l)) : 0
  const toCredit = c.amount - toCard
  const pool = poolOf(l, ctx)
  const card = draw(funding, toCard, pool, l, ctx.policy)
  const credit = draw(funding, toCredit, pool, l, ctx.policy)
  const { now } = ctx.meta
  const grant: CreditGrant | null =
    toCredit > 0
      ? {
          buyerId: l.buyerId,
          grantKey: `refund:${c.refundKey}`,
          amount: minor(toCredit),
          currency: l.currency,
          expiresAt: creditExpiresAt(now, ctx.policy),
        }
      : null
  return [
    {
      type: 'RefundRequested',
      data: {
        orderId: l.orderId,
        refundId: c.refundId,
        refundKey: c.refundKey,
        amount: c.amount,
        currency: c.currency,
        destination: c.destination,
        funding,
        reason: c.reason,
        allocation: c.allocation ?? null,
        toCard: minor(toCard),
        toCredit: minor(toCredit),
        cardFunding: toCard > 0 ? card.entries : [],
        credit: grant,
        advancedByMarketplace: minor(card.advancedByMarketplace + credit.advancedByMarketplace),
        at: now,
        posting: posting(l, `refund:${c.refundKey}`, 'refund_requested', now, [
          ...card.entries,
          { account: refundsInFlight(l.orderId), amount: minor(toCard) },
          ...credit.entries,
          { account: buyerCredit(l.buyerId), amount: minor(toCredit) },
        ]),
      },
    },
  ]
}

/** The refund a card command is about, or why not. */
const cardRefund = (
  state: LedgerState,
  refundId: RefundRecord['refundId'],
): { l: OrderLedger; r: RefundRecord } | LedgerRejection => {
  const l = captured(state)
  if ('code' in l) return l
  const r = l.refunds[refundId]
  if (r === undefined) return { code: 'REFUND_NOT_FOUND', refundId }
  if (r.toCard === 0) return { code: 'REFUND_NOT_BY_CARD', refundId }
  return { l, r }
}

const confirmRefund = (
  c: ConfirmRefund,
  state: LedgerState,
  ctx: LedgerContext,
): LedgerDecision => {
  const notAllowed = onlyActors(ctx, ['integration', 'admin', 'system'])
  if (notAllowed) return notAllowed
  const found = cardRefund(state, c.refundId)
  if ('code' in found) return refuse(found)
  const { l, r } = found
  const settled = (status: RefundRecord['status']): LedgerDecision =>
    refuse({ code: 'REFUND_ALREADY_SETTLED', refundId: r.refundId, status })
  if (c.attempt !== undefined) {
    if (!Number.isSafeInteger(c.attempt) || c.attempt < 1 || c.attempt > r.attempt) {
      return refuse({
        code: 'REFUND_ATTEMPT_UNKNOWN',
        refundId: r.refundId,
        attempt: c.attempt,
        currentAttempt: r.attempt,
      })
    }
    // Every attempt before the current one failed: a late repeat of that answer changes nothing.
    if (c.attempt < r.attempt) return c.outcome === 'failed' ? [] : settled('failed')
  }
  const { now } = ctx.meta
  switch (r.status) {
    case 'succeeded':
      return c.outcome === 'succeeded' ? [] : settled(r.status)
    case 'failed':
    case 'switched_to_credit':
      return c.outcome === 'failed' ? [] : settled(r.status)
    case 'pending':
      break
  }
  const base = {
    orderId: l.orderId,
    refundId: r.refundId,
    attempt: r.attempt,
    amount: r.toCard,
    providerReference: c.providerReference,
    at: now,
  }
  if (c.outcome === 'succeeded') {
    return [
      {
        type: 'RefundSucceeded',
        data: {
          ...base,
          posting: posting(l, `refund-confirm:${r.refundId}`, 'refund_succeeded', now, [
            { account: refundsInFlight(l.orderId), amount: minor(0 - r.toCard) },
            { account: buyerCard(l.orderId), amount: r.toCard },
          ]),
        },
      },
    ]
  }
  return [
    {
      type: 'RefundFailed',
      data: {
        ...base,
        posting: posting(l, `refund-failed:${r.refundId}:${r.attempt}`, 'refund_failed', now, [
          { account: refundsInFlight(l.orderId), amount: minor(0 - r.toCard) },
          ...negateEntries(r.cardFunding),
        ]),
      },
    },
  ]
}

const failedCardRefund = (
  state: LedgerState,
  refundId: RefundRecord['refundId'],
): { l: OrderLedger; r: RefundRecord } | LedgerRejection => {
  const found = cardRefund(state, refundId)
  if ('code' in found) return found
  return found.r.status === 'failed'
    ? found
    : { code: 'REFUND_NOT_FAILED', refundId, status: found.r.status }
}

const retryRefund = (c: RetryRefund, state: LedgerState, ctx: LedgerContext): LedgerDecision => {
  const notAllowed = onlyActors(ctx, ['agent', 'admin', 'system'])
  if (notAllowed) return notAllowed
  const found = failedCardRefund(state, c.refundId)
  if ('code' in found) return refuse(found)
  const { l, r } = found
  const attempt = r.attempt + 1
  const funds = draw(r.funding, r.toCard, poolOf(l, ctx), l, ctx.policy)
  const { now } = ctx.meta
  return [
    {
      type: 'RefundRetried',
      data: {
        orderId: l.orderId,
        refundId: r.refundId,
        attempt,
        amount: r.toCard,
        cardFunding: funds.entries,
        advancedByMarketplace: minor(funds.advancedByMarketplace),
        at: now,
        posting: posting(l, `refund-retry:${r.refundId}:${attempt}`, 'refund_retried', now, [
          ...funds.entries,
          { account: refundsInFlight(l.orderId), amount: r.toCard },
        ]),
      },
    },
  ]
}

const switchToCredit = (
  c: SwitchRefundToCredit,
  state: LedgerState,
  ctx: LedgerContext,
): LedgerDecision => {
  const notAllowed = onlyActors(ctx, ['agent', 'admin', 'system'])
  if (notAllowed) return notAllowed
  const found = failedCardRefund(state, c.refundId)
  if ('code' in found) return refuse(found)
  const { l, r } = found
  const funds = draw(r.funding, r.toCard, poolOf(l, ctx), l, ctx.policy)
  const { now } = ctx.meta
  const businessKey = `refund-switch:${r.refundId}`
  return [
    {
      type: 'RefundSwitchedToCredit',
      data: {
        orderId: l.orderId,
        refundId: r.refundId,
        amount: r.toCard,
        credit: {
          buyerId: l.buyerId,
          grantKey: businessKey,
          amount: r.toCard,
          currency: l.currency,
          expiresAt: creditExpiresAt(now, ctx.policy),
        },
        advancedByMarketplace: minor(funds.advancedByMarketplace),
        at: now,
        posting: posting(l, businessKey, 'refund_switched_to_credit', now, [
          ...funds.entries,
          { account: buyerCredit(l.buyerId), amount: r.toCard },
        ]),
      },
    },
  ]
}

const releasePayout = (
  _c: ReleasePayout,
  state: LedgerState,
  ctx: LedgerContext,
): LedgerDecision => {
  const l = captured(state)
  if ('code' in l) return refuse(l)
  if (l.status === 'released') return []
  if (ctx.heldByCase) return refuse({ code: 'PAYOUT_HELD_BY_CASE' })
  const amount = Math.max(0, l.balances[orderEscrow(l.orderId)] ?? 0)
  const { now } = ctx.meta
  return [
    {
      type: 'PayoutReleased',
      data: {
        orderId: l.orderId,
        sellerId: l.sellerId,
        amount: minor(amount),
        at: now,
        posting:
          amount === 0
            ? null
            : posting(l, `payout:${l.orderId}`, 'payout_released', now, [
                { account: orderEscrow(l.orderId), amount: minor(-amount) },
                { account: sellerPayable(l.sellerId), amount: minor(amount) },
              ]),
      },
    },
  ]
}

/**
 * A buyer-paid label is charged against the buyer's refund, never to the
 * card: it counts against what the order can refund (up to what is left) and
 * the return's refund funder pays the carrier, so that the funder's total is
 * the same as if it had refunded in full and the buyer had bought the label.
 */
const payReturnShipping = (
  c: PayReturnShipping,
  state: LedgerState,
  ctx: LedgerContext,
): LedgerDecision => {
  const l = captured(state)
  if ('code' in l) return refuse(l)
  if (!isPositive(c.amount))
    return refuse({ code: 'INVALID_AMOUNT', field: 'amount', amount: c.amount })
  const frontedBy = c.paidBy === 'buyer' ? c.refundFunding : c.paidBy
  if (!isRefundFunder(frontedBy))
    return refuse({ code: 'REFUND_FUNDER_INVALID', funding: frontedBy })
  const paid = l.labels[c.labelId]
  if (paid !== undefined) {
    return paid.amount === c.amount && paid.paidBy === c.paidBy
      ? []
      : refuse({
          code: 'LABEL_ALREADY_PAID',
          labelId: c.labelId,
          amount: paid.amount,
          paidBy: paid.paidBy,
        })
  }
  const chargedToBuyer = c.paidBy === 'buyer' ? Math.min(c.amount, refundableOf(l)) : 0
  const funds = draw(frontedBy, c.amount, poolOf(l, ctx), l, ctx.policy)
  const { now } = ctx.meta
  return [
    {
      type: 'ReturnShippingPaid',
      data: {
        orderId: l.orderId,
        labelId: c.labelId,
        amount: c.amount,
        paidBy: c.paidBy,
        frontedBy,
        chargedToBuyer: minor(chargedToBuyer),
        advancedByMarketplace: minor(funds.advancedByMarketplace),
        at: now,
        posting: posting(l, `return-label:${c.labelId}`, 'return_shipping', now, [
          ...funds.entries,
          { account: returnShipping, amount: c.amount },
        ]),
      },
    },
  ]
}

/**
 * What the seller has paid on this order net of reversals and earlier
 * reimbursements: the capture put `total` on the seller's side (escrow), and
 * every seller-funded leg took from escrow or the seller's payable. A payout
 * release moves money between the two and changes nothing here.
 */
export const sellerFundedOf = (l: OrderLedger): Minor =>
  minor(
    Math.max(
      0,
      l.captured.total -
        (l.balances[orderEscrow(l.orderId)] ?? 0) -
        (l.balances[sellerPayable(l.sellerId)] ?? 0),
    ),
  )

/**
 * The marketplace pays the seller back, at most what the seller funded on
 * this order: into escrow while the payout is held (released with it), else
 * onto the seller's payable.
 */
const reimburseSeller = (
  c: ReimburseSeller,
  state: LedgerState,
  ctx: LedgerContext,
): LedgerDecision => {
  const l = captured(state)
  if ('code' in l) return refuse(l)
  if (!isPositive(c.amount))
    return refuse({ code: 'INVALID_AMOUNT', field: 'amount', amount: c.amount })
  const businessKey = `reimburse:${c.reimbursementKey}`
  if (businessKey in l.postedKeys) return []
  const amount = Math.min(c.amount, sellerFundedOf(l))
  if (amount === 0) return []
  const { now } = ctx.meta
  const to = l.status === 'held' ? orderEscrow(l.orderId) : sellerPayable(l.sellerId)
  return [
    {
      type: 'SellerReimbursed',
      data: {
        orderId: l.orderId,
        sellerId: l.sellerId,
        reimbursementKey: c.reimbursementKey,
        requested: c.amount,
        amount: minor(amount),
        at: now,
        posting: posting(l, businessKey, 'seller_reimbursed', now, [
          { account: marketplaceGuarantee, amount: minor(-amount) },
          { account: to, amount: minor(amount) },
        ]),
      },
    },
  ]
}

const decideCommand = (
  command: LedgerCommand,
  state: LedgerState,
  ctx: LedgerContext,
): LedgerDecision => {
  switch (command.type) {
    case 'RecordCapture':
      return recordCapture(command, state, ctx)
    case 'RequestRefund':
      return requestRefund(command, state, ctx)
    case 'ConfirmRefund':
      return confirmRefund(command, state, ctx)
    case 'RetryRefund':
      return retryRefund(command, state, ctx)
    case 'SwitchRefundToCredit':
      return switchToCredit(command, state, ctx)
    case 'ReleasePayout':
      return releasePayout(command, state, ctx)
    case 'PayReturnShipping':
      return payReturnShipping(command, state, ctx)
    case 'ReimburseSeller':
      return reimburseSeller(command, state, ctx)
  }
}

/**
 * Turns a ledger command into facts, or a refusal with its data. Pure: time,
 * policy and the outside facts come in the context. Every fact carries its
 * posting; a business key already posted is never posted again (the command
 * is a no-op), and the money invariants are checked on the result, where a
 * breach is a bug and throws rather than pay too much.
 */
export const decideLedger = (
  command: LedgerCommand,
  state: LedgerState,
  ctx: LedgerContext,
): LedgerDecision => {
  const decision = decideCommand(command, state, ctx)
  if (!Array.isArray(decision)) return decision
  const events: readonly LedgerEvent[] = decision
  if (state.status !== 'none') {
    const posted = state.postedKeys
    if (events.some((e) => e.data.posting !== null && e.data.posting.businessKey in posted))
      return []
  }
  const after = fold(evolveLedger, state, events)
  if (refundableOf(after) < 0 || (after.status !== 'none' && after.inFlight < 0)) {
    throw new Error(`ledger invariant broken by ${command.type}: refundable ${refundableOf(after)}`)
  }
  return events
}
