import { describe, expect, it } from 'vitest'
import { weightedPicker } from './weighted-pick.ts'

/** A source that returns these draws in turn. */
const draws = (...xs: number[]) => {
  let i = 0
  return { float: () => xs[i++ % xs.length] ?? 0 }
}

describe('weightedPicker', () => {
  const pick = weightedPicker(
    [
      { name: 'a', weight: 3 },
      { name: 'b', weight: 1 },
      { name: 'c', weight: 0 },
      { name: 'd', weight: 4 },
    ],
    (x) => x.weight,
  )

  it('gives each item the share of [0, 1) its weight is of the total', () => {
    // Total 8: a covers [0, 3/8), b [3/8, 4/8), c nothing, d [4/8, 1).
    const source = draws(0, 0.374, 0.375, 0.499, 0.5, 0.999)
    expect(Array.from({ length: 6 }, () => pick(source).name)).toEqual([
      'a',
      'a',
      'b',
      'b',
      'd',
      'd',
    ])
  })

  it('never picks an item of weight zero', () => {
    const source = draws(...Array.from({ length: 100 }, (_, i) => i / 100))
    const names = new Set(Array.from({ length: 100 }, () => pick(source).name))
    expect([...names].sort()).toEqual(['a', 'b', 'd'])
  })

  it('refuses to pick from an empty list', () => {
    expect(() => weightedPicker<string>([], () => 1)(draws(0.5))).toThrow(RangeError)
  })
})
