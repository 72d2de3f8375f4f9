// The seller's answer to the claim: accept it (refund or return) or dispute it.
import type { AcceptClaim, DisputeClaim } from '../commands.ts'
import { maxRefundable } from '../rules.ts'
import type { Case } from '../state.ts'
import {
  evidenceRejection,
  isRejection,
  person,
  textRequired,
  undecided,
  wrongStatus,
} from './checks.ts'
import { type CaseContext, type CaseDecision, type Events, refuse } from './context.ts'
import { closing, lapsePending, refundDue, returnRequired } from './facts.ts'

export const acceptClaim = (cmd: AcceptClaim, c: Case, ctx: CaseContext): CaseDecision => {
  const who = person(c, ctx, cmd.type, ['seller'])
  if (isRejection(who)) return refuse(who)
  const notNow = undecided(c, cmd.type)
  if (notNow) return refuse(notNow)
  if (cmd.resolution === 'return' && c.reason === 'not_received') {
    return refuse({ code: 'RETURN_NOT_APPLICABLE', reason: c.reason })
  }
  const amount = maxRefundable(c, ctx.refundable)
  if (amount === 0) return refuse({ code: 'NOTHING_REFUNDABLE' })
  const key = `claim:${c.caseId}`
  const accepted: Events = [
    ...lapsePending(c, ctx, 'superseded'),
    { type: 'ClaimAccepted', data: { by: who, at: ctx.meta.now, resolution: cmd.resolution } },
  ]
  if (cmd.resolution === 'return')
    return [...accepted, returnRequired(c, ctx, key, amount, 'seller', 'claim_accepted')]
  return closing(
    c,
    ctx,
    [...accepted, refundDue(c, ctx, key, amount, 'seller', 'claim_accepted')],
    'settled',
    who,
  )
}

export const disputeClaim = (cmd: DisputeClaim, c: Case, ctx: CaseContext): CaseDecision => {
  const who = person(c, ctx, cmd.type, ['seller'])
  if (isRejection(who)) return refuse(who)
  if (c.status !== 'awaiting_seller' || c.respondedAt !== null) return wrongStatus(c, cmd.type)
  const problem =
    textRequired(cmd.statement, 'statement') ?? evidenceRejection(c, cmd.evidence ?? [])
  if (problem) return refuse(problem)
  return [
    {
      type: 'ClaimDisputed',
      data: { by: who, at: ctx.meta.now, statement: cmd.statement, evidence: cmd.evidence ?? [] },
    },
  ]
}
