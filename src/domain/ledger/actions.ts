import type { Actor } from '../shared/actor.ts'
import type { RefundId } from '../shared/ids.ts'
import type { LedgerState, RefundRecord } from './state.ts'

export type RefundActionName = 'confirm' | 'retry' | 'switch_to_credit'

/**
 * What `actor` may do on one refund now, as the decider would allow it: the
 * integration confirms a pending card refund; an agent or admin retries a
 * failed one or pays it as credit.
 */
export const availableRefundActions = (
  state: LedgerState,
  refundId: RefundId,
  actor: Actor,
): RefundActionName[] => {
  if (state.status === 'none') return []
  const r = state.refunds[refundId]
  if (r === undefined || r.toCard === 0) return []
  switch (actor.kind) {
    case 'integration':
      return r.status === 'pending' ? ['confirm'] : []
    case 'agent':
    case 'admin':
      return r.status === 'failed' ? ['retry', 'switch_to_credit'] : []
    case 'buyer':
    case 'seller':
    case 'system':
      return []
  }
}

/** Card refunds that failed and are still owed: what the agents' console lists for action. */
export const failedRefunds = (state: LedgerState): RefundRecord[] =>
  state.status === 'none' ? [] : Object.values(state.refunds).filter((r) => r.status === 'failed')

/** Card refunds waiting for the payment provider: the documented pull endpoint of pending refunds. */
export const pendingRefunds = (state: LedgerState): RefundRecord[] =>
  state.status === 'none' ? [] : Object.values(state.refunds).filter((r) => r.status === 'pending')
