import { sql } from 'drizzle-orm'
import type { ListingSnapshot } from '../domain/order/events.ts'
import type { ListingRequirement, Policy } from '../policy/types.ts'
import type { Queryable } from '../store/database.ts'
import { queryRows } from '../store/database.ts'
import { insightListingAttributes } from '../store/schema-insights.ts'
import { reputationOf } from './scorecard.ts'
import { CONDITION_NOTES_MIN_LENGTH, isUsedCondition, photoBucketCount } from './vocabulary.ts'

/**
 * Listing review: a draft against the policy's required attributes for its
 * category, and what each missing item did to the not-as-described rate of
 * this marketplace's own past orders in that category.
 */

export type ListingDraft = Pick<
  ListingSnapshot,
  'title' | 'description' | 'photos' | 'category' | 'condition'
> &
  Partial<Pick<ListingSnapshot, 'brand' | 'size' | 'measurements' | 'material' | 'flaws'>>

export type ReviewItem =
  'photos' | 'size' | 'measurements' | 'material' | 'condition_notes' | 'flaws'

export interface ReviewCheck {
  readonly item: ReviewItem
  readonly required: boolean
  /** Required and shown, or not required for this listing. */
  readonly ok: boolean
  readonly text: string
}

export interface AttributeGroup {
  readonly orders: number
  readonly notAsDescribed: number
  readonly rate: number | null
}

export interface ReviewEffect {
  readonly item: ReviewItem
  /** Past orders in the category whose listing lacked the item. */
  readonly without: AttributeGroup
  readonly with: AttributeGroup
  /** `without.rate / with.rate`; null when either is unknown or the rate with it is 0. */
  readonly ratio: number | null
  /** Both groups have at least MIN_GROUP_ORDERS orders and there are MIN_NAD_CASES claims between them. */
  readonly enoughData: boolean
  /** The two rates differ by more than chance would explain (two-proportion z-test, 95 %). */
  readonly significant: boolean
  readonly text: string
}

export interface ListingReview {
  readonly category: string
  readonly requirement: ListingRequirement
  /** 0–100: the share of the category's required items the draft shows. */
  readonly score: number
  readonly checks: readonly ReviewCheck[]
  readonly missing: readonly (ReviewCheck & { readonly effect: ReviewEffect | null })[]
  /** The not-as-described rate of past orders in the requirement's category prefix. */
  readonly categoryRate: AttributeGroup & { readonly prefix: string }
  /**
   * The missing items' ratios multiplied (only differences beyond chance): a
   * naive estimate that treats the items as independent; `null` when no
   * missing item made a clear difference.
   */
  readonly relativeRisk: number | null
  readonly summary: string
}

/** A group smaller than this says too little to compare. */
export const MIN_GROUP_ORDERS = 30
/** Fewer claims than this between both groups say too little to compare. */
export const MIN_NAD_CASES = 5

/** The requirement with the longest prefix of the category (`''` matches everything). */
export const requirementFor = (category: string, policy: Policy): ListingRequirement => {
  const matching = reputationOf(policy)
    .listingRequirements.filter((r) => category.startsWith(r.categoryPrefix))
    .sort((a, b) => b.categoryPrefix.length - a.categoryPrefix.length)
  return (
    matching[0] ?? {
      categoryPrefix: '',
      minPhotos: 1,
      size: false,
      measurements: false,
      material: false,
      conditionNotes: false,
      flaws: false,
    }
  )
}

const filled = (s: string | undefined): boolean => (s ?? '').trim() !== ''

/** What the draft shows and lacks, item by item. Pure. */
export const checkDraft = (draft: ListingDraft, r: ListingRequirement): ReviewCheck[] => {
  const used = isUsedCondition(draft.condition)
  const photos = draft.photos.length
  const check = (
    item: ReviewItem,
    required: boolean,
    shown: boolean,
    missingText: string,
  ): ReviewCheck => ({
    item,
    required,
    ok: !required || shown,
    text: !required ? 'Not required for this listing.' : shown ? 'Shown.' : missingText,
  })
  return [
    check(
      'photos',
      r.minPhotos > 0,
      photos >= r.minPhotos,
      `${photos} photo${photos === 1 ? '' : 's'}; this category needs at least ${r.minPhotos}.`,
    ),
    check('size', r.size, filled(draft.size), 'Give the size.'),
    check(
      'measurements',
      r.measurements,
      Object.keys(draft.measurements ?? {}).length > 0,
      'Give measurements (for clothes: chest, length; for bags: width, height, depth).',
    ),
    check('material', r.material, filled(draft.material), 'Name the material.'),
    check(
      'condition_notes',
      r.conditionNotes && used,
      draft.description.trim().length >= CONDITION_NOTES_MIN_LENGTH,
      `Describe the used item's condition (at least ${CONDITION_NOTES_MIN_LENGTH} characters).`,
    ),
    check('flaws', r.flaws && used, filled(draft.flaws), 'Disclose flaws, or say there are none.'),
  ]
}

interface AttributeRow {
  attribute: string
  value: string
  orders: number
  nad: number
}

const group = (rows: readonly AttributeRow[]): AttributeGroup => {
  const orders = rows.reduce((s, r) => s + r.orders, 0)
  const nad = rows.reduce((s, r) => s + r.nad, 0)
  return { orders, notAsDescribed: nad, rate: orders === 0 ? null : nad / orders }
}

/** Whether two rates differ beyond chance: a two-proportion z-test at 95 % (|z| ≥ 1.96). */
export const differs = (k1: number, n1: number, k2: number, n2: number): boolean => {
  if (n1 === 0 || n2 === 0) return false
  const pooled = (k1 + k2) / (n1 + n2)
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
  return se > 0 && Math.abs(k1 / n1 - k2 / n2) / se >= 1.96
}

const pct = (x: number | null): string => (x === null ? '—' : `${Math.round(x * 1000) / 10} %`)

const label: Record<ReviewItem, string> = {
  photos: 'fewer photos than required',
  size: 'a size',
  measurements: 'measurements',
  material: 'a material',
  condition_notes: 'condition notes',
  flaws: 'disclosed flaws',
}

/** What lacking `item` did in the past, from the per-attribute counts of one category prefix. Pure. */
export const effectOf = (
  item: ReviewItem,
  rows: readonly AttributeRow[],
  r: ListingRequirement,
): ReviewEffect => {
  const mine = rows.filter((x) => x.attribute === item)
  const lacking =
    item === 'photos'
      ? (x: AttributeRow) => photoBucketCount(x.value) < r.minPhotos
      : (x: AttributeRow) => x.value === 'absent'
  const without = group(mine.filter(lacking))
  const withIt = group(mine.filter((x) => !lacking(x)))
  const enoughData =
    without.orders >= MIN_GROUP_ORDERS &&
    withIt.orders >= MIN_GROUP_ORDERS &&
    without.notAsDescribed + withIt.notAsDescribed >= MIN_NAD_CASES
  const ratio =
    without.rate !== null && withIt.rate !== null && withIt.rate > 0
      ? without.rate / withIt.rate
      : null
  const where = r.categoryPrefix === '' ? 'Listings' : `${r.categoryPrefix} listings`
  const lackingText = item === 'photos' ? `with ${label.photos}` : `without ${label[item]}`
  const significant =
    enoughData &&
    differs(without.notAsDescribed, without.orders, withIt.notAsDescribed, withIt.orders)
  const rates = `${pct(without.rate)} of ${without.orders} orders vs ${pct(withIt.rate)} of ${withIt.orders}`
  const text = !enoughData
    ? `Too little history to say: ${without.orders} past orders ${lackingText}, ${withIt.orders} with, ${without.notAsDescribed + withIt.notAsDescribed} not-as-described claims between them.`
    : ratio === null
      ? `${where} ${lackingText} had a not-as-described rate of ${pct(without.rate)} (${without.orders} orders); those with it had none.`
      : `${where} ${lackingText} had ${Math.round(ratio * 10) / 10}× the not-as-described rate (${rates})${significant ? '.' : '; with this much history the difference could be chance.'}`
  return {
    item,
    without,
    with: withIt,
    ratio: ratio === null ? null : Math.round(ratio * 100) / 100,
    enoughData,
    significant,
    text,
  }
}

/** The review from the draft and the category's per-attribute history. Pure. */
export const buildReview = (
  draft: ListingDraft,
  r: ListingRequirement,
  rows: readonly AttributeRow[],
): ListingReview => {
  const checks = checkDraft(draft, r)
  const required = checks.filter((c) => c.required)
  const score =
    required.length === 0
      ? 100
      : Math.round((100 * required.filter((c) => c.ok).length) / required.length)
  const missing = checks
    .filter((c) => !c.ok)
    .map((c) => ({ ...c, effect: effectOf(c.item, rows, r) }))
  const known = missing.flatMap((m) =>
    m.effect.significant && m.effect.ratio !== null ? [m.effect.ratio] : [],
  )
  const relativeRisk =
    known.length === 0 ? null : Math.round(known.reduce((a, b) => a * b, 1) * 100) / 100
  const photoRows = rows.filter((x) => x.attribute === 'photos')
  const categoryRate = { ...group(photoRows), prefix: r.categoryPrefix }
  const summary =
    missing.length === 0
      ? `The listing shows everything ${r.categoryPrefix || 'this category'} requires.`
      : `Missing ${missing.length} of ${required.length} required item${required.length === 1 ? '' : 's'}: ${missing.map((m) => m.item.replace('_', ' ')).join(', ')}.` +
        (relativeRisk !== null && relativeRisk > 1
          ? ` Past listings missing the same had about ${relativeRisk}× the not-as-described rate.`
          : '')
  return {
    category: draft.category,
    requirement: r,
    score,
    checks,
    missing,
    categoryRate,
    relativeRisk,
    summary,
  }
}

/** Reviews a draft against the policy in force and this marketplace's history. */
export const reviewListing = async (
  q: Queryable,
  draft: ListingDraft,
  policy: Policy,
): Promise<ListingReview> => {
  const r = requirementFor(draft.category, policy)
  const t = insightListingAttributes
  const rows = await queryRows<{ attribute: string; value: string; orders: string; nad: string }>(
    q,
    sql`select attribute, value, sum(orders) as orders, sum(nad) as nad from ${t}
        where starts_with(category, ${r.categoryPrefix})
        group by attribute, value`,
  )
  return buildReview(
    draft,
    r,
    rows.map((x) => ({ ...x, orders: Number(x.orders), nad: Number(x.nad) })),
  )
}
