import type { Instant } from '../../../policy/time.ts'
import type { OrderId, RefundId, UserId } from '../../shared/ids.ts'
import type { Currency, Minor } from '../../shared/money.ts'
import type { Posting } from '../postings.ts'

/** A part of a lot that a spend or an expiry took. */
export interface LotDraw {
  readonly grantKey: string
  readonly amount: Minor
}

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
