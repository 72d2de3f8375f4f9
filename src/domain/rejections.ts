import type { AbuseAppealRejection } from './abuse-appeal/rejections.ts'
import type { CancellationRejection } from './cancellation/rejections.ts'
import type { CaseRejection } from './case/rejections.ts'
import type { ConversationRejection } from './conversation/rejections.ts'
import type { CreditAccountRejection } from './ledger/credit-account.ts'
import type { LedgerRejection } from './ledger/rejections.ts'
import type { OrderRejection } from './order/rejections.ts'
import type { PaymentDisputeRejection } from './payment-dispute/rejections.ts'
import type { ReturnRejection } from './return/rejections.ts'
import type { StaffRejection } from './staff/rejections.ts'
import type { SwapRejection } from './swap/rejections.ts'

/**
 * Every refusal a decider can return, whatever the aggregate. Each aggregate
 * declares its own in its `rejections.ts`; this is only their union, so the
 * API's code→status table and the web's wording can be typed on the codes and
 * a misspelt or retired code does not compile.
 */
export type DomainRejection =
  | AbuseAppealRejection
  | CancellationRejection
  | CaseRejection
  | ConversationRejection
  | CreditAccountRejection
  | LedgerRejection
  | OrderRejection
  | PaymentDisputeRejection
  | ReturnRejection
  | StaffRejection
  | SwapRejection

export type DomainRefusalCode = DomainRejection['code']
