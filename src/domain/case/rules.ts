import type { Policy } from '../../policy/types.ts'
import { addDuration, isBefore, type Instant } from '../../policy/time.ts'
import type { CaseReason, Fault, Funder } from '../../policy/vocabulary.ts'
import type { Order } from '../order/state.ts'
import { minor, type Minor } from '../shared/money.ts'
import { refundedOnCase, standingDecision, type CaseFile } from './state.ts'
import type {
  CloseReason,
  DecisionOutcome,
  DecisionRecord,
  EvidenceRef,
  FollowUpKind,
  RefundAllocation,
  ReputationReason,
  Settlement,
} from './vocabulary.ts'

/**
 * When a case for `reason` may be opened on `order`: from delivery for
 * `policy.cases.openWindowAfterDelivery`; `not_received` before delivery from
 * the estimated delivery date for `notReceivedWindowAfterEstimatedDelivery`.
 * `null`: the order must be delivered first.
 */
export const caseOpenWindow = (
  reason: CaseReason,
  order: Order,
  policy: Policy,
): { readonly opensAt: Instant; readonly closesAt: Instant } | null => {
  if (order.deliveredAt !== null) {
    return {
      opensAt: order.deliveredAt,
      closesAt: addDuration(
        order.deliveredAt,
        policy.cases.openWindowAfterDelivery,
        policy.calendar,
      ),
    }
  }
  if (reason !== 'not_received') return null
  return {
    opensAt: order.estimatedDeliveryAt,
    closesAt: addDuration(
      order.estimatedDeliveryAt,
      policy.cases.notReceivedWindowAfterEstimatedDelivery,
      policy.calendar,
    ),
  }
}

/** What a refund on this case may still be: the claim less what it already made due, within what the ledger can refund. */
export const maxRefundable = (c: CaseFile, refundable: Minor): Minor =>
  minor(Math.max(0, Math.min(refundable, c.claimedAmount - refundedOnCase(c))))

/** The buyer ships a return at the cost the policy puts on covered reasons or on buyer's remorse. */
export const returnShippingPaidBy = (c: CaseFile): Funder =>
  c.policy.cases.remorseReasons.includes(c.reason)
    ? c.policy.returns.remorseReturnShippingPaidBy
    : c.policy.returns.coveredReturnShippingPaidBy

export const followUpKindOf = (outcome: DecisionOutcome): FollowUpKind | null =>
  outcome === 'return_required' ? 'return' : outcome === 'replacement' ? 'replacement' : null

/**
 * Splits `amount` over the claimed lines, shipping and tax in proportion to
 * their prices (largest remainder, so the parts add up exactly).
 */
export const allocateRefund = (c: CaseFile, amount: Minor): RefundAllocation => {
  const parts = [...c.lines.map((l) => l.amount), c.claimedShipping, c.claimedTax].map(BigInt)
  const total = parts.reduce((a, b) => a + b, 0n)
  const target = BigInt(amount)
  if (total === 0n) {
    return {
      lines: c.lines.map((l) => ({ lineId: l.lineId, amount: minor(0) })),
      shipping: minor(0),
      tax: minor(0),
    }
  }
  const shares = parts.map((p) => (p * target) / total)
  const remainders = parts.map((p, i) => ({ i, r: (p * target) % total }))
  let left = target - shares.reduce((a, b) => a + b, 0n)
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1))
  for (const { i } of remainders) {
    if (left === 0n) break
    shares[i] = (shares[i] ?? 0n) + 1n
    left -= 1n
  }
  const at = (i: number): Minor => minor(Number(shares[i] ?? 0n))
  return {
    lines: c.lines.map((l, i) => ({ lineId: l.lineId, amount: at(i) })),
    shipping: at(c.lines.length),
    tax: at(c.lines.length + 1),
  }
}

/** Why a piece of evidence cannot be recorded, or `null`. Storage and sniffing are the app's; this checks the metadata. */
export const evidenceProblem = (e: EvidenceRef): string | null => {
  const blank = (s: string) => s.trim() === ''
  switch (e.kind) {
    case 'file':
      if (!/^[0-9a-f]{64}$/.test(e.file.sha256))
        return 'the SHA-256 must be 64 lower-case hex digits'
      if (!/^[a-z]+\/[a-z0-9.+-]+$/i.test(e.file.mediaType)) return 'the media type is not valid'
      if (!Number.isSafeInteger(e.file.size) || e.file.size <= 0) return 'the file is empty'
      return blank(e.file.name) ? 'the file needs a name' : null
    case 'tracking':
      return blank(e.tracking.carrier) || blank(e.tracking.trackingNumber)
        ? 'tracking needs a carrier and a tracking number'
        : null
    case 'measurements': {
      const entries = Object.entries(e.measurements)
      if (entries.length === 0) return 'give at least one measurement'
      return entries.some(([k, v]) => blank(k) || blank(v))
        ? 'each measurement needs a name and a value'
        : null
    }
    case 'note':
      return blank(e.note) ? 'the note is empty' : null
  }
}

interface ReputationFacts {
  readonly countsAgainstSeller: boolean
  readonly reputationReason: ReputationReason
}

const counts = (reputationReason: ReputationReason): ReputationFacts => ({
  countsAgainstSeller: true,
  reputationReason,
})
const spared = (reputationReason: ReputationReason): ReputationFacts => ({
  countsAgainstSeller: false,
  reputationReason,
})

/** Who caused it decides: the seller's fault counts, a carrier's, force majeure or nobody's does not. */
const fromFault = (fault: Fault): ReputationFacts => {
  switch (fault) {
    case 'seller':
      return counts('seller_fault')
    case 'carrier':
      return spared('carrier_fault')
    case 'force_majeure':
      return spared('force_majeure')
    case 'buyer':
    case 'none':
      return spared('no_seller_fault')
  }
}

const fromDecision = (d: DecisionRecord): ReputationFacts =>
  d.outcome === 'seller_favor' ? spared('decided_for_seller') : fromFault(d.fault)

/** Mercado Libre: an offer made and accepted within `policy.cases.settlementGraceWindow` of opening spares the seller. */
const fromSettlement = (c: CaseFile, s: Settlement): ReputationFacts => {
  const grace = c.policy.cases.settlementGraceWindow
  if (grace === null) return counts('settled')
  const graceEnds = addDuration(c.openedAt, grace, c.policy.calendar)
  return isBefore(s.offeredAt, graceEnds) && isBefore(s.at, graceEnds)
    ? spared('settled_in_grace')
    : counts('settled')
}

/** Whether a closing case counts against the seller, and why. Buyer's remorse never counts (`policy.cases.remorseReasons`). */
export const reputationOnClose = (c: CaseFile, closeReason: CloseReason): ReputationFacts => {
  if (c.policy.cases.remorseReasons.includes(c.reason)) return spared('buyer_remorse')
  switch (closeReason) {
    case 'withdrawn':
      return spared('withdrawn')
    case 'not_escalated':
      return spared('not_escalated')
    case 'auto_granted':
      return counts('auto_granted')
    case 'return_not_shipped':
      return spared('return_not_shipped')
    case 'payment_dispute':
      return spared('payment_dispute')
    case 'swapped':
      // On who mixed the parcels up: the seller's labels count, a carrier's sorting does not.
      return fromFault(c.followUp?.fault ?? 'seller')
    case 'settled':
    case 'decided':
    case 'appeal_decided':
    case 'follow_up_completed':
    case 'replacement_failed': {
      const decision = standingDecision(c)
      if (decision !== null) return fromDecision(decision)
      return c.settlement !== null ? fromSettlement(c, c.settlement) : counts('settled')
    }
  }
}
