import type { Policy } from '../../policy/types.ts'
import { describeDuration, isAtOrAfter } from '../../policy/time.ts'
import type { ExpireDeadline } from '../shared/decider.ts'
import type { CancellationId } from '../shared/ids.ts'
import type {
  ApproveCancellation,
  AskMarketplaceToCancel,
  CancelBySeller,
  CancellationCommand,
  DeclineCancellation,
  RequestCancellation,
  WithdrawCancellation,
} from './commands.ts'
import { type CancellationContext, type CancellationDecision, refuse } from './context.ts'
import {
  decide,
  escalate,
  escalatedEvent,
  expireEscalationDeadline,
  provideInformation,
  requestInformation,
  submissionRejection,
} from './escalate.ts'
import { cancellationRefundDue } from './refund.ts'
import type { CancellationDeadlineKind } from './deadline.ts'
import { activeCancellationDeadline, sellerResponseDueAt } from './deadline.ts'
import {
  cancelReasonsFor,
  cancellationEligibility,
  eligibilityRefusalFor,
  isCancelReasonFor,
} from './eligibility.ts'
import type { ApprovalSource, CancellationEvent, CancellationSide, CancelReason } from './events.ts'
import type { CancellationRejection } from './rejections.ts'
import { explainCancellationRejection } from './rejections.ts'
import { type CancellationState, isUnderReview, type RequestedCancellation } from './state.ts'

export type { CancellationContext, CancellationDecision } from './context.ts'

/** Whether the cancellation counts against the seller's cancellation rate, and why, in a sentence. */
const fault = (
  requestedBy: CancellationSide,
  reason: CancelReason,
  policy: Policy,
): { countsAgainstSeller: boolean; faultReason: string } => {
  if (requestedBy === 'seller') {
    // policy.cancellation.sellerFaultReasons: out of stock is a seller defect on every marketplace.
    const counts = policy.cancellation.sellerFaultReasons.some((r) => r === reason)
    return {
      countsAgainstSeller: counts,
      faultReason: `The seller cancelled for '${reason}', which this policy ${counts ? 'counts' : 'does not count'} against the seller.`,
    }
  }
  if (reason === 'seller_not_shipped') {
    const after = policy.cancellation.buyerRightAfterUnshipped
    return {
      countsAgainstSeller: true,
      faultReason: `The seller did not ship${after === null ? '' : ` within ${describeDuration(after)}`} of the purchase.`,
    }
  }
  return { countsAgainstSeller: false, faultReason: `The buyer asked to cancel ('${reason}').` }
}

const approved = (
  c: {
    readonly cancellationId: CancellationId
    readonly requestedBy: CancellationSide
    readonly reason: CancelReason
  },
  by: ApprovalSource,
  ctx: CancellationContext,
): CancellationEvent => ({
  type: 'CancellationApproved',
  data: {
    cancellationId: c.cancellationId,
    orderId: ctx.order.orderId,
    at: ctx.meta.now,
    by,
    refundDue: cancellationRefundDue(ctx.order, ctx.policy.cancellation.refundDestination),
    ...fault(c.requestedBy, c.reason, ctx.policy),
  },
})

const onlyParty = (
  side: CancellationSide,
  ctx: CancellationContext,
): CancellationDecision | null => {
  const { actor } = ctx.meta
  const partyId = side === 'buyer' ? ctx.order.buyerId : ctx.order.sellerId
  return actor.kind === side && actor.id === partyId
    ? null
    : refuse({ code: 'NOT_A_PARTY', required: side })
}

const noteOf = (note: string | undefined): string | null => {
  const trimmed = note?.trim() ?? ''
  return trimmed === '' ? null : trimmed
}

const request = (
  c: RequestCancellation | CancelBySeller | AskMarketplaceToCancel,
  side: CancellationSide,
  state: CancellationState,
  ctx: CancellationContext,
): CancellationDecision => {
  const notParty = onlyParty(side, ctx)
  if (notParty) return notParty
  if (state.status !== 'none')
    return refuse({ code: 'CANCELLATION_EXISTS', cancellationId: state.cancellationId })
  if (!isCancelReasonFor(side, c.reason)) {
    return refuse({
      code: 'REASON_NOT_ALLOWED_FOR_SIDE',
      reason: c.reason,
      side,
      allowed: cancelReasonsFor(side),
    })
  }
  const reason = c.reason
  const { now } = ctx.meta
  const eligibility = cancellationEligibility(
    ctx.order,
    ctx.policy,
    now,
    side,
    ctx.openCancellationId,
  )
  const refusal = eligibilityRefusalFor(eligibility, reason)
  if (refusal) return refuse(refusal)
  if (c.type === 'AskMarketplaceToCancel') {
    const problem = submissionRejection(null, c)
    if (problem) return refuse(problem)
    return [
      {
        type: 'CancellationRequested',
        data: {
          cancellationId: c.cancellationId,
          orderId: ctx.order.orderId,
          requestedBy: side,
          reason,
          note: null,
          at: now,
          mode: 'marketplace',
          respondBy: null,
          policyVersionId: c.policyVersionId,
        },
      },
      escalatedEvent(c, side, ctx.order.sellerId, c, ctx),
    ]
  }
  const mode = eligibility.reasonModes[reason] ?? 'seller_approval'
  const requested: CancellationEvent = {
    type: 'CancellationRequested',
    data: {
      cancellationId: c.cancellationId,
      orderId: ctx.order.orderId,
      requestedBy: side,
      reason,
      note: noteOf(c.note),
      at: now,
      mode,
      respondBy: mode === 'seller_approval' ? sellerResponseDueAt(now, ctx.policy) : null,
      policyVersionId: c.policyVersionId,
    },
  }
  if (mode === 'seller_approval') return [requested]
  const by: ApprovalSource =
    side === 'seller' ? 'seller' : reason === 'seller_not_shipped' ? 'buyer_right' : 'policy_window'
  return [
    requested,
    approved({ cancellationId: c.cancellationId, requestedBy: side, reason }, by, ctx),
  ]
}

const pending = (state: CancellationState): RequestedCancellation | CancellationRejection =>
  state.status === 'requested'
    ? state
    : state.status === 'none'
      ? { code: 'CANCELLATION_NOT_FOUND' }
      : { code: 'CANCELLATION_NOT_PENDING', status: state.status }

/** What keeps the order from being cancelled now (it shipped, a case opened), or `null`. */
const orderBlocker = (ctx: CancellationContext): CancellationRejection | null =>
  cancellationEligibility(ctx.order, ctx.policy, ctx.meta.now, 'seller').failures[0] ?? null

const approve = (
  _c: ApproveCancellation,
  state: CancellationState,
  ctx: CancellationContext,
): CancellationDecision => {
  const refused = onlyParty('seller', ctx)
  if (refused) return refused
  const c = pending(state)
  if ('code' in c) return refuse(c)
  const blocker = orderBlocker(ctx)
  if (blocker) return refuse(blocker)
  return [approved(c, 'seller', ctx)]
}

const decline = (
  cmd: DeclineCancellation,
  state: CancellationState,
  ctx: CancellationContext,
): CancellationDecision => {
  const refused = onlyParty('seller', ctx)
  if (refused) return refused
  const c = pending(state)
  if ('code' in c) return refuse(c)
  const reason = cmd.reason.trim()
  if (reason === '') return refuse({ code: 'DECLINE_REASON_REQUIRED' })
  return [
    {
      type: 'CancellationDeclined',
      data: {
        cancellationId: c.cancellationId,
        orderId: c.orderId,
        at: ctx.meta.now,
        by: 'seller',
        reason,
      },
    },
  ]
}

const withdraw = (
  _c: WithdrawCancellation,
  state: CancellationState,
  ctx: CancellationContext,
): CancellationDecision => {
  const refused = onlyParty('buyer', ctx)
  if (refused) return refused
  const c = pending(state)
  if ('code' in c) return refuse(c)
  return [
    {
      type: 'CancellationWithdrawn',
      data: { cancellationId: c.cancellationId, orderId: c.orderId, at: ctx.meta.now },
    },
  ]
}

/**
 * The seller let `sellerResponseTime` pass: `policy.cancellation.onSellerSilence`
 * approves or declines. Approval still needs a cancellable order; if it shipped
 * meanwhile, silence declines. A stale or early deadline is a no-op.
 */
const expireDeadline = (
  cmd: ExpireDeadline<CancellationDeadlineKind>,
  state: CancellationState,
  ctx: CancellationContext,
): CancellationDecision => {
  if (isUnderReview(state)) return expireEscalationDeadline(cmd, state, ctx)
  const live = activeCancellationDeadline(state)
  const { now } = ctx.meta
  if (
    state.status !== 'requested' ||
    live === null ||
    live.kind !== cmd.kind ||
    !isAtOrAfter(now, live.dueAt)
  ) {
    return []
  }
  const silence = `The seller did not answer by ${live.dueAt}.`
  const blocker = orderBlocker(ctx)
  if (ctx.policy.cancellation.onSellerSilence === 'approve' && blocker === null) {
    return [approved(state, 'seller_silence', ctx)]
  }
  const reason = blocker === null ? silence : `${silence} ${explainCancellationRejection(blocker)}`
  return [
    {
      type: 'CancellationDeclined',
      data: {
        cancellationId: state.cancellationId,
        orderId: state.orderId,
        at: now,
        by: 'seller_silence',
        reason,
      },
    },
  ]
}

/** Turns a cancellation command into facts, or a refusal with its data. Pure: time, policy and the order come in the context. */
export const decideCancellation = (
  command: CancellationCommand,
  state: CancellationState,
  ctx: CancellationContext,
): CancellationDecision => {
  if (state.status !== 'none' && state.orderId !== ctx.order.orderId) {
    throw new Error(
      `cancellation ${state.cancellationId} belongs to order ${state.orderId}, not ${ctx.order.orderId}`,
    )
  }
  switch (command.type) {
    case 'RequestCancellation':
      return request(command, 'buyer', state, ctx)
    case 'CancelBySeller':
      return request(command, 'seller', state, ctx)
    case 'ApproveCancellation':
      return approve(command, state, ctx)
    case 'DeclineCancellation':
      return decline(command, state, ctx)
    case 'WithdrawCancellation':
      return withdraw(command, state, ctx)
    case 'EscalateCancellation':
      return escalate(command, state, ctx)
    case 'AskMarketplaceToCancel':
      return request(command, 'seller', state, ctx)
    case 'RequestCancellationInformation':
      return requestInformation(command, state, ctx)
    case 'ProvideCancellationInformation':
      return provideInformation(command, state, ctx)
    case 'DecideCancellation':
      return decide(command, state, ctx)
    case 'ExpireDeadline':
      return expireDeadline(command, state, ctx)
  }
}
