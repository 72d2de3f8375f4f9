/**
 * Return labels: the port the returns service buys labels through, and the
 * built-in provider.
 *
 * ## The port (for a carrier API adapter)
 *
 * `LabelProvider.purchase(request)` is called inside the transaction of the
 * command that requires the return (a case decision, an accepted offer), so:
 *
 * - it must be **idempotent on `request.idempotencyKey`** — the case's return
 *   key, the same on every retry of that command. A carrier API that takes an
 *   idempotency key (most do: EasyPost, Shippo, UPS, FedEx, USPS Labels API)
 *   gets it as is; one that does not must keep a small table of keys → label
 *   ids and answer from it, or void labels bought by a transaction that
 *   rolled back (their `labelId` never appears in a committed `ReturnCreated`).
 * - it should answer within a couple of seconds: the command holds its
 *   transaction open meanwhile. A slow carrier belongs behind the outbox (buy
 *   after commit, then report the label with a command) — not built yet.
 * - it refuses with `LABEL_UNAVAILABLE { reason }` (no service for the route,
 *   the carrier is down): the whole command is then refused and nothing is
 *   half-done; the agent or the party tries again.
 * - `cost` is what the marketplace pays the carrier, in the order's currency
 *   and minor units; the ledger posts it to `return_shipping`, charged to
 *   whoever the policy says pays return shipping.
 *
 * The label itself (the PDF the buyer prints) is drawn by Recourse from the
 * return, the label's tracking number and the addresses (`labels-pdf.ts`); a
 * carrier whose labels must be its own artwork would return the document
 * bytes too (a `document` field to add when the first such adapter comes).
 */
import { randomBytes } from 'node:crypto'
import { inArray } from 'drizzle-orm'
import type { Minor } from '../domain/shared/money.ts'
import { minor } from '../domain/shared/money.ts'
import type { Queryable } from '../store/database.ts'
import { users } from '../store/schema.ts'

/** A party on a label: a name and the address lines printed under it. */
export interface PostalParty {
  readonly userId: string
  readonly name: string
  readonly lines: readonly string[]
}

const isParty = (v: unknown): v is PostalParty =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as PostalParty).name === 'string' &&
  Array.isArray((v as PostalParty).lines)

/**
 * A party as stored on a label row (jsonb), checked before it is printed
 * again; a row that does not hold one prints the user id alone.
 */
export const storedParty = (stored: unknown, userId: string): PostalParty =>
  isParty(stored) ? stored : { userId, name: userId, lines: [] }

export interface LabelRequest {
  /** Stable across retries of the command buying it (the case's return key). */
  readonly idempotencyKey: string
  readonly returnId: string
  readonly rma: string
  readonly currency: string
  readonly from: PostalParty
  readonly to: PostalParty
  /** Units going back; the built-in price grows with them. */
  readonly items: number
}

export interface PurchasedLabel {
  /** The provider's id for the label: the ledger posts each label once by it. */
  readonly labelId: string
  readonly provider: string
  readonly carrier: string
  readonly service: string
  readonly trackingNumber: string
  readonly cost: Minor
}

export type LabelOutcome =
  | { readonly ok: true; readonly label: PurchasedLabel }
  | {
      readonly ok: false
      readonly rejection: { readonly code: 'LABEL_UNAVAILABLE'; readonly reason: string }
    }

export interface LabelProvider {
  readonly name: string
  purchase(request: LabelRequest): Promise<LabelOutcome>
}

/** What one return label costs the marketplace, in minor units of one currency. */
export interface LabelPrice {
  readonly base: number
  /** Added for every unit after the first (a heavier parcel). */
  readonly perExtraItem: number
}

/**
 * The built-in provider's prices: a flat domestic return label, roughly what
 * a marketplace pays for a small parcel with a prepaid return service (USPS
 * Ground Advantage at commercial rates is about 7–9 USD for a small parcel).
 * An adapter for a real carrier quotes instead.
 */
export const defaultLabelPrices: Readonly<Record<string, LabelPrice>> = {
  USD: { base: 795, perExtraItem: 150 },
  CAD: { base: 1095, perExtraItem: 200 },
  EUR: { base: 695, perExtraItem: 150 },
  GBP: { base: 595, perExtraItem: 120 },
  MXN: { base: 12900, perExtraItem: 2500 },
  BRL: { base: 2490, perExtraItem: 500 },
  AUD: { base: 1195, perExtraItem: 200 },
  JPY: { base: 900, perExtraItem: 150 },
}

/**
 * A UPU S10 item number (`RC123456785US`): two service letters, eight digits,
 * a mod-11 check digit and a country code — the format postal returns carry,
 * so a scanner or a carrier's lookup reads it as a real tracking number.
 */
export const s10TrackingNumber = (serial: number, prefix = 'RC', country = 'US'): string => {
  const digits = String(serial % 100_000_000).padStart(8, '0')
  const weights = [8, 6, 4, 2, 3, 5, 9, 7]
  const sum = [...digits].reduce((s, d, i) => s + Number(d) * (weights[i] ?? 0), 0)
  const check = 11 - (sum % 11)
  const checkDigit = check === 10 ? 0 : check === 11 ? 5 : check
  return `${prefix}${digits}${checkDigit}${country}`
}

/** Whether a tracking number is a well-formed S10 number (its check digit matches). */
export const isS10 = (tracking: string): boolean => {
  const m = /^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$/.exec(tracking)
  return m !== null && s10TrackingNumber(Number(m[2]), m[1], m[4]) === tracking
}

export interface MarketplaceLabelOptions {
  readonly carrier?: string
  readonly service?: string
  readonly prices?: Readonly<Record<string, LabelPrice>>
  /** Random bytes (tests may fix them). */
  readonly random?: (size: number) => Buffer
}

/**
 * The built-in provider: marketplace-managed return labels. The marketplace
 * runs the return service itself (or through a consolidator that accepts its
 * own tracking numbers), so Recourse issues the tracking number and prices the
 * label from a table. Nothing leaves the process, so a purchase rolled back
 * with its command simply never existed.
 */
export class MarketplaceLabelProvider implements LabelProvider {
  readonly name = 'marketplace'
  private readonly carrier: string
  private readonly service: string
  private readonly prices: Readonly<Record<string, LabelPrice>>
  private readonly random: (size: number) => Buffer

  constructor(options: MarketplaceLabelOptions = {}) {
    this.carrier = options.carrier ?? 'Marketplace Returns'
    this.service = options.service ?? 'Prepaid return'
    this.prices = options.prices ?? defaultLabelPrices
    this.random = options.random ?? randomBytes
  }

  purchase(request: LabelRequest): Promise<LabelOutcome> {
    const price = this.prices[request.currency]
    if (price === undefined) {
      return Promise.resolve({
        ok: false,
        rejection: {
          code: 'LABEL_UNAVAILABLE',
          reason: `no return label price for ${request.currency}`,
        },
      })
    }
    const serial = this.random(4).readUInt32BE(0) % 100_000_000
    const trackingNumber = s10TrackingNumber(serial)
    return Promise.resolve({
      ok: true,
      label: {
        labelId: `mkt-${trackingNumber}`,
        provider: this.name,
        carrier: this.carrier,
        service: this.service,
        trackingNumber,
        cost: minor(price.base + price.perExtraItem * Math.max(0, request.items - 1)),
      },
    })
  }
}

/**
 * Where a return goes from and to. Recourse's order data has no postal
 * addresses (the marketplace keeps them), so the built-in book prints the
 * parties' names and routes the parcel to the marketplace's returns center by
 * its RMA — said as such on the label. A deployment that has addresses
 * implements this port over its address service.
 */
export interface AddressBook {
  returnParties(
    q: Queryable,
    parties: { readonly buyerId: string; readonly sellerId: string },
  ): Promise<{ readonly from: PostalParty; readonly to: PostalParty }>
}

/** The placeholder printed where a real address would be. */
export const RETURNS_CENTER_LINES = [
  'c/o Marketplace Returns Center',
  'Routed by RMA (address on file with the marketplace)',
] as const

export const BUYER_ADDRESS_LINES = ['Return address on file with the marketplace'] as const

/** Names from the users table (mirrored from the marketplace), ids where a user is unknown. */
export class MarketplaceAddressBook implements AddressBook {
  async returnParties(
    q: Queryable,
    parties: { readonly buyerId: string; readonly sellerId: string },
  ): Promise<{ from: PostalParty; to: PostalParty }> {
    const rows = await q
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(inArray(users.id, [parties.buyerId, parties.sellerId]))
    const nameOf = (id: string): string => rows.find((r) => r.id === id)?.name ?? id
    return {
      from: {
        userId: parties.buyerId,
        name: nameOf(parties.buyerId),
        lines: BUYER_ADDRESS_LINES,
      },
      to: {
        userId: parties.sellerId,
        name: nameOf(parties.sellerId),
        lines: RETURNS_CENTER_LINES,
      },
    }
  }
}
