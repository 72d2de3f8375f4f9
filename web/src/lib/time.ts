/**
 * Times are instants on the wire (ISO-8601, UTC) and are shown in the viewer's
 * own time zone and locale, as the browser reports them.
 */

export const viewerTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone

const DAY = 86_400_000
const HOUR = 3_600_000
const MINUTE = 60_000

const timeOnly = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' })
const dayThisYear = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  month: 'short',
  day: 'numeric',
})
const dayOtherYear = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  year: 'numeric',
})
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'long' })
const dateOnly = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  month: 'short',
  day: 'numeric',
})
const dateParts = new Intl.DateTimeFormat('en-CA', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

const localDay = (ms: number): string => dateParts.format(ms)

const dayOffset = (ms: number, nowMs: number): number => {
  const a = Date.parse(`${localDay(ms)}T00:00:00Z`)
  const b = Date.parse(`${localDay(nowMs)}T00:00:00Z`)
  return Math.round((a - b) / DAY)
}

/**
 * "today at 2:03 PM", "tomorrow at 9:00 AM", "Mon, Nov 23 at 2:03 PM",
 * "Nov 23, 2025 at 2:03 PM" — in the viewer's time zone.
 */
export const formatWhen = (iso: string, nowMs: number): string => {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) return iso
  const offset = dayOffset(ms, nowMs)
  const time = timeOnly.format(ms)
  if (offset === 0) return `today at ${time}`
  if (offset === -1) return `yesterday at ${time}`
  if (offset === 1) return `tomorrow at ${time}`
  const sameYear = new Date(ms).getFullYear() === new Date(nowMs).getFullYear()
  return `${(sameYear ? dayThisYear : dayOtherYear).format(ms)} at ${time}`
}

/** Like formatWhen, but as part of a sentence: "at 2:03 PM today" reads better after "closed". */
export const formatAt = (iso: string, nowMs: number): string => {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) return iso
  const offset = dayOffset(ms, nowMs)
  const time = timeOnly.format(ms)
  if (offset === 0) return `at ${time} today`
  if (offset === -1) return `at ${time} yesterday`
  if (offset === 1) return `at ${time} tomorrow`
  return `on ${formatWhen(iso, nowMs)}`
}

export const formatDay = (iso: string): string => dateOnly.format(Date.parse(iso))

const dayAndTime = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
})

/** "Mon, Nov 23, 6:39 AM": absolute, for a clock that may run ahead of the real day. */
export const formatDayTime = (ms: number): string => dayAndTime.format(ms)

/** The full, unambiguous time, for tooltips. */
export const formatFull = (iso: string): string => full.format(Date.parse(iso))

/** "2 days 4 hours", "42 minutes", "35 seconds": the two largest units. */
export const formatDuration = (ms: number): string => {
  const abs = Math.abs(ms)
  const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`
  if (abs < MINUTE) return plural(Math.max(1, Math.floor(abs / 1000)), 'second')
  if (abs < HOUR) return plural(Math.floor(abs / MINUTE), 'minute')
  if (abs < DAY) {
    const h = Math.floor(abs / HOUR)
    const m = Math.floor((abs % HOUR) / MINUTE)
    return m === 0 ? plural(h, 'hour') : `${plural(h, 'hour')} ${plural(m, 'minute')}`
  }
  const d = Math.floor(abs / DAY)
  const h = Math.floor((abs % DAY) / HOUR)
  return h === 0 ? plural(d, 'day') : `${plural(d, 'day')} ${plural(h, 'hour')}`
}

/** "in 2 hours 5 minutes" or "3 days ago". */
export const formatRelative = (iso: string, nowMs: number): string => {
  const diff = Date.parse(iso) - nowMs
  return diff >= 0 ? `in ${formatDuration(diff)}` : `${formatDuration(diff)} ago`
}

/** ISO-8601 durations the sandbox clock accepts: P3D, PT2H, P1DT12H, PT90M. */
export const parseIsoDuration = (text: string): number | null => {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text.trim().toUpperCase())
  if (!m || text.trim() === 'P' || text.trim().toUpperCase().endsWith('T')) return null
  const [, d = '0', h = '0', min = '0', s = '0'] = m
  return ((Number(d) * 24 + Number(h)) * 60 + Number(min)) * 60_000 + Number(s) * 1000
}

export const HOUR_MS = HOUR
export const DAY_MS = DAY
