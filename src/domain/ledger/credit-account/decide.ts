import { type Instant, isAtOrAfter, isBefore } from '../../../policy/time.ts'
import type { ActorKind } from '../../shared/actor.ts'
import {
  type CommandMeta,
  type Decision,
  type ExpireDeadline,
  reject,
} from '../../shared/decider.ts'
import type { UserId } from '../../shared/ids.ts'
import { minor } from '../../shared/money.ts'
import { buyerCredit, creditExpired, creditRedemptions } from '../accounts.ts'
import { type Posting, makePosting, postingIdOf } from '../postings.ts'
import type {
  CreditAccountCommand,
  CreditDeadlineKind,
  GrantCredit,
  SpendCredit,
} from './commands.ts'
import type { CreditAccountEvent, LotDraw } from './events.ts'
import type { CreditAccountRejection } from './rejections.ts'
import {
  type CreditAccount,
  type CreditAccountState,
  type CreditLot,
  availableCredit,
  isLive,
} from './state.ts'

export interface CreditAccountContext {
  readonly meta: CommandMeta
}

export type CreditAccountDecision = Decision<CreditAccountEvent, CreditAccountRejection>

const refuse = (r: CreditAccountRejection): CreditAccountDecision => reject(r)

const isPositive = (n: number): boolean => Number.isSafeInteger(n) && n > 0

const sameBuyer = (state: CreditAccountState, buyerId: UserId): void => {
  if (state.status !== 'none' && state.buyerId !== buyerId)
    throw new Error(`credit account of ${state.buyerId} got a command for ${buyerId}`)
}

const postingFor = (
  a: CreditAccount,
  businessKey: string,
  kind: 'credit_spent' | 'credit_expired',
  at: Instant,
  amount: number,
): Posting =>
  makePosting({
    postingId: postingIdOf(`credit:${a.buyerId}`, a.postings + 1),
    businessKey,
    kind,
    at,
    currency: a.currency,
    entries: [
      { account: buyerCredit(a.buyerId), amount: minor(-amount) },
      {
        account: kind === 'credit_spent' ? creditRedemptions : creditExpired,
        amount: minor(amount),
      },
    ],
  })

const grant = (
  c: GrantCredit,
  state: CreditAccountState,
  ctx: CreditAccountContext,
): CreditAccountDecision => {
  if (!isPositive(c.amount))
    return refuse({ code: 'INVALID_AMOUNT', field: 'amount', amount: c.amount })
  if (!/^[A-Z]{3}$/.test(c.currency))
    return refuse({ code: 'INVALID_CURRENCY', currency: c.currency })
  if (state.status !== 'none') {
    if (c.currency !== state.currency)
      return refuse({ code: 'CURRENCY_MISMATCH', expected: state.currency, actual: c.currency })
    const known = state.lots.find((l) => l.grantKey === c.grantKey)
    if (known !== undefined) {
      return known.amount === c.amount && known.expiresAt === c.expiresAt
        ? []
        : refuse({ code: 'GRANT_KEY_CONFLICT', grantKey: c.grantKey, amount: known.amount })
    }
  }
  return [
    {
      type: 'CreditGranted',
      data: {
        buyerId: c.buyerId,
        grantKey: c.grantKey,
        amount: c.amount,
        currency: c.currency,
        expiresAt: c.expiresAt,
        orderId: c.orderId ?? null,
        refundId: c.refundId ?? null,
        at: ctx.meta.now,
      },
    },
  ]
}

/** Soonest-expiring first (credit that never expires last), then in the order granted: the buyer loses the least to expiry. */
const spendOrder = (lots: readonly CreditLot[]): CreditLot[] =>
  lots
    .map((lot, i) => ({ lot, i }))
    .sort((a, b) => {
      const ea = a.lot.expiresAt
      const eb = b.lot.expiresAt
      if (ea !== eb) {
        if (ea === null) return 1
        if (eb === null) return -1
        return isBefore(ea, eb) ? -1 : 1
      }
      return a.i - b.i
    })
    .map(({ lot }) => lot)

const spend = (
  c: SpendCredit,
  state: CreditAccountState,
  ctx: CreditAccountContext,
): CreditAccountDecision => {
  const allowed: readonly ActorKind[] = ['integration', 'admin', 'system']
  if (!allowed.includes(ctx.meta.actor.kind))
    return refuse({ code: 'ACTOR_NOT_ALLOWED', actorKind: ctx.meta.actor.kind, allowed })
  if (!isPositive(c.amount))
    return refuse({ code: 'INVALID_AMOUNT', field: 'amount', amount: c.amount })
  if (state.status === 'none') return refuse({ code: 'INSUFFICIENT_CREDIT', available: minor(0) })
  if (c.currency !== state.currency)
    return refuse({ code: 'CURRENCY_MISMATCH', expected: state.currency, actual: c.currency })
  const known = state.debits[c.debitKey]
  if (known !== undefined) {
    return known.amount === c.amount
      ? []
      : refuse({ code: 'DEBIT_KEY_CONFLICT', debitKey: c.debitKey, amount: known.amount })
  }
  const { now } = ctx.meta
  const available = availableCredit(state, now)
  if (c.amount > available) return refuse({ code: 'INSUFFICIENT_CREDIT', available })
  const drawnFrom: LotDraw[] = []
  let left: number = c.amount
  for (const lot of spendOrder(state.lots.filter((l) => isLive(l, now)))) {
    if (left === 0) break
    const take = Math.min(left, lot.remaining)
    drawnFrom.push({ grantKey: lot.grantKey, amount: minor(take) })
    left -= take
  }
  return [
    {
      type: 'CreditSpent',
      data: {
        buyerId: state.buyerId,
        debitKey: c.debitKey,
        amount: c.amount,
        drawnFrom,
        at: now,
        posting: postingFor(state, `credit-debit:${c.debitKey}`, 'credit_spent', now, c.amount),
      },
    },
  ]
}

/** Expires every grant due by now; nothing due (a stale or early deadline) is a no-op. */
const expire = (
  c: ExpireDeadline<CreditDeadlineKind>,
  state: CreditAccountState,
  ctx: CreditAccountContext,
): CreditAccountDecision => {
  const { now } = ctx.meta
  if (state.status === 'none' || c.kind !== 'credit_expiry') return []
  const due = state.lots.filter(
    (l) => l.remaining > 0 && l.expiresAt !== null && isAtOrAfter(now, l.expiresAt),
  )
  if (due.length === 0) return []
  const lots = due.map((l) => ({ grantKey: l.grantKey, amount: l.remaining }))
  const amount = lots.reduce((s, l) => s + l.amount, 0)
  const key = `credit-expiry:${lots.map((l) => l.grantKey).join(',')}`
  return [
    {
      type: 'CreditExpired',
      data: {
        buyerId: state.buyerId,
        amount: minor(amount),
        lots,
        at: now,
        posting: postingFor(state, key, 'credit_expired', now, amount),
      },
    },
  ]
}

export const decideCreditAccount = (
  command: CreditAccountCommand,
  state: CreditAccountState,
  ctx: CreditAccountContext,
): CreditAccountDecision => {
  switch (command.type) {
    case 'GrantCredit':
      sameBuyer(state, command.buyerId)
      return grant(command, state, ctx)
    case 'SpendCredit':
      sameBuyer(state, command.buyerId)
      return spend(command, state, ctx)
    case 'ExpireDeadline':
      return expire(command, state, ctx)
  }
}
