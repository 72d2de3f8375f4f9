import type { Policy } from '../../../policy/types.ts'
import type { Order } from '../../order/state.ts'
import { type CommandMeta, type Decision, type Refused, reject } from '../../shared/decider.ts'
import type { CaseId } from '../../shared/ids.ts'
import type { Minor } from '../../shared/money.ts'
import type { CaseEvent } from '../events.ts'
import type { CaseRejection } from '../rejections.ts'

/**
 * What `decide` needs besides the command. `policy` is the one frozen on the
 * case when it opened (for `OpenCase`: the one in force); after opening, the
 * case's own snapshot in its state governs, so the two cannot disagree.
 */
export interface CaseContext {
  readonly meta: CommandMeta
  readonly policy: Policy
  readonly order: Order
  /** What is still refundable on the order, from the ledger (`order.total` before any refund). */
  readonly refundable: Minor
  /**
   * What an open chargeback holds back from `refundable` (the ledger's
   * `chargebackHeldOf`): a refund reaching into it is refused with
   * `PAYMENT_DISPUTE_OPEN`. Absent: none.
   */
  readonly chargebackHeld?: Minor
  /** Another case already open on the order, if any. */
  readonly openCaseId?: CaseId
}

export type CaseDecision = Decision<CaseEvent, CaseRejection>

export type Events = readonly CaseEvent[]

export const refuse = (r: CaseRejection): Refused<CaseRejection> => reject(r)
