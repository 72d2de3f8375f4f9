import type { Instant } from '../../policy/time.ts'
import type { AbuseAppealId, UserId } from '../shared/ids.ts'
import type {
  AbuseAppealEvent,
  AbuseAppealOutcome,
  AppealDecider,
  AppealedSignal,
  SignalWindow,
} from './events.ts'

/**
 * Where an appeal stands; the moves are the table in `transitions.ts`.
 *
 * - `open`: filed, waiting in the agents' queue.
 * - `cleared`: an agent cleared the signals it covers.
 * - `upheld`: an agent found the signals right; they stay on the record.
 */
export type AbuseAppealStatus = 'none' | 'open' | AbuseAppealOutcome

export interface AbuseAppealVerdict {
  readonly outcome: AbuseAppealOutcome
  readonly rationale: string
  readonly by: AppealDecider
  readonly at: Instant
}

export interface AbuseAppeal {
  readonly status: Exclude<AbuseAppealStatus, 'none'>
  readonly appealId: AbuseAppealId
  readonly buyerId: UserId
  readonly statement: string
  /** The signals on the record when the appeal was filed: what it covers. */
  readonly signals: readonly AppealedSignal[]
  readonly window: SignalWindow
  readonly filedAt: Instant
  readonly decision: AbuseAppealVerdict | null
}

export type AbuseAppealState = { readonly status: 'none' } | AbuseAppeal

export const initialAbuseAppealState: AbuseAppealState = { status: 'none' }

/** Folds one fact into the appeal. Total: a fact that does not apply to the state leaves it as it is. */
export const evolveAbuseAppeal = (
  state: AbuseAppealState,
  event: AbuseAppealEvent,
): AbuseAppealState => {
  switch (event.type) {
    case 'AbuseAppealFiled': {
      if (state.status !== 'none') return state
      const d = event.data
      return {
        status: 'open',
        appealId: d.appealId,
        buyerId: d.buyerId,
        statement: d.statement,
        signals: d.signals,
        window: d.window,
        filedAt: d.at,
        decision: null,
      }
    }
    case 'AbuseAppealDecided': {
      if (state.status !== 'open') return state
      const { outcome, rationale, by, at } = event.data
      return { ...state, status: outcome, decision: { outcome, rationale, by, at } }
    }
  }
}
