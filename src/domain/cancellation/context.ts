import type { Policy } from '../../policy/types.ts'
import type { CommandMeta, Decision } from '../shared/decider.ts'
import { reject } from '../shared/decider.ts'
import type { CancellationId } from '../shared/ids.ts'
import type { Order } from '../order/state.ts'
import type { CancellationEvent } from './events.ts'
import type { CancellationRejection } from './rejections.ts'

/**
 * What `decide` needs besides the command: time and actor, the policy frozen
 * on the cancellation when it was requested, the order as it is now, and the
 * order's other open cancellation, if any (the app looks it up).
 */
export interface CancellationContext {
  readonly meta: CommandMeta
  readonly policy: Policy
  readonly order: Order
  readonly openCancellationId?: CancellationId
}

export type CancellationDecision = Decision<CancellationEvent, CancellationRejection>

export const refuse = (r: CancellationRejection): CancellationDecision => reject(r)
