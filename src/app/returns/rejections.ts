import type { Rejection } from '../../domain/shared/decider.ts'

/**
 * Sentences for the refusals the return, swap and replacement services make
 * themselves (the deciders explain their own).
 */
export const explainMoneyRejection = (r: Rejection): string | undefined => {
  switch (r.code) {
    case 'LABEL_UNAVAILABLE':
      return `No return label could be bought (${String(r.reason)}); nothing was changed — try again shortly.`
    case 'REPLACEMENT_ALREADY_SHIPPED':
      return `The replacement already shipped with ${String(r.carrier)} ${String(r.trackingNumber)}.`
    case 'REPLACEMENT_NOT_SHIPPED':
      return 'The seller has not reported the replacement’s shipment yet.'
    default:
      return undefined
  }
}
