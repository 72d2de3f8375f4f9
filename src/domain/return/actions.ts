import type { Instant } from '../../policy/time.ts'
import { isBefore } from '../../policy/time.ts'
import type { Actor } from '../shared/actor.ts'
import type { ReturnState } from './state.ts'

export type ReturnActionName =
  | 'download_label'
  | 'ship'
  | 'mark_delivered'
  | 'inspect'
  | 'dispute_inspection'
  | 'resolve_dispute'

/** A button the caller may press now on a return, and when the chance runs out. */
export interface ReturnAction {
  readonly action: ReturnActionName
  readonly dueAt?: Instant
}

const withDue = (action: ReturnActionName, dueAt: Instant | null): ReturnAction =>
  dueAt === null ? { action } : { action, dueAt }

/**
 * What `actor` may do on this return now, as the decider would allow it: the
 * domain, not the UI, says which buttons exist. Given `now`, an action whose
 * deadline has passed (but not yet fired) is left out.
 */
export const availableReturnActions = (
  state: ReturnState,
  actor: Actor,
  now?: Instant,
): ReturnAction[] => {
  if (state.status === 'none') return []
  const open = (a: ReturnAction): boolean =>
    now === undefined || a.dueAt === undefined || isBefore(now, a.dueAt)
  const actions: ReturnAction[] = []
  switch (actor.kind) {
    case 'buyer':
      if (actor.id !== state.buyerId) return []
      if (state.status === 'label_issued') {
        actions.push({ action: 'download_label' }, withDue('ship', state.shipBy))
      }
      if (state.status === 'in_transit') actions.push({ action: 'download_label' })
      if (state.status === 'refunded' && state.disputeBy !== null) {
        actions.push(withDue('dispute_inspection', state.disputeBy))
      }
      break
    case 'seller':
      if (actor.id !== state.sellerId) return []
      if (state.status === 'label_issued' || state.status === 'in_transit') {
        actions.push({ action: 'mark_delivered' })
      }
      if (state.status === 'delivered_to_seller') actions.push(withDue('inspect', state.inspectBy))
      break
    case 'integration':
      if (state.status === 'label_issued') actions.push(withDue('ship', state.shipBy))
      if (state.status === 'label_issued' || state.status === 'in_transit') {
        actions.push({ action: 'mark_delivered' })
      }
      break
    case 'agent':
    case 'admin':
      if (state.status === 'inspection_disputed') actions.push({ action: 'resolve_dispute' })
      break
    case 'system':
      break
  }
  return actions.filter(open)
}
