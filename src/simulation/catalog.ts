import type { ListingSnapshot } from '../domain/order/events.ts'
import type { Rng } from './random.ts'

/**
 * Listings of the generated marketplace: realistic titles, prices in USD
 * cents, placeholder photos, and the attributes a careful seller fills in
 * (size, measurements, material, disclosed flaws) — present or missing by the
 * seller's diligence, which the listing-review and dispute-risk features feed on.
 */

export const categories = [
  'apparel/dresses',
  'apparel/jackets',
  'shoes/sneakers',
  'accessories/handbags',
  'electronics/phones',
  'home/decor',
  'collectibles/cards',
] as const
export type Category = (typeof categories)[number]

type Condition = ListingSnapshot['condition']

interface CategorySpec {
  /** Median price and spread of a log-normal, in cents. */
  readonly price: {
    readonly median: number
    readonly spread: number
    readonly min: number
    readonly max: number
  }
  readonly conditions: readonly (readonly [Condition, number])[]
  readonly title: (rng: Rng) => { title: string; brand?: string; material?: string }
  readonly size?: (rng: Rng) => string
  readonly measurements?: (rng: Rng) => Record<string, string>
  /** Materials a diligent seller names when the title does not. */
  readonly materials?: readonly string[]
  /** Flaws a used item may have, disclosed or not. */
  readonly flaws: readonly string[]
}

const colors = [
  'black',
  'navy',
  'ivory',
  'sage green',
  'rust',
  'dusty pink',
  'cobalt blue',
  'camel',
  'burgundy',
  'charcoal',
]
const letterSizes = ['XS', 'S', 'M', 'L', 'XL']
const cm = (n: number): string => `${Math.round(n)} cm`

const specs: { readonly [C in Category]: CategorySpec } = {
  'apparel/dresses': {
    price: { median: 4200, spread: 1.7, min: 1500, max: 18000 },
    conditions: [
      ['new_with_tags', 2],
      ['like_new', 3],
      ['good', 3],
      ['fair', 1],
    ],
    title: (rng) => {
      const brand = rng.pick([
        'Reformation',
        'Free People',
        'Zara',
        'J.Crew',
        'Anthropologie',
        'Madewell',
        'Ganni',
        'Lulus',
        'Vince',
      ])
      const material = rng.pick(['linen', 'silk', 'cotton', 'viscose', 'satin', 'knit'])
      const style = rng.pick([
        'wrap',
        'midi',
        'maxi',
        'slip',
        'shirt',
        'smocked',
        'tiered',
        'sweater',
      ])
      return { title: `${brand} ${rng.pick(colors)} ${material} ${style} dress`, brand, material }
    },
    size: (rng) =>
      rng.chance(0.7) ? rng.pick(letterSizes) : String(rng.pick([0, 2, 4, 6, 8, 10, 12, 14])),
    measurements: (rng) => ({
      bust: cm(rng.between(40, 54)),
      waist: cm(rng.between(32, 46)),
      length: cm(rng.between(85, 135)),
    }),
    flaws: [
      'small snag near the hem',
      'faint mark on the skirt',
      'missing spare button',
      'slight pilling under the arms',
    ],
  },
  'apparel/jackets': {
    price: { median: 6500, spread: 1.8, min: 2000, max: 35000 },
    conditions: [
      ['new_with_tags', 1],
      ['like_new', 3],
      ['good', 4],
      ['fair', 1],
    ],
    title: (rng) =>
      rng.pick([
        { title: "Levi's trucker denim jacket, light wash", brand: "Levi's", material: 'denim' },
        { title: 'Patagonia Nano Puff jacket', brand: 'Patagonia', material: 'nylon' },
        { title: 'The North Face Denali fleece', brand: 'The North Face', material: 'fleece' },
        { title: 'Barbour Bedale waxed jacket', brand: 'Barbour', material: 'waxed cotton' },
        {
          title: 'Carhartt Detroit jacket, duck canvas',
          brand: 'Carhartt',
          material: 'cotton duck',
        },
        {
          title: 'AllSaints leather biker jacket',
          brand: 'AllSaints',
          material: 'lambskin leather',
        },
        { title: 'Aritzia Wilfred wool coat', brand: 'Aritzia', material: 'wool blend' },
        { title: 'Uniqlo ultra light down jacket', brand: 'Uniqlo', material: 'nylon' },
      ]),
    size: (rng) => rng.pick([...letterSizes, 'XXL']),
    measurements: (rng) => ({
      chest: cm(rng.between(48, 64)),
      length: cm(rng.between(58, 78)),
      sleeve: cm(rng.between(58, 68)),
    }),
    flaws: [
      'light fading at the cuffs',
      'zipper pull replaced',
      'small stain inside the collar',
      'worn patina on the elbows',
    ],
  },
  'shoes/sneakers': {
    price: { median: 9000, spread: 1.6, min: 3000, max: 40000 },
    conditions: [
      ['new', 4],
      ['like_new', 3],
      ['good', 2],
      ['used', 1],
    ],
    title: (rng) => {
      const model = rng.pick([
        ['Nike', 'Air Max 90'],
        ['Nike', 'Dunk Low Panda'],
        ['Adidas', 'Samba OG'],
        ['New Balance', '550'],
        ['New Balance', '990v5'],
        ['Converse', 'Chuck 70 Hi'],
        ['Vans', 'Old Skool'],
        ['Asics', 'Gel-Kayano 14'],
        ['Salomon', 'XT-6'],
      ] as const)
      return { title: `${model[0]} ${model[1]}`, brand: model[0] }
    },
    size: (rng) => `US ${rng.pick([6, 6.5, 7, 7.5, 8, 8.5, 9, 9.5, 10, 10.5, 11, 12, 13])}`,
    measurements: (rng) => ({ insole: cm(rng.between(23, 31)) }),
    materials: ['leather', 'suede', 'mesh', 'canvas'],
    flaws: [
      'creasing on the toe box',
      'yellowing on the soles',
      'scuffs on the heel',
      'insoles replaced',
    ],
  },
  'accessories/handbags': {
    price: { median: 12000, spread: 2.0, min: 2500, max: 90000 },
    conditions: [
      ['new_with_tags', 1],
      ['like_new', 3],
      ['good', 3],
      ['fair', 1],
    ],
    title: (rng) => {
      const brand = rng.pick([
        'Coach',
        'Kate Spade',
        'Michael Kors',
        'Longchamp',
        'Tory Burch',
        'Fossil',
        'Marc Jacobs',
      ])
      const kind = rng.pick(['crossbody bag', 'tote', 'shoulder bag', 'satchel', 'mini backpack'])
      return { title: `${brand} ${rng.pick(colors)} ${kind}`, brand }
    },
    measurements: (rng) => ({
      width: cm(rng.between(18, 42)),
      height: cm(rng.between(12, 32)),
      depth: cm(rng.between(5, 16)),
    }),
    materials: ['pebbled leather', 'saffiano leather', 'nylon', 'coated canvas'],
    flaws: [
      'corner wear',
      'pen mark inside the lining',
      'scratches on the hardware',
      'strap slightly stretched',
    ],
  },
  'electronics/phones': {
    price: { median: 38000, spread: 1.6, min: 9000, max: 110000 },
    conditions: [
      ['new', 1],
      ['like_new', 3],
      ['good', 4],
      ['fair', 2],
    ],
    title: (rng) => {
      const model = rng.pick([
        ['Apple', 'iPhone 13'],
        ['Apple', 'iPhone 14 Pro'],
        ['Apple', 'iPhone 12 mini'],
        ['Samsung', 'Galaxy S22'],
        ['Samsung', 'Galaxy S23 Ultra'],
        ['Google', 'Pixel 7'],
        ['Google', 'Pixel 8 Pro'],
      ] as const)
      return {
        title: `${model[0]} ${model[1]} ${rng.pick(['128GB', '256GB', '512GB'])}, unlocked`,
        brand: model[0],
      }
    },
    flaws: [
      'battery health 84%',
      'hairline scratch on the screen',
      'small dent on the frame',
      'Face ID not working',
    ],
  },
  'home/decor': {
    price: { median: 3200, spread: 1.8, min: 900, max: 20000 },
    conditions: [
      ['new', 3],
      ['like_new', 3],
      ['good', 3],
      ['used', 1],
    ],
    title: (rng) =>
      rng.pick([
        { title: 'Hand-thrown ceramic bud vase', material: 'stoneware' },
        { title: 'Pair of brass candlesticks', material: 'brass' },
        { title: 'Linen throw pillow cover, 20x20', material: 'linen' },
        { title: 'Mid-century teak table lamp', material: 'teak' },
        { title: 'Woven jute round rug, 4 ft', material: 'jute' },
        { title: 'Vintage Pyrex mixing bowl set', brand: 'Pyrex', material: 'glass' },
        { title: 'Rattan wall mirror', material: 'rattan' },
      ]),
    measurements: (rng) => ({ height: cm(rng.between(10, 60)), width: cm(rng.between(8, 50)) }),
    flaws: [
      'tiny chip on the base',
      'light tarnish',
      'one pillow cover slightly faded',
      'hairline craze in the glaze',
    ],
  },
  'collectibles/cards': {
    price: { median: 2500, spread: 3.0, min: 300, max: 60000 },
    conditions: [
      ['new', 3],
      ['like_new', 4],
      ['good', 2],
      ['fair', 1],
    ],
    title: (rng) =>
      rng.pick([
        { title: 'Pokémon Charizard holo, Base Set', brand: 'Pokémon' },
        { title: 'Pokémon 151 booster bundle, sealed', brand: 'Pokémon' },
        { title: 'Magic: The Gathering Sheoldred, the Apocalypse', brand: 'Wizards of the Coast' },
        { title: 'Topps Chrome rookie card, PSA 9', brand: 'Topps' },
        { title: 'Panini Prizm basketball lot (25 cards)', brand: 'Panini' },
        { title: 'Yu-Gi-Oh! Blue-Eyes White Dragon, 1st edition', brand: 'Konami' },
      ]),
    flaws: [
      'whitening on the back edges',
      'soft corner',
      'surface scratch under the slab',
      'off-center print',
    ],
  },
}

export interface Listing {
  readonly snapshot: ListingSnapshot
  readonly unitPrice: number
  /** Collectibles and home goods sometimes sell several at once. */
  readonly maxQuantity: number
}

/** A psychological price: $42.00 → 4199 or 4200 or 4500. */
const retailPrice = (rng: Rng, cents: number): number => {
  const dollars = Math.max(1, Math.round(cents / 100))
  const rounded = dollars >= 100 ? Math.round(dollars / 5) * 5 : dollars
  return rng.chance(0.6) ? rounded * 100 - 1 : rounded * 100
}

/**
 * One listing of a seller. `diligence` (0–1) is how carefully the seller
 * lists: photo count, size, measurements, material and disclosed flaws are
 * present with that probability (a careless seller's listing lacks them).
 */
export const makeListing = (
  rng: Rng,
  listingId: string,
  category: Category,
  diligence: number,
): Listing => {
  const spec = specs[category]
  const { title, brand, material: titleMaterial } = spec.title(rng)
  const condition = rng.weighted(spec.conditions)
  const { median, spread, min, max } = spec.price
  const unitPrice = retailPrice(rng, Math.min(max, Math.max(min, rng.logNormal(median, spread))))
  const photoCount = rng.chance(diligence) ? rng.int(4, 8) : rng.int(1, 2)
  const photos = Array.from(
    { length: photoCount },
    (_, k) => `https://picsum.photos/seed/${listingId}-${k + 1}/800/1000`,
  )
  const size = spec.size && rng.chance(0.35 + 0.65 * diligence) ? spec.size(rng) : undefined
  const measurements =
    spec.measurements && rng.chance(diligence * 0.9) ? spec.measurements(rng) : undefined
  const material =
    titleMaterial ??
    (spec.materials && rng.chance(diligence) ? rng.pick(spec.materials) : undefined)
  const used = condition === 'good' || condition === 'fair' || condition === 'used'
  const flaw = used && rng.chance(0.6) ? rng.pick(spec.flaws) : undefined
  // A careless seller often leaves a real flaw out of the listing: the root of many "not as described" cases.
  const flaws = flaw !== undefined && rng.chance(0.3 + 0.7 * diligence) ? flaw : undefined
  const conditionText: Record<Condition, string> = {
    new: 'Brand new',
    new_with_tags: 'New with tags',
    like_new: 'Like new, worn or used once or twice',
    good: 'Good used condition',
    fair: 'Fair condition, visible wear',
    used: 'Used',
  }
  const description = [
    `${conditionText[condition]}.`,
    size !== undefined ? `Size ${size}.` : '',
    material !== undefined && diligence > 0.5 ? `Material: ${material}.` : '',
    flaws !== undefined ? `Please note: ${flaws}.` : '',
    rng.pick([
      'Ships from a smoke-free home.',
      'Bundle to save on shipping.',
      'Ask me anything!',
      'Open to reasonable offers.',
      '',
    ]),
  ]
    .filter((s) => s !== '')
    .join(' ')
  return {
    snapshot: {
      listingId,
      title,
      description,
      photos,
      category,
      condition,
      ...(brand !== undefined ? { brand } : {}),
      ...(size !== undefined ? { size } : {}),
      ...(measurements !== undefined ? { measurements } : {}),
      ...(material !== undefined ? { material } : {}),
      ...(flaws !== undefined ? { flaws } : {}),
    },
    unitPrice,
    maxQuantity: category === 'collectibles/cards' || category === 'home/decor' ? 3 : 1,
  }
}
