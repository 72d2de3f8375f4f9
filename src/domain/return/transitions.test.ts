import { describe, expect, it } from 'vitest'
import { transitionProblems } from '../shared/transitions-check.ts'
import { returnInitialStatuses, returnTerminalStatuses, returnTransitions } from './transitions.ts'

describe('return status transitions', () => {
  it('reach every status from none, declare every target, and give terminals no exits', () => {
    expect(
      transitionProblems(returnTransitions, {
        initial: returnInitialStatuses,
        terminal: returnTerminalStatuses,
      }),
    ).toEqual([])
  })
})
