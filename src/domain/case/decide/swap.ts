// Swapped orders (sent by the swaps service, `src/domain/swap`): the case waits for both parcels.
import { addDuration } from '../../../policy/time.ts'
import { caseSwapRefusal, swappableStatuses } from '../../swap/rules.ts'
import type { JoinSwap, NoteSwapCompleted, NoteSwapFailed } from '../commands.ts'
import type { Case } from '../state.ts'
import { caller, inStatus, isRejection, person, takeCase, textRequired } from './checks.ts'
import { type CaseContext, type CaseDecision, refuse } from './context.ts'
import { closing } from './facts.ts'

/** An agent links the case into a swap: it waits for both parcels instead of a decision. */
export const joinSwap = (cmd: JoinSwap, c: Case, ctx: CaseContext): CaseDecision => {
  const by = person(c, ctx, cmd.type, ['agent'])
  if (isRejection(by)) return refuse(by)
  if (c.followUp?.kind === 'swap' && c.followUp.key === cmd.swapId) return []
  const refused = caseSwapRefusal(c)
  if (refused !== null && refused.code !== 'CASE_NOT_SWAPPABLE') return refuse(refused)
  const wrong = inStatus(c, cmd.type, swappableStatuses)
  if (wrong) return refuse(wrong)
  const noText = textRequired(cmd.rationale, 'rationale')
  if (noText) return refuse(noText)
  // Like a decision, linking is the holding agent's move; an unassigned case is taken on the way.
  const taken = takeCase(c, ctx, by)
  if (isRejection(taken)) return refuse(taken)
  return [
    ...taken,
    {
      type: 'CaseSwapLinked',
      data: {
        at: ctx.meta.now,
        by,
        swapId: cmd.swapId,
        otherCaseId: cmd.otherCaseId,
        rationale: cmd.rationale.trim(),
        fault: cmd.fault,
      },
    },
  ]
}

/**
 * The swap ended. Delivered both ways, the case closes with no refund;
 * not shipped in time, it goes back to the agents' queue as an ordinary case.
 */
export const noteSwap = (
  cmd: NoteSwapCompleted | NoteSwapFailed,
  c: Case,
  ctx: CaseContext,
): CaseDecision => {
  const who = caller(c, ctx, cmd.type, ['automation'])
  if (isRejection(who)) return refuse(who)
  if (
    c.status !== 'awaiting_follow_up' ||
    c.followUp.kind !== 'swap' ||
    c.followUp.status !== 'running'
  )
    return refuse({ code: 'NO_FOLLOW_UP_RUNNING', kind: 'swap' })
  const now = ctx.meta.now
  if (cmd.type === 'NoteSwapCompleted')
    return closing(
      c,
      ctx,
      [{ type: 'FollowUpEnded', data: { at: now, kind: 'swap', outcome: 'swap_completed' } }],
      'swapped',
      null,
    )
  return [
    { type: 'FollowUpEnded', data: { at: now, kind: 'swap', outcome: 'swap_not_shipped' } },
    {
      type: 'CaseEscalated',
      data: {
        at: now,
        by: null,
        reason: 'swap_failed',
        statement: null,
        decisionDueAt: addDuration(now, c.policy.cases.agentDecisionSla, c.policy.calendar),
      },
    },
  ]
}
