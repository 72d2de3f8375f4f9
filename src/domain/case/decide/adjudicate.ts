// An agent decides an escalated case; either party may appeal; another agent decides the appeal.
// Each decision makes due only the money the case has not made due yet.
import { addDuration, isAtOrAfter } from '../../../policy/time.ts'
import { fold } from '../../shared/decider.ts'
import { minor } from '../../shared/money.ts'
import type { Appeal, Decide, DecideAppeal, DecisionTerms } from '../commands.ts'
import type { CaseEvent } from '../events.ts'
import type { CaseRejection } from '../rejections.ts'
import { followUpKindOf, maxRefundable } from '../rules.ts'
import { type Case, type CaseState, evolveCase, refundedOnCase } from '../state.ts'
import type { CaseParty, DecisionRecord, MoneyCause } from '../vocabulary.ts'
import {
  evidenceRejection,
  inStatus,
  isRejection,
  optionalText,
  person,
  reviewerRejection,
  takeCase,
  textRequired,
  wrongStatus,
} from './checks.ts'
import { type CaseContext, type CaseDecision, type Events, refuse } from './context.ts'
import { closing, refundDue, replacementRequired, returnRequired } from './facts.ts'

/** A decision's terms are complete and within what may still be refunded on the case. */
const decisionTermsRejection = (
  c: Case,
  cmd: DecisionTerms,
  ctx: CaseContext,
): CaseRejection | null => {
  const known = [c.decision, c.finalDecision].some(
    (d) => d !== null && d.decisionId === cmd.decisionId,
  )
  if (known) return { code: 'DECISION_ID_REUSED', decisionId: cmd.decisionId }
  const missing = textRequired(cmd.rationale, 'rationale')
  if (missing) return missing
  if (cmd.outcome !== 'refund_partial' && cmd.amount !== undefined) {
    return { code: 'INVALID_AMOUNT', amount: cmd.amount, problem: 'not_applicable' }
  }
  if (cmd.outcome === 'return_required' && c.reason === 'not_received') {
    return { code: 'RETURN_NOT_APPLICABLE', reason: c.reason }
  }
  const already = refundedOnCase(c)
  const maximum = maxRefundable(c, ctx.refundable)
  switch (cmd.outcome) {
    case 'refund_partial': {
      if (cmd.amount === undefined)
        return { code: 'INVALID_AMOUNT', amount: null, problem: 'missing' }
      if (!Number.isSafeInteger(cmd.amount) || cmd.amount <= 0) {
        return { code: 'INVALID_AMOUNT', amount: cmd.amount, problem: 'not_positive_integer' }
      }
      // On appeal the amount is the refund in total; what the first decision made due counts toward it.
      const ceiling = minor(already + maximum)
      return cmd.amount > ceiling
        ? { code: 'REFUND_EXCEEDS_REFUNDABLE', maximumRefundable: ceiling, currency: c.currency }
        : null
    }
    case 'refund_full':
    case 'return_required':
      return maximum === 0 && already === 0 ? { code: 'NOTHING_REFUNDABLE' } : null
    case 'replacement':
    case 'seller_favor':
      return null
  }
}

const decisionRecord = (
  cmd: DecisionTerms,
  c: Case,
  ctx: CaseContext,
  agent: CaseParty,
): DecisionRecord => ({
  decisionId: cmd.decisionId,
  agentId: agent.userId,
  at: ctx.meta.now,
  outcome: cmd.outcome,
  amount: cmd.outcome === 'refund_partial' && cmd.amount !== undefined ? cmd.amount : null,
  fault: cmd.fault,
  funding:
    cmd.outcome === 'seller_favor'
      ? null
      : (cmd.funding ?? c.policy.refunds.fundingByFault[cmd.fault]),
  rationale: cmd.rationale,
  followUpInstructions: optionalText(cmd.followUpInstructions),
})

/** The refund a decision grants in total: the claim for a full refund, the amount for a partial one. */
const refundTarget = (c: Case, d: DecisionRecord): number =>
  d.outcome === 'refund_full'
    ? c.claimedAmount
    : d.outcome === 'refund_partial'
      ? (d.amount ?? 0)
      : 0

/** Money facts for a decision, as deltas over what the case already made due. */
const decisionMoney = (c: Case, ctx: CaseContext, d: DecisionRecord, cause: MoneyCause): Events => {
  const funding = d.funding ?? 'seller'
  const already = refundedOnCase(c)
  const maximum = maxRefundable(c, ctx.refundable)
  const facts: CaseEvent[] = []
  const owed = Math.min(Math.max(0, refundTarget(c, d) - already), maximum)
  if (owed > 0) facts.push(refundDue(c, ctx, d.decisionId, minor(owed), funding, cause))
  const kind = followUpKindOf(d.outcome)
  const running = c.followUp
  const continues = running !== null && running.kind === kind && running.status !== 'cancelled'
  if (kind === 'return' && !continues)
    facts.push(returnRequired(c, ctx, d.decisionId, maximum, funding, cause))
  if (kind === 'replacement' && !continues)
    facts.push(replacementRequired(c, ctx, d.decisionId, funding, cause))
  return facts
}

export const decide = (cmd: Decide, c: Case, ctx: CaseContext): CaseDecision => {
  const who = person(c, ctx, cmd.type, ['agent'])
  if (isRejection(who)) return refuse(who)
  const status = inStatus(c, cmd.type, ['escalated', 'awaiting_info'])
  if (status || c.appeal !== null) return wrongStatus(c, cmd.type)
  const taken = takeCase(c, ctx, who)
  if (isRejection(taken)) return refuse(taken)
  const problem = decisionTermsRejection(c, cmd, ctx)
  if (problem) return refuse(problem)
  const decision = decisionRecord(cmd, c, ctx, who)
  const appealDueAt = addDuration(ctx.meta.now, c.policy.cases.appealWindow, c.policy.calendar)
  return [
    ...taken,
    { type: 'CaseDecided', data: { ...decision, currency: c.currency, appealDueAt } },
    ...decisionMoney(c, ctx, decision, 'decision'),
  ]
}

export const appeal = (cmd: Appeal, c: Case, ctx: CaseContext): CaseDecision => {
  const who = person(c, ctx, cmd.type, ['buyer', 'seller'])
  if (isRejection(who)) return refuse(who)
  if (c.status !== 'decided') return wrongStatus(c, cmd.type)
  // Appeals within `policy.cases.appealWindow` of the decision (eBay, Amazon: 30 days).
  if (isAtOrAfter(ctx.meta.now, c.appealDueAt))
    return refuse({ code: 'APPEAL_WINDOW_ELAPSED', closedAt: c.appealDueAt })
  const evidence = cmd.evidence ?? []
  const problem =
    textRequired(cmd.newInformation, 'newInformation') ?? evidenceRejection(c, evidence)
  if (problem) return refuse(problem)
  return [
    {
      type: 'CaseAppealed',
      data: {
        at: ctx.meta.now,
        by: who,
        newInformation: cmd.newInformation,
        evidence,
        appealedDecisionId: c.decision.decisionId,
        decisionDueAt: addDuration(
          ctx.meta.now,
          c.policy.cases.agentDecisionSla,
          c.policy.calendar,
        ),
      },
    },
  ]
}

export const decideAppeal = (cmd: DecideAppeal, c: Case, ctx: CaseContext): CaseDecision => {
  const who = person(c, ctx, cmd.type, ['agent'])
  if (isRejection(who)) return refuse(who)
  const status = inStatus(c, cmd.type, ['appealed', 'awaiting_info'])
  const first = c.decision
  if (status || c.appeal === null || first === null) return wrongStatus(c, cmd.type)
  const reviewer = reviewerRejection(c, who.userId)
  if (reviewer) return refuse(reviewer)
  const taken = takeCase(c, ctx, who)
  if (isRejection(taken)) return refuse(taken)
  const problem = decisionTermsRejection(c, cmd, ctx)
  if (problem) return refuse(problem)
  const final = decisionRecord(cmd, c, ctx, who)
  const upheld = final.outcome === first.outcome && final.amount === first.amount
  const facts: CaseEvent[] = [
    ...taken,
    {
      type: 'AppealDecided',
      data: { ...final, currency: c.currency, originalDecisionId: first.decisionId, upheld },
    },
  ]
  const kind = followUpKindOf(final.outcome)
  if (c.followUp !== null && c.followUp.status === 'running' && c.followUp.kind !== kind) {
    facts.push({
      type: 'FollowUpCancelled',
      data: { at: ctx.meta.now, kind: c.followUp.kind, key: c.followUp.key },
    })
  }
  facts.push(...decisionMoney(c, ctx, final, 'appeal_decision'))
  // The marketplace makes the seller whole when the final decision lifts the cost from it.
  const sellerFunded =
    c.refunds.filter((r) => r.funding === 'seller').reduce((s, r) => s + r.amount, 0) - c.reimbursed
  if (final.funding !== 'seller' && sellerFunded > 0) {
    facts.push({
      type: 'SellerReimbursementDue',
      data: {
        reimbursementKey: final.decisionId,
        caseId: c.caseId,
        orderId: c.orderId,
        at: ctx.meta.now,
        amount: minor(sellerFunded),
        currency: c.currency,
        funding: 'marketplace',
      },
    })
  }
  const after = fold<CaseState, CaseEvent>(evolveCase, c, facts)
  if (after.status === 'awaiting_follow_up') return facts
  const notShipped =
    kind === 'return' && c.followUp?.kind === 'return' && c.followUp.status === 'not_shipped'
  return closing(c, ctx, facts, notShipped ? 'return_not_shipped' : 'appeal_decided', null)
}
