import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { defaultPolicy, presets } from '../../policy/presets.ts'
import { asId, type OrderLineId } from '../shared/ids.ts'
import { minor } from '../shared/money.ts'
import { allocateOverLines, fundingFor, type LineValue } from './funding.ts'

const line = (id: string, amount: number): LineValue => ({
  lineId: asId<OrderLineId>(id),
  amount: minor(amount),
})

describe('who funds a refund', () => {
  it('follows policy.refunds.fundingByFault', () => {
    expect(fundingFor('seller', defaultPolicy)).toBe('seller')
    expect(fundingFor('carrier', defaultPolicy)).toBe('carrier')
    expect(fundingFor('none', presets.poshmark)).toBe('marketplace')
    expect(fundingFor('force_majeure', presets.ebay)).toBe('marketplace')
  })
})

describe('allocating a partial refund over the claimed lines', () => {
  it('splits in proportion to value, the leftover cent to the largest remainder', () => {
    expect(allocateOverLines(minor(1000), [line('a', 2000), line('b', 1000)])).toEqual([
      line('a', 667),
      line('b', 333),
    ])
  })

  it('gives a tie to the earlier line', () => {
    expect(allocateOverLines(minor(1), [line('a', 500), line('b', 500)])).toEqual([
      line('a', 1),
      line('b', 0),
    ])
  })

  it('returns each line in full for a full refund, and zeros for nothing', () => {
    const lines = [line('a', 1234), line('b', 1), line('c', 0)]
    expect(allocateOverLines(minor(1235), lines)).toEqual(lines)
    expect(allocateOverLines(minor(0), lines).map((l) => l.amount)).toEqual([0, 0, 0])
  })

  it('throws when asked for more than the lines are worth (a caller bug)', () => {
    expect(() => allocateOverLines(minor(3), [line('a', 2)])).toThrow(RangeError)
    expect(() => allocateOverLines(minor(-1), [line('a', 2)])).toThrow(RangeError)
  })

  it('always sums to the amount, never gives a line more than its value or less than zero', () => {
    const linesArb = fc.array(fc.integer({ min: 0, max: 10_000_000 }), {
      minLength: 1,
      maxLength: 8,
    })
    fc.assert(
      fc.property(linesArb, fc.double({ min: 0, max: 1, noNaN: true }), (values, share) => {
        const lines = values.map((v, i) => line(`line-${i}`, v))
        const total = values.reduce((a, b) => a + b, 0)
        const amount = Math.floor(total * share)
        const parts = allocateOverLines(minor(amount), lines)
        expect(parts.reduce((s, p) => s + p.amount, 0)).toBe(amount)
        parts.forEach((p, i) => {
          expect(p.lineId).toBe(lines[i]?.lineId)
          expect(Number.isSafeInteger(p.amount)).toBe(true)
          expect(p.amount).toBeGreaterThanOrEqual(0)
          expect(p.amount).toBeLessThanOrEqual(values[i] ?? 0)
        })
      }),
      { numRuns: 500 },
    )
  })

  it('stays exact with amounts near the largest safe integer', () => {
    const big = Number.MAX_SAFE_INTEGER - 1
    const parts = allocateOverLines(minor(big - 7), [line('a', big / 2), line('b', big / 2)])
    expect(parts[0]!.amount + parts[1]!.amount).toBe(big - 7)
  })
})
