import type { ImportOrderInput } from '../src/app/orders/commands.ts'
import type { Recourse } from '../src/app/recourse.ts'
import type { Actor } from '../src/domain/shared/actor.ts'
import { asId, type UserId } from '../src/domain/shared/ids.ts'
import type { Instant } from '../src/policy/time.ts'
import { addHours } from '../src/policy/time.ts'

/** The marketplace backend pushing orders and delivery scans. */
export const integration: Actor = { kind: 'integration', id: 'bench' }

export const SELLERS = 50
export const BUYERS = 200

export const sellerOf = (i: number): string => `seller-${i % SELLERS}`
export const buyerOf = (i: number): string => `buyer-${i % BUYERS}`
export const asSeller = (i: number): Actor => ({ kind: 'seller', id: asId<UserId>(sellerOf(i)) })
export const asBuyer = (i: number): Actor => ({ kind: 'buyer', id: asId<UserId>(buyerOf(i)) })

let counter = 0

/** A realistic one-line order (a listing snapshot with photos and measurements), as the integration would push it. */
export const orderInput = (tag: string, i: number, purchasedAt?: Instant): ImportOrderInput => {
  const unitPrice = 4500 + (i % 37) * 100
  const shippingAmount = 799
  const taxAmount = Math.round(unitPrice * 0.0825)
  const total = unitPrice + shippingAmount + taxAmount
  return {
    externalRef: `bench-${tag}-${process.pid}-${++counter}`,
    buyerId: buyerOf(i),
    sellerId: sellerOf(i),
    currency: 'USD',
    lines: [
      {
        lineId: 'line-1',
        quantity: 1,
        unitPrice,
        listing: {
          listingId: `lst-${i % 997}`,
          title: "Levi's trucker denim jacket, light wash",
          description:
            "Classic Levi's trucker, light wash, lightly worn. Size M. Ships from a smoke-free home.",
          photos: [1, 2, 3, 4, 5].map(
            (k) => `https://picsum.photos/seed/lst-${i % 997}-${k}/800/1000`,
          ),
          category: 'apparel/jackets',
          condition: 'good',
          brand: "Levi's",
          size: 'M',
          measurements: { chest: '52 cm', length: '63 cm', sleeve: '62 cm' },
          material: 'denim',
        },
      },
    ],
    shippingAmount,
    taxAmount,
    total,
    payment: { method: 'card', card: total, credit: 0 },
    ...(purchasedAt !== undefined ? { purchasedAt } : {}),
  }
}

/** Runs `task(i)` for i in [0, n) with `concurrency` workers; returns the elapsed seconds. */
export const pool = async (
  n: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<number> => {
  let next = 0
  const started = performance.now()
  const worker = async (): Promise<void> => {
    for (let i = next++; i < n; i = next++) await task(i)
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker))
  return (performance.now() - started) / 1000
}

/** Imports `n` orders through the command path; returns their ids and the rate. */
export const importOrders = async (
  recourse: Recourse,
  tag: string,
  n: number,
  concurrency: number,
  hoursAgo = 0,
): Promise<{ ids: string[]; perSecond: number }> => {
  const ids: string[] = new Array<string>(n)
  const now = await recourse.clock.now()
  const seconds = await pool(n, concurrency, async (i) => {
    const input = orderInput(tag, i, hoursAgo > 0 ? addHours(now, -hoursAgo) : undefined)
    const outcome = await recourse.runner.run(integration, (uow) =>
      recourse.orders.import(uow, input),
    )
    if (!outcome.ok) throw new Error(`import refused: ${JSON.stringify(outcome.rejection)}`)
    ids[i] = outcome.value.id
  })
  return { ids, perSecond: n / seconds }
}

/** Throws on a refusal: the benchmark's commands are all legal, a refusal is a bug. */
export const must = <T>(
  outcome: { ok: true; value: T } | { ok: false; rejection: unknown },
  what: string,
): T => {
  if (!outcome.ok) throw new Error(`${what} refused: ${JSON.stringify(outcome.rejection)}`)
  return outcome.value
}
