// What one command's events change in the read models, gathered before `store.ts` or `memory.ts` applies it.
import { type Day, type FactMetric, dayOf } from '../vocabulary.ts'
import type {
  BuyerCounter,
  BuyerCounts,
  ListingCounter,
  ListingCounts,
  SellerCounter,
  SellerCounts,
} from './counters.ts'
import type { CaseRow, EvidenceFact, Fact, OrderLineFacts, OrderRow } from './rows.ts'

/** The seller id of the marketplace as a whole in monthly shipping history. */
export const MARKETPLACE = '*'

/** Facts about the seller (scorecard links); the others are about the buyer. */
export const sellerFactMetrics: ReadonlySet<FactMetric> = new Set<FactMetric>([
  'cancellation',
  'late_shipment',
  'invalid_tracking',
  'late_delivery',
  'case',
  'lost_after_escalation',
  'late_response',
])

/** What one command's events change in the read models. */
export class Effects {
  /** @param stripe the row of each marketplace-wide counter this command adds to */
  constructor(readonly stripe = 0) {}

  order: OrderRow | null = null
  caseRow: CaseRow | null = null
  readonly sellerDays = new Map<
    string,
    { sellerId: string; day: Day; counts: Partial<SellerCounts> }
  >()
  readonly sellerReasons = new Map<
    string,
    {
      sellerId: string
      day: Day
      metric: FactMetric
      counted: boolean
      reason: string
      facts: number
    }
  >()
  readonly buyerDays = new Map<
    string,
    { buyerId: string; day: Day; counts: Partial<BuyerCounts> }
  >()
  readonly sellerMonths = new Map<
    string,
    { sellerId: string; month: Day; stripe: number; shipped: number; shippedLate: number }
  >()
  readonly listings = new Map<
    string,
    { sellerId: string; category: string; title: string; counts: Partial<ListingCounts> }
  >()
  readonly categories = new Map<
    string,
    { category: string; stripe: number; counts: Partial<ListingCounts> }
  >()
  readonly attributes = new Map<
    string,
    {
      category: string
      attribute: string
      value: string
      stripe: number
      orders: number
      nad: number
    }
  >()
  readonly facts: Fact[] = []
  readonly evidence: EvidenceFact[] = []

  get empty(): boolean {
    return (
      this.order === null &&
      this.caseRow === null &&
      this.sellerDays.size === 0 &&
      this.sellerMonths.size === 0 &&
      this.buyerDays.size === 0 &&
      this.listings.size === 0 &&
      this.facts.length === 0 &&
      this.evidence.length === 0
    )
  }

  seller(sellerId: string, at: string, counts: Partial<SellerCounts>): void {
    const day = dayOf(at)
    const key = `${sellerId}\u0000${day}`
    const entry = this.sellerDays.get(key) ?? { sellerId, day, counts: {} }
    for (const [k, v] of Object.entries(counts) as [SellerCounter, number][]) {
      entry.counts[k] = (entry.counts[k] ?? 0) + v
    }
    this.sellerDays.set(key, entry)
  }

  /** A shipment in the seller's and the marketplace's (`*`) monthly history. */
  shipment(sellerId: string, at: string, shipped: number, late: number): void {
    const month = `${dayOf(at).slice(0, 7)}-01`
    for (const id of [sellerId, MARKETPLACE]) {
      const stripe = id === MARKETPLACE ? this.stripe : 0
      const key = `${id}\u0000${month}\u0000${stripe}`
      const entry = this.sellerMonths.get(key) ?? {
        sellerId: id,
        month,
        stripe,
        shipped: 0,
        shippedLate: 0,
      }
      entry.shipped += shipped
      entry.shippedLate += late
      this.sellerMonths.set(key, entry)
    }
  }

  buyer(buyerId: string, at: string, counts: Partial<BuyerCounts>): void {
    const day = dayOf(at)
    const key = `${buyerId}\u0000${day}`
    const entry = this.buyerDays.get(key) ?? { buyerId, day, counts: {} }
    for (const [k, v] of Object.entries(counts) as [BuyerCounter, number][]) {
      entry.counts[k] = (entry.counts[k] ?? 0) + v
    }
    this.buyerDays.set(key, entry)
  }

  listing(line: OrderLineFacts, sellerId: string, counts: Partial<ListingCounts>): void {
    const entry = this.listings.get(line.listingId) ?? {
      sellerId,
      category: line.category,
      title: line.title,
      counts: {},
    }
    const categoryKey = `${line.category}\u0000${this.stripe}`
    const category = this.categories.get(categoryKey) ?? {
      category: line.category,
      stripe: this.stripe,
      counts: {},
    }
    for (const [k, v] of Object.entries(counts) as [ListingCounter, number][]) {
      entry.counts[k] = (entry.counts[k] ?? 0) + v
      category.counts[k] = (category.counts[k] ?? 0) + v
    }
    this.listings.set(line.listingId, entry)
    this.categories.set(categoryKey, category)
  }

  attribute(category: string, attribute: string, value: string, orders: number, nad: number): void {
    const key = `${category}\u0000${attribute}\u0000${value}\u0000${this.stripe}`
    const entry = this.attributes.get(key) ?? {
      category,
      attribute,
      value,
      stripe: this.stripe,
      orders: 0,
      nad: 0,
    }
    entry.orders += orders
    entry.nad += nad
    this.attributes.set(key, entry)
  }

  fact(f: Omit<Fact, 'day' | 'detail' | 'caseId' | 'cancellationId'> & Partial<Fact>): void {
    const fact: Fact = {
      caseId: null,
      cancellationId: null,
      detail: null,
      ...f,
      day: dayOf(f.at),
    }
    this.facts.push(fact)
    if (!sellerFactMetrics.has(fact.metric)) return
    const key = [fact.sellerId, fact.day, fact.metric, String(fact.counted), fact.reason].join(
      '\u0000',
    )
    const entry = this.sellerReasons.get(key) ?? {
      sellerId: fact.sellerId,
      day: fact.day,
      metric: fact.metric,
      counted: fact.counted,
      reason: fact.reason,
      facts: 0,
    }
    entry.facts += 1
    this.sellerReasons.set(key, entry)
  }
}
