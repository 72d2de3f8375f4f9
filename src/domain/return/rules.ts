import type { Policy } from '../../policy/types.ts'
import type { CaseReason, Funder } from '../../policy/vocabulary.ts'
import type { Minor } from '../shared/money.ts'
import { minor } from '../shared/money.ts'
import type { ShippingPayerRule } from './events.ts'

/**
 * Who pays the return label, and by which rule: a decision that named a
 * payer wins; otherwise buyer's remorse (`policy.cases.remorseReasons`) ships
 * at `policy.returns.remorseReturnShippingPaidBy`, and every other reason at
 * `coveredReturnShippingPaidBy` (Poshmark: the marketplace).
 */
export const returnShippingPayer = (
  reason: CaseReason,
  policy: Policy,
  decided?: Funder,
): { readonly paidBy: Funder; readonly rule: ShippingPayerRule } => {
  if (decided !== undefined) return { paidBy: decided, rule: 'decided' }
  return policy.cases.remorseReasons.includes(reason)
    ? { paidBy: policy.returns.remorseReturnShippingPaidBy, rule: 'remorse_reason' }
    : { paidBy: policy.returns.coveredReturnShippingPaidBy, rule: 'covered_reason' }
}

/**
 * `policy.returns.maxDeductionPercent` in basis points (hundredths of a
 * percent), clamped to 0–100 %: the percent is read to two decimals so the
 * money arithmetic stays in integers.
 */
export const deductionBasisPoints = (policy: Policy): number =>
  Math.min(10_000, Math.max(0, Math.round(policy.returns.maxDeductionPercent * 100)))

/**
 * The most a seller may deduct from a return's refund: the policy's percent of
 * `refundOnCompletion`, rounded down to the minor unit (the rounding favours
 * the buyer), and never more than what is left after a buyer-paid label.
 */
export const maximumDeduction = (
  refundOnCompletion: Minor,
  labelCharge: Minor,
  policy: Policy,
): Minor => {
  const byPercent = (BigInt(refundOnCompletion) * BigInt(deductionBasisPoints(policy))) / 10_000n
  return minor(Math.min(Number(byPercent), refundOnCompletion - labelCharge))
}
