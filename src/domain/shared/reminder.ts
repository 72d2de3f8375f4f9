import { instant, toMillis, type Instant } from '../../policy/time.ts'

const HOUR = 3_600_000

/**
 * When a person is reminded of a deadline that started running at `from` and
 * passes at `dueAt`: 24 hours before it, or halfway through when the whole
 * window is shorter than two days. A window of an hour or less gets no
 * reminder (`null`): the first notice is still fresh.
 */
export const reminderAt = (from: Instant, dueAt: Instant): Instant | null => {
  const window = toMillis(dueAt) - toMillis(from)
  if (window <= HOUR) return null
  return instant(Math.max(toMillis(dueAt) - 24 * HOUR, toMillis(from) + window / 2))
}
