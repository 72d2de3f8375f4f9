import type { Instant } from '../../../policy/time.ts'
import type { ExpireDeadline } from '../../shared/decider.ts'
import type { OrderId, RefundId, UserId } from '../../shared/ids.ts'
import type { Currency, Minor } from '../../shared/money.ts'

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
