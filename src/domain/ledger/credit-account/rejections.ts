import type { ActorKind } from '../../shared/actor.ts'
import type { Minor } from '../../shared/money.ts'

export type CreditAccountRejection =
  | { readonly code: 'INSUFFICIENT_CREDIT'; readonly available: Minor }
  | { readonly code: 'INVALID_AMOUNT'; readonly field: string; readonly amount: number }
  | { readonly code: 'INVALID_CURRENCY'; readonly currency: string }
  | { readonly code: 'CURRENCY_MISMATCH'; readonly expected: string; readonly actual: string }
  /** The debit key was already used for another amount. */
  | { readonly code: 'DEBIT_KEY_CONFLICT'; readonly debitKey: string; readonly amount: Minor }
  /** The grant key was already used for another amount or expiry. */
  | { readonly code: 'GRANT_KEY_CONFLICT'; readonly grantKey: string; readonly amount: Minor }
  | {
      readonly code: 'ACTOR_NOT_ALLOWED'
      readonly actorKind: ActorKind
      readonly allowed: readonly ActorKind[]
    }

/** One sentence the integration or an agent can act on. */
export const explainCreditAccountRejection = (r: CreditAccountRejection): string => {
  switch (r.code) {
    case 'INSUFFICIENT_CREDIT':
      return `The buyer has only ${r.available} in unexpired credit.`
    case 'INVALID_AMOUNT':
      return `The amount ${r.field} is ${r.amount}; amounts are whole numbers of minor units above zero.`
    case 'INVALID_CURRENCY':
      return `'${r.currency}' is not an ISO 4217 currency code.`
    case 'CURRENCY_MISMATCH':
      return `This credit balance is in ${r.expected}, not ${r.actual}.`
    case 'DEBIT_KEY_CONFLICT':
      return `Debit '${r.debitKey}' was already recorded for ${r.amount}; a key debits once.`
    case 'GRANT_KEY_CONFLICT':
      return `Grant '${r.grantKey}' was already recorded for ${r.amount}.`
    case 'ACTOR_NOT_ALLOWED':
      return `A ${r.actorKind} may not do this; only: ${r.allowed.join(', ')}.`
  }
}
