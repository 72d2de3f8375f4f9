/**
 * Time in Recourse: instants are ISO-8601 UTC strings (`2026-11-23T09:00:00.000Z`),
 * readable in events and APIs and ordered as strings. Durations in the policy
 * are calendar hours, calendar days or business days in the marketplace's time
 * zone with its holidays.
 */
export type Instant = string & { readonly __brand: 'Instant' }

export const instant = (value: string | number | Date): Instant => {
  const ms =
    value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value)
  if (!Number.isFinite(ms)) throw new RangeError(`not a valid instant: ${String(value)}`)
  return new Date(ms).toISOString() as Instant
}

export const toMillis = (t: Instant): number => Date.parse(t)
export const isBefore = (a: Instant, b: Instant): boolean => toMillis(a) < toMillis(b)
export const isAtOrAfter = (a: Instant, b: Instant): boolean => toMillis(a) >= toMillis(b)
export const addMillis = (t: Instant, ms: number): Instant => instant(toMillis(t) + ms)
export const addHours = (t: Instant, hours: number): Instant => addMillis(t, hours * 3_600_000)
export const earliest = (...ts: Instant[]): Instant => ts.reduce((a, b) => (isBefore(b, a) ? b : a))

export type DurationUnit = 'hours' | 'calendar_days' | 'business_days'

/** An amount of time as a marketplace rule states it ("3 business days", "72 hours"). */
export interface Duration {
  readonly amount: number
  readonly unit: DurationUnit
}

export const hours = (amount: number): Duration => ({ amount, unit: 'hours' })
export const days = (amount: number): Duration => ({ amount, unit: 'calendar_days' })
export const businessDays = (amount: number): Duration => ({ amount, unit: 'business_days' })

/** Where business days are counted: the marketplace's time zone, weekend and public holidays. */
export interface BusinessCalendar {
  /** IANA time zone whose local dates decide what "a business day" is. @default 'America/New_York' */
  readonly timeZone: string
  /** Days of the week that are not business days, 0 = Sunday … 6 = Saturday. @default [0, 6] */
  readonly weekend: readonly number[]
  /** Public holidays as local dates `YYYY-MM-DD`; they are skipped like weekends. @default [] */
  readonly holidays: readonly string[]
}

interface LocalParts {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  ms: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()
const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(timeZone, f)
  }
  return f
}

const localParts = (ms: number, timeZone: string): LocalParts => {
  const parts: Record<string, number> = {}
  for (const p of formatterFor(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value)
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
    ms: ((ms % 1000) + 1000) % 1000,
  }
}

/**
 * The UTC instant at which the wall clock in `timeZone` shows `local`. Two
 * passes settle the offset; a wall time skipped by a DST jump resolves to the
 * instant just after the gap, so a deadline never lands before its due time.
 */
const fromLocal = (local: LocalParts, timeZone: string): number => {
  const asUtc = Date.UTC(
    local.year,
    local.month - 1,
    local.day,
    local.hour,
    local.minute,
    local.second,
    local.ms,
  )
  let guess = asUtc
  for (let i = 0; i < 2; i++) {
    const p = localParts(guess, timeZone)
    const shownAsUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.ms)
    guess = guess - (shownAsUtc - asUtc)
  }
  const p = localParts(guess, timeZone)
  const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.ms)
  return shown < asUtc ? guess + (asUtc - shown) : guess
}

const isoDate = (y: number, m: number, d: number): string =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`

/** The local calendar date (`YYYY-MM-DD`) of an instant in a time zone. */
export const localDate = (t: Instant, timeZone: string): string => {
  const p = localParts(toMillis(t), timeZone)
  return isoDate(p.year, p.month, p.day)
}

export const isBusinessDay = (date: string, calendar: BusinessCalendar): boolean => {
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay()
  return !calendar.weekend.includes(weekday) && !calendar.holidays.includes(date)
}

const shiftDate = (date: string, by: number): string => {
  const d = new Date(`${date}T12:00:00Z`)
  d.setUTCDate(d.getUTCDate() + by)
  return d.toISOString().slice(0, 10)
}

/**
 * `t` plus a duration. Business days keep the local time of day and land on
 * the Nth business day after the local date of `t`: Friday 10:00 + 3 business
 * days is Wednesday 10:00; Saturday 10:00 + 1 is Monday 10:00. A negative
 * amount counts back the same way (used for "remind this long before").
 */
export const addDuration = (t: Instant, d: Duration, calendar: BusinessCalendar): Instant => {
  switch (d.unit) {
    case 'hours':
      return addHours(t, d.amount)
    case 'calendar_days': {
      // Calendar days follow the wall clock, so "3 days" stays 3 days across a DST change.
      const p = localParts(toMillis(t), calendar.timeZone)
      const target = new Date(Date.UTC(p.year, p.month - 1, p.day + d.amount))
      return instant(
        fromLocal(
          {
            ...p,
            year: target.getUTCFullYear(),
            month: target.getUTCMonth() + 1,
            day: target.getUTCDate(),
          },
          calendar.timeZone,
        ),
      )
    }
    case 'business_days': {
      const p = localParts(toMillis(t), calendar.timeZone)
      let date = isoDate(p.year, p.month, p.day)
      const step = Math.sign(d.amount)
      for (let i = 0; i < Math.abs(d.amount); i++) {
        date = shiftDate(date, step)
        while (!isBusinessDay(date, calendar)) date = shiftDate(date, step)
      }
      const [y, m, day] = date.split('-').map(Number) as [number, number, number]
      return instant(fromLocal({ ...p, year: y, month: m, day }, calendar.timeZone))
    }
  }
}

/** `t` minus a duration, counted like `addDuration` (business days skip weekends and holidays backwards). */
export const subtractDuration = (t: Instant, d: Duration, calendar: BusinessCalendar): Instant =>
  addDuration(t, { ...d, amount: -d.amount }, calendar)

export const describeDuration = (d: Duration): string => {
  const unit = d.unit === 'hours' ? 'hour' : d.unit === 'calendar_days' ? 'day' : 'business day'
  return `${d.amount} ${unit}${d.amount === 1 ? '' : 's'}`
}
