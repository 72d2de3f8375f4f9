import { describe, expect, it } from 'vitest'
import { transitionProblems } from '../shared/transitions-check.ts'
import { orderInitialStatuses, orderTerminalStatuses, orderTransitions } from './transitions.ts'

describe('order status transitions', () => {
  it('reach every status from import, declare every target, and give terminals no exits', () => {
    expect(
      transitionProblems(orderTransitions, {
        initial: orderInitialStatuses,
        terminal: orderTerminalStatuses,
      }),
    ).toEqual([])
  })
})
