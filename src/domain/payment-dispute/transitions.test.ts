import { describe, expect, it } from 'vitest'
import { transitionProblems } from '../shared/transitions-check.ts'
import {
  paymentDisputeInitialStatuses,
  paymentDisputeTerminalStatuses,
  paymentDisputeTransitions,
} from './transitions.ts'

describe('payment dispute status transitions', () => {
  it('reach every status from none, declare every target, and give terminals no exits', () => {
    expect(
      transitionProblems(paymentDisputeTransitions, {
        initial: paymentDisputeInitialStatuses,
        terminal: paymentDisputeTerminalStatuses,
      }),
    ).toEqual([])
  })
})
