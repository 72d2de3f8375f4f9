import type { Policy } from '../../policy/types.ts'
import type { Fault, Funder } from '../../policy/vocabulary.ts'
import type { OrderLineId } from '../shared/ids.ts'
import type { Minor } from '../shared/money.ts'
import { minor } from '../shared/money.ts'

/**
 * Who can pay a buyer back: the seller (from the held payout, or debited after
 * release), the marketplace guarantee, or a carrier claim. A buyer never funds
 * their own refund.
 */
export type RefundFunder = Exclude<Funder, 'buyer'>

export const isRefundFunder = (f: Funder): f is RefundFunder => f !== 'buyer'

/**
 * Who funds a refund, from the fault an agent recorded, as
 * `policy.refunds.fundingByFault` says (default: seller and buyer fault → the
 * seller, carrier fault → a carrier claim, none and force majeure → the
 * marketplace guarantee).
 */
export const fundingFor = (fault: Fault, policy: Policy): Funder =>
  policy.refunds.fundingByFault[fault]

/** A claimed line and what it cost the buyer. */
export interface LineValue {
  readonly lineId: OrderLineId
  readonly amount: Minor
}

/**
 * Splits `amount` over `lines` in proportion to their value, in whole minor
 * units (largest remainder: every line gets the floor of its exact share, and
 * the cents left over go one each to the largest fractional remainders, the
 * earlier line first on a tie). The parts always sum to `amount` and no part
 * exceeds its line's value. Asking for more than the lines are worth, or a
 * negative amount, is a caller's bug and throws.
 */
export const allocateOverLines = (amount: Minor, lines: readonly LineValue[]): LineValue[] => {
  const values = lines.map((l) => BigInt(l.amount))
  if (values.some((v) => v < 0n)) throw new RangeError('a line value is negative')
  const total = values.reduce((a, b) => a + b, 0n)
  const target = BigInt(amount)
  if (target < 0n || target > total) {
    throw new RangeError(`cannot allocate ${amount} over lines worth ${total}`)
  }
  if (total === 0n) return lines.map((l) => ({ lineId: l.lineId, amount: minor(0) }))
  const shares = values.map((v) => (v * target) / total)
  let left = target - shares.reduce((a, b) => a + b, 0n)
  const byRemainder = values
    .map((v, i) => ({ i, remainder: (v * target) % total }))
    .sort((a, b) => (a.remainder === b.remainder ? a.i - b.i : a.remainder > b.remainder ? -1 : 1))
  for (const { i } of byRemainder) {
    if (left === 0n) break
    shares[i] = (shares[i] ?? 0n) + 1n
    left -= 1n
  }
  return lines.map((l, i) => ({ lineId: l.lineId, amount: minor(Number(shares[i] ?? 0n)) }))
}
