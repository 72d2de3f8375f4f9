import type { ActorKind } from '../shared/actor.ts'
import type { Minor } from '../shared/money.ts'
import type { PaymentDisputeLifecycle } from './transitions.ts'
import type { PaymentDisputeStatus } from './vocabulary.ts'

/** Why the payment-dispute decider refused. */
export type PaymentDisputeRejection =
  | {
      readonly code: 'ACTOR_NOT_ALLOWED'
      readonly actorKind: ActorKind
      readonly allowed: readonly ActorKind[]
    }
  | { readonly code: 'INVALID_AMOUNT'; readonly field: string; readonly amount: number }
  | { readonly code: 'CURRENCY_MISMATCH'; readonly expected: string; readonly actual: string }
  /** A chargeback cannot dispute more than the card paid for the order. */
  | { readonly code: 'DISPUTE_EXCEEDS_CAPTURED'; readonly capturedByCard: Minor }
  /** The dispute is already recorded with other terms (another order, amount or reason). */
  | {
      readonly code: 'PAYMENT_DISPUTE_CONFLICT'
      readonly disputeId: string
      readonly field: string
    }
  | { readonly code: 'PAYMENT_DISPUTE_NOT_FOUND'; readonly disputeId: string }
  /** The provider's report does not follow from where the dispute stands (a closed one never reopens). */
  | {
      readonly code: 'PAYMENT_DISPUTE_STATUS_CONFLICT'
      readonly status: PaymentDisputeLifecycle
      readonly requested: PaymentDisputeStatus
    }

export type PaymentDisputeRejectionCode = PaymentDisputeRejection['code']

/** One sentence for people; tests assert on codes. */
export const explainPaymentDisputeRejection = (r: PaymentDisputeRejection): string => {
  switch (r.code) {
    case 'ACTOR_NOT_ALLOWED':
      return `A ${r.actorKind} may not do this; only: ${r.allowed.join(', ')}.`
    case 'INVALID_AMOUNT':
      return `The amount ${r.field} is ${r.amount}; amounts are whole numbers of minor units.`
    case 'CURRENCY_MISMATCH':
      return `This order is in ${r.expected}, not ${r.actual}.`
    case 'DISPUTE_EXCEEDS_CAPTURED':
      return `The card paid ${r.capturedByCard} for this order; a dispute cannot be for more.`
    case 'PAYMENT_DISPUTE_CONFLICT':
      return `Payment dispute ${r.disputeId} is already recorded with another ${r.field}.`
    case 'PAYMENT_DISPUTE_NOT_FOUND':
      return `There is no payment dispute ${r.disputeId}.`
    case 'PAYMENT_DISPUTE_STATUS_CONFLICT':
      return `The payment dispute is ${r.status.replaceAll('_', ' ')}; it cannot become ${r.requested.replaceAll('_', ' ')}.`
  }
}
