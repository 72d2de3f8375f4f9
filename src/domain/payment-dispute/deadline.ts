import { type BusinessCalendar, type Duration, subtractDuration } from '../../policy/time.ts'
import type { Deadline } from '../shared/decider.ts'
import type { PaymentDisputeState } from './state.ts'

/** `evidence_reminder`: the evidence deadline is near and the dispute still needs a response. */
export type PaymentDisputeDeadlineKind = 'evidence_reminder'

/**
 * The dispute's one live deadline: the evidence reminder,
 * `reminderBefore` (`refunds.disputeEvidenceReminderBefore`) ahead of
 * `evidenceDueBy`, while the dispute needs a response and was not reminded
 * for this deadline yet. A deadline already nearer fires at once.
 */
export const activePaymentDisputeDeadline = (
  state: PaymentDisputeState,
  reminderBefore: Duration,
  calendar: BusinessCalendar,
): Deadline<PaymentDisputeDeadlineKind> | null => {
  if (state.status !== 'needs_response' || state.evidenceDueBy === null) return null
  if (state.remindedFor === state.evidenceDueBy) return null
  return {
    kind: 'evidence_reminder',
    dueAt: subtractDuration(state.evidenceDueBy, reminderBefore, calendar),
  }
}
