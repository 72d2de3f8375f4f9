import type { CaseReason } from '../../policy/vocabulary.ts'
import type { ActorKind } from '../shared/actor.ts'
import type { CaseId, SwapId } from '../shared/ids.ts'
import type { SwapLegName, SwapLegTerms } from './events.ts'
import type { SwapLegStatus, SwapStatus } from './state.ts'

/** Why the swap decider refused a command: a stable code and the data to act on it. */
export type SwapRejection =
  | { readonly code: 'SWAP_NOT_FOUND' }
  | { readonly code: 'SWAP_EXISTS'; readonly swapId: SwapId }
  | {
      readonly code: 'ACTOR_NOT_ALLOWED'
      readonly actorKind: ActorKind
      readonly allowed: readonly ActorKind[]
    }
  /** The caller is not a buyer of this swap (the API answers 404). */
  | { readonly code: 'NOT_A_PARTY'; readonly required: 'sender' | 'recipient' }
  /** A case cannot be swapped with itself. */
  | { readonly code: 'SWAP_SAME_CASE'; readonly caseId: CaseId }
  /** Both cases are on the same order: nothing was swapped between orders. */
  | { readonly code: 'SWAP_SAME_ORDER'; readonly orderId: string }
  /** Both cases are the same buyer's: the items are already with the person who bought them. */
  | { readonly code: 'SWAP_SAME_BUYER'; readonly buyerId: string }
  /** The case is not one an agent holds for a decision (it must be `escalated`). */
  | {
      readonly code: 'CASE_NOT_SWAPPABLE'
      readonly caseId: CaseId
      readonly status: string
      readonly allowed: readonly string[]
    }
  /** Only a buyer who received something other than what they bought can be in a swap. */
  | {
      readonly code: 'SWAP_REASON_NOT_ALLOWED'
      readonly caseId: CaseId
      readonly reason: CaseReason
      readonly allowed: readonly CaseReason[]
    }
  /** A case is in one swap at most, even after that swap failed. */
  | { readonly code: 'CASE_ALREADY_SWAPPED'; readonly caseId: CaseId; readonly swapId: string }
  | { readonly code: 'INVALID_SWAP'; readonly field: string; readonly problem: string }
  | { readonly code: 'RATIONALE_REQUIRED' }
  | {
      readonly code: 'SWAP_STATUS_CONFLICT'
      readonly status: SwapStatus
      readonly allowed: readonly SwapStatus[]
    }
  | {
      readonly code: 'SWAP_LEG_STATUS_CONFLICT'
      readonly leg: SwapLegName
      readonly status: SwapLegStatus
      readonly allowed: readonly SwapLegStatus[]
    }

export type SwapRejectionCode = SwapRejection['code']

/** The refusals about one case, which the case decider shares (`JoinSwap`). */
export type SwapCaseRejection = Extract<
  SwapRejection,
  { readonly code: 'CASE_ALREADY_SWAPPED' | 'CASE_NOT_SWAPPABLE' | 'SWAP_REASON_NOT_ALLOWED' }
>

/** One sentence an agent, buyer or integrator can act on. Tests assert on codes, not on these. */
export const explainSwapRejection = (r: SwapRejection): string => {
  switch (r.code) {
    case 'SWAP_NOT_FOUND':
      return 'There is no such swap.'
    case 'SWAP_EXISTS':
      return `Swap ${r.swapId} already exists.`
    case 'ACTOR_NOT_ALLOWED':
      return `A ${r.actorKind} may not do this; only: ${r.allowed.join(', ')}.`
    case 'NOT_A_PARTY':
      return `Only the ${r.required === 'sender' ? 'buyer who sends this parcel' : 'buyer this parcel goes to'} may do this.`
    case 'SWAP_SAME_CASE':
      return 'A case cannot be swapped with itself; pick the other buyer’s case.'
    case 'SWAP_SAME_ORDER':
      return `Both cases are on order ${r.orderId}; a swap links two different orders.`
    case 'SWAP_SAME_BUYER':
      return 'Both cases belong to the same buyer; a swap is between two buyers.'
    case 'CASE_NOT_SWAPPABLE':
      return `Case ${r.caseId} is ${r.status.replaceAll('_', ' ')}; only a case with the agents (${r.allowed.join(', ')}) can be linked.`
    case 'SWAP_REASON_NOT_ALLOWED':
      return `Case ${r.caseId} is about ${r.reason.replaceAll('_', ' ')}; a swap needs ${r.allowed.join(' or ').replaceAll('_', ' ')}.`
    case 'CASE_ALREADY_SWAPPED':
      return `Case ${r.caseId} is already in swap ${r.swapId}.`
    case 'INVALID_SWAP':
      return `The swap's ${r.field} is not valid: ${r.problem}.`
    case 'RATIONALE_REQUIRED':
      return 'Say why these two orders were swapped.'
    case 'SWAP_STATUS_CONFLICT':
      return `The swap is ${r.status}; this needs it to be ${r.allowed.join(' or ')}.`
    case 'SWAP_LEG_STATUS_CONFLICT':
      return `Parcel ${r.leg.toUpperCase()} is ${r.status.replaceAll('_', ' ')}; this needs it to be ${r.allowed.join(' or ').replaceAll('_', ' ')}.`
  }
}

/** Whether a leg's terms name this buyer as sender or recipient (for the API's visibility). */
export const legParty = (leg: SwapLegTerms, userId: string): 'sender' | 'recipient' | null =>
  leg.fromBuyerId === userId ? 'sender' : leg.toBuyerId === userId ? 'recipient' : null
