import { describe, expect, it } from 'vitest'
import type { Transitions } from './decider.ts'
import { isLegalMove, reachableStatuses, transitionProblems } from './transitions-check.ts'

type S = 'a' | 'b' | 'c' | 'd'

describe('the transition table checker', () => {
  const sound: Transitions<S> = { a: ['b', 'c'], b: ['d'], c: [], d: [] }
  const spec = { initial: ['a'], terminal: ['c', 'd'] } as const

  it('finds nothing wrong with a sound table', () => {
    expect(transitionProblems(sound, spec)).toEqual([])
  })

  it('finds an unreachable status', () => {
    expect(transitionProblems({ ...sound, a: ['c'] }, spec)).toEqual([
      "'b' is not reachable from a",
      "'d' is not reachable from a",
    ])
  })

  it('finds a terminal status with exits and a dead end that is not terminal', () => {
    expect(transitionProblems({ ...sound, b: [], c: ['d'] }, spec)).toEqual([
      "'b' is a dead end but not declared terminal",
      "'c' is terminal but has exits",
    ])
  })

  it('finds a self-move', () => {
    expect(transitionProblems({ ...sound, b: ['b', 'd'] }, spec)).toEqual([
      "'b' → 'b': staying put is not a move",
    ])
  })

  it('finds an undeclared target (a table built outside the type checker)', () => {
    const loose: Record<string, readonly string[]> = { a: ['b', 'x'], b: [] }
    expect(transitionProblems<string>(loose, { initial: ['a'], terminal: ['b'] })).toEqual([
      "'a' → 'x': target is not a declared status",
    ])
  })

  it('knows what is reachable and what is a legal move', () => {
    expect([...reachableStatuses(sound, ['b'])].sort()).toEqual(['b', 'd'])
    expect(isLegalMove(sound, 'a', 'b')).toBe(true)
    expect(isLegalMove(sound, 'b', 'b')).toBe(true)
    expect(isLegalMove(sound, 'b', 'a')).toBe(false)
  })
})
