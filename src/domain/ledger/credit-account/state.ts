import { type Instant, isBefore } from '../../../policy/time.ts'
import type { OrderId, RefundId, UserId } from '../../shared/ids.ts'
import { type Currency, type Minor, minor } from '../../shared/money.ts'
import type { PostingId } from '../postings.ts'
import type { CreditAccountEvent, LotDraw } from './events.ts'

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

/** A lot the buyer can still spend from at `now`: credit left, not expired. */
export const isLive = (lot: CreditLot, now: Instant): boolean =>
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
