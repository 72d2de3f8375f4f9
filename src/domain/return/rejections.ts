import type { Instant } from '../../policy/time.ts'
import type { Funder } from '../../policy/vocabulary.ts'
import type { ActorKind } from '../shared/actor.ts'
import type { ReturnId } from '../shared/ids.ts'
import type { Minor } from '../shared/money.ts'
import type { ReturnCondition } from './events.ts'
import type { ReturnStatus } from './state.ts'

/** Why the return decider refused a command: a stable code and the data to act on it. */
export type ReturnRejection =
  | { readonly code: 'RETURN_NOT_FOUND' }
  | { readonly code: 'RETURN_EXISTS'; readonly returnId: ReturnId; readonly rma: string }
  | { readonly code: 'INVALID_RETURN'; readonly field: string; readonly problem: string }
  | { readonly code: 'INVALID_AMOUNT'; readonly field: string; readonly amount: number }
  | { readonly code: 'REFUND_FUNDER_INVALID'; readonly funding: Funder }
  | {
      readonly code: 'ACTOR_NOT_ALLOWED'
      readonly actorKind: ActorKind
      readonly allowed: readonly ActorKind[]
    }
  | { readonly code: 'NOT_A_PARTY'; readonly required: 'buyer' | 'seller' }
  /** The command does not fit the return's status (e.g. inspecting a return not yet delivered). */
  | {
      readonly code: 'RETURN_STATUS_CONFLICT'
      readonly status: ReturnStatus
      readonly allowed: readonly ReturnStatus[]
    }
  /** The seller's inspection time is over: the refund goes out in full. */
  | { readonly code: 'INSPECTION_DEADLINE_PASSED'; readonly inspectBy: Instant }
  | { readonly code: 'DEDUCTION_NOT_ALLOWED'; readonly condition: ReturnCondition }
  | {
      readonly code: 'DEDUCTION_EXCEEDS_MAXIMUM'
      readonly maximumDeduction: Minor
      readonly maxDeductionPercent: number
    }
  | { readonly code: 'DEDUCTION_REASON_REQUIRED' }
  /** Photos of what came back are needed for a deduction or a different-item claim. */
  | { readonly code: 'EVIDENCE_REQUIRED'; readonly condition: ReturnCondition }
  | { readonly code: 'STATEMENT_REQUIRED' }
  /** Only a refund that took a deduction at the seller's inspection can be disputed. */
  | { readonly code: 'NOTHING_TO_DISPUTE' }
  | { readonly code: 'DISPUTE_WINDOW_CLOSED'; readonly disputeBy: Instant }
  | { readonly code: 'REFUND_ABOVE_CEILING'; readonly maximumRefund: Minor }
  /** Money already refunded is never clawed back from the buyer. */
  | { readonly code: 'REFUND_BELOW_REFUNDED'; readonly alreadyRefunded: Minor }
  | { readonly code: 'RATIONALE_REQUIRED' }
  /** The refund reported is not the one the return made due. */
  | { readonly code: 'REFUND_KEY_MISMATCH'; readonly expected: string | null }

export type ReturnRejectionCode = ReturnRejection['code']

/** One sentence a buyer, seller, agent or integrator can act on. Tests assert on codes, not on these. */
export const explainReturnRejection = (r: ReturnRejection): string => {
  switch (r.code) {
    case 'RETURN_NOT_FOUND':
      return 'There is no such return.'
    case 'RETURN_EXISTS':
      return `Return ${r.returnId} (RMA ${r.rma}) already exists.`
    case 'INVALID_RETURN':
      return `The return's ${r.field} is not valid: ${r.problem}.`
    case 'INVALID_AMOUNT':
      return `The amount ${r.field} is ${r.amount}; amounts are non-negative whole numbers of minor units.`
    case 'REFUND_FUNDER_INVALID':
      return `A refund cannot be funded by the ${r.funding}.`
    case 'ACTOR_NOT_ALLOWED':
      return `A ${r.actorKind} may not do this; only: ${r.allowed.join(', ')}.`
    case 'NOT_A_PARTY':
      return `Only the return's ${r.required} may do this.`
    case 'RETURN_STATUS_CONFLICT':
      return `The return is ${r.status.replaceAll('_', ' ')}; this needs it to be ${r.allowed.join(' or ').replaceAll('_', ' ')}.`
    case 'INSPECTION_DEADLINE_PASSED':
      return `The inspection was due by ${r.inspectBy}; the buyer is refunded in full.`
    case 'DEDUCTION_NOT_ALLOWED':
      return `No deduction may be taken for a return found ${r.condition.replaceAll('_', ' ')}.`
    case 'DEDUCTION_EXCEEDS_MAXIMUM':
      return `The deduction may be at most ${r.maximumDeduction} (${r.maxDeductionPercent} % of the refund).`
    case 'DEDUCTION_REASON_REQUIRED':
      return 'Say why a deduction is taken.'
    case 'EVIDENCE_REQUIRED':
      return `Add photos of the item as it came back to report it ${r.condition.replaceAll('_', ' ')} with a deduction or a claim.`
    case 'STATEMENT_REQUIRED':
      return 'Say what is wrong with the inspection.'
    case 'NOTHING_TO_DISPUTE':
      return 'The inspection took no deduction; there is nothing to dispute.'
    case 'DISPUTE_WINDOW_CLOSED':
      return `The deduction could be disputed until ${r.disputeBy}.`
    case 'REFUND_ABOVE_CEILING':
      return `This return can refund at most ${r.maximumRefund}.`
    case 'REFUND_BELOW_REFUNDED':
      return `${r.alreadyRefunded} was already refunded for this return and is never taken back.`
    case 'RATIONALE_REQUIRED':
      return 'Give the rationale for the decision.'
    case 'REFUND_KEY_MISMATCH':
      return r.expected === null
        ? 'The return has no refund waiting.'
        : `The return is waiting for refund '${r.expected}'.`
  }
}
