import { describe, expect, it } from 'vitest'
import { transitionProblems } from '../shared/transitions-check.ts'
import {
  abuseAppealInitialStatuses,
  abuseAppealTerminalStatuses,
  abuseAppealTransitions,
} from './transitions.ts'

describe('abuse appeal status transitions', () => {
  it('reach every status from none, declare every target, and give terminals no exits', () => {
    expect(
      transitionProblems(abuseAppealTransitions, {
        initial: abuseAppealInitialStatuses,
        terminal: abuseAppealTerminalStatuses,
      }),
    ).toEqual([])
  })
})
