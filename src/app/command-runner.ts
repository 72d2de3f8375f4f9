import { sql } from 'drizzle-orm'
import type { Actor } from '../domain/shared/actor.ts'
import type { Rejection } from '../domain/shared/decider.ts'
import type { Instant } from '../policy/time.ts'
import { addHours } from '../policy/time.ts'
import type { Database, Queryable } from '../store/database.ts'
import { queryRows } from '../store/database.ts'
import { isRetryableTransactionError, isUniqueViolation } from '../store/errors.ts'
import { ReactionRefused, UnitOfWork, type Reactor } from '../store/event-store.ts'
import type { Clock } from './clock.ts'

/** What a command handler returns: the value to show, or the domain's refusal. */
export type Outcome<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly rejection: Rejection }

export const done = <T>(value: T): Outcome<T> => ({ ok: true, value })
export const refused = (rejection: Rejection): Outcome<never> => ({ ok: false, rejection })

/** The refusal in an outcome, if any: what a reaction passes on to refuse the command that caused it. */
export const rejectionOf = (outcome: Outcome<unknown>): Rejection | null =>
  outcome.ok ? null : outcome.rejection

/** The response stored for an `Idempotency-Key`, replayed byte for byte on a retry. */
export interface StoredResponse {
  readonly statusCode: number
  readonly body: unknown
}

export interface IdempotencyRequest<T> {
  /** Whose key it is (one caller's keys never collide with another's). */
  readonly scope: string
  readonly key: string
  /** Hash of method, route and body: the same key with another request is refused. */
  readonly requestHash: string
  readonly render: (outcome: Outcome<T>) => StoredResponse
}

export type IdempotentResult =
  | { readonly kind: 'fresh'; readonly response: StoredResponse }
  | { readonly kind: 'replayed'; readonly response: StoredResponse }
  | { readonly kind: 'key_reused' }
  | { readonly kind: 'in_progress' }

/** Idempotency records are kept this long (docs/api.md). Business keys keep protecting money after that. */
export const IDEMPOTENCY_RETENTION_HOURS = 24

const MAX_ATTEMPTS = 8

/** The key's record was written by another process while this one ran the command. */
class KeyAnsweredElsewhere extends Error {
  constructor() {
    super('idempotency key answered by another process')
  }
}

class RefusedCommand extends Error {
  constructor(readonly outcome: Outcome<never>) {
    super('refused')
  }
}

/**
 * Runs commands: one transaction per command, retried on serialization
 * failures (40001/40P01) and on optimistic-lock conflicts (another command
 * appended to the same stream first), always on freshly loaded state.
 */
export class CommandRunner {
  /** Keys being executed in this process right now: a concurrent duplicate gets 409 at once. */
  private readonly inFlight = new Set<string>()

  constructor(
    readonly database: Database,
    readonly clock: Clock,
    /** Run after every append, inside the command's transaction (see `Reactor`). */
    private readonly reactors: readonly Reactor[] = [],
  ) {}

  /**
   * The same runner (database, reactors) on another clock: the seed and the
   * simulator run commands at historical times with the reactors production
   * runs (ledger, insights), leaving out `without` (the seed leaves out
   * messaging: history notifies nobody).
   */
  at(clock: Clock, options: { without?: readonly Reactor[] } = {}): CommandRunner {
    const without = new Set(options.without ?? [])
    return new CommandRunner(
      this.database,
      clock,
      without.size === 0 ? this.reactors : this.reactors.filter((r) => !without.has(r)),
    )
  }

  async run<T>(
    actor: Actor,
    handler: (uow: UnitOfWork) => Promise<Outcome<T>>,
  ): Promise<Outcome<T>> {
    const { outcome } = await this.transact(actor, handler, async () => undefined)
    return outcome
  }

  async runIdempotent<T>(
    actor: Actor,
    request: IdempotencyRequest<T>,
    handler: (uow: UnitOfWork) => Promise<Outcome<T>>,
  ): Promise<IdempotentResult> {
    const flightKey = `${request.scope}\u0000${request.key}`
    if (this.inFlight.has(flightKey)) return { kind: 'in_progress' }
    this.inFlight.add(flightKey)
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        const existing = await this.storedResponse(request)
        if (existing) return existing
        try {
          const remember = async (
            q: Queryable,
            now: Instant,
            response: StoredResponse,
          ): Promise<void> => {
            const record = {
              scope: request.scope,
              key: request.key,
              requestHash: request.requestHash,
              statusCode: response.statusCode,
              response: response.body,
              createdAt: now,
              expiresAt: addHours(now, IDEMPOTENCY_RETENTION_HOURS),
            }
            // An expired record of the same key is replaced; a live one means
            // another process answered this key first. (Plain SQL: every
            // command with a key runs this, and the query builder's cost showed.)
            const written = await queryRows<{ key: string }>(
              q,
              sql`insert into idempotency_records (scope, key, request_hash, status_code, response, created_at, expires_at)
                  values (${record.scope}, ${record.key}, ${record.requestHash}, ${record.statusCode},
                    ${JSON.stringify(record.response)}::jsonb, ${record.createdAt}::timestamptz, ${record.expiresAt}::timestamptz)
                  on conflict (scope, key) do update set
                    request_hash = excluded.request_hash, status_code = excluded.status_code,
                    response = excluded.response, created_at = excluded.created_at, expires_at = excluded.expires_at
                  where idempotency_records.expires_at <= ${now}::timestamptz
                  returning key`,
            )
            if (written.length === 0) throw new KeyAnsweredElsewhere()
          }
          const { outcome, now } = await this.transact(actor, handler, (uow, o) =>
            remember(uow.tx, uow.now, request.render(o)),
          )
          const response = request.render(outcome)
          // A refusal changed nothing; its answer is remembered on its own.
          if (!outcome.ok) await remember(this.database.db, now, response)
          return { kind: 'fresh', response }
        } catch (error) {
          // Another process committed the same key first: answer with its response.
          const answeredElsewhere =
            error instanceof KeyAnsweredElsewhere ||
            isUniqueViolation(error, 'idempotency_records_scope_key_pk')
          if (!answeredElsewhere) throw error
        }
      }
      return { kind: 'in_progress' }
    } finally {
      this.inFlight.delete(flightKey)
    }
  }

  private async storedResponse<T>(
    request: IdempotencyRequest<T>,
  ): Promise<IdempotentResult | null> {
    const now = await this.clock.now()
    const [row] = await queryRows<{
      requestHash: string
      statusCode: number
      response: unknown
      live: boolean
    }>(
      this.database.db,
      sql`select request_hash as "requestHash", status_code as "statusCode", response,
            expires_at > ${now}::timestamptz as live
          from idempotency_records where scope = ${request.scope} and key = ${request.key}`,
    )
    // An expired record no longer answers (the new answer replaces it); the
    // business key inside the command (an offer id, a decision id) still
    // stops money from moving twice.
    if (!row?.live) return null
    if (row.requestHash !== request.requestHash) return { kind: 'key_reused' }
    return { kind: 'replayed', response: { statusCode: row.statusCode, body: row.response } }
  }

  private async transact<T>(
    actor: Actor,
    handler: (uow: UnitOfWork) => Promise<Outcome<T>>,
    beforeCommit: (uow: UnitOfWork, outcome: Outcome<T>) => Promise<void>,
  ): Promise<{ outcome: Outcome<T>; now: Instant }> {
    for (let attempt = 1; ; attempt++) {
      const now = await this.clock.now()
      try {
        const outcome = await this.database.db.transaction(async (tx) => {
          const uow = new UnitOfWork(tx, now, actor, this.reactors)
          const result = await handler(uow).catch((error: unknown) => {
            if (error instanceof ReactionRefused) return refused(error.rejection)
            throw error
          })
          // A refusal may come after another aggregate was already written
          // (a cancellation approved, then the order refuses to cancel):
          // nothing of a refused command may stay.
          if (!result.ok) throw new RefusedCommand(result)
          await beforeCommit(uow, result)
          return result
        })
        return { outcome, now }
      } catch (error) {
        if (error instanceof RefusedCommand) return { outcome: error.outcome as Outcome<T>, now }
        const conflict =
          isRetryableTransactionError(error) ||
          isUniqueViolation(error, 'events_stream_version_key')
        if (!conflict || attempt >= MAX_ATTEMPTS) throw error
        await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt))
      }
    }
  }
}
