import { addDuration, type Instant } from '../../policy/time.ts'
import type { Policy } from '../../policy/types.ts'

/** What the thread's lock depends on: the order's end and its cases. */
export interface ThreadClosure {
  /** When the order was accepted or cancelled; `null` while it is still under way. */
  readonly orderClosedAt: Instant | null
  readonly cases: readonly { readonly closedAt: Instant | null }[]
}

/**
 * When the business the thread is about ended: the order is accepted or
 * cancelled and every case on it is closed (the latest of those moments).
 * `null` while anything is still open; a case opened later reopens the thread.
 */
export const threadClosedAt = (c: ThreadClosure): Instant | null => {
  if (c.orderClosedAt === null) return null
  let latest = c.orderClosedAt
  for (const k of c.cases) {
    if (k.closedAt === null) return null
    if (k.closedAt > latest) latest = k.closedAt
  }
  return latest
}

/** The thread stops taking posts `policy.messaging.lockAfterClose` after its business ended. */
export const threadLocksAt = (
  closedAt: Instant | null,
  policy: Pick<Policy, 'messaging' | 'calendar'>,
): Instant | null =>
  closedAt === null ? null : addDuration(closedAt, policy.messaging.lockAfterClose, policy.calendar)
