import { eq } from 'drizzle-orm'
import {
  afterFailure,
  lockedUntil,
  type ThrottleLimits,
  type ThrottleState,
} from '../../domain/staff/throttle.ts'
import { instant, toMillis, type Instant } from '../../policy/time.ts'
import type { Database } from '../../store/database.ts'
import { signInThrottle } from '../../store/schema-staff.ts'

const stateOf = (row: typeof signInThrottle.$inferSelect | undefined): ThrottleState | null =>
  row
    ? {
        failures: row.failures,
        windowStartedAt: toMillis(row.windowStartedAt as Instant),
        lockedUntil: row.lockedUntil ? toMillis(row.lockedUntil as Instant) : null,
      }
    : null

/**
 * The failed-sign-in counters in the database, so that every process, and a
 * restarted one, counts the same failures (`src/domain/staff/throttle.ts`).
 */
export class SignInThrottle {
  constructor(private readonly database: Database) {}

  /** The latest instant any of these counters stays locked until, or null. */
  async lockedUntil(keys: readonly string[], now: Instant): Promise<Instant | null> {
    let latest: number | null = null
    for (const key of keys) {
      const [row] = await this.database.db
        .select()
        .from(signInThrottle)
        .where(eq(signInThrottle.key, key))
      const until = lockedUntil(stateOf(row), toMillis(now))
      if (until !== null && (latest === null || until > latest)) latest = until
    }
    return latest === null ? null : instant(latest)
  }

  /** Counts one failure against each key; the row is locked while it is read and written. */
  async fail(keys: ReadonlyArray<readonly [string, ThrottleLimits]>, now: Instant): Promise<void> {
    await this.database.db.transaction(async (tx) => {
      for (const [key, limits] of keys) {
        await tx
          .insert(signInThrottle)
          .values({ key, failures: 0, windowStartedAt: now })
          .onConflictDoNothing()
        const [row] = await tx
          .select()
          .from(signInThrottle)
          .where(eq(signInThrottle.key, key))
          .for('update')
        const next = afterFailure(stateOf(row), toMillis(now), limits)
        await tx
          .update(signInThrottle)
          .set({
            failures: next.failures,
            windowStartedAt: instant(next.windowStartedAt),
            lockedUntil: next.lockedUntil === null ? null : instant(next.lockedUntil),
          })
          .where(eq(signInThrottle.key, key))
      }
    })
  }

  /** A successful sign-in clears the account's counter (never the address's: spraying goes on). */
  async clear(key: string): Promise<void> {
    await this.database.db.delete(signInThrottle).where(eq(signInThrottle.key, key))
  }
}

export const accountKey = (emailKey: string): string => `account:${emailKey}`
export const addressKey = (address: string): string => `address:${address}`
