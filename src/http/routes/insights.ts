import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Recourse } from '../../app/recourse.ts'
import { caseAggregate } from '../../app/aggregates.ts'
import type { Actor } from '../../domain/shared/actor.ts'
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
import { resolvePolicySpec } from '../../insights/simulation/policy-spec.ts'
import { formatReport, simulatePolicies } from '../../insights/simulation/simulate.ts'
import { rebuildInsights } from '../../insights/store.ts'
import { refreshNearDuplicates } from '../../insights/near-duplicates.ts'
import { marketplaceTrends } from '../../insights/trends.ts'
import { addDays, dayOf, windowOf } from '../../insights/vocabulary.ts'
import { loadAggregate } from '../../store/event-store.ts'
import { requireActor, requireRole } from '../auth.ts'
import { forbidden, HttpProblem, notFound } from '../problems.ts'
import { IdParams, problemResponses } from '../schemas/common.ts'
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
 * integration key gets 403.
 */
const mayRead = (actor: Actor, role: 'seller' | 'buyer', id: string): boolean => {
  if (actor.kind === 'agent' || actor.kind === 'admin') return true
  if (actor.kind === 'integration' || actor.kind === 'system') throw forbidden()
  return actor.kind === role && actor.id === id
}

/** Insights: scorecards, buyer records, risk views, listing review, precedents, policy simulation. */
export const insightRoutes =
  (recourse: Recourse): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { database, policies } = recourse
    const db = database.db

    app.get(
      '/sellers/:id/scorecard',
      {
        schema: {
          tags,
          summary:
            "A seller's scorecard over the policy's window: each metric with its numbers, status, the facts behind it and what was excluded",
          params: UserParams,
          querystring: ScorecardQuery,
          response: { 200: Scorecard, ...problemResponses },
        },
      },
      async (request) => {
        const actor = requireActor(request)
        const sellerId = request.params.id
        if (!mayRead(actor, 'seller', sellerId)) throw notFound('seller')
        if (actor.kind !== 'seller' && !(await sellerKnown(db, sellerId))) throw notFound('seller')
        const { policy } = await policies.current(db)
        const { links, exclude, days } = request.query
        return sellerScorecard(db, sellerId, await recourse.clock.now(), policy, {
          links,
          ...(exclude ? { exclude: exclude.split(',') } : {}),
          ...(days !== undefined ? { days } : {}),
        })
      },
    )

    app.get(
      '/buyers/:id/record',
      {
        schema: {
          tags,
          summary:
            "A buyer's record: cancellations, cases and their outcomes, returns, and abuse signals with reason codes, those cleared on appeal and the latest appeal",
          params: UserParams,
          querystring: BuyerRecordQuery,
          response: { 200: BuyerRecord, ...problemResponses },
        },
      },
      async (request) => {
        const actor = requireActor(request)
        const buyerId = request.params.id
        if (!mayRead(actor, 'buyer', buyerId)) throw notFound('buyer')
        if (actor.kind !== 'buyer' && !(await buyerKnown(db, buyerId))) throw notFound('buyer')
        const { policy } = await policies.current(db)
        const window = windowOf(
          await recourse.clock.now(),
          request.query.days ?? reputationOf(policy).windowDays,
        )
        return buyerRecord(db, buyerId, window, { links: request.query.links, actor })
      },
    )

    app.get(
      '/insights/late-shippers',
      {
        schema: {
          tags,
          summary:
            'Sellers likely to miss ship-by soon: open orders due within N hours times their late-shipment history (agents)',
          querystring: LateShippersQuery,
          response: { 200: LateShippersPage, ...problemResponses },
        },
      },
      async (request) => {
        requireRole(request, 'agent', 'admin')
        const now = await recourse.clock.now()
        const { withinHours, overdueDays, historyDays, limit } = request.query
        const items = await lateShippers(db, now, addDays(dayOf(now), -(historyDays - 1)), {
          withinHours,
          overdueDays,
          limit,
        })
        return { now, items }
      },
    )

    app.get(
      '/insights/trends',
      {
        schema: {
          tags,
          summary:
            'Marketplace trends over a window: case rate per day or week, cases by reason, resolution times (agents)',
          querystring: TrendsQuery,
          response: { 200: TrendsView, ...problemResponses },
        },
      },
      async (request) => {
        requireRole(request, 'agent', 'admin')
        return marketplaceTrends(db, await recourse.clock.now(), request.query)
      },
    )

    app.get(
      '/insights/dispute-prone-listings',
      {
        schema: {
          tags,
          summary:
            'Listings ranked by the Wilson lower bound of their not-as-described rate (agents)',
          querystring: DisputeProneQuery,
          response: { 200: DisputePronePage, ...problemResponses },
        },
      },
      async (request) => {
        requireRole(request, 'agent', 'admin')
        return { items: await disputeProneListings(db, request.query) }
      },
    )

    app.get(
      '/insights/dispute-prone-categories',
      {
        schema: {
          tags,
          summary:
            'Categories ranked by the Wilson lower bound of their not-as-described rate (agents)',
          querystring: DisputeProneQuery,
          response: { 200: DisputePronePage, ...problemResponses },
        },
      },
      async (request) => {
        requireRole(request, 'agent', 'admin')
        return { items: await disputeProneCategories(db, request.query) }
      },
    )

    app.get(
      '/insights/return-abuse',
      {
        schema: {
          tags,
          summary:
            'Serial returners and claimers: buyers whose window raises a signal, with reason codes and their appeal status; signals cleared on appeal are left out; thresholds are parameters (agents)',
          querystring: AbuseQuery,
          response: { 200: ReturnAbusePage, ...problemResponses },
        },
      },
      async (request) => {
        requireRole(request, 'agent', 'admin')
        const { days, limit, ...given } = request.query
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
    )

    app.get(
      '/insights/reused-evidence',
      {
        schema: {
          tags,
          summary:
            'Evidence files whose exact bytes (same SHA-256) are on more than one case, and near-duplicate images across cases (agents)',
          querystring: ReusedEvidenceQuery,
          response: { 200: ReusedEvidencePage, ...problemResponses },
        },
      },
      async (request) => {
        requireRole(request, 'agent', 'admin')
        const { limit, maxDistance } = request.query
        return { items: await reusedEvidence(db, { limit, maxDistance }) }
      },
    )

    app.post(
      '/listings/review',
      {
        schema: {
          tags,
          summary:
            "Check a listing draft against the policy's required attributes for its category; what is missing and what that did to past orders",
          body: ListingDraftBody,
          response: { 200: ListingReview, ...problemResponses },
        },
      },
      async (request) => {
        requireRole(request, 'seller', 'agent', 'admin')
        const { policy } = await policies.current(db)
        const { brand, size, measurements, material, flaws, ...required } = request.body
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
    )

    app.get(
      '/cases/:id/precedents',
      {
        schema: {
          tags: ['agents'],
          summary:
            'The most similar decided cases (reason, category, amount band, evidence kinds) with their outcomes (agents)',
          params: IdParams,
          querystring: PrecedentsQuery,
          response: { 200: Precedents, ...problemResponses },
        },
      },
      async (request) => {
        requireRole(request, 'agent', 'admin')
        const { state } = await loadAggregate(db, caseAggregate, request.params.id)
        if (state.status === 'none') throw notFound('case')
        return precedentsFor(db, state, { limit: request.query.limit })
      },
    )

    app.post(
      '/policy/simulations',
      {
        schema: {
          tags: ['policy'],
          summary:
            'Play a generated marketplace under two policies through the real deciders and compare them (admin)',
          body: SimulationBody,
          response: { 200: SimulationReport, ...problemResponses },
        },
      },
      async (request) => {
        requireRole(request, 'admin')
        const { policy: current } = await policies.current(db)
        const { base, candidate, orders, seed } = request.body
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
    )

    app.post(
      '/insights/rebuild',
      {
        schema: {
          tags,
          summary:
            'Rebuild every insights read model from the event store (admin; for data from before insights existed)',
          response: { 200: RebuildResult, ...problemResponses },
        },
      },
      async (request) => {
        requireRole(request, 'admin')
        const started = performance.now()
        const { events } = await rebuildInsights(db)
        await refreshNearDuplicates(db)
        return { events, ms: Math.round(performance.now() - started) }
      },
    )
  }
