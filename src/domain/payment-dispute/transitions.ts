import type { Transitions } from '../shared/decider.ts'
import type { PaymentDisputeStatus } from './vocabulary.ts'

export type PaymentDisputeLifecycle = 'none' | PaymentDisputeStatus

/**
 * A chargeback's life: opened waiting for the marketplace's evidence (or
 * already under the issuer's review), moving between the two as the
 * provider reports, and ending won, lost or (an inquiry) warning-closed.
 */
export const paymentDisputeTransitions = {
  none: ['needs_response', 'under_review'],
  needs_response: ['under_review', 'won', 'lost', 'warning_closed'],
  under_review: ['needs_response', 'won', 'lost', 'warning_closed'],
  won: [],
  lost: [],
  warning_closed: [],
} as const satisfies Transitions<PaymentDisputeLifecycle>

export const paymentDisputeInitialStatuses = [
  'none',
] as const satisfies readonly PaymentDisputeLifecycle[]
export const paymentDisputeTerminalStatuses = [
  'won',
  'lost',
  'warning_closed',
] as const satisfies readonly PaymentDisputeLifecycle[]

export const canMoveDispute = (from: PaymentDisputeLifecycle, to: PaymentDisputeStatus): boolean =>
  (paymentDisputeTransitions[from] as readonly PaymentDisputeLifecycle[]).includes(to)
