import { days, type Duration } from '../../policy/time.ts'
import type { Policy } from '../../policy/types.ts'
import type { Fault } from '../../policy/vocabulary.ts'
import type {
  ChargebackBearer,
  ChargebackBearerReason,
  ChargebackCategory,
  RefundReference,
} from './vocabulary.ts'

/** The payment-dispute knobs of `policy.refunds`, with their defaults for policies stored before they existed. */
export interface ChargebackPolicy {
  readonly onPaymentDispute: 'pause_case' | 'close_case'
  readonly chargebackLossBorneBy: ChargebackBearer
  readonly chargebackFraudBorneBy: ChargebackBearer
  readonly lostChargebackCountsAgainstSeller: boolean
  readonly disputeEvidenceReminderBefore: Duration
}

export const chargebackPolicyOf = (policy: Policy): ChargebackPolicy => {
  // Policy documents stored before these knobs existed read as the defaults.
  const r = policy.refunds as Partial<ChargebackPolicy>
  return {
    onPaymentDispute: r.onPaymentDispute ?? 'pause_case',
    chargebackLossBorneBy: r.chargebackLossBorneBy ?? 'seller',
    chargebackFraudBorneBy: r.chargebackFraudBorneBy ?? 'marketplace',
    lostChargebackCountsAgainstSeller: r.lostChargebackCountsAgainstSeller ?? true,
    disputeEvidenceReminderBefore: r.disputeEvidenceReminderBefore ?? days(2),
  }
}

/**
 * Who bears a lost chargeback, and why: a fault an agent recorded on the
 * order's case follows `refunds.fundingByFault` (a carrier's fault is the
 * marketplace's to claim from the carrier); an order that had refunded
 * already was paid twice by no fault of the seller's, so the marketplace
 * bears it; otherwise the policy's choice for the reason's category.
 */
export const chargebackBearer = (
  policy: Policy,
  facts: {
    readonly caseFault: Fault | null
    readonly alreadyRefunded: readonly RefundReference[]
    readonly category: ChargebackCategory
  },
): { readonly bearer: ChargebackBearer; readonly reason: ChargebackBearerReason } => {
  if (facts.caseFault !== null) {
    const funder = policy.refunds.fundingByFault[facts.caseFault]
    return {
      bearer: funder === 'seller' || funder === 'buyer' ? 'seller' : 'marketplace',
      reason: 'case_fault',
    }
  }
  if (facts.alreadyRefunded.length > 0) return { bearer: 'marketplace', reason: 'already_refunded' }
  const p = chargebackPolicyOf(policy)
  return {
    bearer: facts.category === 'fraud' ? p.chargebackFraudBorneBy : p.chargebackLossBorneBy,
    reason: 'policy',
  }
}
