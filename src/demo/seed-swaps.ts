import type { Clock } from '../app/clock.ts'
import type { Outcome } from '../app/command-runner.ts'
import type { Recourse } from '../app/recourse.ts'
import type { ImportOrderInput } from '../app/orders/commands.ts'
import type { Actor } from '../domain/shared/actor.ts'
import { asId, type UserId } from '../domain/shared/ids.ts'
import type { Instant } from '../policy/time.ts'
import { addHours } from '../policy/time.ts'
import type { UnitOfWork } from '../store/event-store.ts'

/**
 * The demo's swapped orders: Sam's Vintage packed Ana's and Ben's jackets
 * into each other's parcels. Both buyers filed a wrong-item case describing
 * the other's jacket, Sam disputed ("I shipped what was paid for"), and both
 * escalated. An agent finds the pair in the queue and links them
 * (`POST /v1/cases/{id}/swap`).
 */
export const swapStory = [
  {
    externalRef: 'demo-swap-1',
    buyerId: 'buyer-ana',
    listing: {
      listingId: 'lst-sam-barbour',
      title: 'Barbour Bedale waxed jacket, olive',
      description: 'Barbour Bedale in olive, re-waxed last winter, corduroy collar. Size M.',
      category: 'apparel/jackets',
      condition: 'good',
      brand: 'Barbour',
      size: 'M',
      measurements: { chest: '54 cm', length: '76 cm' },
      material: 'waxed cotton',
    },
    unitPrice: 12500,
    tracking: '9400111899223300112233',
    description:
      'I ordered the olive Barbour waxed jacket (size M) and received a brown Carhartt chore coat in size L. The packing slip inside has another buyer’s name (Ben).',
  },
  {
    externalRef: 'demo-swap-2',
    buyerId: 'buyer-ben',
    listing: {
      listingId: 'lst-sam-carhartt',
      title: 'Carhartt chore coat, brown duck canvas',
      description: 'Carhartt blanket-lined chore coat, brown duck canvas, nicely faded. Size L.',
      category: 'apparel/jackets',
      condition: 'good',
      brand: 'Carhartt',
      size: 'L',
      measurements: { chest: '61 cm', length: '74 cm' },
      material: 'cotton duck',
    },
    unitPrice: 8900,
    tracking: '9400111899223300445566',
    description:
      'I ordered the brown Carhartt chore coat (size L) and received an olive Barbour waxed jacket in size M. The slip in the box is made out to Ana.',
  },
] as const

const SELLER = 'seller-sam'

/**
 * Plays the swap story through the real services, each step at its own past
 * time: bought six days before `now`, delivered three days before, the cases
 * opened, disputed and escalated since. Refusals are reported, not thrown.
 */
export const seedSwappedOrders = async (recourse: Recourse, now: Instant): Promise<number> => {
  const ago = (hours: number): Instant => addHours(now, -hours)
  const run = async <T>(
    hoursAgo: number,
    actor: Actor,
    handler: (uow: UnitOfWork) => Promise<Outcome<T>>,
  ): Promise<T | null> => {
    const at = ago(hoursAgo)
    const clock: Clock = { sandbox: false, now: async () => at }
    const outcome = await recourse.runner.at(clock).run(actor, handler)
    if (!outcome.ok) {
      console.warn('Seeding the swapped orders: a step was refused', outcome.rejection)
      return null
    }
    return outcome.value
  }
  const integration: Actor = { kind: 'integration', id: 'demo-seed' }
  const seller: Actor = { kind: 'seller', id: asId<UserId>(SELLER) }
  let cases = 0
  for (const s of swapStory) {
    const buyer: Actor = { kind: 'buyer', id: asId<UserId>(s.buyerId) }
    const input: ImportOrderInput = {
      externalRef: s.externalRef,
      buyerId: s.buyerId,
      sellerId: SELLER,
      currency: 'USD',
      lines: [
        {
          lineId: 'line-1',
          quantity: 1,
          unitPrice: s.unitPrice,
          listing: {
            ...s.listing,
            measurements: { ...s.listing.measurements },
            photos: [1, 2, 3].map(
              (k) => `https://picsum.photos/seed/${s.listing.listingId}-${k}/800/1000`,
            ),
          },
        },
      ],
      shippingAmount: 899,
      taxAmount: 0,
      total: s.unitPrice + 899,
      payment: { method: 'card', card: s.unitPrice + 899, credit: 0 },
      purchasedAt: ago(6 * 24),
    }
    const order = await run(6 * 24, integration, (uow) => recourse.orders.import(uow, input))
    if (!order) return cases
    const orderId = order.id
    // Both parcels left Sam's together, with each other's labels.
    await run(5 * 24, seller, (uow) =>
      recourse.orders.execute(uow, orderId, {
        type: 'ShipOrder',
        carrier: 'USPS',
        trackingNumber: s.tracking,
      }),
    )
    await run(3 * 24, integration, (uow) =>
      recourse.orders.execute(uow, orderId, { type: 'MarkDelivered' }),
    )
    const opened = await run(60, buyer, (uow) =>
      recourse.cases.open(uow, orderId, {
        reason: 'wrong_item',
        desiredOutcome: 'return_and_refund',
        description: s.description,
      }),
    )
    if (!opened) return cases
    await run(50, seller, (uow) =>
      recourse.cases.execute(uow, opened.id, {
        type: 'DisputeClaim',
        statement: 'I shipped exactly the jacket that was paid for; the photos match my listing.',
      }),
    )
    const escalated = await run(40, buyer, (uow) =>
      recourse.cases.execute(uow, opened.id, {
        type: 'Escalate',
        statement: 'This is another buyer’s jacket. I would like to get the one I bought.',
      }),
    )
    if (escalated) cases++
  }
  return cases
}
