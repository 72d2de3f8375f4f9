import { and, asc, eq, sql, type SQL } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import type { Deadline, Rejection } from '../domain/shared/decider.ts'
import type { Actor } from '../domain/shared/actor.ts'
import type { Instant } from '../policy/time.ts'
import { instant, isBefore } from '../policy/time.ts'
import type { Queryable, Tx } from './database.ts'
import { aggregates, events, outbox } from './schema.ts'

/** What the store must know about an aggregate type to keep its rows. */
export interface AggregateType<S, E extends { type: string; data: unknown }, P = unknown> {
  readonly type: string
  readonly initialState: S
  readonly evolve: (state: S, event: E) => S
  /** The columns lists and permission checks filter on. */
  readonly index: (state: S) => AggregateIndex
  /** The one live deadline derived from the state, or null. */
  readonly deadline: (state: S, policy: P) => Deadline | null
}

export interface AggregateIndex {
  readonly status: string
  readonly buyerId?: string | null
  readonly sellerId?: string | null
  readonly orderId?: string | null
}

export interface Loaded<S> {
  readonly state: S
  readonly version: number
}

export interface StoredEvent {
  readonly id: string
  readonly streamId: string
  readonly streamType: string
  readonly version: number
  readonly type: string
  readonly data: unknown
  readonly actorKind: string
  readonly actorId: string
  readonly occurredAt: Instant
}

/** Postgres prints timestamps as `2026-11-23 14:00:00+00`; the API speaks ISO-8601. */
export const fromDbTime = (value: string): Instant => instant(value)

/**
 * The time of each command in progress, by its transaction. A command never
 * happens before the last write of a stream it reads: if another process
 * (a scheduler whose clock runs a little ahead) wrote the stream "later"
 * than this command's clock says, the command's time moves up to that write.
 * Otherwise an answer could be recorded before the escalation it follows,
 * and the case would read as both answered in time and escalated.
 */
const commandTimes = new WeakMap<object, { value: Instant }>()

/**
 * The aggregates a command's transaction has already read or written, by
 * `type:id`. A command often reads a stream twice (a cancellation's approval
 * loads the order, then the order's own handler loads it again; a reaction
 * loads what its command just wrote): the second read costs no round trip,
 * and the command sees one version of each stream throughout. Only for
 * transactions a `UnitOfWork` runs; every write goes through `append`.
 */
const commandReads = new WeakMap<object, Map<string, Loaded<unknown>>>()

export const loadAggregate = async <S>(
  q: Queryable,
  type: AggregateType<S, never, never> | { type: string; initialState: S },
  id: string,
): Promise<Loaded<S>> => {
  const reads = commandReads.get(q)
  const known = reads?.get(`${type.type}:${id}`)
  if (known) return known as Loaded<S>
  const rows = await q
    .select({
      version: aggregates.version,
      state: aggregates.state,
      updatedAt: aggregates.updatedAt,
    })
    .from(aggregates)
    .where(and(eq(aggregates.id, id), eq(aggregates.type, type.type)))
  const row = rows[0]
  if (!row) return { state: type.initialState, version: 0 }
  const time = commandTimes.get(q)
  if (time) {
    const written = fromDbTime(row.updatedAt)
    if (isBefore(time.value, written)) time.value = written
  }
  const loaded = { state: row.state as S, version: row.version }
  reads?.set(`${type.type}:${id}`, loaded)
  return loaded
}

export const readStream = async (q: Queryable, streamId: string): Promise<StoredEvent[]> => {
  const rows = await q
    .select()
    .from(events)
    .where(eq(events.streamId, streamId))
    .orderBy(asc(events.version))
  return rows.map((r) => ({ ...r, occurredAt: fromDbTime(r.occurredAt) }))
}

/** Facts just appended to one stream, as reactors see them. */
export interface Appended {
  readonly streamType: string
  readonly streamId: string
  readonly events: readonly {
    readonly id: string
    readonly version: number
    readonly type: string
    readonly data: unknown
  }[]
  readonly state: unknown
  readonly version: number
  /** The stream's index columns after the append (its parties and order). */
  readonly index: AggregateIndex
  readonly occurredAt: Instant
}

/**
 * Reacts, in the same transaction, to facts appended by any command: the
 * ledger posting a refund a case made due, a read model, a webhook row in the
 * outbox. A reaction may refuse (the ledger will not over-refund); the whole
 * command is then refused and rolled back.
 */
export type Reactor = (uow: UnitOfWork, appended: Appended) => Promise<Rejection | null>

/** Thrown through the transaction when a reactor refuses; the runner turns it into the command's refusal. */
export class ReactionRefused extends Error {
  constructor(readonly rejection: Rejection) {
    super(`refused by a reaction: ${rejection.code}`)
  }
}

/** One command's writes, all inside the caller's transaction. */
export class UnitOfWork {
  private readonly time: { value: Instant }

  constructor(
    readonly tx: Tx,
    now: Instant,
    readonly actor: Actor,
    private readonly reactors: readonly Reactor[] = [],
  ) {
    this.time = commandTimes.get(tx) ?? { value: now }
    commandTimes.set(tx, this.time)
    if (!commandReads.has(tx)) commandReads.set(tx, new Map())
  }

  /** The command's time: its clock reading, or the last write of a stream it loaded if later. */
  get now(): Instant {
    return this.time.value
  }

  /** The same transaction and time, acting as someone else (a reaction done by the system). */
  as(actor: Actor): UnitOfWork {
    return new UnitOfWork(this.tx, this.now, actor, this.reactors)
  }

  load<S>(type: { type: string; initialState: S }, id: string): Promise<Loaded<S>> {
    return loadAggregate(this.tx, type, id)
  }

  /**
   * Appends events after `expected.version`, stores the new state and its
   * deadline, in one statement. A concurrent writer of the same stream makes
   * the events insert fail on `events_stream_version_key`; the command runner
   * retries the whole command on fresh state.
   */
  async append<S, E extends { type: string; data: unknown }, P>(
    type: AggregateType<S, E, P>,
    id: string,
    expected: Loaded<S>,
    newEvents: readonly E[],
    policy: P,
  ): Promise<Loaded<S>> {
    if (newEvents.length === 0) return expected
    const state = newEvents.reduce(type.evolve, expected.state)
    const version = expected.version + newEvents.length
    const index = type.index(state)
    const stored = newEvents.map((e, i) => ({
      id: uuidv7(),
      version: expected.version + i + 1,
      type: e.type,
      data: e.data,
    }))
    await this.tx.execute(
      appendStatement({
        aggregateType: type.type,
        id,
        version,
        events: stored,
        actor: this.actor,
        now: this.now,
        index,
        state,
        deadline: type.deadline(state, policy),
      }),
    )
    const appended: Appended = {
      streamType: type.type,
      streamId: id,
      events: stored,
      state,
      version,
      index,
      occurredAt: this.now,
    }
    commandReads.get(this.tx)?.set(`${type.type}:${id}`, { state, version })
    for (const react of this.reactors) {
      const rejection = await react(this, appended)
      if (rejection) throw new ReactionRefused(rejection)
    }
    return { state, version }
  }

  /** Queues a message for delivery after commit (webhook, email, payment call). */
  async enqueue(topic: string, payload: unknown, availableAt: Instant = this.now): Promise<void> {
    await this.tx
      .insert(outbox)
      .values({ id: uuidv7(), topic, payload, availableAt, createdAt: this.now })
  }
}

interface AppendWrite {
  readonly aggregateType: string
  readonly id: string
  /** The stream's version after the append. */
  readonly version: number
  readonly events: Appended['events']
  readonly actor: Actor
  readonly now: Instant
  readonly index: AggregateIndex
  readonly state: unknown
  readonly deadline: Deadline | null
}

/**
 * The events, the state row and the deadline row of one append as a single
 * statement (data-modifying CTEs): every command pays one round trip for its
 * writes instead of three, which is most of its cost on a busy database.
 */
const appendStatement = (w: AppendWrite): SQL => {
  const rows = w.events.map(
    (e) =>
      sql`(${e.id}::uuid, ${w.id}::uuid, ${w.aggregateType}, ${e.version}, ${e.type}, ${JSON.stringify(e.data)}::jsonb, ${w.actor.kind}, ${w.actor.id}, ${w.now}::timestamptz)`,
  )
  const stateRow = sql`(${w.id}::uuid, ${w.aggregateType}, ${w.version}, ${w.index.status}, ${w.index.buyerId ?? null}, ${w.index.sellerId ?? null}, ${w.index.orderId ?? null}::uuid, ${JSON.stringify(w.state)}::jsonb, ${w.now}::timestamptz, ${w.now}::timestamptz)`
  // A new or moved deadline is unclaimed; an unchanged one keeps its lease.
  const deadline = w.deadline
    ? sql`insert into deadlines (aggregate_id, aggregate_type, kind, due_at)
          values (${w.id}::uuid, ${w.aggregateType}, ${w.deadline.kind}, ${w.deadline.dueAt}::timestamptz)
          on conflict (aggregate_id) do update set
            kind = excluded.kind,
            due_at = excluded.due_at,
            claimed_until = case when deadlines.kind = excluded.kind and deadlines.due_at = excluded.due_at then deadlines.claimed_until else '-infinity'::timestamptz end,
            attempts = case when deadlines.kind = excluded.kind and deadlines.due_at = excluded.due_at then deadlines.attempts else 0 end`
    : sql`delete from deadlines where aggregate_id = ${w.id}::uuid`
  return sql`with appended as (
      insert into events (id, stream_id, stream_type, version, type, data, actor_kind, actor_id, occurred_at)
      values ${sql.join(rows, sql`, `)}
    ), stored as (
      insert into aggregates (id, type, version, status, buyer_id, seller_id, order_id, state, created_at, updated_at)
      values ${stateRow}
      on conflict (id) do update set
        type = excluded.type, version = excluded.version, status = excluded.status,
        buyer_id = excluded.buyer_id, seller_id = excluded.seller_id, order_id = excluded.order_id,
        state = excluded.state, updated_at = excluded.updated_at
    )
    ${deadline}`
}
