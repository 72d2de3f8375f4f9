import type { ImportOrderInput } from '../app/orders/commands.ts'
import type { ListingSnapshot } from '../domain/order/events.ts'
import type { Instant } from '../policy/time.ts'
import { addHours } from '../policy/time.ts'
import type { OrderPlan, SeedStep } from './seed-plan.ts'
import { stepsBefore } from './seed-plan.ts'
import type { NamedSeller } from '../simulation/people.ts'

/**
 * The demo's hand-made orders (README walkthrough): Ana and Ben buying from
 * Sam's Vintage and Lucía Moda, each order at a moment of its life that lets
 * the visitor try one thing — cancel inside the window, ask the seller, see a
 * shipment, open a case on a recent delivery.
 */

/** The demo sellers are generated like everyone else (they get a history and a scorecard), with these traits. */
export const demoSellers: readonly NamedSeller[] = [
  {
    id: 'seller-sam',
    name: "Sam's Vintage",
    locale: 'en',
    timeZone: 'America/Los_Angeles',
    tier: 'reliable',
    categories: ['apparel/jackets', 'home/decor', 'shoes/sneakers'],
  },
  {
    id: 'seller-lucia',
    name: 'Lucía Moda',
    locale: 'es',
    timeZone: 'America/Sao_Paulo',
    tier: 'late',
    categories: ['apparel/dresses', 'accessories/handbags'],
  },
]

const photos = (id: string, n: number): string[] =>
  Array.from({ length: n }, (_, k) => `https://picsum.photos/seed/${id}-${k + 1}/800/1000`)

const order = (
  externalRef: string,
  buyerId: string,
  sellerId: string,
  purchasedAt: Instant,
  listing: ListingSnapshot,
  amounts: { unitPrice: number; shipping: number; tax: number; credit?: number },
): ImportOrderInput => {
  const total = amounts.unitPrice + amounts.shipping + amounts.tax
  const credit = amounts.credit ?? 0
  return {
    externalRef,
    buyerId,
    sellerId,
    currency: 'USD',
    lines: [{ lineId: 'line-1', quantity: 1, unitPrice: amounts.unitPrice, listing }],
    shippingAmount: amounts.shipping,
    taxAmount: amounts.tax,
    total,
    payment:
      credit > 0
        ? { method: 'mixed', card: total - credit, credit }
        : { method: 'card', card: total, credit: 0 },
    purchasedAt,
  }
}

/** The five story orders, timed against `now` (the app's clock when the demo is seeded). */
export const storyPlans = (now: Instant): OrderPlan[] => {
  const ago = (hours: number): Instant => addHours(now, -hours)
  const plan = (
    externalRef: string,
    buyerId: string,
    sellerId: string,
    steps: (input: string) => SeedStep[],
  ): OrderPlan => ({
    externalRef,
    buyerId,
    sellerId,
    steps: stepsBefore(steps(externalRef), now),
  })
  return [
    // Just bought: inside the cancel window, a buyer's cancellation is approved at once.
    plan('demo-story-1', 'buyer-ana', 'seller-sam', (ref) => [
      {
        kind: 'import',
        at: ago(1 / 6),
        input: order(
          ref,
          'buyer-ana',
          'seller-sam',
          ago(1 / 6),
          {
            listingId: 'lst-sam-trucker',
            title: "Levi's trucker denim jacket, light wash",
            description:
              "Classic Levi's trucker, light wash, lightly worn. Size M. Ships from a smoke-free home.",
            photos: photos('lst-sam-trucker', 5),
            category: 'apparel/jackets',
            condition: 'good',
            brand: "Levi's",
            size: 'M',
            measurements: { chest: '52 cm', length: '63 cm', sleeve: '62 cm' },
            material: 'denim',
          },
          { unitPrice: 4500, shipping: 700, tax: 0 },
        ),
      },
    ]),
    // Bought 5 hours ago and unshipped: past the window, a request waits for the seller.
    plan('demo-story-2', 'buyer-ben', 'seller-lucia', (ref) => [
      {
        kind: 'import',
        at: ago(5),
        input: order(
          ref,
          'buyer-ben',
          'seller-lucia',
          ago(5),
          {
            listingId: 'lst-lucia-vestido-lino',
            title: 'Vestido midi de lino color salvia',
            description:
              'Vestido midi de lino, color verde salvia, usado una sola vez. Talla S. Medidas en las fotos.',
            photos: photos('lst-lucia-vestido-lino', 6),
            category: 'apparel/dresses',
            condition: 'like_new',
            size: 'S',
            measurements: { bust: '44 cm', waist: '36 cm', length: '118 cm' },
            material: 'linen',
          },
          { unitPrice: 6800, shipping: 599, tax: 561, credit: 1500 },
        ),
      },
    ]),
    // Shipped yesterday, on its way.
    plan('demo-story-3', 'buyer-ana', 'seller-lucia', (ref) => [
      {
        kind: 'import',
        at: ago(50),
        input: order(
          ref,
          'buyer-ana',
          'seller-lucia',
          ago(50),
          {
            listingId: 'lst-lucia-bolso-cuero',
            title: 'Bolso bandolera de cuero coñac',
            description:
              'Bolso bandolera de cuero color coñac, buen estado, pequeñas marcas de uso en las esquinas.',
            photos: photos('lst-lucia-bolso-cuero', 4),
            category: 'accessories/handbags',
            condition: 'good',
            material: 'leather',
            measurements: { width: '24 cm', height: '17 cm', depth: '7 cm' },
            flaws: 'pequeñas marcas de uso en las esquinas',
          },
          { unitPrice: 5200, shipping: 0, tax: 0 },
        ),
      },
      { kind: 'ship', at: ago(26), carrier: 'USPS', trackingNumber: '9400111899223344556677' },
    ]),
    // Delivered yesterday: the buyer can still open a case (one candlestick arrived dented).
    plan('demo-story-4', 'buyer-ben', 'seller-sam', (ref) => [
      {
        kind: 'import',
        at: ago(5 * 24),
        input: order(
          ref,
          'buyer-ben',
          'seller-sam',
          ago(5 * 24),
          {
            listingId: 'lst-sam-candlesticks',
            title: 'Pair of brass candlesticks',
            description: 'Heavy solid brass candlesticks, 1970s. Light tarnish, can be polished.',
            photos: photos('lst-sam-candlesticks', 3),
            category: 'home/decor',
            condition: 'good',
            material: 'brass',
            measurements: { height: '25 cm', base: '9 cm' },
            flaws: 'light tarnish',
          },
          { unitPrice: 3400, shipping: 899, tax: 280 },
        ),
      },
      { kind: 'ship', at: ago(4 * 24 - 3), carrier: 'UPS', trackingNumber: '1ZV4120903123456784' },
      { kind: 'deliver', at: ago(24) },
    ]),
    // Delivered 2 days ago: acceptance follows when the window passes.
    plan('demo-story-5', 'buyer-ana', 'seller-sam', (ref) => [
      {
        kind: 'import',
        at: ago(7 * 24),
        input: order(
          ref,
          'buyer-ana',
          'seller-sam',
          ago(7 * 24),
          {
            listingId: 'lst-sam-airmax',
            title: 'Nike Air Max 90',
            description: 'Nike Air Max 90, white/infrared, worn a handful of times. US 8.',
            photos: photos('lst-sam-airmax', 6),
            category: 'shoes/sneakers',
            condition: 'like_new',
            brand: 'Nike',
            size: 'US 8',
            measurements: { insole: '26 cm' },
            material: 'leather',
          },
          { unitPrice: 8900, shipping: 1099, tax: 734 },
        ),
      },
      { kind: 'ship', at: ago(6 * 24 - 4), carrier: 'FedEx', trackingNumber: '771234567890' },
      { kind: 'deliver', at: ago(2 * 24) },
    ]),
  ]
}
