import { inArray, sql } from 'drizzle-orm'
import type { Instant } from '../policy/time.ts'
import { addMillis, instant } from '../policy/time.ts'
import { queryRows, type Database } from '../store/database.ts'
import { fromDbTime } from '../store/event-store.ts'
import { outbox } from '../store/schema.ts'

interface ClaimedRow {
  id: string
  topic: string
  payload: unknown
  attempts: number
  created_at: string
}

/** One outbox row handed to its topic's handler. */
export interface OutboxMessage {
  readonly id: string
  readonly topic: string
  readonly payload: unknown
  /** 1 on the first try, 2 on the first retry, … */
  readonly attempt: number
  /** How long until the next try if this one fails, or `null`: this is the last one. */
  readonly retryInMs: number | null
  readonly createdAt: Instant
}

/** What became of one try: sent, try again later, or never (dead-letter). */
export type OutboxResult =
  | { readonly kind: 'done' }
  | { readonly kind: 'retry'; readonly error: string }
  | { readonly kind: 'dead'; readonly error: string }

export interface OutboxTopic {
  readonly handle: (message: OutboxMessage, now: Instant) => Promise<OutboxResult>
  /**
   * Waits before each retry: `backoffMs[0]` after the first failure, and so
   * on. After the last one, a failure is final: the row is `dead`.
   */
  readonly backoffMs: readonly number[]
}

export interface OutboxRunnerOptions {
  /** How long a claim lasts before another process may take the row. @default 60 s */
  readonly leaseMs?: number
  /** Rows claimed per sweep. @default 100 */
  readonly batchSize?: number
  /** Rows handled at once within a sweep. @default 4 */
  readonly concurrency?: number
  readonly log?: (message: string, data?: Record<string, unknown>) => void
}

/**
 * Delivers what commands wrote to the outbox (webhooks, email, translation
 * jobs) with the same claim-with-lease as the deadline runner: one statement
 * picks due rows `FOR UPDATE SKIP LOCKED` and pushes `claimed_until` into the
 * future, so processes sharing a database take disjoint rows and a crashed
 * process's rows come back after the lease. Delivery is at-least-once;
 * receivers deduplicate (webhooks on `webhook-id`, translations in the decider).
 *
 * Due-ness (`available_at`) uses the application clock, so backoff follows the
 * sandbox clock and tests' fixed clocks; leases use the real clock. Only the
 * topics given here are claimed: rows of topics another part of the app
 * handles are left alone.
 */
export class OutboxRunner {
  private readonly leaseMs: number
  private readonly batchSize: number
  private readonly concurrency: number
  private readonly topicNames: string[]

  constructor(
    private readonly database: Database,
    private readonly topics: Readonly<Record<string, OutboxTopic>>,
    private readonly options: OutboxRunnerOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 60_000
    this.batchSize = options.batchSize ?? 100
    this.concurrency = options.concurrency ?? 4
    this.topicNames = Object.keys(topics)
  }

  async claim(now: Instant, limit = this.batchSize): Promise<OutboxMessage[]> {
    const realNow = Date.now()
    const rows = await queryRows<ClaimedRow>(
      this.database.db,
      sql`
      update outbox set claimed_until = ${instant(realNow + this.leaseMs)}, attempts = attempts + 1
      where id in (
        select id from outbox
        where status = 'pending' and ${inArray(outbox.topic, this.topicNames)}
          and available_at <= ${now} and claimed_until < ${instant(realNow)}
        order by available_at, id
        limit ${limit}
        for update skip locked
      )
      returning id, topic, payload, attempts, created_at`,
    )
    return rows.map((r) => {
      const backoff = this.topics[r.topic]?.backoffMs ?? []
      return {
        id: r.id,
        topic: r.topic,
        payload: r.payload,
        attempt: r.attempts,
        retryInMs: backoff[r.attempts - 1] ?? null,
        createdAt: fromDbTime(r.created_at),
      }
    })
  }

  /**
   * Claims and handles everything due at `now`, including rows the handlers
   * queue meanwhile (a reminder's email goes out in the same sweep); returns
   * how many rows were handled. Failed rows wait for their backoff, so the
   * rounds end; the cap only guards against a handler that requeues itself.
   */
  async sweep(now: Instant, maxRounds = 20): Promise<number> {
    let handled = 0
    for (let round = 0; round < maxRounds; round++) {
      const batch = await this.claim(now)
      if (batch.length === 0) return handled
      const queue = [...batch]
      const worker = async (): Promise<void> => {
        for (let m = queue.shift(); m; m = queue.shift()) {
          await this.handle(m, now)
          handled++
        }
      }
      await Promise.all(Array.from({ length: this.concurrency }, worker))
    }
    return handled
  }

  private async handle(message: OutboxMessage, now: Instant): Promise<void> {
    let result: OutboxResult
    try {
      const topic = this.topics[message.topic]
      result = topic
        ? await topic.handle(message, now)
        : { kind: 'dead', error: `no handler for ${message.topic}` }
    } catch (error) {
      result = { kind: 'retry', error: error instanceof Error ? error.message : String(error) }
    }
    if (result.kind === 'retry' && message.retryInMs === null) {
      result = { kind: 'dead', error: result.error }
    }
    if (result.kind !== 'done') {
      this.options.log?.(`outbox ${message.topic} ${result.kind}`, {
        id: message.id,
        attempt: message.attempt,
        error: result.error,
      })
    }
    const id = sql`${message.id}::uuid`
    switch (result.kind) {
      case 'done':
        await this.database.db.execute(
          sql`update outbox set status = 'delivered', claimed_until = '-infinity', last_error = null where id = ${id}`,
        )
        return
      case 'retry':
        await this.database.db.execute(
          sql`update outbox set available_at = ${addMillis(now, message.retryInMs ?? 0)}, claimed_until = '-infinity', last_error = ${result.error.slice(0, 1000)} where id = ${id}`,
        )
        return
      case 'dead':
        await this.database.db.execute(
          sql`update outbox set status = 'dead', claimed_until = '-infinity', last_error = ${result.error.slice(0, 1000)} where id = ${id}`,
        )
        return
    }
  }
}

/** Total time a schedule keeps retrying, for the docs and tests. */
export const scheduleSpanMs = (backoffMs: readonly number[]): number =>
  backoffMs.reduce((a, b) => a + b, 0)
