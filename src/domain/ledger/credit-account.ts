/**
 * A buyer's marketplace credit, across orders: the grants that refunds put on
 * the balance (each with its own expiry), the integration's debits when the
 * buyer spends credit, and expiry. One stream per buyer, `credit:<buyerId>`.
 *
 * Who posts what on `buyer_credit:<buyerId>`: a grant is posted by the order
 * ledger that refunded it (the refund counts against that order in the same
 * transaction), and mirrored here without a posting; spends and expiries are
 * posted here. So the account's balance over all postings equals
 * `CreditAccount.balance`.
 */
import type { Instant } from '../../policy/time.ts'
import { isAtOrAfter, isBefore } from '../../policy/time.ts'
import type { ActorKind } from '../shared/actor.ts'
import type { CommandMeta, Deadline, Decider, Decision, ExpireDeadline } from '../shared/decider.ts'
import { reject } from '../shared/decider.ts'
import type { OrderId, RefundId, UserId } from '../shared/ids.ts'
import type { Currency, Minor } from '../shared/money.ts'
import { minor } from '../shared/money.ts'
import { buyerCredit, creditExpired, creditRedemptions } from './accounts.ts'
import type { Posting, PostingId } from './postings.ts'
import { makePosting, postingIdOf } from './postings.ts'

/** One grant of credit and what is left of it. */
export interface CreditLot {
  readonly grantKey: string
  readonly amount: Minor
  readonly remaining: Minor
  readonly grantedAt: Instant
  /** `null`: never expires (`policy.refunds.creditExpiry` was null when it was granted). */
  readonly expiresAt: Instant | null
  readonly orderId: OrderId | null
  readonly refundId: RefundId | null
}

/** A part of a lot that a spend or an expiry took. */
export interface LotDraw {
  readonly grantKey: string
  readonly amount: Minor
}

// ── Commands ──────────────────────────────────────────────────────────────

/**
 * The app mirrors credit an order ledger granted (`RefundRequested.credit`,
 * `RefundSwitchedToCredit.credit`). Idempotent by `grantKey`.
 */
export interface GrantCredit {
  readonly type: 'GrantCredit'
  readonly buyerId: UserId
  readonly grantKey: string
  readonly amount: Minor
  readonly currency: Currency
  readonly expiresAt: Instant | null
  readonly orderId?: OrderId
  readonly refundId?: RefundId
}

/** The integration reports the buyer spent credit at checkout. Idempotent by `debitKey`. */
export interface SpendCredit {
  readonly type: 'SpendCredit'
  readonly buyerId: UserId
  readonly debitKey: string
  readonly amount: Minor
  readonly currency: Currency
}

export type CreditDeadlineKind = 'credit_expiry'

export type CreditAccountCommand = GrantCredit | SpendCredit | ExpireDeadline<CreditDeadlineKind>

// ── Events ────────────────────────────────────────────────────────────────

export type CreditAccountEvent =
  /** Credit landed on the buyer's balance (posted by the order's ledger; recorded here to track spending and expiry). */
  | {
      readonly type: 'CreditGranted'
      readonly data: {
        readonly buyerId: UserId
        readonly grantKey: string
        readonly amount: Minor
        readonly currency: Currency
        readonly expiresAt: Instant | null
        readonly orderId: OrderId | null
        readonly refundId: RefundId | null
        readonly at: Instant
      }
    }
  /** The buyer spent credit at checkout; the soonest-expiring grants are used first. */
  | {
      readonly type: 'CreditSpent'
      readonly data: {
        readonly buyerId: UserId
        readonly debitKey: string
        readonly amount: Minor
        readonly drawnFrom: readonly LotDraw[]
        readonly at: Instant
        readonly posting: Posting
      }
    }
  /** Unspent credit passed its expiry and left the balance (breakage). */
  | {
      readonly type: 'CreditExpired'
      readonly data: {
        readonly buyerId: UserId
        readonly amount: Minor
        readonly lots: readonly LotDraw[]
        readonly at: Instant
        readonly posting: Posting
      }
    }

// ── Refusals ──────────────────────────────────────────────────────────────

export type CreditAccountRejection =
  | { readonly code: 'INSUFFICIENT_CREDIT'; readonly available: Minor }
  | { readonly code: 'INVALID_AMOUNT'; readonly field: string; readonly amount: number }
  | { readonly code: 'INVALID_CURRENCY'; readonly currency: string }
  | { readonly code: 'CURRENCY_MISMATCH'; readonly expected: string; readonly actual: string }
  /** The debit key was already used for another amount. */
  | { readonly code: 'DEBIT_KEY_CONFLICT'; readonly debitKey: string; readonly amount: Minor }
  /** The grant key was already used for another amount or expiry. */
  | { readonly code: 'GRANT_KEY_CONFLICT'; readonly grantKey: string; readonly amount: Minor }
  | {
      readonly code: 'ACTOR_NOT_ALLOWED'
      readonly actorKind: ActorKind
      readonly allowed: readonly ActorKind[]
    }

/** One sentence the integration or an agent can act on. */
export const explainCreditAccountRejection = (r: CreditAccountRejection): string => {
  switch (r.code) {
    case 'INSUFFICIENT_CREDIT':
      return `The buyer has only ${r.available} in unexpired credit.`
    case 'INVALID_AMOUNT':
      return `The amount ${r.field} is ${r.amount}; amounts are whole numbers of minor units above zero.`
    case 'INVALID_CURRENCY':
      return `'${r.currency}' is not an ISO 4217 currency code.`
    case 'CURRENCY_MISMATCH':
      return `This credit balance is in ${r.expected}, not ${r.actual}.`
    case 'DEBIT_KEY_CONFLICT':
      return `Debit '${r.debitKey}' was already recorded for ${r.amount}; a key debits once.`
    case 'GRANT_KEY_CONFLICT':
      return `Grant '${r.grantKey}' was already recorded for ${r.amount}.`
    case 'ACTOR_NOT_ALLOWED':
      return `A ${r.actorKind} may not do this; only: ${r.allowed.join(', ')}.`
  }
}

// ── State ─────────────────────────────────────────────────────────────────

export interface CreditAccount {
  readonly status: 'open'
  readonly buyerId: UserId
  /** Fixed by the first grant: a buyer's credit is in the marketplace's currency. */
  readonly currency: Currency
  /** In the order granted. */
  readonly lots: readonly CreditLot[]
  readonly debits: Readonly<Record<string, { readonly amount: Minor; readonly at: Instant }>>
  readonly postedKeys: Readonly<Record<string, PostingId>>
  readonly postings: number
  /** Granted, less spent and expired: what `buyer_credit:<buyerId>` holds. */
  readonly balance: Minor
  readonly granted: Minor
  readonly spent: Minor
  readonly expired: Minor
}

export type CreditAccountState = { readonly status: 'none' } | CreditAccount

export const initialCreditAccountState: CreditAccountState = { status: 'none' }

const isLive = (lot: CreditLot, now: Instant): boolean =>
  lot.remaining > 0 && (lot.expiresAt === null || isBefore(now, lot.expiresAt))

/** Credit the buyer may spend at `now`: unspent grants not yet expired (even if the expiry has not been posted yet). */
export const availableCredit = (state: CreditAccountState, now: Instant): Minor =>
  state.status === 'none'
    ? minor(0)
    : minor(state.lots.filter((l) => isLive(l, now)).reduce((s, l) => s + l.remaining, 0))

const takeFromLots = (
  lots: readonly CreditLot[],
  draws: readonly LotDraw[],
): readonly CreditLot[] =>
  lots.map((lot) => {
    const taken = draws.filter((d) => d.grantKey === lot.grantKey).reduce((s, d) => s + d.amount, 0)
    return taken === 0 ? lot : { ...lot, remaining: minor(Math.max(0, lot.remaining - taken)) }
  })

/** Folds one fact into the buyer's credit account. Total: facts that do not apply leave it as it is. */
export const evolveCreditAccount = (
  state: CreditAccountState,
  event: CreditAccountEvent,
): CreditAccountState => {
  switch (event.type) {
    case 'CreditGranted': {
      const d = event.data
      const lot: CreditLot = {
        grantKey: d.grantKey,
        amount: d.amount,
        remaining: d.amount,
        grantedAt: d.at,
        expiresAt: d.expiresAt,
        orderId: d.orderId,
        refundId: d.refundId,
      }
      if (state.status === 'none') {
        return {
          status: 'open',
          buyerId: d.buyerId,
          currency: d.currency,
          lots: [lot],
          debits: {},
          postedKeys: {},
          postings: 0,
          balance: d.amount,
          granted: d.amount,
          spent: minor(0),
          expired: minor(0),
        }
      }
      if (state.lots.some((l) => l.grantKey === d.grantKey)) return state
      return {
        ...state,
        lots: [...state.lots, lot],
        balance: minor(state.balance + d.amount),
        granted: minor(state.granted + d.amount),
      }
    }
    case 'CreditSpent': {
      const d = event.data
      if (state.status === 'none' || d.debitKey in state.debits) return state
      return {
        ...state,
        lots: takeFromLots(state.lots, d.drawnFrom),
        debits: { ...state.debits, [d.debitKey]: { amount: d.amount, at: d.at } },
        postedKeys: { ...state.postedKeys, [d.posting.businessKey]: d.posting.postingId },
        postings: state.postings + 1,
        balance: minor(state.balance - d.amount),
        spent: minor(state.spent + d.amount),
      }
    }
    case 'CreditExpired': {
      const d = event.data
      if (state.status === 'none' || d.posting.businessKey in state.postedKeys) return state
      return {
        ...state,
        lots: takeFromLots(state.lots, d.lots),
        postedKeys: { ...state.postedKeys, [d.posting.businessKey]: d.posting.postingId },
        postings: state.postings + 1,
        balance: minor(state.balance - d.amount),
        expired: minor(state.expired + d.amount),
      }
    }
  }
}

// ── Deadline ──────────────────────────────────────────────────────────────

/** The one live deadline: the soonest expiry among grants with credit left. */
export const activeCreditDeadline = (
  state: CreditAccountState,
): Deadline<CreditDeadlineKind> | null => {
  if (state.status === 'none') return null
  let due: Instant | null = null
  for (const lot of state.lots) {
    if (
      lot.remaining > 0 &&
      lot.expiresAt !== null &&
      (due === null || isBefore(lot.expiresAt, due))
    )
      due = lot.expiresAt
  }
  return due === null ? null : { kind: 'credit_expiry', dueAt: due }
}

// ── Decide ────────────────────────────────────────────────────────────────

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

export const creditAccountDecider = {
  initialState: initialCreditAccountState,
  evolve: evolveCreditAccount,
  decide: decideCreditAccount,
} satisfies Decider<
  CreditAccountCommand,
  CreditAccountEvent,
  CreditAccountState,
  CreditAccountContext,
  CreditAccountRejection
>
