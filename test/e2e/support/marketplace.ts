import type { ImportOrderBody } from '../../../src/http/schemas/order.ts'

let counter = 0

/** A small product picture as a data: URI, so screenshots show photos without any network. */
const picture = (background: string, accent: string): string =>
  `data:image/svg+xml,${encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120"><rect width="120" height="120" fill="${background}"/>` +
      `<path d="M38 30l14-8h16l14 8 14 18-12 8-6-6v52H42V50l-6 6-12-8z" fill="${accent}"/>` +
      `<path d="M52 22q8 10 16 0" fill="none" stroke="${background}" stroke-width="3"/></svg>`,
  )}`

export interface Item {
  readonly title: string
  readonly price: number
  readonly category: string
  readonly condition: 'new' | 'new_with_tags' | 'like_new' | 'good' | 'fair' | 'used'
  readonly brand?: string
  readonly size?: string
  readonly description: string
  readonly measurements?: Record<string, string>
  readonly material?: string
  readonly flaws?: string
  readonly photo?: readonly [string, string]
}

export const items = {
  jacket: {
    title: 'Vintage Levi’s trucker jacket',
    price: 8900,
    category: 'apparel/jackets',
    condition: 'good',
    brand: 'Levi’s',
    size: 'M',
    description:
      'Type III trucker in a light stone wash, soft from years of wear. All buttons original.',
    measurements: { chest: '54 cm', length: '63 cm', sleeve: '61 cm' },
    material: '100% cotton denim',
    flaws: 'Light fraying at the left cuff, shown in photo 4.',
    photo: ['#dbe7f3', '#4a6fa5'],
  },
  dress: {
    title: 'Silk slip dress, emerald',
    price: 6400,
    category: 'apparel/dresses',
    condition: 'like_new',
    brand: 'Reformation',
    size: 'S',
    description: 'Bias-cut midi slip dress, worn once to a wedding.',
    measurements: { bust: '84 cm', length: '118 cm' },
    material: 'Silk',
    photo: ['#e2f1ea', '#2d6a4f'],
  },
  boots: {
    title: 'Chelsea boots, tan suede',
    price: 12000,
    category: 'shoes/boots',
    condition: 'new_with_tags',
    brand: 'Blundstone',
    size: 'EU 41',
    description: 'Never worn; still in the box with tags.',
  },
  sweater: {
    title: 'Hand-knit wool sweater',
    price: 5500,
    category: 'apparel/knitwear',
    condition: 'good',
    size: 'L',
    description: 'Chunky cream cable knit, hand-made in Ireland.',
    material: 'Merino wool',
    photo: ['#f4ecdf', '#a0703c'],
  },
  lamp: {
    title: 'Mid-century brass desk lamp',
    price: 7800,
    category: 'home/lighting',
    condition: 'used',
    description: 'Rewired in 2023; patina on the shade.',
  },
} as const satisfies Record<string, Item>

/** A paid one-line order from `buyerId` to `sellerId`, as the marketplace would push it. */
export const order = (
  item: Item,
  options: {
    buyerId?: string
    sellerId?: string
    purchasedAt?: string
    shipBy?: string
    shipping?: number
  } = {},
): ImportOrderBody => {
  counter++
  const shippingAmount = options.shipping ?? 795
  const total = item.price + shippingAmount
  return {
    externalRef: `MKT-${String(48210 + counter)}-${Math.random().toString(36).slice(2, 6).toUpperCase()}`,
    buyerId: options.buyerId ?? 'buyer-ana',
    sellerId: options.sellerId ?? 'seller-sam',
    currency: 'USD',
    lines: [
      {
        lineId: 'line-1',
        quantity: 1,
        unitPrice: item.price,
        listing: {
          listingId: `lst-${counter}`,
          title: item.title,
          description: item.description,
          photos: item.photo ? [picture(item.photo[0], item.photo[1])] : [],
          category: item.category,
          condition: item.condition,
          ...(item.brand ? { brand: item.brand } : {}),
          ...(item.size ? { size: item.size } : {}),
          ...(item.measurements ? { measurements: item.measurements } : {}),
          ...(item.material ? { material: item.material } : {}),
          ...(item.flaws ? { flaws: item.flaws } : {}),
        },
      },
    ],
    shippingAmount,
    taxAmount: 0,
    total,
    payment: { method: 'card', card: total, credit: 0 },
    ...(options.purchasedAt ? { purchasedAt: options.purchasedAt } : {}),
    ...(options.shipBy ? { shipBy: options.shipBy } : {}),
  }
}

export const hoursFrom = (iso: string, hours: number): string =>
  new Date(Date.parse(iso) + hours * 3_600_000).toISOString()
