import { fold } from '../shared/decider.ts'
import type { LedgerCommand } from './commands.ts'
import { recordCapture } from './decide/capture.ts'
import { holdForChargeback, settleChargeback } from './decide/chargeback.ts'
import type { LedgerContext, LedgerDecision } from './decide/context.ts'
import { reimburseSeller, releasePayout } from './decide/payout.ts'
import { confirmRefund, requestRefund, retryRefund, switchToCredit } from './decide/refunds.ts'
import { payReturnShipping } from './decide/return-shipping.ts'
import type { LedgerEvent } from './events.ts'
import { type LedgerState, evolveLedger, refundableOf } from './state.ts'

export type { LedgerContext, LedgerDecision } from './decide/context.ts'
export { sellerFundedOf } from './decide/payout.ts'

const decideCommand = (
  command: LedgerCommand,
  state: LedgerState,
  ctx: LedgerContext,
): LedgerDecision => {
  switch (command.type) {
    case 'RecordCapture':
      return recordCapture(command, state, ctx)
    case 'RequestRefund':
      return requestRefund(command, state, ctx)
    case 'ConfirmRefund':
      return confirmRefund(command, state, ctx)
    case 'RetryRefund':
      return retryRefund(command, state, ctx)
    case 'SwitchRefundToCredit':
      return switchToCredit(command, state, ctx)
    case 'ReleasePayout':
      return releasePayout(command, state, ctx)
    case 'PayReturnShipping':
      return payReturnShipping(command, state, ctx)
    case 'ReimburseSeller':
      return reimburseSeller(command, state, ctx)
    case 'HoldForChargeback':
      return holdForChargeback(command, state, ctx)
    case 'SettleChargeback':
      return settleChargeback(command, state, ctx)
  }
}

/**
 * Turns a ledger command into facts, or a refusal with its data. Pure: time,
 * policy and the outside facts come in the context. Every fact carries its
 * posting; a business key already posted is never posted again (the command
 * is a no-op), and the money invariants are checked on the result, where a
 * breach is a bug and throws rather than pay too much.
 *
 * The commands are decided under `decide/`: capture, refunds (and their card
 * attempts), payout (release and seller reimbursement), return-shipping;
 * `draw.ts` says which accounts a funder pays from.
 */
export const decideLedger = (
  command: LedgerCommand,
  state: LedgerState,
  ctx: LedgerContext,
): LedgerDecision => {
  const decision = decideCommand(command, state, ctx)
  if (!Array.isArray(decision)) return decision
  const events: readonly LedgerEvent[] = decision
  if (state.status !== 'none') {
    const posted = state.postedKeys
    if (events.some((e) => e.data.posting !== null && e.data.posting.businessKey in posted))
      return []
  }
  const after = fold(evolveLedger, state, events)
  if (refundableOf(after) < 0 || (after.status !== 'none' && after.inFlight < 0)) {
    throw new Error(`ledger invariant broken by ${command.type}: refundable ${refundableOf(after)}`)
  }
  return events
}
