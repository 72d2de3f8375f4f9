import type { Category, Listing } from './catalog.ts'
import { categories, makeListing } from './catalog.ts'
import type { Rng } from './random.ts'
import { rngFor } from './random.ts'

/**
 * The people of the generated marketplace. Sellers differ in how fast they
 * ship (most within 1–2 days, a few chronically late, a couple who often miss
 * the ship-by date), how carefully they list, and how they answer
 * cancellation requests; buyers differ in how often they cancel or return.
 */

/** `reliable`: ships in 1–2 days. `late`: chronically after ship-by. `erratic`: often misses it by days. */
export type SellerTier = 'reliable' | 'late' | 'erratic'

export interface Seller {
  readonly id: string
  readonly name: string
  readonly locale: string
  readonly timeZone: string
  readonly tier: SellerTier
  /** Handling time the seller declared on the marketplace (sent as ship-by), or `null`: the policy's default applies. */
  readonly handlingDays: number | null
  /** 0–1: how completely the seller fills in listings (photos, size, measurements, material, flaws). */
  readonly diligence: number
  readonly listings: readonly Listing[]
  /** Share of orders the seller cancels itself (out of stock, address problem, pricing error). */
  readonly sellerCancelRate: number
  /** How the seller answers a buyer's cancellation request: weights of approve / decline / no answer. */
  readonly answers: { readonly approve: number; readonly decline: number; readonly silence: number }
  /** Relative share of the marketplace's orders. */
  readonly popularity: number
}

/** `normal` buyers rarely cancel; `fickle` ones often do; `serial` ones cancel and return a lot. */
export type BuyerKind = 'normal' | 'fickle' | 'serial'

export interface Buyer {
  readonly id: string
  readonly name: string
  readonly locale: string
  readonly timeZone: string
  readonly kind: BuyerKind
  /** Chance the buyer asks to cancel an order. */
  readonly cancelPropensity: number
  /** Chance the buyer later asks to return an order (used once cases and returns are seeded). */
  readonly returnPropensity: number
  /** Chance the buyer confirms delivery itself instead of letting auto-acceptance do it. */
  readonly acceptsExplicitly: number
  /** Share of purchases paid partly or fully with marketplace credit. */
  readonly usesCredit: number
  readonly activity: number
}

export interface Cast {
  readonly sellers: readonly Seller[]
  readonly buyers: readonly Buyer[]
}

const shopFirst = [
  'Golden',
  'Second',
  'Velvet',
  'Urban',
  'Lucky',
  'Little',
  'Good',
  'Modern',
  'Wild',
  'Quiet',
  'Bright',
  'Old Town',
  'Blue',
  'Cedar',
  'Honey',
  'Copper',
  'North',
  'Sunday',
  'Paper',
  'Maple',
]
const shopSecond = [
  'Hanger',
  'Closet',
  'Thread',
  'Finds',
  'Vault',
  'Attic',
  'Corner',
  'Market',
  'Habitat',
  'Sole',
  'Studio',
  'Trading Co.',
  'Goods',
  'Archive',
  'Exchange',
  'Loft',
  'Racks',
  'Supply',
]

const names: Record<
  string,
  { first: readonly string[]; last: readonly string[]; zones: readonly string[] }
> = {
  en: {
    first: [
      'Emma',
      'Olivia',
      'Ava',
      'Mia',
      'Harper',
      'Chloe',
      'Grace',
      'Liam',
      'Noah',
      'James',
      'Ethan',
      'Mason',
      'Logan',
      'Ella',
      'Zoe',
      'Nora',
      'Caleb',
      'Owen',
      'Riley',
      'Jordan',
      'Taylor',
      'Morgan',
      'Aisha',
      'Priya',
      'Wei',
      'Hannah',
    ],
    last: [
      'Smith',
      'Johnson',
      'Brown',
      'Miller',
      'Davis',
      'Wilson',
      'Taylor',
      'Clark',
      'Walker',
      'Young',
      'King',
      'Wright',
      'Scott',
      'Green',
      'Baker',
      'Nguyen',
      'Patel',
      'Kim',
      'Chen',
      'Murphy',
    ],
    zones: ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'],
  },
  es: {
    first: [
      'Sofía',
      'Valentina',
      'Camila',
      'Lucía',
      'Martina',
      'Mateo',
      'Santiago',
      'Diego',
      'Alejandro',
      'Daniela',
      'Gabriela',
      'Javier',
      'Carmen',
      'Andrés',
    ],
    last: [
      'García',
      'Rodríguez',
      'Martínez',
      'López',
      'Hernández',
      'González',
      'Pérez',
      'Sánchez',
      'Ramírez',
      'Torres',
      'Flores',
      'Vargas',
    ],
    zones: [
      'America/Mexico_City',
      'America/Bogota',
      'America/Argentina/Buenos_Aires',
      'America/Los_Angeles',
    ],
  },
  pt: {
    first: [
      'Ana',
      'Beatriz',
      'Júlia',
      'Larissa',
      'Gabriel',
      'Lucas',
      'Rafael',
      'Thiago',
      'Fernanda',
      'Mariana',
    ],
    last: [
      'Silva',
      'Santos',
      'Oliveira',
      'Souza',
      'Costa',
      'Pereira',
      'Almeida',
      'Ferreira',
      'Carvalho',
      'Ribeiro',
    ],
    zones: ['America/Sao_Paulo', 'America/Recife'],
  },
  fr: {
    first: ['Camille', 'Léa', 'Manon', 'Chloé', 'Louis', 'Hugo', 'Jules', 'Élodie', 'Inès', 'Théo'],
    last: [
      'Martin',
      'Bernard',
      'Dubois',
      'Thomas',
      'Robert',
      'Petit',
      'Durand',
      'Leroy',
      'Moreau',
      'Girard',
    ],
    zones: ['America/Montreal', 'Europe/Paris'],
  },
}

/** `Lucía García` → `lucia-garcia`: user ids are ASCII. */
export const slug = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')

const uniqueId = (taken: Set<string>, base: string): string => {
  let id = base
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`
  taken.add(id)
  return id
}

const sellerAnswers = (tier: SellerTier): Seller['answers'] =>
  tier === 'reliable'
    ? { approve: 6, decline: 3, silence: 1 }
    : tier === 'late'
      ? { approve: 4, decline: 2, silence: 4 }
      : { approve: 2, decline: 1, silence: 7 }

/** A seller the demo story needs by name (`seller-sam`, `seller-lucia`), generated like the others. */
export interface NamedSeller {
  readonly id: string
  readonly name: string
  readonly locale: string
  readonly timeZone: string
  readonly tier: SellerTier
  readonly categories: readonly Category[]
}

const makeSeller = (seed: string, id: string, rng: Rng, base: Omit<NamedSeller, 'id'>): Seller => {
  const diligence =
    base.tier === 'reliable'
      ? rng.between(0.35, 1)
      : base.tier === 'late'
        ? rng.between(0.2, 0.8)
        : rng.between(0.05, 0.5)
  const listingCount = rng.int(12, 36)
  const listings = Array.from({ length: listingCount }, (_, k) => {
    const lrng = rngFor(seed, 'listing', id, k)
    return makeListing(
      lrng,
      `lst-${id.replace(/^seller-/, '')}-${String(k + 1).padStart(3, '0')}`,
      lrng.pick(base.categories),
      diligence,
    )
  })
  return {
    id,
    ...base,
    handlingDays:
      base.tier === 'reliable'
        ? rng.weighted([
            [2, 5],
            [3, 3],
            [1, 1],
            [null, 2],
          ])
        : rng.weighted([
            [3, 3],
            [2, 2],
            [null, 2],
          ]),
    diligence,
    listings,
    sellerCancelRate: base.tier === 'reliable' ? rng.between(0.005, 0.02) : rng.between(0.03, 0.08),
    answers: sellerAnswers(base.tier),
    popularity: rng.logNormal(1, 1.8),
  }
}

/**
 * ~40 sellers and ~400 buyers for `seed`. `named` sellers (the demo's) take
 * the first places; everyone else is generated.
 */
export const generateCast = (
  seed: string,
  options: { sellers?: number; buyers?: number; named?: readonly NamedSeller[] } = {},
): Cast => {
  const sellerCount = options.sellers ?? 40
  const buyerCount = options.buyers ?? 400
  const named = options.named ?? []
  const taken = new Set<string>(named.map((s) => s.id))
  const rng = rngFor(seed, 'cast')
  const generatedCount = Math.max(0, sellerCount - named.length)
  // "A few chronically late, a couple who often miss ship-by": fixed counts, so every seed has them.
  const erratic = Math.max(1, Math.round(sellerCount * 0.05))
  const late = Math.max(1, Math.round(sellerCount * 0.12))
  const tiers: SellerTier[] = rng.sample(
    Array.from({ length: generatedCount }, (_, i): SellerTier =>
      i < erratic ? 'erratic' : i < erratic + late ? 'late' : 'reliable',
    ),
    generatedCount,
  )
  const sellers: Seller[] = named.map((s) =>
    makeSeller(seed, s.id, rngFor(seed, 'seller', s.id), s),
  )
  for (let i = 0; i < generatedCount; i++) {
    const srng = rngFor(seed, 'seller', i)
    const name = `${srng.pick(shopFirst)} ${srng.pick(shopSecond)}`
    const id = uniqueId(taken, `seller-${slug(name)}`)
    const locale = srng.weighted([
      ['en', 7],
      ['es', 2],
      ['pt', 1],
    ])
    const zones = names[locale]?.zones ?? ['America/New_York']
    const specialty = srng.sample(
      categories,
      srng.weighted([
        [1, 4],
        [2, 4],
        [3, 2],
      ]),
    )
    sellers.push(
      makeSeller(seed, id, srng, {
        name,
        locale,
        timeZone: srng.pick(zones),
        tier: tiers[i] ?? 'reliable',
        categories: specialty,
      }),
    )
  }
  const buyers: Buyer[] = []
  for (let i = 0; i < buyerCount; i++) {
    const brng = rngFor(seed, 'buyer', i)
    const locale = brng.weighted([
      ['en', 12],
      ['es', 4],
      ['pt', 2],
      ['fr', 2],
    ])
    const pool = names[locale] ?? names.en
    if (!pool) throw new Error('no names for en')
    const name = `${brng.pick(pool.first)} ${brng.pick(pool.last)}`
    const kind = brng.weighted<BuyerKind>([
      ['normal', 85],
      ['fickle', 11],
      ['serial', 4],
    ])
    buyers.push({
      id: uniqueId(taken, `buyer-${slug(name)}`),
      name,
      locale,
      timeZone: brng.pick(pool.zones),
      kind,
      cancelPropensity:
        kind === 'normal'
          ? brng.between(0.01, 0.05)
          : kind === 'fickle'
            ? brng.between(0.1, 0.2)
            : brng.between(0.25, 0.4),
      returnPropensity:
        kind === 'normal'
          ? brng.between(0.01, 0.06)
          : kind === 'fickle'
            ? brng.between(0.08, 0.15)
            : brng.between(0.3, 0.45),
      acceptsExplicitly: brng.between(0.2, 0.7),
      usesCredit: brng.chance(0.2) ? brng.between(0.3, 0.9) : brng.between(0, 0.05),
      activity: brng.logNormal(1, 2),
    })
  }
  return { sellers, buyers }
}
