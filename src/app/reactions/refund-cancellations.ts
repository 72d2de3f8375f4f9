import type { CancellationEvent } from '../../domain/cancellation/events.ts'
import type { Cancellation } from '../../domain/cancellation/state.ts'
import { systemActor } from '../../domain/shared/actor.ts'
import type { Reactor } from '../../store/event-store.ts'
import type { LedgerService } from '../ledger/commands.ts'
import type { PolicyBook } from '../policies/commands.ts'

/**
 * An approved cancellation refunds what it made due, once per cancellation
 * (`cancellation:<id>` is the refund's key), under the cancellation's policy.
 */
export const refundCancellations =
  (policies: PolicyBook, ledger: LedgerService): Reactor =>
  async (uow, appended) => {
    if (appended.streamType !== 'cancellation') return null
    const c = appended.state as Cancellation
    for (const event of appended.events as readonly CancellationEvent[]) {
      if (event.type !== 'CancellationApproved' || event.data.refundDue.total === 0) continue
      const due = event.data.refundDue
      const policy = await policies.get(uow.tx, c.policyVersionId)
      const refunded = await ledger.requestRefund(
        uow.as(systemActor),
        event.data.orderId,
        {
          refundKey: `cancellation:${event.data.cancellationId}`,
          amount: due.total,
          currency: due.currency,
          destination: due.destination,
          // A cancelled order's money is still in escrow: it goes back from there.
          funding: 'seller',
          reason: 'cancellation',
        },
        { policy },
      )
      if (!refunded.ok) return refunded.rejection
    }
    return null
  }
