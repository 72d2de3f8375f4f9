import type { Instant } from '../policy/time.ts'
import type { Policy } from '../policy/types.ts'
import type {
  BuyerCounts,
  CaseRow,
  Effects,
  Fact,
  ListingCounts,
  OrderRow,
  ProjectionInput,
  SellerCounts,
} from './projection.ts'
import {
  buyerCounters,
  listingCounters,
  projectEvents,
  rowsNeeded,
  sellerCounters,
  zeroCounts,
} from './projection.ts'
import type { ReasonCount, Scorecard } from './scorecard.ts'
import { buildScorecard, reputationOf, toLink } from './scorecard.ts'
import type { Day } from './vocabulary.ts'
import { windowOf } from './vocabulary.ts'

/**
 * The insights read models in memory: the same projector as the database
 * path, applied to maps. The policy simulator keeps one per run, and
 * property tests use it to check scorecard rules without a database.
 */
export class MemoryInsights {
  readonly orders = new Map<string, OrderRow>()
  readonly cases = new Map<string, CaseRow>()
  readonly sellerDays = new Map<string, Map<Day, SellerCounts>>()
  readonly buyerDays = new Map<string, Map<Day, BuyerCounts>>()
  readonly listings = new Map<string, ListingCounts & { sellerId: string; category: string }>()
  readonly categories = new Map<string, ListingCounts>()
  readonly facts: Fact[] = []

  /** Projects one command's events on one stream, as `projectInsights` does in a transaction. */
  project(streamType: string, streamId: string, events: ProjectionInput['events']): Effects {
    const need = rowsNeeded(streamType, streamId, events)
    const caseRow = need.caseId === null ? null : (this.cases.get(need.caseId) ?? null)
    const orderId = need.orderId ?? caseRow?.orderId ?? null
    const order = orderId === null ? null : (this.orders.get(orderId) ?? null)
    const fx = projectEvents({ streamType, streamId, events, order, caseRow })
    this.apply(fx)
    return fx
  }

  apply(fx: Effects): void {
    if (fx.order !== null) this.orders.set(fx.order.orderId, fx.order)
    if (fx.caseRow !== null) this.cases.set(fx.caseRow.caseId, fx.caseRow)
    for (const e of fx.sellerDays.values()) {
      const days = this.sellerDays.get(e.sellerId) ?? new Map<Day, SellerCounts>()
      const counts = days.get(e.day) ?? zeroCounts(sellerCounters)
      for (const c of sellerCounters) counts[c] += e.counts[c] ?? 0
      days.set(e.day, counts)
      this.sellerDays.set(e.sellerId, days)
    }
    for (const e of fx.buyerDays.values()) {
      const days = this.buyerDays.get(e.buyerId) ?? new Map<Day, BuyerCounts>()
      const counts = days.get(e.day) ?? zeroCounts(buyerCounters)
      for (const c of buyerCounters) counts[c] += e.counts[c] ?? 0
      days.set(e.day, counts)
      this.buyerDays.set(e.buyerId, days)
    }
    for (const [listingId, e] of fx.listings) {
      const row = this.listings.get(listingId) ?? {
        ...zeroCounts(listingCounters),
        sellerId: e.sellerId,
        category: e.category,
      }
      for (const c of listingCounters) row[c] += e.counts[c] ?? 0
      this.listings.set(listingId, row)
    }
    for (const { category, counts } of fx.categories.values()) {
      const row = this.categories.get(category) ?? zeroCounts(listingCounters)
      for (const c of listingCounters) row[c] += counts[c] ?? 0
      this.categories.set(category, row)
    }
    this.facts.push(...fx.facts)
  }

  sellerIds(): string[] {
    return [...this.sellerDays.keys()].sort()
  }

  sellerTotals(sellerId: string, from: Day, to: Day): SellerCounts {
    const totals = zeroCounts(sellerCounters)
    for (const [day, counts] of this.sellerDays.get(sellerId) ?? []) {
      if (day < from || day > to) continue
      for (const c of sellerCounters) totals[c] += counts[c]
    }
    return totals
  }

  buyerTotals(buyerId: string, from: Day, to: Day): BuyerCounts {
    const totals = zeroCounts(buyerCounters)
    for (const [day, counts] of this.buyerDays.get(buyerId) ?? []) {
      if (day < from || day > to) continue
      for (const c of buyerCounters) totals[c] += counts[c]
    }
    return totals
  }

  sellerReasons(sellerId: string, from: Day, to: Day): ReasonCount[] {
    const counts = new Map<string, ReasonCount>()
    for (const f of this.facts) {
      if (f.sellerId !== sellerId || f.day < from || f.day > to) continue
      const key = `${f.metric}\u0000${String(f.counted)}\u0000${f.reason}`
      const prior = counts.get(key)
      counts.set(key, {
        metric: f.metric,
        counted: f.counted,
        reason: f.reason,
        facts: (prior?.facts ?? 0) + 1,
      })
    }
    return [...counts.values()]
  }

  scorecard(
    sellerId: string,
    now: Instant,
    policy: Policy,
    options: { exclude?: readonly string[]; links?: boolean } = {},
  ): Scorecard {
    const window = windowOf(now, reputationOf(policy).windowDays)
    const links = options.links
      ? this.facts
          .filter((f) => f.sellerId === sellerId && f.day >= window.from && f.day <= window.to)
          .map(toLink)
      : []
    return buildScorecard({
      sellerId,
      policy,
      window,
      totals: this.sellerTotals(sellerId, window.from, window.to),
      reasons: this.sellerReasons(sellerId, window.from, window.to),
      links,
      ...(options.exclude ? { exclude: options.exclude } : {}),
    })
  }
}
