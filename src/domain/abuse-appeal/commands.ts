import type { AbuseAppealId } from '../shared/ids.ts'
import type { AbuseAppealOutcome } from './events.ts'

/**
 * The buyer contests the signals raised on its own record. The signals come
 * in the context (`AbuseAppealContext.record`), measured by the app in the
 * same transaction. Repeating it with the same id does nothing.
 */
export interface FileAbuseAppeal {
  readonly type: 'FileAbuseAppeal'
  readonly appealId: AbuseAppealId
  /** Why the buyer thinks the signals are wrong (`APPEAL_STATEMENT_MAX_LENGTH`). */
  readonly statement: string
}

/** An agent or admin clears or upholds an open appeal, saying why. */
export interface DecideAbuseAppeal {
  readonly type: 'DecideAbuseAppeal'
  readonly outcome: AbuseAppealOutcome
  readonly rationale: string
}

export type AbuseAppealCommand = FileAbuseAppeal | DecideAbuseAppeal

export type AbuseAppealCommandType = AbuseAppealCommand['type']
