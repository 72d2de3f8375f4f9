/**
 * The insights projector, pure: a command's new events (and the projector's
 * own rows for the order and case they concern) in, the rollup increments,
 * rows and facts to write out. `store.ts` applies them in the command's
 * transaction; `memory.ts` applies them to maps (simulation, property tests).
 * Counters are filed under the UTC day the fact happened on: orders on the
 * purchase day, shipments on the ship day, cases on the day they close (only
 * then is it known whether they count against the seller).
 *
 * This file assembles the projector; under `projection/` each source of
 * events has its file (`order-events.ts`, `cancellation-events.ts`,
 * `case-events.ts`), beside the counters, the rows and `Effects`.
 */
import { projectCancellation } from './projection/cancellation-events.ts'
import { projectCase } from './projection/case-events.ts'
import { Effects } from './projection/effects.ts'
import { projectOrder } from './projection/order-events.ts'
import type { ProjectionInput } from './projection/rows.ts'

export * from './projection/counters.ts'
export { Effects, MARKETPLACE, sellerFactMetrics } from './projection/effects.ts'
export type {
  CaseRow,
  EvidenceFact,
  Fact,
  OrderLineFacts,
  OrderRow,
  ProjectionInput,
} from './projection/rows.ts'

/** Rows a marketplace-wide counter is split over (schema-insights.ts `stripe`). */
const COUNTER_STRIPES = 16

/** The stripe a stream's commands bump shared counters in: a hash of its id, so replays agree. */
const stripeOf = (streamId: string): number => {
  let h = 0
  for (let i = 0; i < streamId.length; i++) h = (h * 31 + streamId.charCodeAt(i)) | 0
  return (h >>> 0) % COUNTER_STRIPES
}

/**
 * Events that change no insights read model. A command made only of these
 * (a reminder, an offer declined, a message) skips the projector and the
 * row reads it would need: the scheduler fires many of them.
 */
export const inertEvents: ReadonlySet<string> = new Set([
  'OrderAccepted',
  'ShipByReminderDue',
  'BuyerCancelRightOpened',
  'ShipmentLate',
  'DeliveryLate',
  'OrderCaseOpened',
  'OrderCaseClosed',
  'CancellationDeclined',
  'CancellationWithdrawn',
  'CancellationEscalated',
  'CancellationInformationRequested',
  'CancellationInformationProvided',
  'CancellationInformationRequestExpired',
  'CancellationDecisionOverdue',
  'CancellationDecided',
  'OfferAccepted',
  'OfferDeclined',
  'OfferLapsed',
  'CaseMessagePosted',
  'CaseAssigned',
  'InformationRequested',
  'InformationRequestExpired',
  'CaseDecisionOverdue',
  'DecisionBecameFinal',
  'CaseSwapLinked',
  'SellerResponseReminderDue',
  'OfferExpiryReminderDue',
  'ReplacementRequired',
  'FollowUpCancelled',
  'SellerReimbursementDue',
])

/** Which of its own rows the projector needs for these events: the order's, the case's. */
export const rowsNeeded = (
  streamType: string,
  streamId: string,
  events: ProjectionInput['events'],
): { orderId: string | null; caseId: string | null } => {
  if (streamType === 'order') return { orderId: streamId, caseId: null }
  if (streamType === 'case') {
    const opened = events.find((e) => e.type === 'CaseOpened')?.data as
      { readonly orderId?: unknown } | undefined
    return {
      orderId: typeof opened?.orderId === 'string' ? opened.orderId : null,
      caseId: streamId,
    }
  }
  if (streamType === 'cancellation') {
    const data = events[0]?.data as { readonly orderId?: unknown } | undefined
    return { orderId: typeof data?.orderId === 'string' ? data.orderId : null, caseId: null }
  }
  return { orderId: null, caseId: null }
}

/** What a command's events on one stream change in the insights read models. */
export const projectEvents = (input: ProjectionInput): Effects => {
  const fx = new Effects(stripeOf(input.streamId))
  switch (input.streamType) {
    case 'order':
      projectOrder(input, fx)
      break
    case 'cancellation':
      projectCancellation(input, fx)
      break
    case 'case':
      projectCase(input, fx)
      break
    default:
      // Returns, ledgers and conversations tell insights nothing yet; their
      // reputation-relevant outcomes reach the case (ReturnRequired, FollowUpEnded).
      break
  }
  return fx
}
