import { type Instant, isBefore } from '../../../policy/time.ts'
import type { Deadline } from '../../shared/decider.ts'
import type { CreditDeadlineKind } from './commands.ts'
import type { CreditAccountState } from './state.ts'

/** The one live deadline: the soonest expiry among grants with credit left. */
export const activeCreditDeadline = (
  state: CreditAccountState,
): Deadline<CreditDeadlineKind> | null => {
  if (state.status === 'none') return null
  let due: Instant | null = null
  for (const lot of state.lots) {
    if (
      lot.remaining > 0 &&
      lot.expiresAt !== null &&
      (due === null || isBefore(lot.expiresAt, due))
    )
      due = lot.expiresAt
  }
  return due === null ? null : { kind: 'credit_expiry', dueAt: due }
}
