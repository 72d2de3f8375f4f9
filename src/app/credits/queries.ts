import { v5 as uuidv5 } from 'uuid'
import type {
  CreditAccountEvent,
  CreditAccountState,
  CreditLot,
} from '../../domain/ledger/credit-account.ts'
import { activeCreditDeadline, availableCredit } from '../../domain/ledger/credit-account.ts'
import type { Actor } from '../../domain/shared/actor.ts'
import type { Deadline } from '../../domain/shared/decider.ts'
import { isAtOrAfter, type Instant } from '../../policy/time.ts'
import type { Queryable } from '../../store/database.ts'
import type { Loaded } from '../../store/event-store.ts'
import { loadAggregate, readStream } from '../../store/event-store.ts'
import { creditAccountAggregate } from '../aggregates.ts'

const CREDIT_NAMESPACE = '8d4f6a53-0c7e-4b1a-a2f9-61e0b3c5d7e2'

/** A buyer's credit account stream: derived from the buyer id. */
export const creditAccountIdOf = (buyerId: string): string => uuidv5(buyerId, CREDIT_NAMESPACE)

export interface CreditLotView {
  readonly grantKey: string
  readonly amount: number
  readonly remaining: number
  readonly grantedAt: Instant
  readonly expiresAt: Instant | null
  readonly orderId: string | null
  readonly refundId: string | null
  /** `active` while spendable, `spent` once used up, `expired` once its expiry passed. */
  readonly status: 'active' | 'spent' | 'expired'
}

export type CreditHistoryEntry =
  | {
      readonly type: 'granted'
      readonly at: Instant
      readonly amount: number
      readonly grantKey: string
      readonly expiresAt: Instant | null
      readonly orderId: string | null
      readonly refundId: string | null
    }
  | {
      readonly type: 'spent'
      readonly at: Instant
      readonly amount: number
      readonly debitKey: string
    }
  | { readonly type: 'expired'; readonly at: Instant; readonly amount: number }

export interface CreditsView {
  readonly userId: string
  /** `null` until the buyer is first granted credit. */
  readonly currency: string | null
  /** Granted less spent and expired (what the ledger's `buyer_credit` account holds). */
  readonly balance: number
  /** Spendable now: the balance less grants past their expiry that the scheduler has not expired yet. */
  readonly available: number
  readonly granted: number
  readonly spent: number
  readonly expired: number
  readonly nextExpiry: { readonly at: Instant; readonly amount: number } | null
  readonly deadline: Deadline | null
  readonly lots: readonly CreditLotView[]
  /** Newest first. */
  readonly history: readonly CreditHistoryEntry[]
  readonly version: number
}

const lotStatus = (lot: CreditLot, now: Instant): CreditLotView['status'] =>
  lot.remaining === 0
    ? 'spent'
    : lot.expiresAt !== null && isAtOrAfter(now, lot.expiresAt)
      ? 'expired'
      : 'active'

const historyOf = (type: string, data: unknown, at: Instant): CreditHistoryEntry[] => {
  const e = { type, data } as CreditAccountEvent
  switch (e.type) {
    case 'CreditGranted':
      return [
        {
          type: 'granted',
          at,
          amount: e.data.amount,
          grantKey: e.data.grantKey,
          expiresAt: e.data.expiresAt,
          orderId: e.data.orderId,
          refundId: e.data.refundId,
        },
      ]
    case 'CreditSpent':
      return [{ type: 'spent', at, amount: e.data.amount, debitKey: e.data.debitKey }]
    case 'CreditExpired':
      return [{ type: 'expired', at, amount: e.data.amount }]
  }
}

/** Buyers' credit balances and histories, as the buyer and staff read them. */
export class CreditQueries {
  async load(q: Queryable, buyerId: string): Promise<Loaded<CreditAccountState>> {
    return loadAggregate(q, creditAccountAggregate, creditAccountIdOf(buyerId))
  }

  /** A buyer's balance and history: the buyer itself and staff; anyone else is told nothing. */
  async view(
    q: Queryable,
    actor: Actor,
    userId: string,
    now: Instant,
  ): Promise<CreditsView | null> {
    const allowed =
      actor.kind === 'agent' ||
      actor.kind === 'admin' ||
      (actor.kind === 'buyer' && actor.id === userId)
    if (!allowed) return null
    return this.render(q, userId, await this.load(q, userId), now)
  }

  protected async render(
    q: Queryable,
    userId: string,
    loaded: Loaded<CreditAccountState>,
    now: Instant,
  ): Promise<CreditsView> {
    const s = loaded.state
    if (s.status === 'none') {
      return {
        userId,
        currency: null,
        balance: 0,
        available: 0,
        granted: 0,
        spent: 0,
        expired: 0,
        nextExpiry: null,
        deadline: null,
        lots: [],
        history: [],
        version: loaded.version,
      }
    }
    const events = await readStream(q, creditAccountIdOf(userId))
    const deadline = activeCreditDeadline(s)
    const expiring = s.lots.filter(
      (l) => l.remaining > 0 && l.expiresAt !== null && l.expiresAt === deadline?.dueAt,
    )
    return {
      userId,
      currency: s.currency,
      balance: s.balance,
      available: availableCredit(s, now),
      granted: s.granted,
      spent: s.spent,
      expired: s.expired,
      nextExpiry:
        deadline === null
          ? null
          : { at: deadline.dueAt, amount: expiring.reduce((sum, l) => sum + l.remaining, 0) },
      deadline,
      lots: s.lots.map((lot) => ({
        grantKey: lot.grantKey,
        amount: lot.amount,
        remaining: lot.remaining,
        grantedAt: lot.grantedAt,
        expiresAt: lot.expiresAt,
        orderId: lot.orderId,
        refundId: lot.refundId,
        status: lotStatus(lot, now),
      })),
      history: events.flatMap((e) => historyOf(e.type, e.data, e.occurredAt)).reverse(),
      version: loaded.version,
    }
  }
}
