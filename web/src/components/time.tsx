import { useNow } from '../lib/clock.tsx'
import { formatDuration, formatFull, formatWhen, HOUR_MS } from '../lib/time.ts'

/** An instant in the viewer's time zone, with the full date on hover. */
export const DateTime = ({ iso }: { iso: string }) => {
  const now = useNow(60_000)
  return (
    <time dateTime={iso} title={formatFull(iso)}>
      {formatWhen(iso, now)}
    </time>
  )
}

export type CountdownUrgency = 'calm' | 'soon' | 'overdue'

export const urgencyOf = (iso: string, nowMs: number, soonMs = 24 * HOUR_MS): CountdownUrgency => {
  const left = Date.parse(iso) - nowMs
  return left < 0 ? 'overdue' : left < soonMs ? 'soon' : 'calm'
}

/**
 * Time left until a deadline ("2 days 4 hours left"), ticking every second in
 * the last hour; past it, how long ago ("overdue by 3 hours"). Runs on the
 * server's clock, so a sandbox that moved ahead counts down correctly.
 */
export const Countdown = ({
  to,
  soonMs,
  pastLabel = 'overdue by',
  futureSuffix = 'left',
}: {
  to: string
  soonMs?: number
  pastLabel?: string
  futureSuffix?: string
}) => {
  const target = Date.parse(to)
  const coarse = useNow(30_000)
  const fine = Math.abs(target - coarse) < HOUR_MS
  const now = useNow(fine ? 1_000 : 30_000)
  const left = target - now
  const urgency = urgencyOf(to, now, soonMs)
  const text =
    left >= 0 ? `${formatDuration(left)} ${futureSuffix}` : `${pastLabel} ${formatDuration(left)}`
  return (
    <span className={`countdown countdown-${urgency}`} title={formatFull(to)}>
      {text}
    </span>
  )
}
