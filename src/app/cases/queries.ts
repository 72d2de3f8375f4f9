import { and, asc, eq, gte, isNull, lte, ne, sql, type SQL } from 'drizzle-orm'
import type { CaseAction } from '../../domain/case/actions.ts'
import { availableCaseActions } from '../../domain/case/actions.ts'
import { activeCaseDeadline, deadlineFor } from '../../domain/case/deadline.ts'
import type { CaseEvent } from '../../domain/case/events.ts'
import type { Case } from '../../domain/case/state.ts'
import {
  caseTimelineFact,
  describeTimelineFact,
  type CaseTimelineFact,
} from '../../domain/case/timeline.ts'
import type { ClaimedLine } from '../../domain/case/vocabulary.ts'
import { moderate } from '../../domain/conversation/moderation.ts'
import type { Order } from '../../domain/order/state.ts'
import type { Actor } from '../../domain/shared/actor.ts'
import type { Deadline } from '../../domain/shared/decider.ts'
import type { CaseId } from '../../domain/shared/ids.ts'
import type { RefundLimit } from '../ledger/queries.ts'
import type { Instant } from '../../policy/time.ts'
import type { CaseReason } from '../../policy/vocabulary.ts'
import type { Queryable } from '../../store/database.ts'
import type { Loaded } from '../../store/event-store.ts'
import { readStream } from '../../store/event-store.ts'
import { aggregates, caseQueue } from '../../store/schema.ts'
import { caseAggregate } from '../aggregates.ts'
import { cursorCodec, keysetAfter, tupleCursor, tupleOf } from '../cursor.ts'
import { canSee, loadVisible } from '../execute.ts'
import { listAggregates, type ListQuery, type Page } from '../lists.ts'
import type { OrderService } from '../orders/commands.ts'
import type { PolicyBook } from '../policies/commands.ts'

/** One event on the case's timeline: who and when, its typed data, and the same in an English line. */
export type TimelineEntry = CaseTimelineFact & {
  readonly version: number
  readonly at: Instant
  readonly actor: { readonly kind: string; readonly id: string }
  readonly text: string
}

export type CaseView = Case & {
  readonly id: CaseId
  readonly version: number
  readonly deadline: Deadline | null
  readonly availableActions: readonly CaseAction[]
  readonly timeline: readonly TimelineEntry[]
}

export interface QueueQuery {
  readonly limit: number
  readonly cursor?: string | undefined
  readonly reason?: string | undefined
  readonly minAmount?: number | undefined
  readonly maxAmount?: number | undefined
  readonly assigned?: 'me' | 'unassigned' | undefined
}

export interface QueueItem {
  readonly caseId: string
  readonly orderId: string
  readonly status: string
  readonly priority: 'breached' | 'normal'
  readonly decisionDueAt: Instant
  readonly assignedAgentId: string | null
  readonly reason: CaseReason
  readonly claimedAmount: number
  readonly currency: string
  readonly openedAt: Instant
  readonly buyerId: string
  readonly sellerId: string
  /** The first claimed line's listing title. */
  readonly title: string
  readonly claimedLines: number
}

/**
 * A message on the timeline as this reader may see it: the counterparty gets
 * the moderated text (contact details and off-platform requests hidden);
 * the author and agents see the original.
 */
const asSeenBy = (actor: Actor, event: CaseEvent, c: Case): CaseEvent => {
  if (event.type !== 'CaseMessagePosted') return event
  if (actor.kind !== 'buyer' && actor.kind !== 'seller') return event
  if (event.data.by.userId === actor.id) return event
  const { redacted } = moderate(event.data.body, c.policy.messaging.redact)
  return redacted === null ? event : { ...event, data: { ...event.data, body: redacted } }
}

/** The agents' queue is keyset-paged on (priority rank, due time, case id). */
const queueCursor = tupleCursor('number', 'string', 'string')

/** (rank: 0 the caller's deadline, 1 someone else's, 2 none; due time; case id). */
type InboxKey = readonly [number, string, string]
type InboxCursor = readonly ['open', InboxKey] | readonly ['closed', string | null]

const compareInboxKeys = (a: InboxKey, b: InboxKey): number =>
  a[0] - b[0] ||
  (a[1] === b[1] ? 0 : Date.parse(a[1]) < Date.parse(b[1]) ? -1 : 1) ||
  (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0)

const isInboxKey = tupleOf('number', 'string', 'string')

/** Open cases page on their inbox key; then the closed ones on the ordinary list's cursor. */
const inboxCursor = cursorCodec(
  (v): v is InboxCursor =>
    Array.isArray(v) &&
    v.length === 2 &&
    ((v[0] === 'closed' && (v[1] === null || typeof v[1] === 'string')) ||
      (v[0] === 'open' && isInboxKey(v[1]))),
)

/** Cases as their parties and agents read them: the case with its timeline, the lists, the agents' queue. */
export class CaseQueries {
  constructor(
    protected readonly policies: PolicyBook,
    protected readonly orders: OrderService,
    /** What is still refundable on an order: the ledger's figure once money lands. */
    protected readonly refundLimitOf: (q: Queryable, order: Order) => Promise<RefundLimit>,
  ) {}

  protected load(q: Queryable, actor: Actor, id: string): Promise<Loaded<Case> | null> {
    return loadVisible(q, caseAggregate, id, (c) => canSee(actor, c))
  }

  async view(q: Queryable, loaded: Loaded<Case>, actor: Actor, now: Instant): Promise<CaseView> {
    const c = loaded.state
    const order = await this.orders.load(q, actor, c.orderId)
    if (!order) throw new Error(`case ${c.caseId} without its order ${c.orderId}`)
    const { refundable } = await this.refundLimitOf(q, order.state)
    const events = await readStream(q, c.caseId)
    return {
      ...c,
      id: c.caseId,
      version: loaded.version,
      deadline: activeCaseDeadline(c),
      availableActions: availableCaseActions(c, actor, {
        policy: c.policy,
        order: order.state,
        refundable,
        now,
      }),
      timeline: events.map((e): TimelineEntry => {
        const fact = caseTimelineFact(
          asSeenBy(actor, { type: e.type, data: e.data } as CaseEvent, c),
        )
        return {
          version: e.version,
          at: e.occurredAt,
          actor: { kind: e.actorKind, id: e.actorId },
          ...fact,
          text: describeTimelineFact(fact),
        }
      }),
    }
  }

  async get(q: Queryable, actor: Actor, id: string, now: Instant): Promise<CaseView | null> {
    const loaded = await this.load(q, actor, id)
    return loaded ? this.view(q, loaded, actor, now) : null
  }

  /**
   * A buyer's or seller's cases, newest first; staff see all. `sort=deadline`
   * puts first the open cases whose live deadline is the caller's to meet
   * (soonest first), then the other open cases by their deadline, then the
   * closed ones, newest first.
   */
  list(
    q: Queryable,
    actor: Actor,
    query: ListQuery & { readonly sort?: 'newest' | 'deadline' | undefined },
    now: Instant,
  ): Promise<Page<CaseView>> {
    const view = (loaded: Loaded<Case>) => this.view(q, loaded, actor, now)
    if (query.sort !== 'deadline')
      return listAggregates<Case, CaseView>(q, 'case', actor, query, view)
    return this.listByDeadline(q, actor, query, view)
  }

  /**
   * Open cases are ranked in memory (whose deadline it is comes from the
   * decider's `activeCaseDeadline`, which SQL cannot see), keyset-paged on
   * (rank, due time, id); once they run out, the closed cases follow through
   * the ordinary newest-first list. A party has few open cases at a time.
   */
  private async listByDeadline(
    q: Queryable,
    actor: Actor,
    query: ListQuery,
    view: (loaded: Loaded<Case>) => Promise<CaseView>,
  ): Promise<Page<CaseView>> {
    const cursor = query.cursor ? inboxCursor.decode(query.cursor) : null
    if (cursor?.[0] === 'closed' || query.status === 'closed') {
      return this.closedAfter(
        q,
        actor,
        query,
        cursor?.[0] === 'closed' ? cursor[1] : undefined,
        view,
      )
    }
    const role = actor.kind === 'buyer' || actor.kind === 'seller' ? actor.kind : 'agent'
    const conditions: SQL[] = [eq(aggregates.type, 'case'), ne(aggregates.status, 'closed')]
    if (actor.kind === 'buyer') conditions.push(eq(aggregates.buyerId, actor.id))
    if (actor.kind === 'seller') conditions.push(eq(aggregates.sellerId, actor.id))
    if (query.status) conditions.push(eq(aggregates.status, query.status))
    const rows = await q
      .select({ version: aggregates.version, state: aggregates.state })
      .from(aggregates)
      .where(and(...conditions))
    const keyed = rows
      .map((r) => {
        const state = r.state as Case
        const mine = deadlineFor(state, role)
        const any = activeCaseDeadline(state)
        const key: InboxKey = [mine ? 0 : any ? 1 : 2, (mine ?? any)?.dueAt ?? '', state.caseId]
        return { key, loaded: { state, version: r.version } }
      })
      .sort((a, b) => compareInboxKeys(a.key, b.key))
      .filter((r) => !cursor || cursor[0] !== 'open' || compareInboxKeys(r.key, cursor[1]) > 0)
    const page = keyed.slice(0, query.limit)
    const items = await Promise.all(page.map((r) => view(r.loaded)))
    const last = page.at(-1)
    if (keyed.length > query.limit && last) {
      return { items, nextCursor: inboxCursor.encode(['open', last.key]) }
    }
    if (query.status !== undefined) return { items, nextCursor: null }
    // The open cases are done; fill the page with the newest closed ones.
    const closed = await this.closedAfter(
      q,
      actor,
      { ...query, limit: query.limit - items.length || 1 },
      undefined,
      view,
    )
    if (items.length === query.limit) {
      return {
        items,
        nextCursor: closed.items.length > 0 ? inboxCursor.encode(['closed', null]) : null,
      }
    }
    return { items: [...items, ...closed.items], nextCursor: closed.nextCursor }
  }

  private async closedAfter(
    q: Queryable,
    actor: Actor,
    query: ListQuery,
    cursor: string | null | undefined,
    view: (loaded: Loaded<Case>) => Promise<CaseView>,
  ): Promise<Page<CaseView>> {
    const page = await listAggregates<Case, CaseView>(
      q,
      'case',
      actor,
      { limit: query.limit, status: 'closed', ...(cursor ? { cursor } : {}) },
      view,
    )
    return {
      items: page.items,
      nextCursor: page.nextCursor ? inboxCursor.encode(['closed', page.nextCursor]) : null,
    }
  }

  /** Escalated and appealed cases: SLA-breached first, then by decision due time. */
  async queue(
    q: Queryable,
    agentId: string,
    query: QueueQuery,
  ): Promise<{ items: QueueItem[]; nextCursor: string | null }> {
    const conditions: SQL[] = []
    if (query.reason) conditions.push(eq(caseQueue.reason, query.reason))
    if (query.minAmount !== undefined)
      conditions.push(gte(caseQueue.claimedAmount, query.minAmount))
    if (query.maxAmount !== undefined)
      conditions.push(lte(caseQueue.claimedAmount, query.maxAmount))
    if (query.assigned === 'me') conditions.push(eq(caseQueue.assignedAgentId, agentId))
    if (query.assigned === 'unassigned') conditions.push(isNull(caseQueue.assignedAgentId))
    const after = query.cursor ? queueCursor.decode(query.cursor) : null
    const keyset =
      after &&
      keysetAfter([caseQueue.priorityRank, caseQueue.decisionDueAt, caseQueue.caseId], after, 'asc')
    if (keyset) conditions.push(keyset)
    // The parties and the claimed lines come from the case's own row (not copied
    // into the queue), so a triage column never goes stale.
    const rows = await q
      .select({
        queue: caseQueue,
        buyerId: aggregates.buyerId,
        sellerId: aggregates.sellerId,
        orderId: aggregates.orderId,
        lines: sql<readonly ClaimedLine[]>`${aggregates.state}->'lines'`,
      })
      .from(caseQueue)
      .innerJoin(aggregates, eq(aggregates.id, caseQueue.caseId))
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(asc(caseQueue.priorityRank), asc(caseQueue.decisionDueAt), asc(caseQueue.caseId))
      .limit(query.limit + 1)
    const page = rows.slice(0, query.limit)
    const last = page.at(-1)?.queue
    return {
      items: page.map(({ queue: r, ...c }) => ({
        caseId: r.caseId,
        orderId: c.orderId ?? '',
        status: r.status,
        priority: r.priorityRank === 0 ? 'breached' : 'normal',
        decisionDueAt: r.decisionDueAt as Instant,
        assignedAgentId: r.assignedAgentId,
        reason: r.reason as CaseReason,
        claimedAmount: r.claimedAmount,
        currency: r.currency,
        openedAt: r.openedAt as Instant,
        buyerId: c.buyerId ?? '',
        sellerId: c.sellerId ?? '',
        title: c.lines[0]?.title ?? '',
        claimedLines: c.lines.length,
      })),
      nextCursor:
        rows.length > query.limit && last
          ? queueCursor.encode([last.priorityRank, last.decisionDueAt, last.caseId])
          : null,
    }
  }
}
