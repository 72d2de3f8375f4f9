import type { Policy } from '../../policy/types.ts'
import { addDuration, type Instant } from '../../policy/time.ts'
import type { Deadline } from '../shared/decider.ts'
import type { CancellationState } from './state.ts'

/** `seller_response`: the seller did not answer a buyer's request in time; `policy.cancellation.onSellerSilence` applies. */
export type CancellationDeadlineKind = 'seller_response'

/** When the seller must have answered a request made at `requestedAt`. */
export const sellerResponseDueAt = (requestedAt: Instant, policy: Policy): Instant =>
  addDuration(requestedAt, policy.cancellation.sellerResponseTime, policy.calendar)

/**
 * The one live deadline: the seller's answer to a pending request. The due
 * time was fixed on the request (`respondBy`) under the frozen policy.
 */
export const activeCancellationDeadline = (
  state: CancellationState,
): Deadline<CancellationDeadlineKind> | null =>
  state.status === 'requested' && state.respondBy !== null
    ? { kind: 'seller_response', dueAt: state.respondBy }
    : null
