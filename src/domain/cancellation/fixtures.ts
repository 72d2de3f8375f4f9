/** Builders for cancellation tests, on the order fixtures' fixed clock (Monday 2026-11-23 14:00 UTC). */
import { defaultPolicy } from '../../policy/presets.ts'
import type { Instant } from '../../policy/time.ts'
import type { Policy } from '../../policy/types.ts'
import type { Actor } from '../shared/actor.ts'
import type { ExpireDeadline } from '../shared/decider.ts'
import type { CancellationId } from '../shared/ids.ts'
import {
  anOrder,
  cancellationId,
  metaOf,
  orderFrom,
  orderId,
  policyVersionId,
} from '../order/fixtures.ts'
import type { Order } from '../order/state.ts'
import type { CancelBySeller, RequestCancellation } from './commands.ts'
import type { CancellationContext } from './decide.ts'
import type { CancellationDeadlineKind } from './deadline.ts'
import type { CancellationEvent } from './events.ts'

export const cancellationContext = (
  actor: Actor,
  now: Instant,
  options: { policy?: Policy; order?: Order; openCancellationId?: CancellationId } = {},
): CancellationContext => ({
  meta: metaOf(actor, now),
  policy: options.policy ?? defaultPolicy,
  order: options.order ?? orderFrom(anOrder()),
  ...(options.openCancellationId === undefined
    ? {}
    : { openCancellationId: options.openCancellationId }),
})

export const requestCancellation = (reason: string, note?: string): RequestCancellation => ({
  type: 'RequestCancellation',
  cancellationId,
  reason,
  policyVersionId,
  ...(note === undefined ? {} : { note }),
})

export const cancelBySeller = (reason: string): CancelBySeller => ({
  type: 'CancelBySeller',
  cancellationId,
  reason,
  policyVersionId,
})

export const expireCancellationDeadline = (
  dueAt: Instant,
): ExpireDeadline<CancellationDeadlineKind> => ({
  type: 'ExpireDeadline',
  kind: 'seller_response',
  dueAt,
})

/** A buyer's request waiting for the seller (by default: `order_mistake`, answer due `respondBy`). */
export const cancellationRequested = (
  at: Instant,
  respondBy: Instant,
  overrides: Partial<Extract<CancellationEvent, { type: 'CancellationRequested' }>['data']> = {},
): CancellationEvent => ({
  type: 'CancellationRequested',
  data: {
    cancellationId,
    orderId,
    requestedBy: 'buyer',
    reason: 'order_mistake',
    note: null,
    at,
    mode: 'seller_approval',
    respondBy,
    policyVersionId,
    ...overrides,
  },
})
