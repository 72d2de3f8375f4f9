/**
 * Sign-in throttling: failed attempts are counted per account (its e-mail
 * key) and per address (the client's IP), each in a row the database keeps,
 * so every process and a restart see the same count. Locks are temporary: a
 * permanent lock would let anyone who knows an admin's address keep them out.
 */
export interface ThrottleLimits {
  /** Failures allowed inside `windowSeconds` before a lock. */
  readonly failures: number
  readonly windowSeconds: number
  /** The first lock; each further failure while over the limit doubles it. */
  readonly lockSeconds: number
  readonly maxLockSeconds: number
}

export const throttleLimits = {
  /**
   * Per account: 5 wrong passwords in 15 minutes lock the account's password
   * sign-in for 1 minute, doubling with each further failure up to 15 minutes
   * (OWASP Authentication Cheat Sheet: throttle, do not lock for good).
   */
  account: { failures: 5, windowSeconds: 15 * 60, lockSeconds: 60, maxLockSeconds: 15 * 60 },
  /**
   * Per address: 20 failures in 15 minutes (across accounts: password
   * spraying) lock that address out of sign-in for 5 minutes, doubling up to an hour.
   */
  address: { failures: 20, windowSeconds: 15 * 60, lockSeconds: 5 * 60, maxLockSeconds: 60 * 60 },
} as const satisfies Record<string, ThrottleLimits>

/** One counter as stored; times in epoch milliseconds. */
export interface ThrottleState {
  readonly failures: number
  readonly windowStartedAt: number
  readonly lockedUntil: number | null
}

/** When a locked counter opens again, or null when attempts are allowed now. */
export const lockedUntil = (state: ThrottleState | null, now: number): number | null =>
  state?.lockedUntil != null && state.lockedUntil > now ? state.lockedUntil : null

/** The counter after one more failure at `now`. */
export const afterFailure = (
  state: ThrottleState | null,
  now: number,
  limits: ThrottleLimits,
): ThrottleState => {
  const fresh = !state || now - state.windowStartedAt >= limits.windowSeconds * 1000
  const failures = fresh ? 1 : state.failures + 1
  const windowStartedAt = fresh ? now : state.windowStartedAt
  const over = failures - limits.failures
  if (over <= 0) return { failures, windowStartedAt, lockedUntil: null }
  const seconds = Math.min(limits.lockSeconds * 2 ** (over - 1), limits.maxLockSeconds)
  return { failures, windowStartedAt, lockedUntil: now + seconds * 1000 }
}
