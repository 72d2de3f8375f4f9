import type { OrderEvent } from '../../domain/order/events.ts'
import type { Order } from '../../domain/order/state.ts'
import { systemActor } from '../../domain/shared/actor.ts'
import type { Reactor } from '../../store/event-store.ts'
import { captureOf, type LedgerService } from '../ledger/commands.ts'

/**
 * An order's money follows its facts on its ledger: `OrderImported` records
 * the capture, `OrderAccepted` releases the seller's payout (refused while a
 * case holds it).
 */
export const postOrderPayments =
  (ledger: LedgerService): Reactor =>
  async (uow, appended) => {
    if (appended.streamType !== 'order') return null
    const state = appended.state as Order
    for (const event of appended.events as readonly OrderEvent[]) {
      if (event.type === 'OrderImported') {
        const captured = await ledger.execute(uow.as(systemActor), state.orderId, captureOf(state))
        if (!captured.ok) return captured.rejection
      }
      if (event.type === 'OrderAccepted') {
        const released = await ledger.execute(uow.as(systemActor), state.orderId, {
          type: 'ReleasePayout',
        })
        if (!released.ok) return released.rejection
      }
    }
    return null
  }
