import type { Actor } from '../shared/actor.ts'
import type { AbuseAppealId } from '../shared/ids.ts'
import type { AbuseAppealState } from './state.ts'

export type AbuseAppealActionName = 'clear' | 'uphold'

/** A button the caller may press now on an appeal. */
export interface AbuseAppealAction {
  readonly action: AbuseAppealActionName
}

/** What `actor` may do on this appeal now, as the decider would allow it: staff decide an open one. */
export const availableAbuseAppealActions = (
  state: AbuseAppealState,
  actor: Actor,
): AbuseAppealAction[] => {
  if (state.status !== 'open') return []
  return actor.kind === 'agent' || actor.kind === 'admin'
    ? [{ action: 'clear' }, { action: 'uphold' }]
    : []
}

/**
 * Whether `actor` may appeal the signals on `buyerId`'s record now, as
 * `FileAbuseAppeal` would allow it: the buyer itself, with a signal raised
 * and no appeal open.
 */
export const canFileAbuseAppeal = (
  actor: Actor,
  buyerId: string,
  raisedSignals: number,
  openAppealId: AbuseAppealId | null,
): boolean =>
  actor.kind === 'buyer' && actor.id === buyerId && raisedSignals > 0 && openAppealId === null
