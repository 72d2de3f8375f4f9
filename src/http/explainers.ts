import type { CancellationRejection } from '../domain/cancellation/rejections.ts'
import { explainCancellationRejection } from '../domain/cancellation/rejections.ts'
import type { OrderRejection } from '../domain/order/rejections.ts'
import type { CaseRejection } from '../domain/case/rejections.ts'
import { explainCaseRejection } from '../domain/case/rejections.ts'
import { explainOrderRejection } from '../domain/order/rejections.ts'
import type { LedgerRejection } from '../domain/ledger/rejections.ts'
import { explainLedgerRejection } from '../domain/ledger/rejections.ts'
import type { CreditAccountRejection } from '../domain/ledger/credit-account.ts'
import { explainCreditAccountRejection } from '../domain/ledger/credit-account.ts'
import type { ReturnRejection } from '../domain/return/rejections.ts'
import { explainReturnRejection } from '../domain/return/rejections.ts'
import type { SwapRejection } from '../domain/swap/rejections.ts'
import { explainSwapRejection } from '../domain/swap/rejections.ts'
import type { StaffRejection } from '../domain/staff/rejections.ts'
import { explainStaffRejection } from '../domain/staff/rejections.ts'
import type { AbuseAppealRejection } from '../domain/abuse-appeal/rejections.ts'
import { explainAbuseAppealRejection } from '../domain/abuse-appeal/rejections.ts'
import type { PaymentDisputeRejection } from '../domain/payment-dispute/rejections.ts'
import { explainPaymentDisputeRejection } from '../domain/payment-dispute/rejections.ts'
import { explainMoneyRejection } from '../app/returns/rejections.ts'
import type { Rejection } from '../domain/shared/decider.ts'
import { registerExplainer } from './problems.ts'

// Each aggregate says its refusals in a sentence; codes the aggregate does not
// know fall through to the next explainer (its switch returns undefined).
const tryExplain =
  <R extends Rejection>(explain: (r: R) => string) =>
  (r: Rejection): string | undefined => {
    try {
      return explain(r as R)
    } catch {
      return undefined
    }
  }

registerExplainer((r) =>
  r.code === 'NOT_FOUND'
    ? `No such ${typeof r.resource === 'string' ? r.resource : 'resource'}, or it is not yours to see.`
    : undefined,
)
registerExplainer((r) =>
  r.code === 'VERSION_MISMATCH'
    ? `The object changed since you read it (you sent version ${String(r.expectedVersion)}, it is now ${String(r.currentVersion)}). Reload and try again.`
    : undefined,
)
registerExplainer(tryExplain<OrderRejection>(explainOrderRejection))
registerExplainer(tryExplain<CancellationRejection>(explainCancellationRejection))
registerExplainer(tryExplain<CaseRejection>(explainCaseRejection))
registerExplainer(tryExplain<LedgerRejection>(explainLedgerRejection))
registerExplainer(tryExplain<CreditAccountRejection>(explainCreditAccountRejection))
registerExplainer(tryExplain<ReturnRejection>(explainReturnRejection))
registerExplainer(tryExplain<SwapRejection>(explainSwapRejection))
registerExplainer(tryExplain<AbuseAppealRejection>(explainAbuseAppealRejection))
registerExplainer(tryExplain<PaymentDisputeRejection>(explainPaymentDisputeRejection))
registerExplainer(explainMoneyRejection)
registerExplainer(tryExplain<StaffRejection>(explainStaffRejection))
registerExplainer((r) =>
  r.code === 'FILE_NOT_FOUND'
    ? 'That file is not one of your uploads, or it is attached to another case.'
    : undefined,
)
registerExplainer((r) =>
  r.code === 'ASSIGNEE_NOT_AN_AGENT'
    ? `Only an agent can hold a case; ${String(r.agentId)} is a ${String(r.role)}.`
    : undefined,
)
