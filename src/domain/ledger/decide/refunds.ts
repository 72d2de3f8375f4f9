// A refund requested, then for its card part confirmed, failed, retried or switched to credit.
import { minor } from '../../shared/money.ts'
import { buyerCard, buyerCredit, refundsInFlight } from '../accounts.ts'
import type {
  ConfirmRefund,
  RequestRefund,
  RetryRefund,
  SwitchRefundToCredit,
} from '../commands.ts'
import type { CreditGrant } from '../events.ts'
import { isRefundFunder } from '../funding.ts'
import { negateEntries } from '../postings.ts'
import type { LedgerRejection } from '../rejections.ts'
import {
  type LedgerState,
  type OrderLedger,
  type RefundRecord,
  cardRefundableOf,
  chargebackBlocking,
  chargebackHeldOf,
  refundableOf,
} from '../state.ts'
import {
  type LedgerContext,
  type LedgerDecision,
  captured,
  creditExpiresAt,
  isWhole,
  actorRejection,
  capturedFor,
  posting,
  refuse,
} from './context.ts'
import { draw, poolOf, type Draw } from './draw.ts'

export const requestRefund = (
  c: RequestRefund,
  state: LedgerState,
  ctx: LedgerContext,
): LedgerDecision => {
  const l = capturedFor(state, c.amount)
  if ('code' in l) return refuse(l)
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
  const disputed = chargebackBlocking(maximumRefundable, chargebackHeldOf(l), c.amount)
  if (disputed) return refuse({ code: 'PAYMENT_DISPUTE_OPEN', ...disputed })
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

export const confirmRefund = (
  c: ConfirmRefund,
  state: LedgerState,
  ctx: LedgerContext,
): LedgerDecision => {
  const found =
    actorRejection(ctx, ['integration', 'admin', 'system']) ?? cardRefund(state, c.refundId)
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

/** The failed card refund an agent redoes (retries, or pays as credit), its funder's money drawn again; or why not. */
const redoFailedRefund = (
  state: LedgerState,
  refundId: RefundRecord['refundId'],
  ctx: LedgerContext,
): { l: OrderLedger; r: RefundRecord; funds: Draw } | LedgerRejection => {
  const found = actorRejection(ctx, ['agent', 'admin', 'system']) ?? cardRefund(state, refundId)
  if ('code' in found) return found
  const { l, r } = found
  if (r.status !== 'failed') return { code: 'REFUND_NOT_FAILED', refundId, status: r.status }
  return { l, r, funds: draw(r.funding, r.toCard, poolOf(l, ctx), l, ctx.policy) }
}

export const retryRefund = (
  c: RetryRefund,
  state: LedgerState,
  ctx: LedgerContext,
): LedgerDecision => {
  const found = redoFailedRefund(state, c.refundId, ctx)
  if ('code' in found) return refuse(found)
  const { l, r, funds } = found
  const attempt = r.attempt + 1
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

export const switchToCredit = (
  c: SwitchRefundToCredit,
  state: LedgerState,
  ctx: LedgerContext,
): LedgerDecision => {
  const found = redoFailedRefund(state, c.refundId, ctx)
  if ('code' in found) return refuse(found)
  const { l, r, funds } = found
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
