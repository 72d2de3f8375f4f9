import type { ListingSnapshot } from '../domain/order/events.ts'
import type { Instant } from '../policy/time.ts'
import type { CaseReason } from '../policy/vocabulary.ts'

/**
 * The words insights speak in: metric ids, the kinds of facts behind them,
 * exclusion reasons, and the small pure rules that classify a fact (is this
 * tracking number plausible, which amount band, which listing attributes).
 */

/** A UTC calendar date `YYYY-MM-DD`: the bucket every counter is filed under. */
export type Day = string

export const dayOf = (t: Instant | string): Day => new Date(t).toISOString().slice(0, 10)

export const addDays = (d: Day, n: number): Day => {
  const date = new Date(`${d}T00:00:00.000Z`)
  date.setUTCDate(date.getUTCDate() + n)
  return date.toISOString().slice(0, 10)
}

/** The `days` UTC dates ending with the one `now` falls on: a rolling window. */
export const windowOf = (now: Instant, days: number): { from: Day; to: Day; days: number } => {
  const to = dayOf(now)
  return { from: addDays(to, -(Math.max(1, days) - 1)), to, days: Math.max(1, days) }
}

/**
 * What a row of `insight_facts` is about. Seller facts feed scorecard links:
 * `counted` ones count against the seller, the others were excluded with a
 * reason. Buyer facts feed the buyer record.
 */
export const FactMetric = {
  cancellation: 'cancellation',
  late_shipment: 'late_shipment',
  invalid_tracking: 'invalid_tracking',
  late_delivery: 'late_delivery',
  case: 'case',
  lost_after_escalation: 'lost_after_escalation',
  late_response: 'late_response',
  buyer_cancellation: 'buyer_cancellation',
  buyer_case: 'buyer_case',
  buyer_return: 'buyer_return',
  buyer_return_not_shipped: 'buyer_return_not_shipped',
} as const
export type FactMetric = keyof typeof FactMetric

/**
 * The reasons `not as described` is measured on: what the buyer says the
 * listing got wrong. Damage in transit and wrong items are shipping problems
 * and are left out, so listing quality is what the rate measures.
 */
export const notAsDescribedReasons: readonly CaseReason[] = [
  'not_as_described',
  'counterfeit',
  'missing_parts',
]

export const isNotAsDescribed = (reason: string): boolean =>
  (notAsDescribedReasons as readonly string[]).includes(reason)

/** What a closed case gave the buyer, for the buyer record. */
export type BuyerCaseOutcome = 'granted' | 'denied' | 'settled' | 'withdrawn' | 'abandoned'

/** Claimed amounts in bands (minor units), so precedents compare like with like across currencies of similar scale. */
export const amountBands = [2_500, 10_000, 25_000, 50_000] as const

export const amountBand = (amount: number): number => {
  const i = amountBands.findIndex((limit) => amount < limit)
  return i === -1 ? amountBands.length : i
}

export const describeAmountBand = (band: number): string => {
  const lower = band === 0 ? 0 : (amountBands[band - 1] ?? 0)
  const upper = amountBands[band]
  return upper === undefined ? `${lower / 100}+` : `${lower / 100}–${upper / 100}`
}

/**
 * Whether a tracking number is plausible for its carrier: the formats the
 * carriers publish (USPS 20–22 digits or `AA123456789US`, UPS `1Z` + 16,
 * FedEx 12, 15 or 20 digits, DHL 10 digits); another carrier needs 8–40
 * letters or digits. Walmart counts "valid tracking" as tracking the carrier
 * recognises; without a carrier feed, the format is what Recourse can check.
 */
export const trackingLooksValid = (carrier: string, trackingNumber: string): boolean => {
  const n = trackingNumber.replace(/[\s-]/g, '').toUpperCase()
  switch (carrier.trim().toUpperCase()) {
    case 'USPS':
      return /^\d{20,22}$/.test(n) || /^[A-Z]{2}\d{9}US$/.test(n)
    case 'UPS':
      return /^1Z[0-9A-Z]{16}$/.test(n)
    case 'FEDEX':
      return /^(\d{12}|\d{15}|\d{20})$/.test(n)
    case 'DHL':
      return /^\d{10}$/.test(n)
    default:
      return /^[0-9A-Z]{8,40}$/.test(n)
  }
}

const usedConditions: readonly ListingSnapshot['condition'][] = ['good', 'fair', 'used']

/** Whether the item is used enough that its condition and flaws must be described. */
export const isUsedCondition = (condition: ListingSnapshot['condition']): boolean =>
  usedConditions.includes(condition)

/** Condition notes: a used item's description says at least this much. */
export const CONDITION_NOTES_MIN_LENGTH = 40

/** Photo counts above this are filed together (`8+`). */
const PHOTO_BUCKETS = 8

/**
 * The attribute values of one listing that dispute risk is measured on:
 * `photos` (count, `8+` above 8), `size`, `measurements`, `material`
 * (`present` / `absent`), and for used items `condition_notes` and `flaws`.
 */
export const listingAttributes = (
  l: Pick<
    ListingSnapshot,
    'photos' | 'size' | 'measurements' | 'material' | 'flaws' | 'condition' | 'description'
  >,
): [string, string][] => {
  const has = (present: boolean): string => (present ? 'present' : 'absent')
  const attrs: [string, string][] = [
    ['photos', l.photos.length >= PHOTO_BUCKETS ? `${PHOTO_BUCKETS}+` : String(l.photos.length)],
    ['size', has((l.size ?? '').trim() !== '')],
    ['measurements', has(Object.keys(l.measurements ?? {}).length > 0)],
    ['material', has((l.material ?? '').trim() !== '')],
  ]
  if (isUsedCondition(l.condition)) {
    attrs.push(['condition_notes', has(l.description.trim().length >= CONDITION_NOTES_MIN_LENGTH)])
    attrs.push(['flaws', has((l.flaws ?? '').trim() !== '')])
  }
  return attrs
}

/** `8+` → 8; `3` → 3. */
export const photoBucketCount = (value: string): number => Number.parseInt(value, 10) || 0

/**
 * Two different evidence images whose 64-bit perceptual hashes
 * (src/integrations/image-hash.ts) differ in at most this many bits are
 * near-duplicates: re-saved, resized or slightly cropped copies measure 0–6,
 * unrelated pictures 20 and more. At 7 or less two hashes share at least one
 * of their eight bytes, which is how the lookup finds candidates.
 * @default 7
 */
export const NEAR_DUPLICATE_MAX_DISTANCE = 7
