// What every ledger command is given, and the checks and posting builder they share.
import { type Instant, addDuration } from '../../../policy/time.ts'
import type { Policy } from '../../../policy/types.ts'
import type { ActorKind } from '../../shared/actor.ts'
import { type CommandMeta, type Decision, reject } from '../../shared/decider.ts'
import type { Minor } from '../../shared/money.ts'
import type { LedgerEvent } from '../events.ts'
import {
  type Entry,
  type Posting,
  type PostingKind,
  makePosting,
  postingIdOf,
} from '../postings.ts'
import type { LedgerRejection } from '../rejections.ts'
import type { LedgerState, OrderLedger } from '../state.ts'

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

export const refuse = (r: LedgerRejection): LedgerDecision => reject(r)

/** Why the caller may not send this command, or null when it may. */
export const actorRejection = (
  ctx: LedgerContext,
  allowed: readonly ActorKind[],
): LedgerRejection | null =>
  allowed.includes(ctx.meta.actor.kind)
    ? null
    : { code: 'ACTOR_NOT_ALLOWED', actorKind: ctx.meta.actor.kind, allowed }

export const isWhole = (n: number): boolean => Number.isSafeInteger(n) && n >= 0
export const isPositive = (n: number): boolean => Number.isSafeInteger(n) && n > 0

export const posting = (
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

export const creditExpiresAt = (now: Instant, policy: Policy): Instant | null =>
  policy.refunds.creditExpiry === null
    ? null
    : addDuration(now, policy.refunds.creditExpiry, policy.calendar)

export const captured = (state: LedgerState): OrderLedger | LedgerRejection =>
  state.status === 'none' ? { code: 'NOT_CAPTURED' } : state

/** The captured ledger a money command acts on, its amount a whole number of minor units above zero; or why not. */
export const capturedFor = (state: LedgerState, amount: number): OrderLedger | LedgerRejection => {
  const l = captured(state)
  if ('code' in l) return l
  return isPositive(amount) ? l : { code: 'INVALID_AMOUNT', field: 'amount', amount }
}
