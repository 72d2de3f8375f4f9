import { describe, expect, it } from 'vitest'
import { transitionProblems } from '../shared/transitions-check.ts'
import {
  cancellationInitialStatuses,
  cancellationTerminalStatuses,
  cancellationTransitions,
} from './transitions.ts'

describe('cancellation status transitions', () => {
  it('reach every status from none, declare every target, and give terminals no exits', () => {
    expect(
      transitionProblems(cancellationTransitions, {
        initial: cancellationInitialStatuses,
        terminal: cancellationTerminalStatuses,
      }),
    ).toEqual([])
  })
})
