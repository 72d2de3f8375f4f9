import type { Policy } from '../../policy/types.ts'
import type { Instant } from '../../policy/time.ts'
import type { Actor } from '../shared/actor.ts'
import type { Order } from '../order/state.ts'
import { cancellationEligibility } from './eligibility.ts'
import type { CancellationState } from './state.ts'

export type CancellationActionName = 'approve' | 'decline' | 'withdraw'

/** A button the caller may press now on a cancellation, and when the chance runs out. */
export interface CancellationAction {
  readonly action: CancellationActionName
  readonly dueAt?: Instant
}

/**
 * What `actor` may do on this cancellation now, as the decider would allow
 * it. Starting a cancellation is an order action (`availableOrderActions`).
 */
export const availableCancellationActions = (
  state: CancellationState,
  actor: Actor,
  order: Order,
  policy: Policy,
  now: Instant,
): CancellationAction[] => {
  if (state.status !== 'requested') return []
  const due = state.respondBy === null ? {} : { dueAt: state.respondBy }
  if (actor.kind === 'seller' && actor.id === order.sellerId) {
    // Approving needs an order that can still be cancelled (not shipped, no case open).
    const approvable = cancellationEligibility(order, policy, now, 'seller').failures.length === 0
    return approvable
      ? [
          { action: 'approve', ...due },
          { action: 'decline', ...due },
        ]
      : [{ action: 'decline', ...due }]
  }
  if (actor.kind === 'buyer' && actor.id === order.buyerId) return [{ action: 'withdraw' }]
  return []
}
