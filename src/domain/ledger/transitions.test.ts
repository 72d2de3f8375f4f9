import { describe, expect, it } from 'vitest'
import { transitionProblems } from '../shared/transitions-check.ts'
import {
  ledgerInitialStatuses,
  ledgerTerminalStatuses,
  ledgerTransitions,
  refundInitialStatuses,
  refundTerminalStatuses,
  refundTransitions,
} from './transitions.ts'

describe('ledger status transitions', () => {
  it('take the payout from none to held to released, with no way back', () => {
    expect(
      transitionProblems(ledgerTransitions, {
        initial: ledgerInitialStatuses,
        terminal: ledgerTerminalStatuses,
      }),
    ).toEqual([])
  })

  it('reach every refund status, declare every target, and give terminals no exits', () => {
    expect(
      transitionProblems(refundTransitions, {
        initial: refundInitialStatuses,
        terminal: refundTerminalStatuses,
      }),
    ).toEqual([])
  })
})
