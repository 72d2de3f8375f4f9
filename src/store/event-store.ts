import { and, asc, eq, sql } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import type { Deadline, Rejection } from '../domain/shared/decider.ts'
import type { Actor } from '../domain/shared/actor.ts'
import type { Instant } from '../policy/time.ts'
import { instant } from '../policy/time.ts'
import type { Queryable, Tx } from './database.ts'
import { aggregates, deadlines, events, outbox } from './schema.ts'

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

export const loadAggregate = async <S>(
  q: Queryable,
  type: AggregateType<S, never, never> | { type: string; initialState: S },
  id: string,
): Promise<Loaded<S>> => {
  const rows = await q
    .select({ version: aggregates.version, state: aggregates.state })
    .from(aggregates)
    .where(and(eq(aggregates.id, id), eq(aggregates.type, type.type)))
  const row = rows[0]
  return row
    ? { state: row.state as S, version: row.version }
    : { state: type.initialState, version: 0 }
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
  readonly events: readonly { readonly type: string; readonly data: unknown }[]
  readonly state: unknown
  readonly version: number
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
  constructor(
    readonly tx: Tx,
    readonly now: Instant,
    readonly actor: Actor,
    private readonly reactors: readonly Reactor[] = [],
  ) {}

  /** The same transaction and time, acting as someone else (a reaction done by the system). */
  as(actor: Actor): UnitOfWork {
    return new UnitOfWork(this.tx, this.now, actor, this.reactors)
  }

  load<S>(type: { type: string; initialState: S }, id: string): Promise<Loaded<S>> {
    return loadAggregate(this.tx, type, id)
  }

  /**
   * Appends events after `expected.version`, stores the new state and its
   * deadline. A concurrent writer of the same stream makes the events insert
   * fail on `events_stream_version_key`; the command runner retries the whole
   * command on fresh state.
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
    await this.tx.insert(events).values(
      newEvents.map((e, i) => ({
        id: uuidv7(),
        streamId: id,
        streamType: type.type,
        version: expected.version + i + 1,
        type: e.type,
        data: e.data,
        actorKind: this.actor.kind,
        actorId: this.actor.id,
        occurredAt: this.now,
      })),
    )
    const index = type.index(state)
    const row = {
      type: type.type,
      version,
      status: index.status,
      buyerId: index.buyerId ?? null,
      sellerId: index.sellerId ?? null,
      orderId: index.orderId ?? null,
      state,
      updatedAt: this.now,
    }
    if (expected.version === 0) {
      await this.tx.insert(aggregates).values({ id, createdAt: this.now, ...row })
    } else {
      await this.tx.update(aggregates).set(row).where(eq(aggregates.id, id))
    }
    await this.setDeadline(type.type, id, type.deadline(state, policy))
    const appended: Appended = {
      streamType: type.type,
      streamId: id,
      events: newEvents,
      state,
      version,
    }
    for (const react of this.reactors) {
      const rejection = await react(this, appended)
      if (rejection) throw new ReactionRefused(rejection)
    }
    return { state, version }
  }

  private async setDeadline(
    aggregateType: string,
    id: string,
    deadline: Deadline | null,
  ): Promise<void> {
    if (!deadline) {
      await this.tx.delete(deadlines).where(eq(deadlines.aggregateId, id))
      return
    }
    // A new or moved deadline is unclaimed; an unchanged one keeps its lease.
    await this.tx
      .insert(deadlines)
      .values({ aggregateId: id, aggregateType, kind: deadline.kind, dueAt: deadline.dueAt })
      .onConflictDoUpdate({
        target: deadlines.aggregateId,
        set: {
          kind: deadline.kind,
          dueAt: deadline.dueAt,
          claimedUntil: sql`case when ${deadlines.kind} = excluded.kind and ${deadlines.dueAt} = excluded.due_at then ${deadlines.claimedUntil} else '-infinity'::timestamptz end`,
          attempts: sql`case when ${deadlines.kind} = excluded.kind and ${deadlines.dueAt} = excluded.due_at then ${deadlines.attempts} else 0 end`,
        },
      })
  }

  /** Queues a message for delivery after commit (webhook, email, payment call). */
  async enqueue(topic: string, payload: unknown, availableAt: Instant = this.now): Promise<void> {
    await this.tx
      .insert(outbox)
      .values({ id: uuidv7(), topic, payload, availableAt, createdAt: this.now })
  }
}
