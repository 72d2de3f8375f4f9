import type { CaseCommand } from './commands.ts'
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
import type { CaseState } from './state.ts'

export type { CaseContext, CaseDecision } from './decide/context.ts'

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
  if (command.type === 'OpenCase') return openCase(command, state, context)
  if (state.status === 'none') {
    return command.type === 'ExpireDeadline'
      ? []
      : refuse({ code: 'NOT_ALLOWED_IN_STATUS', status: 'none', command: command.type })
  }
  switch (command.type) {
    case 'AcceptClaim':
      return acceptClaim(command, state, context)
    case 'DisputeClaim':
      return disputeClaim(command, state, context)
    case 'MakeOffer':
      return makeOffer(command, state, context)
    case 'AcceptOffer':
      return acceptOffer(command, state, context)
    case 'DeclineOffer':
      return declineOffer(command, state, context)
    case 'AddEvidence':
      return addEvidence(command, state, context)
    case 'PostMessage':
      return postMessage(command, state, context)
    case 'Escalate':
      return escalate(command, state, context)
    case 'Withdraw':
      return withdraw(command, state, context)
    case 'AssignCase':
      return assignCase(command, state, context)
    case 'RequestInformation':
      return requestInformation(command, state, context)
    case 'ProvideInformation':
      return provideInformation(command, state, context)
    case 'Decide':
      return decide(command, state, context)
    case 'Appeal':
      return appeal(command, state, context)
    case 'DecideAppeal':
      return decideAppeal(command, state, context)
    case 'NoteReturnCompleted':
    case 'NoteReturnNotShipped':
    case 'NoteReplacementDelivered':
    case 'NoteReplacementFailed':
      return noteFollowUp(command, state, context)
    case 'JoinSwap':
      return joinSwap(command, state, context)
    case 'NoteSwapCompleted':
    case 'NoteSwapFailed':
      return noteSwap(command, state, context)
    case 'ExpireDeadline':
      return expireDeadline(command, state, context)
  }
}
