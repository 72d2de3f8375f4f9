import type { Instant } from '../../policy/time.ts'
import type { Currency, Minor } from '../shared/money.ts'
import { minor } from '../shared/money.ts'
import type { Account } from './accounts.ts'

/**
 * A posting's id: the ledger stream it belongs to and its position in it,
 * `order-1#3` or `credit:buyer-1#2`. Derived, so the domain needs no random id.
 */
export type PostingId = string & { readonly __brand: 'PostingId' }

export const postingIdOf = (stream: string, position: number): PostingId =>
  `${stream}#${position}` as PostingId

/** One leg of a posting: what `account` gains (positive) or gives up (negative). */
export interface Entry {
  readonly account: Account
  readonly amount: Minor
}

/** What a posting records, for reports and the ledger view. */
export type PostingKind =
  | 'capture'
  | 'refund_requested'
  | 'refund_succeeded'
  | 'refund_failed'
  | 'refund_retried'
  | 'refund_switched_to_credit'
  | 'payout_released'
  | 'return_shipping'
  | 'seller_reimbursed'
  | 'credit_spent'
  | 'credit_expired'
  | 'chargeback_held'
  | 'chargeback_released'
  | 'chargeback_lost'

/**
 * A balanced set of entries, posted once and never changed: a correction is a
 * new, reversing posting. `businessKey` names the business fact that caused
 * it (`capture:<orderId>`, `refund:<refundKey>`, `refund-confirm:<refundId>`);
 * a second posting with the same key is never made.
 */
export interface Posting {
  readonly postingId: PostingId
  readonly businessKey: string
  readonly kind: PostingKind
  readonly at: Instant
  readonly currency: Currency
  /** Sum to zero. No zero amounts, one entry per account. */
  readonly entries: readonly Entry[]
}

/** Per-account totals: what each account holds after these postings. Accounts that net to zero are kept (they were touched). */
export const balances = (postings: readonly Posting[]): Readonly<Partial<Record<Account, Minor>>> =>
  addToBalances(
    {},
    postings.flatMap((p) => p.entries),
  )

/** `current` plus these entries (a fresh object). */
export const addToBalances = (
  current: Readonly<Partial<Record<Account, Minor>>>,
  entries: readonly Entry[],
): Readonly<Partial<Record<Account, Minor>>> => {
  const next: Partial<Record<Account, Minor>> = { ...current }
  for (const e of entries) next[e.account] = minor((next[e.account] ?? 0) + e.amount)
  return next
}

export const sumOfEntries = (entries: readonly Entry[]): number =>
  entries.reduce((s, e) => s + e.amount, 0)

/**
 * Entries with the same account summed and zero amounts dropped, in first-seen
 * order: the canonical form every posting is built in.
 */
export const mergeEntries = (entries: readonly Entry[]): Entry[] => {
  const totals = new Map<Account, number>()
  for (const e of entries) totals.set(e.account, (totals.get(e.account) ?? 0) + e.amount)
  return [...totals]
    .filter(([, amount]) => amount !== 0)
    .map(([account, amount]) => ({ account, amount: minor(amount) }))
}

/** The same entries with every sign flipped: the reversing posting's legs. */
export const negateEntries = (entries: readonly Entry[]): Entry[] =>
  entries.map((e) => ({ account: e.account, amount: minor(0 - e.amount) }))

/**
 * Builds a posting in canonical form. An unbalanced posting is a bug in the
 * decider, never a business refusal, so it throws.
 */
export const makePosting = (p: {
  readonly postingId: PostingId
  readonly businessKey: string
  readonly kind: PostingKind
  readonly at: Instant
  readonly currency: Currency
  readonly entries: readonly Entry[]
}): Posting => {
  const entries = mergeEntries(p.entries)
  const sum = sumOfEntries(entries)
  if (sum !== 0) throw new Error(`posting ${p.businessKey} does not balance: off by ${sum}`)
  return { ...p, entries }
}
