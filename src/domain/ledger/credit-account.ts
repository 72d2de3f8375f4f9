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
import type { Decider } from '../shared/decider.ts'
import type { CreditAccountCommand } from './credit-account/commands.ts'
import { type CreditAccountContext, decideCreditAccount } from './credit-account/decide.ts'
import type { CreditAccountEvent } from './credit-account/events.ts'
import type { CreditAccountRejection } from './credit-account/rejections.ts'
import {
  type CreditAccountState,
  evolveCreditAccount,
  initialCreditAccountState,
} from './credit-account/state.ts'

export * from './credit-account/commands.ts'
export * from './credit-account/deadline.ts'
export * from './credit-account/decide.ts'
export * from './credit-account/events.ts'
export * from './credit-account/rejections.ts'
export {
  availableCredit,
  evolveCreditAccount,
  initialCreditAccountState,
  type CreditAccount,
  type CreditAccountState,
  type CreditLot,
} from './credit-account/state.ts'

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
