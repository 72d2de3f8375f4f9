// The return or replacement a settlement or decision required has ended (sent by the returns and money side).
import type { CaseEvent } from '../events.ts'
import { maxRefundable } from '../rules.ts'
import type { Case } from '../state.ts'
import type { CloseReason } from '../vocabulary.ts'
import { caller, isRejection, wrongStatus } from './checks.ts'
import { type CaseContext, type CaseDecision, type Events, refuse } from './context.ts'
import { closing, refundDue } from './facts.ts'

type FollowUpNote =
  | 'NoteReturnCompleted'
  | 'NoteReturnNotShipped'
  | 'NoteReplacementDelivered'
  | 'NoteReplacementFailed'

const noteOutcome = {
  NoteReturnCompleted: {
    kind: 'return',
    outcome: 'return_completed',
    close: 'follow_up_completed',
  },
  NoteReturnNotShipped: {
    kind: 'return',
    outcome: 'return_not_shipped',
    close: 'return_not_shipped',
  },
  NoteReplacementDelivered: {
    kind: 'replacement',
    outcome: 'replacement_delivered',
    close: 'follow_up_completed',
  },
  NoteReplacementFailed: {
    kind: 'replacement',
    outcome: 'replacement_failed',
    close: 'replacement_failed',
  },
} as const satisfies Record<FollowUpNote, { kind: string; outcome: string; close: CloseReason }>

/** The follow-up ended; a waiting case closes, a case still in its appeal window records it and waits. */
export const endFollowUp = (note: FollowUpNote, c: Case, ctx: CaseContext): Events => {
  const { kind, outcome, close } = noteOutcome[note]
  const facts: CaseEvent[] = [{ type: 'FollowUpEnded', data: { at: ctx.meta.now, kind, outcome } }]
  if (note === 'NoteReplacementFailed' && c.followUp !== null) {
    const amount = maxRefundable(c, ctx.refundable)
    if (amount > 0)
      facts.push(
        refundDue(
          c,
          ctx,
          `${c.followUp.key}:replacement_failed`,
          amount,
          c.followUp.funding,
          'replacement_failed',
        ),
      )
  }
  return c.status === 'awaiting_follow_up' ? closing(c, ctx, facts, close, null) : facts
}

export const noteFollowUp = (
  cmd: { readonly type: FollowUpNote },
  c: Case,
  ctx: CaseContext,
): CaseDecision => {
  const who = caller(c, ctx, cmd.type, ['automation', 'agent'])
  if (isRejection(who)) return refuse(who)
  if (c.status === 'closed') return wrongStatus(c, cmd.type)
  const { kind } = noteOutcome[cmd.type]
  if (c.followUp === null || c.followUp.kind !== kind || c.followUp.status !== 'running') {
    return refuse({ code: 'NO_FOLLOW_UP_RUNNING', kind })
  }
  return endFollowUp(cmd.type, c, ctx)
}
