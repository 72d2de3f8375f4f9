import { describe, expect, it } from 'vitest'
import { transitionProblems } from '../shared/transitions-check.ts'
import {
  swapInitialStatuses,
  swapLegInitialStatuses,
  swapLegTerminalStatuses,
  swapLegTransitions,
  swapTerminalStatuses,
  swapTransitions,
} from './transitions.ts'

describe('swap status transitions', () => {
  it('reach every status from none, declare every target, and give terminals no exits', () => {
    expect(
      transitionProblems(swapTransitions, {
        initial: swapInitialStatuses,
        terminal: swapTerminalStatuses,
      }),
    ).toEqual([])
  })

  it('move each parcel from its label to delivered', () => {
    expect(
      transitionProblems(swapLegTransitions, {
        initial: swapLegInitialStatuses,
        terminal: swapLegTerminalStatuses,
      }),
    ).toEqual([])
  })
})
