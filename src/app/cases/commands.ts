import { and, asc, eq, gt, gte, isNull, lte, ne, or, sql, type SQL } from 'drizzle-orm'
import type { CaseAction } from '../domain/case/actions.ts'
import { availableCaseActions } from '../domain/case/actions.ts'
import type { CaseCommand } from '../domain/case/commands.ts'
import { activeCaseDeadline, deadlineFor } from '../domain/case/deadline.ts'
import { decideCase } from '../domain/case/decide.ts'
import type { CaseEvent } from '../domain/case/events.ts'
import type { Case, CaseState } from '../domain/case/state.ts'
import { describeCaseEvent } from '../domain/case/timeline.ts'
import { moderate } from '../domain/conversation/moderation.ts'
import type { CaseDeadlineKind, ClaimedLine, EvidenceRef } from '../domain/case/vocabulary.ts'
import type { CaseReason } from '../policy/vocabulary.ts'
import type { Order } from '../domain/order/state.ts'
import type { Actor } from '../domain/shared/actor.ts'
import type { Deadline } from '../domain/shared/decider.ts'
import type { CaseId, EvidenceId } from '../domain/shared/ids.ts'
import type { Minor } from '../domain/shared/money.ts'
import type { Instant } from '../policy/time.ts'
import type { Queryable } from '../store/database.ts'
import type { Loaded, UnitOfWork } from '../store/event-store.ts'
import { loadAggregate, readStream } from '../store/event-store.ts'
import { aggregates, caseQueue, users } from '../store/schema.ts'
import { attachFiles } from '../integrations/files.ts'
import { caseAggregate } from './aggregates.ts'
import type { Outcome } from './command-runner.ts'
import { done, refused } from './command-runner.ts'
import { canSee, decideAndAppend } from './execute.ts'
import { newId } from './ids.ts'
import type { OrderService } from './orders.ts'
import { listAggregates, type ListQuery, type Page } from './lists.ts'
import type { PolicyBook } from './policies.ts'

/** Evidence as a client sends it: stored files by id, or structured facts. */
export type EvidenceInput =
  | { readonly kind: 'file'; readonly fileId: string; readonly note?: string | undefined }
  | {
      readonly kind: 'tracking'
      readonly tracking: { readonly carrier: string; readonly trackingNumber: string }
      readonly note?: string | undefined
    }
  | {
      readonly kind: 'measurements'
      readonly measurements: Readonly<Record<string, string>>
      readonly note?: string | undefined
    }
  | { readonly kind: 'note'; readonly note: string }

export interface TimelineEntry {
  readonly version: number
  readonly type: string
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

const QUEUE_STATUSES = new Set(['escalated', 'awaiting_info', 'appealed'])

const withNote = (note: string | undefined): { note?: string } =>
  note === undefined ? {} : { note }

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

/** Keyset cursor over (priority rank, due time, case id). */
const encodeCursor = (rank: number, dueAt: string, caseId: string): string =>
  Buffer.from(JSON.stringify([rank, dueAt, caseId])).toString('base64url')
const decodeCursor = (cursor: string): [number, string, string] | null => {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString())
    return Array.isArray(v) && v.length === 3 ? (v as [number, string, string]) : null
  } catch {
    return null
  }
}

/** (rank: 0 the caller's deadline, 1 someone else's, 2 none; due time; case id). */
type InboxKey = readonly [number, string, string]
type InboxCursor = readonly ['open', InboxKey] | readonly ['closed', string | null]

const compareInboxKeys = (a: InboxKey, b: InboxKey): number =>
  a[0] - b[0] ||
  (a[1] === b[1] ? 0 : Date.parse(a[1]) < Date.parse(b[1]) ? -1 : 1) ||
  (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0)

const encodeInboxCursor = (cursor: InboxCursor): string =>
  Buffer.from(JSON.stringify(cursor)).toString('base64url')
const decodeInboxCursor = (cursor: string): InboxCursor | null => {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString())
    if (!Array.isArray(v) || v.length !== 2) return null
    if (v[0] === 'closed' && (v[1] === null || typeof v[1] === 'string'))
      return ['closed', v[1] as string | null]
    const key: unknown = v[1]
    if (
      v[0] === 'open' &&
      Array.isArray(key) &&
      key.length === 3 &&
      typeof key[0] === 'number' &&
      typeof key[1] === 'string' &&
      typeof key[2] === 'string'
    )
      return ['open', [key[0], key[1], key[2]]]
    return null
  } catch {
    return null
  }
}

export class CaseService {
  constructor(
    private readonly policies: PolicyBook,
    private readonly orders: OrderService,
    /** What is still refundable on an order: the ledger's figure once money lands. */
    private readonly refundableOf: (q: Queryable, order: Order) => Promise<Minor>,
  ) {}

  private async load(q: Queryable, actor: Actor, id: string): Promise<Loaded<Case> | null> {
    const loaded = await loadAggregate(q, caseAggregate, id)
    if (loaded.state.status === 'none' || !canSee(actor, loaded.state)) return null
    return loaded as Loaded<Case>
  }

  async view(q: Queryable, loaded: Loaded<Case>, actor: Actor, now: Instant): Promise<CaseView> {
    const c = loaded.state
    const order = await this.orders.load(q, actor, c.orderId)
    if (!order) throw new Error(`case ${c.caseId} without its order ${c.orderId}`)
    const refundable = await this.refundableOf(q, order.state)
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
      timeline: events.map((e) => ({
        version: e.version,
        type: e.type,
        at: e.occurredAt,
        actor: { kind: e.actorKind, id: e.actorId },
        text: describeCaseEvent(asSeenBy(actor, { type: e.type, data: e.data } as CaseEvent, c)),
      })),
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
    const cursor = query.cursor ? decodeInboxCursor(query.cursor) : null
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
      return { items, nextCursor: encodeInboxCursor(['open', last.key]) }
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
        nextCursor: closed.items.length > 0 ? encodeInboxCursor(['closed', null]) : null,
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
      nextCursor: page.nextCursor ? encodeInboxCursor(['closed', page.nextCursor]) : null,
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
    const after = query.cursor ? decodeCursor(query.cursor) : null
    if (after) {
      const [rank, dueAt, caseId] = after
      const keyset = or(
        gt(caseQueue.priorityRank, rank),
        and(eq(caseQueue.priorityRank, rank), gt(caseQueue.decisionDueAt, dueAt)),
        and(
          eq(caseQueue.priorityRank, rank),
          eq(caseQueue.decisionDueAt, dueAt),
          gt(caseQueue.caseId, caseId),
        ),
      )
      if (keyset) conditions.push(keyset)
    }
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
          ? encodeCursor(last.priorityRank, last.decisionDueAt, last.caseId)
          : null,
    }
  }

  /** Turns client evidence into the domain's references; files must be the caller's own uploads. */
  private async evidenceRefs(
    uow: UnitOfWork,
    caseId: string,
    inputs: readonly EvidenceInput[] | undefined,
  ): Promise<Outcome<EvidenceRef[]>> {
    const refs: EvidenceRef[] = []
    for (const input of inputs ?? []) {
      if (input.kind !== 'file') {
        refs.push({ ...input, evidenceId: newId<EvidenceId>() } as EvidenceRef)
        continue
      }
      const [file] = await attachFiles(uow.tx, [input.fileId], uow.actor.id, caseId)
      if (!file) return refused({ code: 'FILE_NOT_FOUND', fileId: input.fileId })
      refs.push({
        evidenceId: file.fileId as EvidenceId,
        kind: 'file',
        file: { sha256: file.sha256, mediaType: file.mediaType, size: file.size, name: file.name },
        ...withNote(input.note),
      })
    }
    return done(refs)
  }

  async open(
    uow: UnitOfWork,
    orderId: string,
    input: Omit<Extract<CaseCommand, { type: 'OpenCase' }>, 'type' | 'caseId' | 'evidence'> & {
      readonly evidence?: readonly EvidenceInput[] | undefined
    },
  ): Promise<Outcome<CaseView>> {
    const order = await this.orders.load(uow.tx, uow.actor, orderId)
    if (!order) return refused({ code: 'NOT_FOUND', resource: 'order' })
    const caseId = newId<CaseId>()
    const evidence = await this.evidenceRefs(uow, caseId, input.evidence)
    if (!evidence.ok) return evidence
    const { policy } = await this.policies.current(uow.tx)
    const { evidence: _ignored, ...rest } = input
    const command: CaseCommand = {
      ...rest,
      type: 'OpenCase',
      caseId,
      ...(evidence.value.length ? { evidence: evidence.value } : {}),
    }
    return this.apply(
      uow,
      caseId,
      { state: { status: 'none' }, version: 0 },
      order,
      policy,
      command,
    )
  }

  /**
   * A case command that carries evidence: the client's files and facts become
   * the domain's references (files attached in the same transaction).
   */
  async executeWithEvidence(
    uow: UnitOfWork,
    id: string,
    inputs: readonly EvidenceInput[] | undefined,
    command: (evidence: EvidenceRef[]) => Exclude<CaseCommand, { type: 'OpenCase' }>,
    expectedVersion?: number,
  ): Promise<Outcome<CaseView>> {
    if (!(await this.load(uow.tx, uow.actor, id)))
      return refused({ code: 'NOT_FOUND', resource: 'case' })
    const evidence = await this.evidenceRefs(uow, id, inputs)
    if (!evidence.ok) return evidence
    return this.execute(uow, id, command(evidence.value), expectedVersion)
  }

  async execute(
    uow: UnitOfWork,
    id: string,
    command: Exclude<CaseCommand, { type: 'OpenCase' }>,
    expectedVersion?: number,
  ): Promise<Outcome<CaseView>> {
    const loaded = await this.load(uow.tx, uow.actor, id)
    if (!loaded) return refused({ code: 'NOT_FOUND', resource: 'case' })
    const order = await this.orders.load(uow.tx, uow.actor, loaded.state.orderId)
    if (!order) return refused({ code: 'NOT_FOUND', resource: 'order' })
    return this.apply(uow, id, loaded, order, loaded.state.policy, command, expectedVersion)
  }

  /**
   * `POST /cases/:id/assign`. Without `agentId` (or with the caller's own id)
   * the calling agent takes the case, from nobody or from a colleague. With
   * another agent's id the caller hands the case to them; a person the
   * directory knows as a buyer, seller or admin is refused
   * (`ASSIGNEE_NOT_AN_AGENT`). Agents signed in with the marketplace's tokens
   * need not be in the directory, so an unknown id is taken as an agent's.
   */
  async assign(
    uow: UnitOfWork,
    id: string,
    agentId: string | undefined,
    expectedVersion?: number,
  ): Promise<Outcome<CaseView>> {
    const to = agentId ?? uow.actor.id
    if (to !== uow.actor.id) {
      const [known] = await uow.tx.select({ role: users.role }).from(users).where(eq(users.id, to))
      if (known && known.role !== 'agent')
        return refused({ code: 'ASSIGNEE_NOT_AN_AGENT', agentId: to, role: known.role })
    }
    return this.execute(
      uow,
      id,
      {
        type: 'AssignCase',
        agentId: to as Extract<CaseCommand, { type: 'AssignCase' }>['agentId'],
      },
      expectedVersion,
    )
  }

  expire(uow: UnitOfWork, id: string, kind: string, dueAt: Instant): Promise<Outcome<CaseView>> {
    return this.execute(uow, id, { type: 'ExpireDeadline', kind: kind as CaseDeadlineKind, dueAt })
  }

  /**
   * Decides, appends, and moves what the case's facts move in the same
   * transaction: the order's payout hold while a case is open, and the
   * agents' queue.
   */
  private async apply(
    uow: UnitOfWork,
    id: string,
    loaded: Loaded<CaseState>,
    order: Loaded<Order>,
    policy: Case['policy'],
    command: CaseCommand,
    expectedVersion?: number,
  ): Promise<Outcome<CaseView>> {
    const refundable = await this.refundableOf(uow.tx, order.state)
    const openCaseId = order.state.openCaseId
    const decision = decideCase(command, loaded.state, {
      meta: { now: uow.now, actor: uow.actor },
      policy,
      order: order.state,
      refundable,
      ...(openCaseId && openCaseId !== id ? { openCaseId } : {}),
    })
    const result = await decideAndAppend(
      uow,
      caseAggregate,
      id,
      loaded,
      decision,
      null,
      expectedVersion,
    )
    if (!result.ok) return result
    const c = result.value.state as Case
    for (const event of result.value.events) {
      if (event.type === 'CaseOpened' || event.type === 'CaseClosed') {
        const noted = await this.orders.execute(uow, c.orderId, {
          type: event.type === 'CaseOpened' ? 'NoteCaseOpened' : 'NoteCaseClosed',
          caseId: c.caseId,
        })
        if (!noted.ok) return noted
      }
    }
    await this.updateQueue(uow, c)
    return done(await this.view(uow.tx, result.value as Loaded<Case>, uow.actor, uow.now))
  }

  private async updateQueue(uow: UnitOfWork, c: Case): Promise<void> {
    if (!QUEUE_STATUSES.has(c.status) || c.decisionDueAt === null) {
      await uow.tx.delete(caseQueue).where(eq(caseQueue.caseId, c.caseId))
      return
    }
    const row = {
      status: c.status,
      priorityRank: c.priority === 'breached' ? 0 : 1,
      decisionDueAt: c.decisionDueAt,
      assignedAgentId: c.assignedAgentId,
      reason: c.reason,
      claimedAmount: c.claimedAmount,
      currency: c.currency,
      openedAt: c.openedAt,
    }
    await uow.tx
      .insert(caseQueue)
      .values({ caseId: c.caseId, ...row })
      .onConflictDoUpdate({ target: caseQueue.caseId, set: row })
  }
}
