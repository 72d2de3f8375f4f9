import type { Instant } from '../../policy/time.ts'
import type { Fault } from '../../policy/vocabulary.ts'
import type { CaseId, SwapId, UserId } from '../shared/ids.ts'
import type { SwapEvent, SwapLegName, SwapLegTerms } from './events.ts'

/**
 * Where a swap stands; the moves are the table in `transitions.ts`.
 *
 * - `linked`: the labels are issued; waiting for both parcels to be shipped
 *   (deadline `leg_ship_by`) and delivered.
 * - `completed`: both parcels were delivered; both cases closed.
 * - `failed`: a sender missed the ship-by date; both cases went back to the agents.
 */
export type SwapStatus = 'none' | 'linked' | 'completed' | 'failed'

/** Where one parcel stands (`swapLegTransitions`). A carrier may report delivery without an earlier scan. */
export type SwapLegStatus = 'label_issued' | 'in_transit' | 'delivered'

export interface SwapShipment {
  readonly carrier: string
  readonly trackingNumber: string
  readonly shippedAt: Instant
  readonly late: boolean
}

export interface SwapLeg extends SwapLegTerms {
  readonly status: SwapLegStatus
  readonly shipment: SwapShipment | null
  readonly deliveredAt: Instant | null
}

export interface Swap {
  readonly status: Exclude<SwapStatus, 'none'>
  readonly swapId: SwapId
  readonly agentId: UserId
  readonly rationale: string
  readonly fault: Fault
  readonly linkedAt: Instant
  readonly legs: readonly [SwapLeg, SwapLeg]
  readonly completedAt: Instant | null
  readonly failedAt: Instant | null
  /** The legs whose sender missed the ship-by date. */
  readonly failedLegs: readonly SwapLegName[]
}

export type SwapState = { readonly status: 'none' } | Swap

export const initialSwapState: SwapState = { status: 'none' }

export const legOf = (s: Swap, leg: SwapLegName): SwapLeg => (leg === 'a' ? s.legs[0] : s.legs[1])

/** The two cases a swap links, first the one the agent linked from. */
export const swapCaseIds = (s: Swap): readonly [CaseId, CaseId] => [
  s.legs[0].caseId,
  s.legs[1].caseId,
]

const withLeg = (
  s: Swap,
  leg: SwapLegName,
  change: (l: SwapLeg) => SwapLeg,
): readonly [SwapLeg, SwapLeg] =>
  leg === 'a' ? [change(s.legs[0]), s.legs[1]] : [s.legs[0], change(s.legs[1])]

const newLeg = (terms: SwapLegTerms): SwapLeg => ({
  ...terms,
  status: 'label_issued',
  shipment: null,
  deliveredAt: null,
})

/** Folds one fact into the swap. Total: a fact that does not apply to the state leaves it as it is. */
export const evolveSwap = (state: SwapState, event: SwapEvent): SwapState => {
  if (event.type === 'SwapLinked') {
    if (state.status !== 'none') return state
    const d = event.data
    return {
      status: 'linked',
      swapId: d.swapId,
      agentId: d.agentId,
      rationale: d.rationale,
      fault: d.fault,
      linkedAt: d.at,
      legs: [newLeg(d.legs[0]), newLeg(d.legs[1])],
      completedAt: null,
      failedAt: null,
      failedLegs: [],
    }
  }
  if (state.status === 'none') return state
  switch (event.type) {
    case 'SwapLegShipped': {
      const d = event.data
      if (legOf(state, d.leg).status !== 'label_issued') return state
      return {
        ...state,
        legs: withLeg(state, d.leg, (l) => ({
          ...l,
          status: 'in_transit',
          shipment: {
            carrier: d.carrier,
            trackingNumber: d.trackingNumber,
            shippedAt: d.at,
            late: d.late,
          },
        })),
      }
    }
    case 'SwapLegDelivered': {
      const d = event.data
      if (legOf(state, d.leg).status === 'delivered') return state
      return {
        ...state,
        legs: withLeg(state, d.leg, (l) => ({ ...l, status: 'delivered', deliveredAt: d.at })),
      }
    }
    case 'SwapCompleted':
      if (state.status !== 'linked') return state
      return { ...state, status: 'completed', completedAt: event.data.at }
    case 'SwapFailed':
      if (state.status !== 'linked') return state
      return {
        ...state,
        status: 'failed',
        failedAt: event.data.at,
        failedLegs: event.data.legs,
      }
  }
}
