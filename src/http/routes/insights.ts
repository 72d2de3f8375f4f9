import type { Recourse } from '../../app/recourse.ts'
import { caseAggregate } from '../../app/aggregates.ts'
import {
  buyerKnown,
  buyerRecord,
  defaultAbuseThresholds,
  returnAbuse,
} from '../../insights/buyers.ts'
import { reviewListing } from '../../insights/listing-review.ts'
import { precedentsFor } from '../../insights/precedents.ts'
import {
  disputeProneCategories,
  disputeProneListings,
  lateShippers,
  reusedEvidence,
} from '../../insights/risk.ts'
import { reputationOf, sellerKnown, sellerScorecard } from '../../insights/scorecard.ts'
import { resolvePolicySpec } from '../../simulation/policy-spec.ts'
import { formatReport, simulatePolicies } from '../../simulation/simulate.ts'
import { rebuildInsights } from '../../insights/store.ts'
import { refreshNearDuplicates } from '../../insights/near-duplicates.ts'
import { marketplaceTrends } from '../../insights/trends.ts'
import { addDays, dayOf, windowOf } from '../../insights/vocabulary.ts'
import { loadAggregate } from '../../store/event-store.ts'
import { HttpProblem, notFound } from '../problems.ts'
import { defineRoute, people, staff, type Caller, type Route } from '../route.ts'
import { IdParams } from '../schemas/common.ts'
import {
  AbuseQuery,
  BuyerRecord,
  BuyerRecordQuery,
  DisputePronePage,
  DisputeProneQuery,
  LateShippersPage,
  LateShippersQuery,
  ListingDraftBody,
  ListingReview,
  Precedents,
  PrecedentsQuery,
  RebuildResult,
  ReturnAbusePage,
  ReusedEvidencePage,
  ReusedEvidenceQuery,
  Scorecard,
  ScorecardQuery,
  SimulationBody,
  SimulationReport,
  UserParams,
} from '../schemas/insights.ts'
import { TrendsQuery, TrendsView } from '../schemas/trends.ts'

const tags = ['insights']

/**
 * Whose record a caller may read: the party itself, agents and admins. Another
 * seller or buyer gets 404 (a foreign object is not acknowledged); an
 * integration key is refused by the route's roles (403).
 */
const mayRead = (
  caller: Caller<(typeof people)[number]>,
  role: 'seller' | 'buyer',
  id: string,
): boolean =>
  caller.kind === 'agent' || caller.kind === 'admin' || (caller.kind === role && caller.id === id)

/** Insights: scorecards, buyer records, risk views, listing review, precedents, policy simulation. */
export const insightRoutes = (recourse: Recourse): Route[] => {
  const { database, policies } = recourse
  const db = database.db

  return [
    defineRoute({
      method: 'GET',
      url: '/v1/sellers/:id/scorecard',
      tags,
      summary:
        "A seller's scorecard over the policy's window: each metric with its numbers, status, the facts behind it and what was excluded",
      roles: people,
      params: UserParams,
      query: ScorecardQuery,
      response: { 200: Scorecard },
      handler: async ({ caller, params, query }) => {
        const sellerId = params.id
        if (!mayRead(caller, 'seller', sellerId)) throw notFound('seller')
        if (caller.kind !== 'seller' && !(await sellerKnown(db, sellerId))) throw notFound('seller')
        const { policy } = await policies.current(db)
        const { links, exclude, days } = query
        return sellerScorecard(db, sellerId, await recourse.clock.now(), policy, {
          links,
          ...(exclude ? { exclude: exclude.split(',') } : {}),
          ...(days !== undefined ? { days } : {}),
        })
      },
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/buyers/:id/record',
      tags,
      summary:
        "A buyer's record: cancellations, cases and their outcomes, returns, and abuse signals with reason codes, those cleared on appeal and the latest appeal",
      roles: people,
      params: UserParams,
      query: BuyerRecordQuery,
      response: { 200: BuyerRecord },
      handler: async ({ caller, params, query }) => {
        const buyerId = params.id
        if (!mayRead(caller, 'buyer', buyerId)) throw notFound('buyer')
        if (caller.kind !== 'buyer' && !(await buyerKnown(db, buyerId))) throw notFound('buyer')
        const { policy } = await policies.current(db)
        const window = windowOf(
          await recourse.clock.now(),
          query.days ?? reputationOf(policy).windowDays,
        )
        return buyerRecord(db, buyerId, window, { links: query.links, actor: caller })
      },
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/insights/late-shippers',
      tags,
      summary:
        'Sellers likely to miss ship-by soon: open orders due within N hours times their late-shipment history (agents)',
      roles: staff,
      query: LateShippersQuery,
      response: { 200: LateShippersPage },
      handler: async ({ query }) => {
        const now = await recourse.clock.now()
        const { withinHours, overdueDays, historyDays, limit } = query
        const items = await lateShippers(db, now, addDays(dayOf(now), -(historyDays - 1)), {
          withinHours,
          overdueDays,
          limit,
        })
        return { now, items }
      },
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/insights/trends',
      tags,
      summary:
        'Marketplace trends over a window: case rate per day or week, cases by reason, resolution times (agents)',
      roles: staff,
      query: TrendsQuery,
      response: { 200: TrendsView },
      handler: async ({ query }) => marketplaceTrends(db, await recourse.clock.now(), query),
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/insights/dispute-prone-listings',
      tags,
      summary: 'Listings ranked by the Wilson lower bound of their not-as-described rate (agents)',
      roles: staff,
      query: DisputeProneQuery,
      response: { 200: DisputePronePage },
      handler: async ({ query }) => ({ items: await disputeProneListings(db, query) }),
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/insights/dispute-prone-categories',
      tags,
      summary:
        'Categories ranked by the Wilson lower bound of their not-as-described rate (agents)',
      roles: staff,
      query: DisputeProneQuery,
      response: { 200: DisputePronePage },
      handler: async ({ query }) => ({ items: await disputeProneCategories(db, query) }),
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/insights/return-abuse',
      tags,
      summary:
        'Serial returners and claimers: buyers whose window raises a signal, with reason codes and their appeal status; signals cleared on appeal are left out; thresholds are parameters (agents)',
      roles: staff,
      query: AbuseQuery,
      response: { 200: ReturnAbusePage },
      handler: async ({ query }) => {
        const { days, limit, ...given } = query
        const thresholds = { ...defaultAbuseThresholds, ...given }
        const { policy } = await policies.current(db)
        const window = windowOf(await recourse.clock.now(), days ?? reputationOf(policy).windowDays)
        const items = await returnAbuse(db, window, thresholds, limit)
        return {
          window,
          thresholds,
          items: items.map((i) => ({ ...i, href: `/v1/buyers/${i.buyerId}/record` })),
        }
      },
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/insights/reused-evidence',
      tags,
      summary:
        'Evidence files whose exact bytes (same SHA-256) are on more than one case, and near-duplicate images across cases (agents)',
      roles: staff,
      query: ReusedEvidenceQuery,
      response: { 200: ReusedEvidencePage },
      handler: async ({ query }) => {
        const { limit, maxDistance } = query
        return { items: await reusedEvidence(db, { limit, maxDistance }) }
      },
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/listings/review',
      tags,
      summary:
        "Check a listing draft against the policy's required attributes for its category; what is missing and what that did to past orders",
      roles: ['seller', 'agent', 'admin'],
      body: ListingDraftBody,
      response: { 200: ListingReview },
      handler: async ({ body }) => {
        const { policy } = await policies.current(db)
        const { brand, size, measurements, material, flaws, ...required } = body
        return reviewListing(
          db,
          {
            ...required,
            ...(brand !== undefined ? { brand } : {}),
            ...(size !== undefined ? { size } : {}),
            ...(measurements !== undefined ? { measurements } : {}),
            ...(material !== undefined ? { material } : {}),
            ...(flaws !== undefined ? { flaws } : {}),
          },
          policy,
        )
      },
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/cases/:id/precedents',
      tags: ['agents'],
      summary:
        'The most similar decided cases (reason, category, amount band, evidence kinds) with their outcomes (agents)',
      roles: staff,
      params: IdParams,
      query: PrecedentsQuery,
      response: { 200: Precedents },
      handler: async ({ params, query }) => {
        const { state } = await loadAggregate(db, caseAggregate, params.id)
        if (state.status === 'none') throw notFound('case')
        return precedentsFor(db, state, { limit: query.limit })
      },
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/policy/simulations',
      tags: ['policy'],
      summary:
        'Play a generated marketplace under two policies through the real deciders and compare them (admin)',
      roles: ['admin'],
      body: SimulationBody,
      response: { 200: SimulationReport },
      handler: async ({ body }) => {
        const { policy: current } = await policies.current(db)
        const { base, candidate, orders, seed } = body
        const resolve = (spec: typeof base, field: string) => {
          const resolved = resolvePolicySpec(spec, current)
          if (!('code' in resolved)) return resolved
          const { code, ...data } = resolved
          const detail =
            resolved.code === 'UNKNOWN_PRESET'
              ? `${field}: there is no preset '${resolved.preset}'.`
              : resolved.code === 'UNKNOWN_POLICY_KNOB'
                ? `${field}: '${resolved.path}' is not a policy knob.`
                : `${field}: '${resolved.path}' must be ${resolved.expected}.`
          throw new HttpProblem(422, code, detail, { ...data, field })
        }
        const report = await simulatePolicies(
          resolve(base, 'base'),
          resolve(candidate, 'candidate'),
          {
            orders,
            seed,
          },
        )
        return { ...report, table: formatReport(report) }
      },
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/insights/rebuild',
      tags,
      summary:
        'Rebuild every insights read model from the event store (admin; for data from before insights existed)',
      roles: ['admin'],
      response: { 200: RebuildResult },
      handler: async () => {
        const started = performance.now()
        const { events } = await rebuildInsights(db)
        await refreshNearDuplicates(db)
        return { events, ms: Math.round(performance.now() - started) }
      },
    }),
  ]
}
