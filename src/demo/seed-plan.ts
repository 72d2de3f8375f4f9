import type { ImportOrderInput } from '../app/orders/commands.ts'
import { weightedPicker } from '../domain/shared/weighted-pick.ts'
import type { BuyerCancelReason, SellerCancelReason } from '../policy/vocabulary.ts'
import type { Instant } from '../policy/time.ts'
import { addDuration, addHours, days, instant, toMillis } from '../policy/time.ts'
import type { Policy } from '../policy/types.ts'
import type { Buyer, Cast, Seller } from '../simulation/people.ts'
import { slug } from '../simulation/people.ts'
import type { Rng } from '../simulation/random.ts'
import { rngFor } from '../simulation/random.ts'

/**
 * What happens to each generated order, as a list of timed steps. Plans are
 * pure data computed from the seed, the end of history and the policy in
 * force; the runner (seed-run.ts) turns every step into a real command on a
 * virtual clock, and deadlines (ship-by reminders, the seller's answer to a
 * cancellation request, auto-acceptance) fire through the scheduler.
 */
export type SeedStep =
  | { readonly kind: 'import'; readonly at: Instant; readonly input: ImportOrderInput }
  | {
      readonly kind: 'ship'
      readonly at: Instant
      readonly carrier: string
      readonly trackingNumber: string
    }
  | { readonly kind: 'deliver'; readonly at: Instant }
  | { readonly kind: 'accept'; readonly at: Instant }
  | {
      readonly kind: 'buyer_cancel'
      readonly at: Instant
      readonly reason: BuyerCancelReason
      readonly note?: string
    }
  | {
      readonly kind: 'seller_cancel'
      readonly at: Instant
      readonly reason: SellerCancelReason
      readonly note?: string
    }
  | { readonly kind: 'approve'; readonly at: Instant }
  | { readonly kind: 'decline'; readonly at: Instant; readonly reason: string }

export interface OrderPlan {
  readonly externalRef: string
  readonly buyerId: string
  readonly sellerId: string
  /** In time order; steps after the end of history are already left out. */
  readonly steps: readonly SeedStep[]
}

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** How many days of history the generated marketplace covers. */
export const HISTORY_DAYS = 90

const after = (t: Instant, hours: number): Instant => addHours(t, hours)
const hoursBetween = (a: Instant, b: Instant): number => (toMillis(b) - toMillis(a)) / HOUR

/**
 * Parcels are handed over and delivered in the daytime: an instant in the
 * North American night (04:00–12:00 UTC) moves to the next morning there.
 */
const daytime = (rng: Rng, t: Instant): Instant => {
  const ms = toMillis(t)
  const hour = new Date(ms).getUTCHours()
  if (hour >= 4 && hour < 12) return instant(ms - (ms % DAY) + 12 * HOUR + rng.between(0, 5) * HOUR)
  return t
}

/** Hours from purchase to shipment, by how the seller works. */
const handlingHours = (rng: Rng, seller: Seller): number => {
  switch (seller.tier) {
    case 'reliable':
      return Math.min(110, Math.max(2, rng.logNormal(22, 1.6)))
    case 'late':
      return Math.min(220, Math.max(20, rng.logNormal(76, 1.35)))
    case 'erratic':
      return rng.chance(0.5)
        ? Math.min(100, Math.max(3, rng.logNormal(30, 1.5)))
        : rng.between(5 * 24, 12 * 24)
  }
}

const carriers = [
  ['USPS', 5],
  ['UPS', 3],
  ['FedEx', 2],
  ['DHL', 1],
] as const

const digits = (rng: Rng, n: number): string =>
  Array.from({ length: n }, () => String(rng.int(0, 9))).join('')

const tracking = (rng: Rng, carrier: string): string => {
  switch (carrier) {
    case 'USPS':
      return `9400${digits(rng, 18)}`
    case 'UPS':
      return `1Z${rng.pick(['V4', 'A9', 'X7', 'E2'])}${digits(rng, 4)}${rng.pick(['03', '13', '42'])}${digits(rng, 8)}`
    case 'FedEx':
      return digits(rng, 12)
    default:
      return digits(rng, 10)
  }
}

const buyerReasons: readonly (readonly [
  Exclude<BuyerCancelReason, 'seller_not_shipped'>,
  number,
])[] = [
  ['order_mistake', 4],
  ['found_cheaper_price', 3],
  ['no_longer_needed', 3],
]
const buyerNotes: Readonly<Record<string, readonly string[]>> = {
  order_mistake: [
    'Ordered the wrong size, sorry!',
    'Bought it twice by accident.',
    'Meant to add it to a bundle.',
  ],
  found_cheaper_price: ['Found it cheaper elsewhere.', 'Saw the same one on sale.'],
  no_longer_needed: ['Changed my mind, sorry.', 'Found one locally.', 'Gift plans changed.'],
}
const sellerReasons: readonly (readonly [SellerCancelReason, number])[] = [
  ['out_of_stock', 6],
  ['address_issue', 1.5],
  ['buyer_asked', 1.5],
  ['pricing_error', 1],
]
const sellerNotes: Readonly<Record<string, readonly string[]>> = {
  out_of_stock: [
    'Sold at a pop-up before I could update the listing, so sorry!',
    'Found a stain while packing, cannot send it.',
    'It sold in my other shop.',
  ],
  address_issue: [
    'The address is a freight forwarder I cannot ship to.',
    'The carrier rejects this address.',
  ],
  buyer_asked: ['The buyer messaged me to cancel.'],
  pricing_error: ['Listed at the wrong price by mistake.'],
}
const declineReasons = [
  'Already packed and labelled; it ships today.',
  'It is a made-to-order item and already made.',
  'Shipping label already purchased.',
  'We talked and the buyer agreed to keep it.',
]

/** A purchase time: more orders recently (a growing marketplace), more in the US evening than at night. */
const purchaseTime = (rng: Rng, now: Instant): Instant => {
  const end = toMillis(now)
  const dayStart = end - (end % DAY)
  for (let attempt = 0; attempt < 6; attempt++) {
    const daysAgo = Math.floor(HISTORY_DAYS * Math.pow(rng.float(), 1.4))
    const hour = rng.weighted<number>([
      [0, 6],
      [1, 6],
      [2, 5],
      [3, 3],
      [4, 2],
      [5, 1],
      [6, 1],
      [7, 1],
      [8, 1],
      [9, 1],
      [10, 1],
      [11, 2],
      [12, 2],
      [13, 3],
      [14, 3],
      [15, 4],
      [16, 4],
      [17, 4],
      [18, 4],
      [19, 4],
      [20, 4],
      [21, 5],
      [22, 5],
      [23, 6],
    ])
    const t = dayStart - daysAgo * DAY + hour * HOUR + rng.int(0, 3599) * 1000
    if (t < end - 60_000) return instant(t)
  }
  return instant(end - rng.between(0.05, 6) * HOUR)
}

const orderLines = (rng: Rng, seller: Seller): ImportOrderInput['lines'] => {
  const count = Math.min(
    seller.listings.length,
    rng.weighted([
      [1, 85],
      [2, 11],
      [3, 4],
    ]),
  )
  return rng.sample(seller.listings, count).map((listing, k) => ({
    lineId: `line-${k + 1}`,
    quantity: listing.maxQuantity > 1 && rng.chance(0.2) ? rng.int(2, listing.maxQuantity) : 1,
    unitPrice: listing.unitPrice,
    listing: listing.snapshot,
  }))
}

const importInput = (
  rng: Rng,
  externalRef: string,
  buyer: Buyer,
  seller: Seller,
  purchasedAt: Instant,
  shipBy: Instant | undefined,
): ImportOrderInput => {
  const lines = orderLines(rng, seller)
  const subtotal = lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0)
  const shippingAmount = rng.chance(0.3) ? 0 : rng.pick([499, 599, 799, 899, 1099, 1299])
  const taxAmount = rng.chance(0.3)
    ? 0
    : Math.round((subtotal * rng.pick([4, 6, 7.25, 8.25, 8.875, 9.5])) / 100)
  const total = subtotal + shippingAmount + taxAmount
  let payment: ImportOrderInput['payment'] = { method: 'card', card: total, credit: 0 }
  if (rng.chance(buyer.usesCredit)) {
    const credit = rng.chance(0.3)
      ? total
      : Math.min(total, rng.pick([500, 1000, 1500, 2000, 2500, 5000]))
    payment =
      credit === total
        ? { method: 'marketplace_credit', card: 0, credit }
        : { method: 'mixed', card: total - credit, credit }
  }
  return {
    externalRef,
    buyerId: buyer.id,
    sellerId: seller.id,
    currency: 'USD',
    lines,
    shippingAmount,
    taxAmount,
    total,
    payment,
    purchasedAt,
    ...(shipBy !== undefined ? { shipBy } : {}),
  }
}

/** What the seller answers to a request that waits for it, and when. */
type Answer = 'approve' | 'decline' | 'silence'

/**
 * One order's life: purchase, then perhaps a cancellation (the buyer inside
 * the window, a request the seller approves, declines or ignores, the seller
 * out of stock, the buyer's right when the seller has not shipped), else
 * shipment, delivery and acceptance by the buyer or by the acceptance window.
 */
const planOrder = (
  rng: Rng,
  externalRef: string,
  buyer: Buyer,
  seller: Seller,
  purchasedAt: Instant,
  policy: Policy,
): SeedStep[] => {
  const { calendar } = policy
  const rules = policy.cancellation
  const shipBy =
    seller.handlingDays === null
      ? undefined
      : addDuration(purchasedAt, days(seller.handlingDays), calendar)
  const steps: SeedStep[] = [
    {
      kind: 'import',
      at: purchasedAt,
      input: importInput(rng, externalRef, buyer, seller, purchasedAt, shipBy),
    },
  ]
  let shipAt = daytime(rng, after(purchasedAt, handlingHours(rng, seller)))
  const windowEnd = addDuration(purchasedAt, rules.buyerWindow, calendar)
  const rightFrom =
    rules.buyerRightAfterUnshipped === null
      ? null
      : addDuration(purchasedAt, rules.buyerRightAfterUnshipped, calendar)

  if (rng.chance(buyer.cancelPropensity)) {
    const reason = rng.weighted(buyerReasons)
    const note = rng.chance(0.5) ? { note: rng.pick(buyerNotes[reason] ?? ['']) } : {}
    const lateAt = after(windowEnd, rng.between(1, 30))
    const late =
      rules.buyerMayRequestAfterWindow && rng.chance(0.45) && hoursBetween(lateAt, shipAt) > 1
    const at = late
      ? lateAt
      : after(purchasedAt, rng.between(0.05, 0.85) * hoursBetween(purchasedAt, windowEnd))
    steps.push({ kind: 'buyer_cancel', at, reason, ...note })
    if (!late && !rules.sellerApprovalInsideWindow) return steps
    const respondBy = addDuration(at, rules.sellerResponseTime, calendar)
    const answer = rng.weighted<Answer>([
      ['approve', seller.answers.approve],
      ['decline', seller.answers.decline],
      ['silence', seller.answers.silence],
    ])
    if (answer === 'silence') {
      // The seller-response deadline fires at `respondBy`; `onSellerSilence` decides.
      if (rules.onSellerSilence === 'approve') return steps
      shipAt = daytime(rng, after(respondBy, rng.between(2, 30)))
    } else {
      const answeredAt = after(
        at,
        rng.between(0.3, Math.max(0.5, Math.min(20, hoursBetween(at, respondBy) - 0.5))),
      )
      if (answer === 'approve') return [...steps, { kind: 'approve', at: answeredAt }]
      steps.push({ kind: 'decline', at: answeredAt, reason: rng.pick(declineReasons) })
      if (toMillis(shipAt) <= toMillis(answeredAt)) shipAt = after(answeredAt, rng.between(1, 20))
    }
  } else if (rng.chance(seller.sellerCancelRate)) {
    const reason = rng.weighted(sellerReasons)
    const note = rng.chance(0.7) ? { note: rng.pick(sellerNotes[reason] ?? ['']) } : {}
    const at = after(
      purchasedAt,
      rng.between(1, Math.max(2, Math.min(hoursBetween(purchasedAt, shipAt), 48))),
    )
    return [...steps, { kind: 'seller_cancel', at, reason, ...note }]
  } else if (rightFrom !== null && hoursBetween(rightFrom, shipAt) > 2 && rng.chance(0.6)) {
    // The seller has not shipped after the policy's days: the buyer uses its right.
    const at = after(rightFrom, rng.between(1, Math.min(48, hoursBetween(rightFrom, shipAt) - 1)))
    return [...steps, { kind: 'buyer_cancel', at, reason: 'seller_not_shipped' }]
  }

  const carrier = rng.weighted(carriers)
  steps.push({ kind: 'ship', at: shipAt, carrier, trackingNumber: tracking(rng, carrier) })
  const deliveredAt = daytime(
    rng,
    after(shipAt, Math.min(240, Math.max(18, rng.logNormal(62, 1.4)))),
  )
  steps.push({ kind: 'deliver', at: deliveredAt })
  if (rng.chance(buyer.acceptsExplicitly)) {
    const window = hoursBetween(
      deliveredAt,
      addDuration(deliveredAt, policy.order.autoAcceptAfterDelivery, calendar),
    )
    steps.push({
      kind: 'accept',
      at: after(deliveredAt, rng.between(0.5, Math.max(1, 0.85 * window))),
    })
  }
  return steps
}

/** Steps strictly before the end of history; each later than the one before (a plan never runs backwards). */
const until = (steps: readonly SeedStep[], end: Instant): SeedStep[] => {
  const kept: SeedStep[] = []
  let last = -Infinity
  for (const step of steps) {
    const at = toMillis(step.at)
    if (at >= toMillis(end)) break
    if (at <= last) throw new Error(`seed plan runs backwards at ${step.kind} (${step.at})`)
    last = at
    kept.push(step)
  }
  return kept
}

/**
 * `count` orders over the `HISTORY_DAYS` before `now`, deterministic for
 * `seed` (and the policy, whose windows shape the timing). Each order draws
 * from its own stream, so the first N orders are the same whatever the count.
 */
export const generatePlans = (
  seed: string,
  count: number,
  now: Instant,
  policy: Policy,
  cast: Cast,
): OrderPlan[] => {
  const pickSeller = weightedPicker(cast.sellers, (s) => s.popularity)
  const pickBuyer = weightedPicker(cast.buyers, (b) => b.activity)
  const prefix = `gen-${slug(seed) || 'seed'}`
  return Array.from({ length: count }, (_, i) => {
    const rng = rngFor(seed, 'order', i)
    const seller = pickSeller(rng)
    const buyer = pickBuyer(rng)
    const externalRef = `${prefix}-${String(i + 1).padStart(6, '0')}`
    const steps = planOrder(rng, externalRef, buyer, seller, purchaseTime(rng, now), policy)
    return { externalRef, buyerId: buyer.id, sellerId: seller.id, steps: until(steps, now) }
  })
}

export { until as stepsBefore }
