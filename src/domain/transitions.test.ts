import { describe, expect, it } from 'vitest'
import {
  abuseAppealInitialStatuses,
  abuseAppealTerminalStatuses,
  abuseAppealTransitions,
} from './abuse-appeal/transitions.ts'
import {
  cancellationInitialStatuses,
  cancellationTerminalStatuses,
  cancellationTransitions,
} from './cancellation/transitions.ts'
import { caseInitialStatuses, caseTerminalStatuses, caseTransitions } from './case/transitions.ts'
import {
  conversationInitialStatuses,
  conversationTerminalStatuses,
  conversationTransitions,
} from './conversation/transitions.ts'
import {
  ledgerInitialStatuses,
  ledgerTerminalStatuses,
  ledgerTransitions,
  refundInitialStatuses,
  refundTerminalStatuses,
  refundTransitions,
} from './ledger/transitions.ts'
import {
  orderInitialStatuses,
  orderTerminalStatuses,
  orderTransitions,
} from './order/transitions.ts'
import {
  returnInitialStatuses,
  returnTerminalStatuses,
  returnTransitions,
} from './return/transitions.ts'
import {
  swapInitialStatuses,
  swapLegInitialStatuses,
  swapLegTerminalStatuses,
  swapLegTransitions,
  swapTerminalStatuses,
  swapTransitions,
} from './swap/transitions.ts'
import type { Transitions } from './shared/decider.ts'
import { transitionProblems } from './shared/transitions-check.ts'

/** One aggregate's status table with the statuses it starts and ends in, checked as a whole. */
const table =
  <S extends string>(transitions: Transitions<S>, initial: readonly S[], terminal: readonly S[]) =>
  (): string[] =>
    transitionProblems(transitions, { initial, terminal })

/** Every status table in the domain; a new aggregate's table is added here. */
const tables: Record<string, () => string[]> = {
  'abuse appeal': table(
    abuseAppealTransitions,
    abuseAppealInitialStatuses,
    abuseAppealTerminalStatuses,
  ),
  cancellation: table(
    cancellationTransitions,
    cancellationInitialStatuses,
    cancellationTerminalStatuses,
  ),
  case: table(caseTransitions, caseInitialStatuses, caseTerminalStatuses),
  conversation: table(
    conversationTransitions,
    conversationInitialStatuses,
    conversationTerminalStatuses,
  ),
  'ledger payout': table(ledgerTransitions, ledgerInitialStatuses, ledgerTerminalStatuses),
  'ledger refund': table(refundTransitions, refundInitialStatuses, refundTerminalStatuses),
  order: table(orderTransitions, orderInitialStatuses, orderTerminalStatuses),
  return: table(returnTransitions, returnInitialStatuses, returnTerminalStatuses),
  swap: table(swapTransitions, swapInitialStatuses, swapTerminalStatuses),
  'swap leg': table(swapLegTransitions, swapLegInitialStatuses, swapLegTerminalStatuses),
}

describe('every status table', () => {
  it.each(Object.entries(tables))(
    '%s: reaches every status from its start, declares every target, and gives terminals no exits',
    (_name, problems) => {
      expect(problems()).toEqual([])
    },
  )
})
