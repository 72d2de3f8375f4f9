import { eq } from 'drizzle-orm'
import type { Queryable } from '../store/database.ts'
import { settings } from '../store/schema.ts'
import type { Instant } from '../policy/time.ts'
import { instant, toMillis } from '../policy/time.ts'

/** Where "now" comes from. Every command reads it once and passes it to the decider. */
export interface Clock {
  readonly sandbox: boolean
  now(): Promise<Instant>
}

export const systemClock: Clock = {
  sandbox: false,
  now: async () => instant(Date.now()),
}

/** A clock that always says the same time (tests). */
export const fixedClock = (at: Instant): Clock & { set(at: Instant): void } => {
  let current = at
  return {
    sandbox: false,
    now: async () => current,
    set(next) {
      current = next
    },
  }
}

interface SandboxClockSetting {
  /** Milliseconds added to the real time. The sandbox clock only moves forward. */
  readonly offsetMs: number
}

const SANDBOX_KEY = 'sandbox_clock'

/**
 * Like Stripe's test clocks: with `RECOURSE_SANDBOX=1` an admin moves time
 * forward and due deadlines fire at once. The offset is stored in the
 * database, so every process sharing it agrees on the time.
 */
export class SandboxClock implements Clock {
  readonly sandbox = true
  private cached: { offsetMs: number; readAt: number } | null = null

  constructor(private readonly db: Queryable) {}

  private async offset(): Promise<number> {
    const real = Date.now()
    // A short cache keeps one extra query off every command; another process's
    // advance becomes visible here within this many milliseconds.
    if (this.cached && real - this.cached.readAt < 200) return this.cached.offsetMs
    const rows = await this.db.select().from(settings).where(eq(settings.key, SANDBOX_KEY))
    const offsetMs = (rows[0]?.value as SandboxClockSetting | undefined)?.offsetMs ?? 0
    this.cached = { offsetMs, readAt: real }
    return offsetMs
  }

  async now(): Promise<Instant> {
    return instant(Date.now() + (await this.offset()))
  }

  /** Moves the clock forward to `to`; never backwards, since deadlines may already have fired. */
  async advanceTo(
    to: Instant,
  ): Promise<
    { now: Instant; advancedByMs: number } | { refused: 'CLOCK_CANNOT_GO_BACK'; now: Instant }
  > {
    const current = await this.now()
    const by = toMillis(to) - toMillis(current)
    if (by < 0) return { refused: 'CLOCK_CANNOT_GO_BACK', now: current }
    const offsetMs = (await this.offset()) + by
    await this.db
      .insert(settings)
      .values({ key: SANDBOX_KEY, value: { offsetMs } satisfies SandboxClockSetting })
      .onConflictDoUpdate({ target: settings.key, set: { value: { offsetMs } } })
    this.cached = { offsetMs, readAt: Date.now() }
    return { now: to, advancedByMs: by }
  }
}
