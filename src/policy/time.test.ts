import { describe, expect, it } from 'vitest'
import {
  addDuration,
  businessDays,
  days,
  describeDuration,
  hours,
  instant,
  isBusinessDay,
  localDate,
  subtractDuration,
  type BusinessCalendar,
} from './time.ts'

const newYork: BusinessCalendar = { timeZone: 'America/New_York', weekend: [0, 6], holidays: [] }
const at = (iso: string) => instant(iso)

describe('business days', () => {
  it('Friday 10:00 + 3 business days is Wednesday 10:00 (New York)', () => {
    // 2026-11-20 is a Friday; 10:00 EST is 15:00 UTC.
    expect(addDuration(at('2026-11-20T15:00:00Z'), businessDays(3), newYork)).toBe(
      '2026-11-25T15:00:00.000Z',
    )
  })

  it('skips holidays like weekends', () => {
    const thanksgiving = { ...newYork, holidays: ['2026-11-26', '2026-11-27'] }
    // Wednesday + 1 business day over Thanksgiving and the Friday after is the next Monday.
    expect(addDuration(at('2026-11-25T15:00:00Z'), businessDays(1), thanksgiving)).toBe(
      '2026-11-30T15:00:00.000Z',
    )
    expect(isBusinessDay('2026-11-26', thanksgiving)).toBe(false)
  })

  it('Saturday 10:00 + 1 business day is Monday 10:00', () => {
    expect(addDuration(at('2026-11-21T15:00:00Z'), businessDays(1), newYork)).toBe(
      '2026-11-23T15:00:00.000Z',
    )
  })

  it('counts local dates, not UTC ones: Friday 21:00 in New York is already Saturday in UTC', () => {
    // Friday 2026-11-20 21:00 EST = Saturday 02:00 UTC; + 1 business day is Monday 21:00 EST.
    expect(addDuration(at('2026-11-21T02:00:00Z'), businessDays(1), newYork)).toBe(
      '2026-11-24T02:00:00.000Z',
    )
  })

  it('keeps the wall-clock time across a DST change', () => {
    // Friday 2026-10-30 10:00 EDT (14:00 UTC) + 1 business day: Monday 2026-11-02 10:00 EST (15:00 UTC).
    expect(addDuration(at('2026-10-30T14:00:00Z'), businessDays(1), newYork)).toBe(
      '2026-11-02T15:00:00.000Z',
    )
  })

  it('counts back with a negative amount: Monday − 1 business day is Friday', () => {
    expect(subtractDuration(at('2026-11-23T15:00:00Z'), businessDays(1), newYork)).toBe(
      '2026-11-20T15:00:00.000Z',
    )
    expect(addDuration(at('2026-11-23T15:00:00Z'), businessDays(-2), newYork)).toBe(
      '2026-11-19T15:00:00.000Z',
    )
  })

  it('uses the calendar given (a Friday–Saturday weekend)', () => {
    const gulf = { timeZone: 'Asia/Dubai', weekend: [5, 6], holidays: [] }
    // Thursday 2026-11-19 10:00 Dubai (06:00 UTC) + 1 business day is Sunday 10:00.
    expect(addDuration(at('2026-11-19T06:00:00Z'), businessDays(1), gulf)).toBe(
      '2026-11-22T06:00:00.000Z',
    )
  })
})

describe('calendar days', () => {
  it('keep the wall-clock time when DST ends (a 25-hour day)', () => {
    // 2026-10-31 10:00 EDT (14:00 UTC) + 3 days = 2026-11-03 10:00 EST (15:00 UTC).
    expect(addDuration(at('2026-10-31T14:00:00Z'), days(3), newYork)).toBe(
      '2026-11-03T15:00:00.000Z',
    )
  })

  it('keep the wall-clock time when DST starts (a 23-hour day)', () => {
    // 2026-03-07 10:00 EST (15:00 UTC) + 1 day = 2026-03-08 10:00 EDT (14:00 UTC).
    expect(addDuration(at('2026-03-07T15:00:00Z'), days(1), newYork)).toBe(
      '2026-03-08T14:00:00.000Z',
    )
  })

  it('land after the gap when the wall time does not exist', () => {
    // 02:30 on 2026-03-08 does not exist in New York; the deadline moves to 03:30 EDT (07:30 UTC), never earlier.
    expect(addDuration(at('2026-03-07T07:30:00Z'), days(1), newYork)).toBe(
      '2026-03-08T07:30:00.000Z',
    )
  })

  it('cross a month end', () => {
    expect(addDuration(at('2026-11-28T15:00:00Z'), days(7), newYork)).toBe(
      '2026-12-05T15:00:00.000Z',
    )
  })
})

describe('hours', () => {
  it('are exact, DST or not', () => {
    // 24 hours from 2026-11-01 00:00 EDT is 23:00 EST the same day: elapsed time, not wall time.
    expect(addDuration(at('2026-11-01T04:00:00Z'), hours(24), newYork)).toBe(
      '2026-11-02T04:00:00.000Z',
    )
    expect(addDuration(at('2026-11-23T14:03:00Z'), hours(1.5), newYork)).toBe(
      '2026-11-23T15:33:00.000Z',
    )
  })

  it('subtract exactly', () => {
    expect(subtractDuration(at('2026-11-26T14:00:00Z'), hours(24), newYork)).toBe(
      '2026-11-25T14:00:00.000Z',
    )
  })
})

describe('instants', () => {
  it('are normalised ISO strings in UTC', () => {
    expect(instant('2026-11-23T09:00:00-05:00')).toBe('2026-11-23T14:00:00.000Z')
    expect(() => instant('next Tuesday')).toThrow(RangeError)
  })

  it('have a local date in a time zone', () => {
    expect(localDate(at('2026-11-21T02:00:00Z'), 'America/New_York')).toBe('2026-11-20')
  })

  it('describe durations as a rule states them', () => {
    expect(describeDuration(businessDays(3))).toBe('3 business days')
    expect(describeDuration(hours(1))).toBe('1 hour')
    expect(describeDuration(days(7))).toBe('7 days')
  })
})
