import { describe, expect, it } from 'vitest'
import { transitionProblems } from '../shared/transitions-check.ts'
import {
  conversationInitialStatuses,
  conversationTerminalStatuses,
  conversationTransitions,
} from './transitions.ts'

describe('conversation status transitions', () => {
  it('reach every status from none, declare every target, and give terminals no exits', () => {
    expect(
      transitionProblems(conversationTransitions, {
        initial: conversationInitialStatuses,
        terminal: conversationTerminalStatuses,
      }),
    ).toEqual([])
  })
})
