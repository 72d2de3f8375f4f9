import type { Instant } from '../../policy/time.ts'
import type { ActorKind } from '../shared/actor.ts'
import type { AbuseAppealId } from '../shared/ids.ts'
import type { AbuseAppealOutcome } from './events.ts'
import type { AbuseAppealStatus } from './state.ts'

/** Why the abuse-appeal decider refused a command: a stable code and the data to act on it. */
export type AbuseAppealRejection =
  | { readonly code: 'APPEAL_NOT_FOUND' }
  /** Another appeal already has this id. */
  | { readonly code: 'APPEAL_EXISTS'; readonly appealId: AbuseAppealId }
  | {
      readonly code: 'ACTOR_NOT_ALLOWED'
      readonly actorKind: ActorKind
      readonly allowed: readonly ActorKind[]
    }
  /** The buyer's record raises no signal now (or only ones cleared on an earlier appeal). */
  | { readonly code: 'NO_ABUSE_SIGNALS' }
  /** One open appeal per buyer: this one waits for an agent. */
  | { readonly code: 'APPEAL_ALREADY_OPEN'; readonly appealId: AbuseAppealId }
  | {
      readonly code: 'APPEAL_ALREADY_DECIDED'
      readonly status: Exclude<AbuseAppealStatus, 'none' | 'open'>
      readonly outcome: AbuseAppealOutcome
      readonly decidedAt: Instant
    }
  | { readonly code: 'STATEMENT_REQUIRED' }
  | { readonly code: 'STATEMENT_TOO_LONG'; readonly maxLength: number; readonly length: number }
  | { readonly code: 'RATIONALE_REQUIRED' }
  | { readonly code: 'RATIONALE_TOO_LONG'; readonly maxLength: number; readonly length: number }

export type AbuseAppealRejectionCode = AbuseAppealRejection['code']

/** One sentence a buyer or agent can act on. Tests assert on codes, not on these. */
export const explainAbuseAppealRejection = (r: AbuseAppealRejection): string => {
  switch (r.code) {
    case 'APPEAL_NOT_FOUND':
      return 'There is no such appeal.'
    case 'APPEAL_EXISTS':
      return `Appeal ${r.appealId} already exists.`
    case 'ACTOR_NOT_ALLOWED':
      return `A ${r.actorKind} may not do this; only: ${r.allowed.join(', ')}.`
    case 'NO_ABUSE_SIGNALS':
      return 'Your record raises no signal right now, so there is nothing to appeal.'
    case 'APPEAL_ALREADY_OPEN':
      return `Appeal ${r.appealId} is still open; an agent will decide it before another can be filed.`
    case 'APPEAL_ALREADY_DECIDED':
      return `This appeal was already decided (${r.outcome}) at ${r.decidedAt}.`
    case 'STATEMENT_REQUIRED':
      return 'Say why you think the signals are wrong.'
    case 'STATEMENT_TOO_LONG':
      return `The statement has ${r.length} characters; at most ${r.maxLength} are taken.`
    case 'RATIONALE_REQUIRED':
      return 'Say why the appeal is cleared or upheld; the buyer reads it.'
    case 'RATIONALE_TOO_LONG':
      return `The rationale has ${r.length} characters; at most ${r.maxLength} are taken.`
  }
}
