import type { Deadline } from '../shared/decider.ts'
import { isBefore } from '../../policy/time.ts'
import type { SwapState } from './state.ts'

/**
 * The deadlines a swap waits for; at most one is live.
 *
 * - `leg_ship_by`: the earliest ship-by of a leg not yet shipped
 *   (`policy.returns.buyerShipBy` of its sender's case). When it passes
 *   unshipped, the swap fails and both cases go back to the agents.
 */
export type SwapDeadlineKind = 'leg_ship_by'

/** The one live deadline, from the ship-by dates fixed on the legs. */
export const activeSwapDeadline = (state: SwapState): Deadline<SwapDeadlineKind> | null => {
  if (state.status !== 'linked') return null
  const waiting = state.legs.filter((l) => l.status === 'label_issued')
  const first = waiting.reduce<(typeof waiting)[number] | null>(
    (soonest, l) => (soonest === null || isBefore(l.shipBy, soonest.shipBy) ? l : soonest),
    null,
  )
  return first === null ? null : { kind: 'leg_ship_by', dueAt: first.shipBy }
}
