import type { Instant } from '../../policy/time.ts'
import type { CancellationId, OrderId, PolicyVersionId } from '../shared/ids.ts'
import type {
  ApprovalSource,
  CancellationEvent,
  CancellationMode,
  CancellationSide,
  CancelReason,
  RefundDue,
} from './events.ts'

/**
 * `none` → `requested` (awaiting the seller) → `approved` | `declined` |
 * `withdrawn` (the buyer took it back). The last three are final.
 */
export type CancellationStatus = 'none' | 'requested' | 'approved' | 'declined' | 'withdrawn'

interface CancellationBase {
  readonly cancellationId: CancellationId
  readonly orderId: OrderId
  readonly requestedBy: CancellationSide
  readonly reason: CancelReason
  readonly note: string | null
  readonly requestedAt: Instant
  readonly mode: CancellationMode
  /** When the seller must have answered (`policy.cancellation.sellerResponseTime`); `null` when immediate. */
  readonly respondBy: Instant | null
  /** The policy version frozen when the cancellation was requested. */
  readonly policyVersionId: PolicyVersionId
}

export type RequestedCancellation = CancellationBase & { readonly status: 'requested' }

export type ApprovedCancellation = CancellationBase & {
  readonly status: 'approved'
  readonly approvedAt: Instant
  readonly approvedBy: ApprovalSource
  readonly refundDue: RefundDue
  readonly countsAgainstSeller: boolean
  readonly faultReason: string
}

export type DeclinedCancellation = CancellationBase & {
  readonly status: 'declined'
  readonly declinedAt: Instant
  readonly declinedBy: 'seller' | 'seller_silence'
  readonly declineReason: string
}

export type WithdrawnCancellation = CancellationBase & {
  readonly status: 'withdrawn'
  readonly withdrawnAt: Instant
}

export type Cancellation =
  RequestedCancellation | ApprovedCancellation | DeclinedCancellation | WithdrawnCancellation

export type CancellationState = { readonly status: 'none' } | Cancellation

export const initialCancellationState: CancellationState = { status: 'none' }

/** Strips the status-specific fields, keeping what the request said. */
const base = (c: Cancellation): CancellationBase => ({
  cancellationId: c.cancellationId,
  orderId: c.orderId,
  requestedBy: c.requestedBy,
  reason: c.reason,
  note: c.note,
  requestedAt: c.requestedAt,
  mode: c.mode,
  respondBy: c.respondBy,
  policyVersionId: c.policyVersionId,
})

/**
 * Folds one fact into the cancellation. Total: it never throws, because it
 * replays stored history; a fact that does not apply to the current status
 * leaves the state as it is. `decide` keeps such facts out.
 */
export const evolveCancellation = (
  state: CancellationState,
  event: CancellationEvent,
): CancellationState => {
  switch (event.type) {
    case 'CancellationRequested': {
      if (state.status !== 'none') return state
      const { at, ...request } = event.data
      return { ...request, status: 'requested', requestedAt: at }
    }
    case 'CancellationApproved': {
      if (state.status !== 'requested') return state
      const { at, by, refundDue, countsAgainstSeller, faultReason } = event.data
      return {
        ...base(state),
        status: 'approved',
        approvedAt: at,
        approvedBy: by,
        refundDue,
        countsAgainstSeller,
        faultReason,
      }
    }
    case 'CancellationDeclined':
      if (state.status !== 'requested') return state
      return {
        ...base(state),
        status: 'declined',
        declinedAt: event.data.at,
        declinedBy: event.data.by,
        declineReason: event.data.reason,
      }
    case 'CancellationWithdrawn':
      if (state.status !== 'requested') return state
      return { ...base(state), status: 'withdrawn', withdrawnAt: event.data.at }
  }
}
