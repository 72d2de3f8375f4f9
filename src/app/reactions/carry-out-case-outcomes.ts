import type { CaseEvent } from '../../domain/case/events.ts'
import type { Case } from '../../domain/case/state.ts'
import type { RefundReason } from '../../domain/ledger/events.ts'
import { systemActor } from '../../domain/shared/actor.ts'
import type { Rejection } from '../../domain/shared/decider.ts'
import type { Reactor, UnitOfWork } from '../../store/event-store.ts'
import { rejectionOf } from '../command-runner.ts'
import type { LedgerService } from '../ledger/commands.ts'
import type { ReturnService } from '../returns/commands.ts'

/**
 * What a case's outcome makes due happens with it: `RefundDue` refunds the
 * buyer with its key, destination, funding and allocation;
 * `SellerReimbursementDue` reimburses the seller; `ReturnRequired` buys the
 * label and starts the return (its cost on the ledger); an appeal's
 * `FollowUpCancelled` calls a return off while its parcel is not yet
 * inspected. A refund key pays once and a return key starts one return, so
 * meeting a fact twice changes nothing.
 */
export const carryOutCaseOutcomes = (ledger: LedgerService, returns: ReturnService): Reactor => {
  /** An appeal no longer needs the return: called off while the parcel is not yet inspected. */
  const cancelReturn = async (uow: UnitOfWork, returnKey: string): Promise<Rejection | null> => {
    const returnId = await returns.findByKey(uow.tx, returnKey)
    if (returnId === null) return null
    const r = await returns.get(uow.tx, systemActor, returnId, uow.now)
    // Once inspected, the refund is the buyer's: the case never claws money back.
    if (!r || !['label_issued', 'in_transit', 'delivered_to_seller'].includes(r.status)) return null
    return rejectionOf(
      await returns.execute(uow.as(systemActor), returnId, () => ({
        type: 'CancelReturn',
        reason: 'The case’s outcome changed on appeal; the return is no longer needed.',
      })),
    )
  }

  return async (uow, appended) => {
    if (appended.streamType !== 'case') return null
    const c = appended.state as Case
    const system = uow.as(systemActor)
    for (const event of appended.events as readonly CaseEvent[]) {
      let rejection: Rejection | null = null
      if (event.type === 'RefundDue') {
        const d = event.data
        const reason: RefundReason =
          d.cause === 'replacement_failed' ? 'replacement_failed' : 'case'
        rejection = rejectionOf(
          await ledger.requestRefund(
            system,
            d.orderId,
            {
              refundKey: d.refundKey,
              amount: d.amount,
              currency: d.currency,
              destination: d.destination,
              funding: d.funding,
              reason,
              allocation: d.allocation,
            },
            { policy: c.policy },
          ),
        )
      } else if (event.type === 'SellerReimbursementDue') {
        const d = event.data
        rejection = rejectionOf(
          await ledger.execute(
            system,
            d.orderId,
            { type: 'ReimburseSeller', reimbursementKey: d.reimbursementKey, amount: d.amount },
            { policy: c.policy },
          ),
        )
      } else if (event.type === 'ReturnRequired') {
        rejection = rejectionOf(await returns.create(system, event.data))
      } else if (event.type === 'FollowUpCancelled' && event.data.kind === 'return') {
        rejection = await cancelReturn(uow, event.data.key)
      }
      if (rejection) return rejection
    }
    return null
  }
}
