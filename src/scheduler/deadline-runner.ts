import { and, eq, sql } from 'drizzle-orm'
import type { Instant } from '../policy/time.ts'
import { instant } from '../policy/time.ts'
import { queryRows, type Database } from '../store/database.ts'
import { fromDbTime } from '../store/event-store.ts'
import { deadlines } from '../store/schema.ts'

interface ClaimedRow {
  aggregate_id: string
  aggregate_type: string
  kind: string
  due_at: string
}

export interface DueDeadline {
  readonly aggregateId: string
  readonly aggregateType: string
  readonly kind: string
  readonly dueAt: Instant
}

/** Fires one deadline through the ordinary command path (`ExpireDeadline`). */
export type DeadlineDispatcher = (deadline: DueDeadline) => Promise<void>

export interface DeadlineRunnerOptions {
  /** How long a claim lasts before another process may take the row. @default 30 s */
  readonly leaseMs?: number
  /** Rows claimed per sweep. @default 200 */
  readonly batchSize?: number
  /** Commands fired at once within a sweep. @default 4 */
  readonly concurrency?: number
  readonly log?: (message: string, data?: Record<string, unknown>) => void
}

/**
 * Claims due deadlines with a lease and fires them. Due-ness uses the
 * application clock (the sandbox clock in demos); leases use the real clock,
 * so fast-forwarding the sandbox never makes a claim in flight look expired.
 *
 * The claim is one statement: rows are picked `FOR UPDATE SKIP LOCKED` so two
 * processes sweeping at once take disjoint rows, and `claimed_until` moves
 * into the future so a crashed process's rows come back after the lease.
 * Delivery is at-least-once; the decider ignores a deadline that no longer
 * matches the state, so effects are exactly-once.
 */
export class DeadlineRunner {
  private readonly leaseMs: number
  private readonly batchSize: number
  private readonly concurrency: number

  constructor(
    private readonly database: Database,
    private readonly dispatch: DeadlineDispatcher,
    private readonly options: DeadlineRunnerOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 30_000
    this.batchSize = options.batchSize ?? 200
    this.concurrency = options.concurrency ?? 4
  }

  async claim(now: Instant, limit = this.batchSize): Promise<DueDeadline[]> {
    const realNow = Date.now()
    const leaseUntil = instant(realNow + this.leaseMs)
    const rows = await queryRows<ClaimedRow>(
      this.database.db,
      sql`
      update deadlines set claimed_until = ${leaseUntil}, attempts = attempts + 1
      where aggregate_id in (
        select aggregate_id from deadlines
        where due_at <= ${now} and claimed_until < ${instant(realNow)}
        order by due_at
        limit ${limit}
        for update skip locked
      )
      returning aggregate_id, aggregate_type, kind, due_at`,
    )
    return rows.map((r) => ({
      aggregateId: r.aggregate_id,
      aggregateType: r.aggregate_type,
      kind: r.kind,
      dueAt: fromDbTime(r.due_at),
    }))
  }

  /** Claims and fires everything due at `now`; returns how many deadlines were fired. */
  async sweep(now: Instant): Promise<number> {
    let fired = 0
    for (;;) {
      const batch = await this.claim(now)
      if (batch.length === 0) return fired
      const queue = [...batch]
      const worker = async (): Promise<void> => {
        for (let d = queue.shift(); d; d = queue.shift()) {
          await this.fire(d)
          fired++
        }
      }
      await Promise.all(Array.from({ length: this.concurrency }, worker))
      if (batch.length < this.batchSize) return fired
    }
  }

  private async fire(deadline: DueDeadline): Promise<void> {
    try {
      await this.dispatch(deadline)
    } catch (error) {
      this.options.log?.('deadline dispatch failed', {
        ...deadline,
        error: error instanceof Error ? error.message : String(error),
      })
    }
    // The command rewrote or removed the row when it changed the state. A row
    // still holding this exact deadline was not consumed (a failure, or a bug
    // where the decider ignored its own live deadline): back off so it neither
    // hot-loops nor silently disappears.
    await this.database.db
      .update(deadlines)
      .set({
        claimedUntil: sql`${instant(Date.now())}::timestamptz + least(interval '1 hour', interval '1 second' * power(2, ${deadlines.attempts}))`,
      })
      .where(
        and(
          eq(deadlines.aggregateId, deadline.aggregateId),
          eq(deadlines.kind, deadline.kind),
          eq(deadlines.dueAt, deadline.dueAt),
        ),
      )
  }
}

/** Runs `tick` every `intervalMs` until stopped; a slow tick delays the next, never overlaps it. */
export const every = (intervalMs: number, tick: () => Promise<void>): { stop(): Promise<void> } => {
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()
  const loop = (): void => {
    if (stopped) return
    running = tick()
      .catch(() => undefined)
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, intervalMs)
      })
  }
  timer = setTimeout(loop, 0)
  return {
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
    },
  }
}
