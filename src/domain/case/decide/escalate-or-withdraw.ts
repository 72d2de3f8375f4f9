// Leaving the negotiation: a party asks the marketplace to step in, or the buyer withdraws.
import { type Instant, isAtOrAfter, isBefore } from '../../../policy/time.ts'
import type { CaseCommandType, Escalate, Withdraw } from '../commands.ts'
import { escalationWindowClosesAt } from '../deadline.ts'
import type { CaseRejection } from '../rejections.ts'
import { type Case, pendingOffer } from '../state.ts'
import type { PartyRole } from '../vocabulary.ts'
import { isRejection, optionalText, person, sideOf, undecided } from './checks.ts'
import { type CaseContext, type CaseDecision, refuse } from './context.ts'
import { closing, escalated, lapsePending } from './facts.ts'

/** When the buyer or seller may ask the marketplace to step in, or why not yet / no longer. */
const escalationRejection = (
  c: Case,
  role: PartyRole,
  now: Instant,
  command: CaseCommandType,
): CaseRejection | null => {
  const pending = pendingOffer(c)
  if (c.status === 'awaiting_seller') {
    if (pending !== null) return null
    if (role === 'seller') return { code: 'NOT_ALLOWED_IN_STATUS', status: c.status, command }
    // The seller first gets `policy.cases.sellerResponseTime` to respond.
    return isBefore(now, c.sellerRespondBy)
      ? { code: 'ESCALATION_NOT_YET_ALLOWED', allowedFrom: c.sellerRespondBy }
      : null
  }
  if (c.status === 'awaiting_buyer') {
    if (role === 'seller' || pending !== null) return null
    const closedAt = escalationWindowClosesAt(c, c.escalationWindowFrom)
    return isAtOrAfter(now, closedAt) ? { code: 'ESCALATION_WINDOW_ELAPSED', closedAt } : null
  }
  return { code: 'NOT_ALLOWED_IN_STATUS', status: c.status, command }
}

export const escalate = (cmd: Escalate, c: Case, ctx: CaseContext): CaseDecision => {
  const who = person(c, ctx, cmd.type, ['buyer', 'seller'])
  if (isRejection(who)) return refuse(who)
  const problem = escalationRejection(c, sideOf(who), ctx.meta.now, cmd.type)
  if (problem) return refuse(problem)
  return [...lapsePending(c, ctx, 'escalated'), escalated(c, ctx, who, optionalText(cmd.statement))]
}

export const withdraw = (cmd: Withdraw, c: Case, ctx: CaseContext): CaseDecision => {
  const who = person(c, ctx, cmd.type, ['buyer'])
  if (isRejection(who)) return refuse(who)
  const notNow = undecided(c, cmd.type)
  if (notNow) return refuse(notNow)
  return closing(c, ctx, lapsePending(c, ctx, 'withdrawn'), 'withdrawn', who)
}
