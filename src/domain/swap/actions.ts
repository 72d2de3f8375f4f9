import type { Instant } from '../../policy/time.ts'
import { isBefore } from '../../policy/time.ts'
import type { Actor } from '../shared/actor.ts'
import type { SwapLegName } from './events.ts'
import type { SwapState } from './state.ts'

export type SwapActionName = 'download_label' | 'ship' | 'mark_delivered'

/** A button the caller may press now on one leg of a swap, and when the chance runs out. */
export interface SwapAction {
  readonly action: SwapActionName
  readonly leg: SwapLegName
  readonly dueAt?: Instant
}

/**
 * What `actor` may do on this swap now, as the decider would allow it: the
 * sender of a leg downloads its label and reports it shipped; the buyer it
 * goes to (or the carrier through the integration) reports it delivered.
 * Agents download labels to help a buyer. Given `now`, a ship action whose
 * date has passed (but whose deadline has not yet fired) is left out.
 */
export const availableSwapActions = (
  state: SwapState,
  actor: Actor,
  now?: Instant,
): SwapAction[] => {
  if (state.status === 'none') return []
  const actions: SwapAction[] = []
  const linked = state.status === 'linked'
  for (const l of state.legs) {
    const { leg } = l
    const shippable = linked && l.status === 'label_issued'
    const ship: SwapAction = { action: 'ship', leg, dueAt: l.shipBy }
    const deliverable =
      l.status !== 'delivered' &&
      (linked || (state.status === 'failed' && l.status === 'in_transit'))
    switch (actor.kind) {
      case 'buyer':
        if (actor.id === l.fromBuyerId) {
          if (l.status !== 'delivered') actions.push({ action: 'download_label', leg })
          if (shippable) actions.push(ship)
        }
        if (actor.id === l.toBuyerId && deliverable && l.status === 'in_transit')
          actions.push({ action: 'mark_delivered', leg })
        break
      case 'integration':
      case 'admin':
        if (shippable) actions.push(ship)
        if (deliverable) actions.push({ action: 'mark_delivered', leg })
        if (actor.kind === 'admin') actions.push({ action: 'download_label', leg })
        break
      case 'agent':
        actions.push({ action: 'download_label', leg })
        break
      case 'seller':
      case 'system':
        break
    }
  }
  return actions.filter((a) => now === undefined || a.dueAt === undefined || isBefore(now, a.dueAt))
}
