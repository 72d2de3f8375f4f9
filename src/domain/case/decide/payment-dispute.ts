// A chargeback on the order (`src/domain/payment-dispute`) closes the case under `refunds.onPaymentDispute: 'close_case'`.
import type { NotePaymentDispute } from '../commands.ts'
import type { Case } from '../state.ts'
import { caller, isRejection } from './checks.ts'
import { type CaseContext, type CaseDecision, refuse } from './context.ts'
import { closing, lapsePending } from './facts.ts'

/**
 * eBay and Amazon close the buyer's claim when a chargeback is filed: the
 * card issuer decides the money now. A pending offer lapses; a closed case
 * stays closed.
 */
export const notePaymentDispute = (
  cmd: NotePaymentDispute,
  c: Case,
  ctx: CaseContext,
): CaseDecision => {
  const who = caller(c, ctx, cmd.type, ['automation'])
  if (isRejection(who)) return refuse(who)
  if (c.status === 'closed') return []
  return closing(c, ctx, lapsePending(c, ctx, 'superseded'), 'payment_dispute', null)
}
