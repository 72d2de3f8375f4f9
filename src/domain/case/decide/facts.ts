// Events that several phases emit alike: money and follow-ups made due, lapsed offers, escalation, closing.
import { addDuration } from '../../../policy/time.ts'
import type { Funder } from '../../../policy/vocabulary.ts'
import { fold } from '../../shared/decider.ts'
import type { Minor } from '../../shared/money.ts'
import type { CaseEvent, FollowUpLines } from '../events.ts'
import { allocateRefund, reputationOnClose, returnShippingPaidBy } from '../rules.ts'
import { type Case, type CaseState, evolveCase, pendingOffer } from '../state.ts'
import type { CaseParty, CloseReason, MoneyCause } from '../vocabulary.ts'
import type { CaseContext, Events } from './context.ts'

export const followUpLines = (c: Case): FollowUpLines =>
  c.lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity }))

export const refundDue = (
  c: Case,
  ctx: CaseContext,
  refundKey: string,
  amount: Minor,
  funding: Funder,
  cause: MoneyCause,
): CaseEvent => ({
  type: 'RefundDue',
  data: {
    refundKey,
    caseId: c.caseId,
    orderId: c.orderId,
    at: ctx.meta.now,
    amount,
    currency: c.currency,
    destination: c.policy.refunds.caseRefundDestination,
    funding,
    allocation: allocateRefund(c, amount),
    cause,
  },
})

export const returnRequired = (
  c: Case,
  ctx: CaseContext,
  returnKey: string,
  refundOnCompletion: Minor,
  funding: Funder,
  cause: MoneyCause,
): CaseEvent => ({
  type: 'ReturnRequired',
  data: {
    returnKey,
    caseId: c.caseId,
    orderId: c.orderId,
    at: ctx.meta.now,
    lines: followUpLines(c),
    returnShippingPaidBy: returnShippingPaidBy(c),
    refundOnCompletion,
    currency: c.currency,
    destination: c.policy.refunds.caseRefundDestination,
    funding,
    cause,
  },
})

export const replacementRequired = (
  c: Case,
  ctx: CaseContext,
  replacementKey: string,
  funding: Funder,
  cause: MoneyCause,
): CaseEvent => ({
  type: 'ReplacementRequired',
  data: {
    replacementKey,
    caseId: c.caseId,
    orderId: c.orderId,
    at: ctx.meta.now,
    lines: followUpLines(c),
    deliverBy: addDuration(
      ctx.meta.now,
      c.policy.returns.replacementDeliveryTime,
      c.policy.calendar,
    ),
    funding,
    cause,
  },
})

/** Appends `CaseClosed` with the reputation facts of the case as the earlier events leave it. */
export const closing = (
  c: Case,
  ctx: CaseContext,
  prior: Events,
  closeReason: CloseReason,
  by: CaseParty | null,
): Events => {
  const after = fold<CaseState, CaseEvent>(evolveCase, c, prior)
  const facts = reputationOnClose(after.status === 'none' ? c : after, closeReason)
  return [...prior, { type: 'CaseClosed', data: { at: ctx.meta.now, by, closeReason, ...facts } }]
}

export const lapsePending = (
  c: Case,
  ctx: CaseContext,
  reason: 'escalated' | 'withdrawn' | 'superseded',
): Events => {
  const offer = pendingOffer(c)
  return offer === null
    ? []
    : [{ type: 'OfferLapsed', data: { offerId: offer.offerId, at: ctx.meta.now, reason } }]
}

export const escalated = (
  c: Case,
  ctx: CaseContext,
  by: CaseParty | null,
  statement: string | null,
): CaseEvent => ({
  type: 'CaseEscalated',
  data: {
    at: ctx.meta.now,
    by,
    reason:
      by === null
        ? 'seller_response_overdue'
        : by.role === 'seller'
          ? 'seller_requested'
          : 'buyer_requested',
    statement,
    decisionDueAt: addDuration(ctx.meta.now, c.policy.cases.agentDecisionSla, c.policy.calendar),
  },
})
