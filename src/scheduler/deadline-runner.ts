import { sql } from 'drizzle-orm'
import type { Instant } from '../policy/time.ts'
import { instant } from '../policy/time.ts'
import { queryRows, type Database } from '../store/database.ts'
import { fromDbTime } from '../store/event-store.ts'

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
  /**
   * How long a claim lasts unless renewed. A live sweep renews the rows it
   * still holds every half lease, so a killed process's rows come back within
   * one lease — shorter than a process takes to restart. A live process that
   * stalls longer than this may see another fire the same deadline; the
   * decider ignores the second as stale, so effects stay exactly-once.
   * @default 1 s
   */
  readonly leaseMs?: number
  /** Rows claimed at a time. @default 100 */
  readonly batchSize?: number
  /** Commands fired at once within a sweep. @default 8 */
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
    this.leaseMs = options.leaseMs ?? 1_000
    this.batchSize = options.batchSize ?? 100
    this.concurrency = options.concurrency ?? 8
  }

  async claim(now: Instant, limit = this.batchSize): Promise<DueDeadline[]> {
    return (await this.claimLeased(now, limit)).claimed
  }

  private async claimLeased(
    now: Instant,
    limit: number,
  ): Promise<{ claimed: DueDeadline[]; leaseUntil: Instant }> {
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
    const claimed = rows.map((r) => ({
      aggregateId: r.aggregate_id,
      aggregateType: r.aggregate_type,
      kind: r.kind,
      dueAt: fromDbTime(r.due_at),
    }))
    return { claimed, leaseUntil }
  }

  /** Claims and fires everything due at `now`; returns how many deadlines were fired. */
  async sweep(now: Instant): Promise<number> {
    let fired = 0
    for (;;) {
      const { claimed, leaseUntil } = await this.claimLeased(now, this.batchSize)
      if (claimed.length === 0) return fired
      const queue = [...claimed]
      const worker = async (): Promise<void> => {
        for (let d = queue.shift(); d; d = queue.shift()) {
          await this.fire(d)
          fired++
        }
      }
      const renewal = this.keepClaimed(queue, leaseUntil)
      try {
        await Promise.all(Array.from({ length: this.concurrency }, worker))
      } finally {
        await renewal.stop()
      }
      await this.backOffUnconsumed(claimed)
      // Claim again even after a short batch: a fired deadline may have moved its
      // row to another one already due (a reminder, then the deadline it announced),
      // which belongs to this sweep. Rows that failed are backed off, so this ends.
    }
  }

  /**
   * Milliseconds until the next deadline falls due after `now` (by the
   * application clock), or `undefined` when none is pending. The loop sleeps
   * until then rather than a whole sweep interval, so a deadline fires when
   * it is due and not up to one interval later.
   */
  async untilNextDue(now: Instant): Promise<number | undefined> {
    const [row] = await queryRows<{ due_at: string }>(
      this.database.db,
      sql`select due_at from deadlines where due_at > ${now} order by due_at limit 1`,
    )
    return row ? Date.parse(fromDbTime(row.due_at)) - Date.parse(now) : undefined
  }

  /**
   * Renews, every half lease, the claim on the rows still waiting in `queue`.
   * Only rows still carrying this sweep's lease are renewed: one another
   * process took after a stall stays theirs.
   */
  private keepClaimed(
    queue: readonly DueDeadline[],
    leaseUntil: Instant,
  ): { stop(): Promise<void> } {
    let held = leaseUntil
    let renewing: Promise<void> = Promise.resolve()
    const renew = async (): Promise<void> => {
      if (queue.length === 0) return
      const next = instant(Date.now() + this.leaseMs)
      const ids = sql.join(
        queue.map((d) => sql`${d.aggregateId}::uuid`),
        sql`, `,
      )
      await this.database.db.execute(
        sql`update deadlines set claimed_until = ${next}
            where aggregate_id in (${ids}) and claimed_until = ${held}`,
      )
      held = next
    }
    const timer = setInterval(() => {
      renewing = renewing.then(renew).catch((error: unknown) => {
        this.options.log?.('deadline lease renewal failed', {
          error: error instanceof Error ? error.message : String(error),
        })
      })
    }, this.leaseMs / 2)
    return {
      stop: async () => {
        clearInterval(timer)
        await renewing
      },
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
  }

  /**
   * After a batch: each command rewrote or removed its row when it changed
   * the state. A row still holding the exact deadline it was claimed for was
   * not consumed (a failure, or a bug where the decider ignored its own live
   * deadline): back it off so it neither hot-loops nor silently disappears.
   * One statement for the batch, not one per deadline.
   */
  private async backOffUnconsumed(batch: readonly DueDeadline[]): Promise<void> {
    const claimed = sql.join(
      batch.map((d) => sql`(${d.aggregateId}::uuid, ${d.kind}, ${d.dueAt}::timestamptz)`),
      sql`, `,
    )
    await this.database.db.execute(sql`
      update deadlines
      set claimed_until = ${instant(Date.now())}::timestamptz
        + least(interval '1 hour', interval '1 second' * power(2, attempts))
      where (aggregate_id, kind, due_at) in (${claimed})`)
  }
}

/**
 * Runs `tick` every `intervalMs` until stopped; a slow tick delays the next,
 * never overlaps it. A tick may ask to run again sooner by returning the
 * milliseconds it wants to wait.
 */
export const every = (
  intervalMs: number,
  tick: () => Promise<number | undefined | void>,
): { stop(): Promise<void> } => {
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()
  const loop = (): void => {
    if (stopped) return
    running = tick()
      .catch(() => undefined)
      .then((sooner) => {
        const wait =
          typeof sooner === 'number' ? Math.max(0, Math.min(sooner, intervalMs)) : intervalMs
        if (!stopped) timer = setTimeout(loop, wait)
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
