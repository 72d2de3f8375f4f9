// The marketplace steps into a cancellation: escalation, information requests, the agent's decision.
import { addDuration, isAtOrAfter, isBefore, type Instant } from '../../policy/time.ts'
import type { Policy } from '../../policy/types.ts'
import type { Fault } from '../../policy/vocabulary.ts'
import { evidenceProblem } from '../case/rules.ts'
import type { EvidenceRef } from '../case/vocabulary.ts'
import type { ExpireDeadline } from '../shared/decider.ts'
import type { UserId } from '../shared/ids.ts'
import type {
  DecideCancellation,
  EscalateCancellation,
  EscalationSubmission,
  ProvideCancellationInformation,
  RequestCancellationInformation,
} from './commands.ts'
import { type CancellationContext, type CancellationDecision, refuse } from './context.ts'
import type { CancellationDeadlineKind } from './deadline.ts'
import { activeCancellationDeadline } from './deadline.ts'
import { cancellationEligibility } from './eligibility.ts'
import type { CancellationEvent, CancellationSide, CancelReason } from './events.ts'
import { cancellationRefundDue } from './refund.ts'
import type { CancellationRejection } from './rejections.ts'
import {
  type Cancellation,
  type CancellationState,
  isUnderReview,
  type UnderReview,
} from './state.ts'

const blank = (text: string | undefined): boolean => text === undefined || text.trim() === ''

/** Evidence must be well-formed (the rules of case evidence) and not already on the cancellation. */
const evidenceRejection = (
  c: Cancellation | null,
  evidence: readonly EvidenceRef[],
): CancellationRejection | null => {
  const seen = new Set<string>()
  const escalation = c?.escalation
  if (escalation !== undefined) {
    for (const e of escalation.evidence) seen.add(e.evidenceId)
    for (const a of escalation.answers) for (const e of a.evidence) seen.add(e.evidenceId)
  }
  for (const e of evidence) {
    if (seen.has(e.evidenceId)) return { code: 'EVIDENCE_ALREADY_ADDED', evidenceId: e.evidenceId }
    seen.add(e.evidenceId)
    const problem = evidenceProblem(e)
    if (problem !== null) return { code: 'INVALID_EVIDENCE', evidenceId: e.evidenceId, problem }
  }
  return null
}

/** The submission's statement and evidence check out, or why not. */
export const submissionRejection = (
  c: Cancellation | null,
  s: EscalationSubmission,
): CancellationRejection | null =>
  blank(s.statement)
    ? { code: 'TEXT_REQUIRED', field: 'statement' }
    : evidenceRejection(c, s.evidence ?? [])

/** What keeps the order from being cancelled now (it shipped, a case opened, another request), or `null`. */
export const orderBlocker = (ctx: CancellationContext): CancellationRejection | null =>
  cancellationEligibility(ctx.order, ctx.policy, ctx.meta.now, 'seller', ctx.openCancellationId)
    .failures[0] ?? null

/** The `CancellationEscalated` fact for a party's submission. */
export const escalatedEvent = (
  c: { readonly cancellationId: Cancellation['cancellationId'] },
  by: CancellationSide,
  userId: UserId,
  s: EscalationSubmission,
  ctx: CancellationContext,
): CancellationEvent => ({
  type: 'CancellationEscalated',
  data: {
    cancellationId: c.cancellationId,
    orderId: ctx.order.orderId,
    at: ctx.meta.now,
    by,
    userId,
    statement: s.statement.trim(),
    evidence: s.evidence ?? [],
    messageIds: s.messageIds ?? [],
    decisionDueAt: addDuration(
      ctx.meta.now,
      ctx.policy.cancellation.agentDecisionSla,
      ctx.policy.calendar,
    ),
  },
})

/**
 * When the buyer may take this request to the marketplace: an unanswered
 * request from `requestedAt + escalationAfterNoAnswer`, a declined one until
 * `declinedAt + escalationWindowAfterDecline`. `null` bounds: never.
 */
export const buyerEscalationWindow = (
  state: CancellationState,
  policy: Policy,
): { readonly opensAt: Instant; readonly closesAt: Instant | null } | null => {
  const rules = policy.cancellation
  if (state.status === 'requested' && state.requestedBy === 'buyer') {
    const wait = rules.escalationAfterNoAnswer
    return wait === null
      ? null
      : { opensAt: addDuration(state.requestedAt, wait, policy.calendar), closesAt: null }
  }
  if (state.status === 'declined' && state.requestedBy === 'buyer') {
    const window = rules.escalationWindowAfterDecline
    return window === null
      ? null
      : {
          opensAt: state.declinedAt,
          closesAt: addDuration(state.declinedAt, window, policy.calendar),
        }
  }
  return null
}

/** Why the buyer may not escalate now, or `null`. */
export const buyerEscalationRejection = (
  state: CancellationState,
  ctx: CancellationContext,
): CancellationRejection | null => {
  if (state.status === 'none') return { code: 'CANCELLATION_NOT_FOUND' }
  const window = buyerEscalationWindow(state, ctx.policy)
  if (window === null) return { code: 'ESCALATION_NOT_OFFERED', status: state.status, by: 'buyer' }
  const { now } = ctx.meta
  if (isBefore(now, window.opensAt))
    return { code: 'ESCALATION_NOT_YET_ALLOWED', allowedFrom: window.opensAt }
  if (window.closesAt !== null && isAtOrAfter(now, window.closesAt))
    return { code: 'ESCALATION_WINDOW_ELAPSED', closedAt: window.closesAt }
  return orderBlocker(ctx)
}

export const escalate = (
  cmd: EscalateCancellation,
  state: CancellationState,
  ctx: CancellationContext,
): CancellationDecision => {
  const { actor } = ctx.meta
  if (actor.kind !== 'buyer' || actor.id !== ctx.order.buyerId)
    return refuse({ code: 'NOT_A_PARTY', required: 'buyer' })
  const problem =
    buyerEscalationRejection(state, ctx) ??
    submissionRejection(state.status === 'none' ? null : state, cmd)
  if (problem) return refuse(problem)
  if (state.status === 'none') return refuse({ code: 'CANCELLATION_NOT_FOUND' })
  return [escalatedEvent(state, 'buyer', ctx.order.buyerId, cmd, ctx)]
}

const underReview = (state: CancellationState): UnderReview | CancellationRejection =>
  isUnderReview(state)
    ? state
    : state.status === 'none'
      ? { code: 'CANCELLATION_NOT_FOUND' }
      : { code: 'CANCELLATION_NOT_UNDER_REVIEW', status: state.status }

const agentOnly = (ctx: CancellationContext): UserId | null =>
  ctx.meta.actor.kind === 'agent' ? ctx.meta.actor.id : null

export const requestInformation = (
  cmd: RequestCancellationInformation,
  state: CancellationState,
  ctx: CancellationContext,
): CancellationDecision => {
  const agentId = agentOnly(ctx)
  if (agentId === null) return refuse({ code: 'NOT_A_PARTY', required: 'agent' })
  const c = underReview(state)
  if ('code' in c) return refuse(c)
  if (c.status !== 'escalated')
    return refuse({ code: 'CANCELLATION_NOT_UNDER_REVIEW', status: c.status })
  if (blank(cmd.question)) return refuse({ code: 'TEXT_REQUIRED', field: 'question' })
  const { now } = ctx.meta
  return [
    {
      type: 'CancellationInformationRequested',
      data: {
        cancellationId: c.cancellationId,
        orderId: c.orderId,
        at: now,
        agentId,
        from: cmd.from,
        question: cmd.question.trim(),
        dueAt: addDuration(
          now,
          ctx.policy.cancellation.informationRequestTime,
          ctx.policy.calendar,
        ),
      },
    },
  ]
}

export const provideInformation = (
  cmd: ProvideCancellationInformation,
  state: CancellationState,
  ctx: CancellationContext,
): CancellationDecision => {
  const { actor } = ctx.meta
  const side: CancellationSide | null =
    actor.kind === 'buyer' && actor.id === ctx.order.buyerId
      ? 'buyer'
      : actor.kind === 'seller' && actor.id === ctx.order.sellerId
        ? 'seller'
        : null
  if (side === null) return refuse({ code: 'NOT_A_PARTY', required: 'buyer' })
  if (state.status !== 'awaiting_info') {
    return refuse(
      isUnderReview(state)
        ? { code: 'NOT_ASKED_FOR_INFORMATION', from: null }
        : state.status === 'none'
          ? { code: 'CANCELLATION_NOT_FOUND' }
          : { code: 'CANCELLATION_NOT_UNDER_REVIEW', status: state.status },
    )
  }
  const asked = state.escalation.infoRequest.from
  if (asked !== side) return refuse({ code: 'NOT_ASKED_FOR_INFORMATION', from: asked })
  const evidence = cmd.evidence ?? []
  const problem = blank(cmd.text)
    ? ({ code: 'TEXT_REQUIRED', field: 'text' } as const)
    : evidenceRejection(state, evidence)
  if (problem) return refuse(problem)
  return [
    {
      type: 'CancellationInformationProvided',
      data: {
        cancellationId: state.cancellationId,
        orderId: state.orderId,
        at: ctx.meta.now,
        by: side,
        userId: actor.id as UserId,
        text: cmd.text.trim(),
        evidence,
        messageIds: cmd.messageIds ?? [],
      },
    },
  ]
}

/**
 * Whether a forced cancellation counts against the seller, and why in a
 * sentence. A seller who asked the marketplace is judged by the agent's fault
 * or, where `sellerRequestCountsBy: 'reason'`, by its reason as if it had
 * cancelled itself (`sellerFaultReasons`).
 */
export const forcedCancellationFault = (
  requestedBy: CancellationSide,
  reason: CancelReason,
  fault: Fault,
  policy: Policy,
): { readonly countsAgainstSeller: boolean; readonly reputationReason: string } => {
  if (requestedBy === 'seller' && policy.cancellation.sellerRequestCountsBy === 'reason') {
    const counts = policy.cancellation.sellerFaultReasons.some((r) => r === reason)
    return {
      countsAgainstSeller: counts,
      reputationReason: `The seller asked to cancel for '${reason}', which this policy ${counts ? 'counts' : 'does not count'} against the seller whatever the agent found.`,
    }
  }
  const counts = fault === 'seller'
  return {
    countsAgainstSeller: counts,
    reputationReason: counts
      ? 'The agent cancelled the order and found the seller at fault: it counts on the seller’s cancellation rate.'
      : `The agent cancelled the order and recorded the fault as '${fault}': it does not count against the seller.`,
  }
}

export const decide = (
  cmd: DecideCancellation,
  state: CancellationState,
  ctx: CancellationContext,
): CancellationDecision => {
  const agentId = agentOnly(ctx)
  if (agentId === null) return refuse({ code: 'NOT_A_PARTY', required: 'agent' })
  const c = underReview(state)
  if ('code' in c) return refuse(c)
  if (blank(cmd.rationale)) return refuse({ code: 'TEXT_REQUIRED', field: 'rationale' })
  const { now } = ctx.meta
  const rationale = cmd.rationale.trim()
  const common = {
    cancellationId: c.cancellationId,
    orderId: c.orderId,
    at: now,
    agentId,
    fault: cmd.fault,
    rationale,
  }
  if (cmd.outcome === 'uphold') {
    return [
      {
        type: 'CancellationDecided',
        data: {
          ...common,
          outcome: 'uphold',
          refundDue: null,
          countsAgainstSeller: false,
          reputationReason:
            'The marketplace upheld the order: the refusal does not count against the seller.',
        },
      },
    ]
  }
  // Once the order shipped (or a case opened) it cannot be cancelled: the path is a case.
  // Keeping the order stays possible, so the escalation never hangs.
  const blocker = orderBlocker(ctx)
  if (blocker) return refuse(blocker)
  const refundDue = cancellationRefundDue(
    ctx.order,
    ctx.policy.cancellation.forcedRefundDestination,
  )
  const counted = forcedCancellationFault(c.requestedBy, c.reason, cmd.fault, ctx.policy)
  return [
    { type: 'CancellationDecided', data: { ...common, outcome: 'cancel', refundDue, ...counted } },
    {
      type: 'CancellationApproved',
      data: {
        cancellationId: c.cancellationId,
        orderId: c.orderId,
        at: now,
        by: 'agent',
        refundDue,
        countsAgainstSeller: counted.countsAgainstSeller,
        faultReason: counted.reputationReason,
      },
    },
  ]
}

/** The agent SLA or an information request fired; anything not live and due is stale and does nothing. */
export const expireEscalationDeadline = (
  cmd: ExpireDeadline<CancellationDeadlineKind>,
  state: UnderReview,
  ctx: CancellationContext,
): CancellationDecision => {
  const live = activeCancellationDeadline(state)
  const { now } = ctx.meta
  if (live === null || live.kind !== cmd.kind || isBefore(now, live.dueAt)) return []
  const ids = { cancellationId: state.cancellationId, orderId: state.orderId, at: now }
  if (live.kind === 'agent_decision_sla')
    return [{ type: 'CancellationDecisionOverdue', data: { ...ids, dueAt: live.dueAt } }]
  if (live.kind === 'information_request' && state.status === 'awaiting_info') {
    return [
      {
        type: 'CancellationInformationRequestExpired',
        data: { ...ids, from: state.escalation.infoRequest.from, dueAt: live.dueAt },
      },
    ]
  }
  return []
}
