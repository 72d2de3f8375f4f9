// A deadline or reminder fires (the scheduler's `ExpireDeadline`).
import { isBefore, toMillis } from '../../../policy/time.ts'
import type { Deadline } from '../../shared/decider.ts'
import type { ExpireCaseDeadline } from '../commands.ts'
import { activeCaseDeadline, pendingCaseReminder } from '../deadline.ts'
import { maxRefundable } from '../rules.ts'
import { type Case, pendingOffer } from '../state.ts'
import type { CaseDeadlineKind } from '../vocabulary.ts'
import type { CaseContext, CaseDecision, Events } from './context.ts'
import { closing, escalated, refundDue } from './facts.ts'
import { endFollowUp } from './follow-up.ts'

/** A fired deadline acts only when it is the live one and due; anything else is stale and changes nothing. */
export const expireDeadline = (
  cmd: ExpireCaseDeadline,
  c: Case,
  ctx: CaseContext,
): CaseDecision => {
  const reminder = pendingCaseReminder(c)
  const live = activeCaseDeadline(c)
  const now = ctx.meta.now
  if (reminder !== null && reminder.kind === cmd.kind) {
    // A reminder fired after the deadline it announced (the scheduler was down)
    // is moot: the deadline acts instead, so the row moves on.
    const late =
      live !== null &&
      toMillis(reminder.dueAt) === toMillis(cmd.dueAt) &&
      !isBefore(now, live.dueAt)
    return late
      ? expireDeadline({ ...cmd, kind: live.kind, dueAt: live.dueAt }, c, ctx)
      : remind(cmd, c, ctx, reminder)
  }
  if (live === null || live.kind !== cmd.kind || toMillis(live.dueAt) !== toMillis(cmd.dueAt))
    return []
  if (isBefore(now, live.dueAt)) return []
  switch (live.kind) {
    case 'seller_response': {
      if (c.policy.cases.onSellerSilence === 'escalate') return [escalated(c, ctx, null, null)]
      // Amazon A-to-z style (`onSellerSilence: 'grant_buyer'`): a full refund at the seller's cost.
      const amount = maxRefundable(c, ctx.refundable)
      const refund =
        amount > 0
          ? [refundDue(c, ctx, `auto_grant:${c.caseId}`, amount, 'seller', 'auto_granted')]
          : []
      return closing(c, ctx, refund, 'auto_granted', null)
    }
    case 'seller_offer_response':
    case 'buyer_offer_response': {
      const offer = pendingOffer(c)
      return offer === null
        ? []
        : [{ type: 'OfferLapsed', data: { offerId: offer.offerId, at: now, reason: 'expired' } }]
    }
    case 'escalation_window':
      return closing(c, ctx, [], 'not_escalated', null)
    case 'agent_decision_sla':
      return [
        { type: 'CaseDecisionOverdue', data: { at: now, dueAt: live.dueAt, priority: 'breached' } },
      ]
    case 'information_request':
      return c.infoRequest === null
        ? []
        : [
            {
              type: 'InformationRequestExpired',
              data: { at: now, from: c.infoRequest.from, dueAt: live.dueAt },
            },
          ]
    case 'appeal_window': {
      if (c.decision === null) return []
      const final: Events = [
        { type: 'DecisionBecameFinal', data: { at: now, decisionId: c.decision.decisionId } },
      ]
      if (c.followUp !== null && c.followUp.status === 'running') return final
      return closing(
        c,
        ctx,
        final,
        c.followUp?.status === 'not_shipped' ? 'return_not_shipped' : 'decided',
        null,
      )
    }
    case 'replacement_delivery':
      return endFollowUp('NoteReplacementFailed', c, ctx)
    case 'seller_response_reminder':
    case 'offer_expiry_reminder':
      // Reminders are handled above while pending; once sent they are stale.
      return []
  }
}

/** A reminder fires once, when it is the pending one and due; the deadline it announces is untouched. */
const remind = (
  cmd: ExpireCaseDeadline,
  c: Case,
  ctx: CaseContext,
  reminder: Deadline<CaseDeadlineKind>,
): CaseDecision => {
  const now = ctx.meta.now
  if (toMillis(reminder.dueAt) !== toMillis(cmd.dueAt) || isBefore(now, reminder.dueAt)) return []
  const offer = pendingOffer(c)
  if (reminder.kind === 'offer_expiry_reminder' && offer !== null) {
    const to = offer.by === 'buyer' ? 'seller' : 'buyer'
    return [
      {
        type: 'OfferExpiryReminderDue',
        data: { at: now, offerId: offer.offerId, to, respondBy: offer.respondBy },
      },
    ]
  }
  return [{ type: 'SellerResponseReminderDue', data: { at: now, respondBy: c.sellerRespondBy } }]
}
