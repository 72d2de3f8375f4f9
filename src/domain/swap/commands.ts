import type { Fault } from '../../policy/vocabulary.ts'
import type { ExpireDeadline } from '../shared/decider.ts'
import type { SwapId } from '../shared/ids.ts'
import type { SwapDeadlineKind } from './deadline.ts'
import type { SwapLabel, SwapLegName } from './events.ts'

/** What the app bought for one leg before deciding: the label and the reference printed on it. */
export interface SwapLegLabel {
  readonly rma: string
  readonly label: SwapLabel
}

/**
 * An agent links two cases as swapped orders. The cases come in the context
 * (`SwapContext.cases`, first the case linked from); the app buys one label
 * per leg first. Repeating it with the same id does nothing.
 */
export interface LinkSwap {
  readonly type: 'LinkSwap'
  readonly swapId: SwapId
  readonly rationale: string
  /** Who mixed the parcels up; by default `swapFault` of the two cases. */
  readonly fault?: Fault
  readonly labels: { readonly a: SwapLegLabel; readonly b: SwapLegLabel }
}

/** The sender (or the carrier's first scan, through the integration) reports a leg's parcel on its way. Defaults to the label's carrier and tracking. */
export interface ShipSwapLeg {
  readonly type: 'ShipSwapLeg'
  readonly leg: SwapLegName
  readonly carrier?: string
  readonly trackingNumber?: string
}

/** The carrier (through the integration) or the receiving buyer reports a leg's parcel arrived. */
export interface MarkSwapLegDelivered {
  readonly type: 'MarkSwapLegDelivered'
  readonly leg: SwapLegName
}

export type SwapCommand =
  LinkSwap | ShipSwapLeg | MarkSwapLegDelivered | ExpireDeadline<SwapDeadlineKind>

export type SwapCommandType = SwapCommand['type']
