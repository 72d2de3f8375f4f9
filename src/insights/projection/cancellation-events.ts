// Cancellation events: who asked, and whether the cancellation counts against the seller.
import type { CancellationEvent } from '../../domain/cancellation/events.ts'
import type { Effects } from './effects.ts'
import { orderFactKeys, type ProjectionInput } from './rows.ts'

/** Buyer cancellations that are the buyer's own choice (the right after an unshipped order is not). */
const isBuyerRemorseCancellation = (requestedBy: string | null, reason: string | null): boolean =>
  requestedBy === 'buyer' && reason !== 'seller_not_shipped'

export const projectCancellation = (input: ProjectionInput, fx: Effects): void => {
  let row = input.order
  if (row === null) return
  for (const event of input.events as readonly CancellationEvent[]) {
    switch (event.type) {
      case 'CancellationRequested': {
        const d = event.data
        row = { ...row, cancelRequestedBy: d.requestedBy, cancelReason: d.reason }
        if (isBuyerRemorseCancellation(d.requestedBy, d.reason))
          fx.buyer(row.buyerId, d.at, { cancelRequests: 1 })
        break
      }
      case 'CancellationApproved': {
        const d = event.data
        const by = row.cancelRequestedBy
        const reason = row.cancelReason ?? 'unknown'
        fx.seller(row.sellerId, d.at, {
          cancellations: 1,
          cancellationsSellerFault: d.countsAgainstSeller ? 1 : 0,
        })
        const base = {
          ...orderFactKeys(row),
          cancellationId: d.cancellationId,
          at: d.at,
        }
        // Counted cancellations are filed by their own reason (out_of_stock,
        // seller_not_shipped); excluded ones by why they do not count.
        fx.fact({
          ...base,
          metric: 'cancellation',
          counted: d.countsAgainstSeller,
          reason: d.countsAgainstSeller
            ? reason
            : by === 'buyer'
              ? 'buyer_remorse'
              : 'not_seller_fault',
          detail: d.faultReason,
        })
        if (isBuyerRemorseCancellation(by, reason)) {
          fx.buyer(row.buyerId, d.at, { cancellations: 1 })
          fx.fact({ ...base, metric: 'buyer_cancellation', counted: true, reason })
        }
        break
      }
      // inertEvents: nothing to project. An escalation's decision to cancel is
      // counted through the CancellationApproved it emits; its other steps
      // move no scorecard number.
      case 'CancellationDeclined':
      case 'CancellationWithdrawn':
      case 'CancellationEscalated':
      case 'CancellationInformationRequested':
      case 'CancellationInformationProvided':
      case 'CancellationInformationRequestExpired':
      case 'CancellationDecisionOverdue':
      case 'CancellationDecided':
        break
    }
  }
  if (row !== input.order) fx.order = row
}
