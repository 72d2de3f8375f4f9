import { byCommandType } from '../shared/decider.ts'
import type { CaseCommand, OpenCase } from './commands.ts'
import { appeal, decide, decideAppeal } from './decide/adjudicate.ts'
import { refuse, type CaseDecision, type CaseContext } from './decide/context.ts'
import { escalate, withdraw } from './decide/escalate-or-withdraw.ts'
import { expireDeadline } from './decide/expire.ts'
import { noteFollowUp } from './decide/follow-up.ts'
import { assignCase, provideInformation, requestInformation } from './decide/investigate.ts'
import { acceptOffer, declineOffer, makeOffer } from './decide/negotiate.ts'
import { openCase } from './decide/open.ts'
import { addEvidence, postMessage } from './decide/record.ts'
import { acceptClaim, disputeClaim } from './decide/respond.ts'
import { joinSwap, noteSwap } from './decide/swap.ts'
import { notePaymentDispute } from './decide/payment-dispute.ts'
import type { CaseEvent } from './events.ts'
import type { Case, CaseState } from './state.ts'
import { chargebackBlocking } from '../ledger/state.ts'

export type { CaseContext, CaseDecision } from './decide/context.ts'

/** Every command but the one that opens a case. */
type CommandOnCase = Exclude<CaseCommand, OpenCase>

/** The commands on a case that exists, each with the function of its phase. */
const decideOnCase = byCommandType<CommandOnCase, Case, CaseContext, CaseDecision>({
  AcceptClaim: acceptClaim,
  DisputeClaim: disputeClaim,
  MakeOffer: makeOffer,
  AcceptOffer: acceptOffer,
  DeclineOffer: declineOffer,
  AddEvidence: addEvidence,
  PostMessage: postMessage,
  Escalate: escalate,
  Withdraw: withdraw,
  AssignCase: assignCase,
  RequestInformation: requestInformation,
  ProvideInformation: provideInformation,
  Decide: decide,
  Appeal: appeal,
  DecideAppeal: decideAppeal,
  NoteReturnCompleted: noteFollowUp,
  NoteReturnNotShipped: noteFollowUp,
  NoteReplacementDelivered: noteFollowUp,
  NoteReplacementFailed: noteFollowUp,
  JoinSwap: joinSwap,
  NoteSwapCompleted: noteSwap,
  NoteSwapFailed: noteSwap,
  NotePaymentDispute: notePaymentDispute,
  ExpireDeadline: expireDeadline,
})

/**
 * Decides a case command: the new facts, or a refusal with its data. Pure: time, actor and policy come in.
 *
 * Each phase of a case has its file under `decide/`: open, respond, negotiate,
 * record, escalate-or-withdraw, investigate, adjudicate, follow-up, swap,
 * expire; `checks.ts` says who may act and what input is acceptable, and
 * `facts.ts` builds the events several phases emit alike.
 */
export const decideCase = (
  command: CaseCommand,
  state: CaseState,
  context: CaseContext,
): CaseDecision => {
  const decision = decideCaseCommand(command, state, context)
  const held = context.chargebackHeld ?? 0
  if (held === 0 || !Array.isArray(decision)) return decision
  const events: readonly CaseEvent[] = decision
  const refunding = events.reduce((s, e) => (e.type === 'RefundDue' ? s + e.data.amount : s), 0)
  // `refunds.onPaymentDispute`: while a chargeback is open, no outcome may pay its money again.
  const blocked = chargebackBlocking(context.refundable - held, held, refunding)
  return blocked ? refuse({ code: 'PAYMENT_DISPUTE_OPEN', ...blocked }) : decision
}

const decideCaseCommand = (
  command: CaseCommand,
  state: CaseState,
  context: CaseContext,
): CaseDecision => {
  if (command.type === 'OpenCase') return openCase(command, state, context)
  if (state.status === 'none') {
    return command.type === 'ExpireDeadline'
      ? []
      : refuse({ code: 'NOT_ALLOWED_IN_STATUS', status: 'none', command: command.type })
  }
  return decideOnCase(command, state, context)
}
