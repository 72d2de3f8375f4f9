import { createHash } from 'node:crypto'
import type { DecisionOutcome, DesiredOutcome } from '../domain/case/vocabulary.ts'
import type { ListingSnapshot } from '../domain/order/events.ts'
import { weightedPicker } from '../domain/shared/weighted-pick.ts'
import type { Instant } from '../policy/time.ts'
import { addHours, instant } from '../policy/time.ts'
import type {
  BuyerCancelReason,
  CaseReason,
  Fault,
  SellerCancelReason,
} from '../policy/vocabulary.ts'
import type { Buyer, Cast, Seller } from './people.ts'
import { generateCast } from './people.ts'
import type { Rng } from './random.ts'
import { rngFor } from './random.ts'

/**
 * What the people of a generated marketplace intend to do with each order,
 * drawn from a seed and independent of any policy: when the buyer would ask
 * to cancel, when the seller ships, whether and when the buyer claims and
 * why, how the seller answers, whether the buyer escalates, what an agent
 * would find. The simulator plays the same intentions under two policies;
 * the policy decides which of them are allowed and what follows.
 *
 * The cast (sellers with their listings, buyers with their habits) comes from
 * people.ts, which the demo's seed plan uses too (`src/demo/`), so simulated
 * and seeded marketplaces have the same people for the same seed.
 */

export type SellerCaseResponse = 'accept_refund' | 'accept_return' | 'dispute' | 'offer_partial'

export interface ClaimIntent {
  readonly reason: CaseReason
  /** Hours after delivery (or, for a parcel that never arrives, after the estimated delivery date). */
  readonly afterHours: number
  readonly desiredOutcome: DesiredOutcome
  /** The buyer attaches a photo (Poshmark requires one for most reasons). */
  readonly photo: { readonly sha256: string } | null
  /** What an agent would find: whose fault it really was. */
  readonly fault: Fault
  readonly seller: {
    /** `null`: the seller never answers. */
    readonly respondAfterHours: number | null
    readonly response: SellerCaseResponse
    /** A partial refund offer, in percent of the claim. */
    readonly offerPercent: number
  }
  readonly buyer: {
    readonly acceptsOffer: boolean
    readonly answerAfterHours: number
    /** `null`: the buyer lets it go instead of escalating. */
    readonly escalateAfterHours: number | null
    /** `null`: the buyer never ships a required return. */
    readonly returnShipAfterHours: number | null
  }
  readonly agent: {
    readonly decideAfterHours: number
    readonly outcome: DecisionOutcome
  }
}

export interface OrderScript {
  readonly index: number
  readonly externalRef: string
  readonly buyerId: string
  readonly sellerId: string
  readonly purchasedAt: Instant
  /** Handling time the seller declared (sent as ship-by), or `null`: the policy's default applies. */
  readonly handlingDays: number | null
  readonly lines: readonly {
    readonly lineId: string
    readonly quantity: number
    readonly unitPrice: number
    readonly listing: ListingSnapshot
  }[]
  readonly shippingAmount: number
  readonly total: number
  readonly buyerCancel: {
    readonly afterHours: number
    readonly reason: Exclude<BuyerCancelReason, 'seller_not_shipped'>
  } | null
  /** What the seller does with a request that waits for it. */
  readonly sellerAnswer: {
    readonly kind: 'approve' | 'decline' | 'silence'
    readonly afterHours: number
  }
  readonly sellerCancel: { readonly afterHours: number; readonly reason: SellerCancelReason } | null
  /** If still unshipped this long after purchase, the buyer cancels on its right (where the policy gives one). */
  readonly rightAfterHours: number | null
  readonly shipAfterHours: number
  readonly carrier: string
  readonly trackingNumber: string
  /** `null`: the parcel is lost and never delivered. */
  readonly transitHours: number | null
  /** The buyer confirms delivery itself this long after it (if there is no claim). */
  readonly acceptAfterHours: number | null
  readonly claim: ClaimIntent | null
}

/** Generated marketplaces start here, so a seed gives the same history on every day it is run. */
export const SIMULATION_EPOCH = instant('2026-01-05T00:00:00.000Z')
/** Purchases spread over this many days. */
export const SIMULATION_DAYS = 90

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x))

/** A uniform draw from a range picked by weight: `[[2, 48], 55]` means 2–48 with weight 55. */
const fromRanges = (
  rng: Rng,
  ranges: readonly (readonly [readonly [number, number], number])[],
): number => {
  const [lo, hi] = rng.weighted(ranges)
  return rng.between(lo, hi)
}

const handlingHours = (rng: Rng, seller: Seller): number => {
  switch (seller.tier) {
    case 'reliable':
      return clamp(rng.logNormal(22, 1.6), 2, 110)
    case 'late':
      return clamp(rng.logNormal(76, 1.35), 20, 220)
    case 'erratic':
      return rng.chance(0.5) ? clamp(rng.logNormal(30, 1.5), 3, 100) : rng.between(5 * 24, 12 * 24)
  }
}

const digits = (rng: Rng, n: number): string =>
  Array.from({ length: n }, () => String(rng.int(0, 9))).join('')

const trackingFor = (rng: Rng, carrier: string, valid: boolean): string => {
  if (!valid) return digits(rng, rng.int(5, 7))
  switch (carrier) {
    case 'USPS':
      return `9400${digits(rng, 18)}`
    case 'UPS':
      return `1Z${rng.pick(['V4', 'A9', 'X7'])}${digits(rng, 14)}`
    case 'FedEx':
      return digits(rng, 12)
    default:
      return digits(rng, 10)
  }
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex')

const buyerCancelReasons: readonly (readonly [
  Exclude<BuyerCancelReason, 'seller_not_shipped'>,
  number,
])[] = [
  ['order_mistake', 4],
  ['found_cheaper_price', 3],
  ['no_longer_needed', 3],
]

const sellerCancelReasons: readonly (readonly [SellerCancelReason, number])[] = [
  ['out_of_stock', 6],
  ['address_issue', 1.5],
  ['buyer_asked', 1.5],
  ['pricing_error', 1],
]

const remorse = (r: CaseReason): boolean => r === 'changed_mind' || r === 'doesnt_fit'

/** When after delivery a buyer claims: most within two days, a tail past the shortest windows. */
const claimDelayHours = (rng: Rng): number =>
  fromRanges(rng, [
    [[2, 48], 55],
    [[48, 72], 20],
    [[72, 120], 15],
    [[120, 600], 10],
  ])

/**
 * How much more often a listing like this draws a "not as described" claim:
 * clothes and bags without measurements, used items whose flaws went
 * unmentioned and listings with one or two photos surprise buyers more. The
 * factors are the generator's assumption; the listing review measures them
 * back from the generated history.
 */
const surprise = (l: ListingSnapshot): number => {
  const measurable = /^(apparel|accessories|home)\//.test(l.category)
  const used = l.condition === 'good' || l.condition === 'fair' || l.condition === 'used'
  return (
    (measurable && l.measurements === undefined ? 2.5 : 1) *
    (used && l.flaws === undefined ? 2 : 1) *
    (l.photos.length < 3 ? 1.6 : 1)
  )
}

const claimIntent = (
  rng: Rng,
  seller: Seller,
  buyer: Buyer,
  listing: ListingSnapshot,
  lost: boolean,
): ClaimIntent | null => {
  const careless = 1 - seller.diligence
  const nad = 0.01 * surprise(listing)
  const p = lost ? 0.85 : 0.012 + buyer.returnPropensity * 0.5 + nad
  if (!rng.chance(p)) return null
  const serial = buyer.kind === 'serial'
  const reason: CaseReason = lost
    ? 'not_received'
    : rng.weighted<CaseReason>([
        ['not_as_described', 2 + 120 * nad],
        ['damaged', 2],
        ['defective', 1],
        ['wrong_item', 0.7],
        ['missing_parts', 0.4 + careless],
        ['counterfeit', 0.2],
        ['changed_mind', 0.8 + (serial ? 4 : 0)],
        ['doesnt_fit', 1.2 + (serial ? 2 : 0)],
      ])
  const fault: Fault = remorse(reason)
    ? 'buyer'
    : reason === 'not_received' || reason === 'damaged'
      ? rng.chance(0.7)
        ? 'carrier'
        : 'seller'
      : rng.chance(serial ? 0.3 : 0.45 + 0.4 * careless)
        ? 'seller'
        : rng.chance(0.5)
          ? 'buyer'
          : 'none'
  const sellerAtFault = fault === 'seller'
  const silentChance = seller.tier === 'reliable' ? 0.05 : seller.tier === 'late' ? 0.2 : 0.45
  const respondAfterHours = rng.chance(silentChance)
    ? null
    : seller.tier === 'reliable'
      ? clamp(rng.logNormal(14, 2), 0.5, 120)
      : clamp(rng.logNormal(40, 1.8), 1, 200)
  const response = rng.weighted<SellerCaseResponse>(
    reason === 'not_received'
      ? [
          ['accept_refund', sellerAtFault ? 5 : 2],
          ['dispute', sellerAtFault ? 1 : 4],
          ['offer_partial', 1],
        ]
      : sellerAtFault
        ? [
            ['accept_return', 4],
            ['accept_refund', 2],
            ['offer_partial', 3],
            ['dispute', 1.5],
          ]
        : [
            ['dispute', 6],
            ['offer_partial', 2.5],
            ['accept_return', 1.5],
          ],
  )
  const desiredOutcome: DesiredOutcome =
    reason === 'not_received'
      ? 'full_refund'
      : remorse(reason)
        ? 'return_and_refund'
        : rng.weighted<DesiredOutcome>([
            ['return_and_refund', 5],
            ['full_refund', 3],
            ['partial_refund_keep_item', 2],
          ])
  const outcome: DecisionOutcome = sellerAtFault
    ? reason === 'not_received' || desiredOutcome !== 'return_and_refund'
      ? 'refund_full'
      : 'return_required'
    : fault === 'carrier'
      ? 'refund_full'
      : remorse(reason) && rng.chance(0.5)
        ? 'return_required'
        : 'seller_favor'
  return {
    reason,
    afterHours: lost ? rng.between(6, 200) : claimDelayHours(rng),
    desiredOutcome,
    // Serial claimers reuse one photo across orders half the time: the evidence-reuse flag catches it.
    photo: rng.chance(0.78)
      ? { sha256: sha256(serial && rng.chance(0.5) ? `photo:${buyer.id}` : `photo:${rng.float()}`) }
      : null,
    fault,
    seller: { respondAfterHours, response, offerPercent: rng.int(2, 6) * 10 },
    buyer: {
      acceptsOffer: rng.chance(serial ? 0.35 : 0.55),
      answerAfterHours: rng.between(2, 60),
      escalateAfterHours: rng.chance(serial ? 0.9 : 0.65) ? rng.between(2, 100) : null,
      returnShipAfterHours: rng.chance(serial ? 0.3 : 0.08)
        ? null
        : clamp(rng.logNormal(40, 1.8), 2, 400),
    },
    agent: { decideAfterHours: clamp(rng.logNormal(28, 1.6), 1, 150), outcome },
  }
}

/**
 * `count` order scripts for `seed`, each drawn from its own stream so the
 * first N are the same whatever the count. The cast is the seed generator's
 * (~40 sellers, ~400 buyers) unless one is given (the demo's, with its named
 * sellers).
 */
export const generateScripts = (
  seed: string,
  count: number,
  options: { cast?: Cast } = {},
): OrderScript[] => {
  const cast = options.cast ?? generateCast(seed)
  const pickSeller = weightedPicker(cast.sellers, (s) => s.popularity)
  const pickBuyer = weightedPicker(cast.buyers, (b) => b.activity)
  return Array.from({ length: count }, (_, index) => {
    const rng = rngFor(seed, 'simulated-order', index)
    const seller = pickSeller(rng)
    const buyer = pickBuyer(rng)
    const purchasedAt = addHours(SIMULATION_EPOCH, rng.between(0, SIMULATION_DAYS * 24))
    const count = Math.min(
      seller.listings.length,
      rng.weighted([
        [1, 88],
        [2, 12],
      ]),
    )
    const lines = rng.sample(seller.listings, count).map((listing, k) => ({
      lineId: `line-${k + 1}`,
      quantity: 1,
      unitPrice: listing.unitPrice,
      listing: listing.snapshot,
    }))
    const shippingAmount = rng.chance(0.3) ? 0 : rng.pick([499, 599, 799, 899])
    const total = lines.reduce((s, l) => s + l.unitPrice * l.quantity, shippingAmount)
    const cancels = rng.chance(buyer.cancelPropensity)
    const sellerCancels = !cancels && rng.chance(seller.sellerCancelRate)
    const lost = rng.chance(0.012)
    const carrier = rng.weighted([
      ['USPS', 5],
      ['UPS', 3],
      ['FedEx', 2],
      ['DHL', 1],
    ] as const)
    const validTracking = rng.chance(
      seller.tier === 'reliable' ? 0.995 : seller.tier === 'late' ? 0.97 : 0.9,
    )
    const first = lines[0]
    if (first === undefined) throw new Error(`seller ${seller.id} has no listings`)
    const claim = claimIntent(rng, seller, buyer, first.listing, lost)
    return {
      index,
      externalRef: `sim-${seed}-${String(index + 1).padStart(6, '0')}`,
      buyerId: buyer.id,
      sellerId: seller.id,
      purchasedAt,
      handlingDays: seller.handlingDays,
      lines,
      shippingAmount,
      total,
      buyerCancel: cancels
        ? {
            afterHours: fromRanges(rng, [
              [[0.05, 0.9], 6],
              [[1, 2.9], 2.5],
              [[3, 30], 1.5],
            ]),
            reason: rng.weighted(buyerCancelReasons),
          }
        : null,
      sellerAnswer: {
        kind: rng.weighted<'approve' | 'decline' | 'silence'>([
          ['approve', seller.answers.approve],
          ['decline', seller.answers.decline],
          ['silence', seller.answers.silence],
        ]),
        afterHours: rng.between(0.3, 40),
      },
      sellerCancel: sellerCancels
        ? { afterHours: rng.between(1, 48), reason: rng.weighted(sellerCancelReasons) }
        : null,
      rightAfterHours: rng.chance(0.6) ? rng.between(7 * 24 + 1, 9 * 24) : null,
      shipAfterHours: handlingHours(rng, seller),
      carrier,
      trackingNumber: trackingFor(rng, carrier, validTracking),
      transitHours: lost ? null : clamp(rng.logNormal(62, 1.4), 18, 240),
      acceptAfterHours:
        claim === null && rng.chance(buyer.acceptsExplicitly) ? rng.between(2, 60) : null,
      claim,
    }
  })
}
