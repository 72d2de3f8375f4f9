import type { Instant } from '../../policy/time.ts'
import type { AbuseAppealId, UserId } from '../shared/ids.ts'

/**
 * One abuse signal as it stood on the buyer's record when the appeal was
 * filed. The codes and their numbers are the insights' (`high_return_rate`,
 * `evidence_reused`, …; src/insights/buyers.ts); the domain only keeps them.
 */
export interface AppealedSignal {
  readonly code: string
  /**
   * Its value then: a rate (returns per order) or a count. A signal cleared
   * on appeal stays cleared while the buyer's value is at or below this one.
   */
  readonly value: number
  /** The threshold it had crossed. */
  readonly threshold: number
  /** The sentence the buyer read on the record. */
  readonly text: string
}

/** The rolling window the signals were measured over, in UTC dates. */
export interface SignalWindow {
  readonly from: string
  readonly to: string
  readonly days: number
}

/**
 * What an agent found: `cleared` — the signals were wrong or explained (the
 * buyer drops off the return-abuse list until its numbers get worse than
 * they were); `upheld` — the signals stand.
 */
export type AbuseAppealOutcome = 'cleared' | 'upheld'

/** Who decided an appeal: marketplace staff. */
export interface AppealDecider {
  readonly role: 'agent' | 'admin'
  readonly userId: UserId
}

export type AbuseAppealEvent =
  /**
   * A buyer contested the abuse signals on its record with a statement. The
   * signals raised at that moment (code, value, threshold) are kept with the
   * appeal: an agent decides on those numbers, and a clearing covers them.
   */
  | {
      readonly type: 'AbuseAppealFiled'
      readonly data: {
        readonly appealId: AbuseAppealId
        readonly buyerId: UserId
        readonly statement: string
        readonly signals: readonly AppealedSignal[]
        readonly window: SignalWindow
        readonly at: Instant
      }
    }
  /**
   * An agent (or admin) looked at the linked cases and decided, with the
   * reason the buyer reads. Final: a buyer who disagrees again files a new
   * appeal once its record changes.
   */
  | {
      readonly type: 'AbuseAppealDecided'
      readonly data: {
        readonly appealId: AbuseAppealId
        readonly buyerId: UserId
        readonly outcome: AbuseAppealOutcome
        readonly rationale: string
        readonly by: AppealDecider
        readonly at: Instant
      }
    }

export type AbuseAppealEventType = AbuseAppealEvent['type']

/** The event of a given type, e.g. `AbuseAppealEventOf<'AbuseAppealFiled'>['data']`. */
export type AbuseAppealEventOf<T extends AbuseAppealEventType> = Extract<
  AbuseAppealEvent,
  { readonly type: T }
>
