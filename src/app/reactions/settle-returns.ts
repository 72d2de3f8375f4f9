import { allocateOverLines } from '../../domain/ledger/funding.ts'
import type { RefundAllocation } from '../../domain/ledger/events.ts'
import type { Order } from '../../domain/order/state.ts'
import type { RefundInstruction, ReturnEvent } from '../../domain/return/events.ts'
import type { Return } from '../../domain/return/state.ts'
import { systemActor } from '../../domain/shared/actor.ts'
import type { Rejection } from '../../domain/shared/decider.ts'
import { minor, type Minor } from '../../domain/shared/money.ts'
import type { Reactor, UnitOfWork } from '../../store/event-store.ts'
import { loadAggregate } from '../../store/event-store.ts'
import { caseAggregate, orderAggregate } from '../aggregates.ts'
import { rejectionOf } from '../command-runner.ts'
import type { CaseService } from '../cases/commands.ts'
import type { LedgerService } from '../ledger/commands.ts'
import type { ReturnService } from '../returns/commands.ts'

/**
 * How a return's refund splits: over the returned lines at what they cost,
 * then shipping and tax (a whole-order return refunds those too). The parts
 * add up to the amount to the cent.
 */
export const returnAllocation = (
  order: Order,
  r: Return,
  amount: Minor,
): RefundAllocation | undefined => {
  const lines = r.lines.flatMap((l) => {
    const line = order.lines.find((o) => o.lineId === l.lineId)
    return line ? [{ lineId: l.lineId, amount: minor(line.unitPrice * l.quantity) }] : []
  })
  const linesTotal = lines.reduce((s, l) => s + l.amount, 0)
  const onLines = Math.min(amount, linesTotal)
  const shipping = Math.min(amount - onLines, order.shippingAmount)
  const tax = amount - onLines - shipping
  if (tax > order.taxAmount) return undefined
  return {
    lines: allocateOverLines(minor(onLines), lines),
    shipping: minor(shipping),
    tax: minor(tax),
  }
}

/**
 * A return's end settles it: an inspection (or its timeout, or a resolved
 * dispute) with a refund refunds the buyer and marks the return refunded;
 * a refunded or closed return completes its case's follow-up, an expired one
 * tells the case the parcel was never shipped. A case hears only of the
 * return it still waits for.
 */
export const settleReturns = (
  ledger: LedgerService,
  returns: ReturnService,
  cases: CaseService,
): Reactor => {
  /** Tells the case its return ended, if the case still waits for this very return. */
  const noteCase = async (
    uow: UnitOfWork,
    r: Return,
    type: 'NoteReturnCompleted' | 'NoteReturnNotShipped',
  ): Promise<Rejection | null> => {
    const c = await loadAggregate(uow.tx, caseAggregate, r.caseId)
    if (c.state.status === 'none') return null
    const f = c.state.followUp
    const key = await returns.returnKeyOf(uow.tx, r.returnId)
    if (f === null || f.kind !== 'return' || f.status !== 'running' || f.key !== key) return null
    return rejectionOf(await cases.execute(uow.as(systemActor), r.caseId, { type }))
  }

  const refundReturn = async (
    uow: UnitOfWork,
    r: Return,
    refund: RefundInstruction,
  ): Promise<Rejection | null> => {
    const c = await loadAggregate(uow.tx, caseAggregate, r.caseId)
    const order = await loadAggregate(uow.tx, orderAggregate, r.orderId)
    if (c.state.status === 'none' || order.state.status === 'none')
      throw new Error(`return ${r.returnId} without its case or order`)
    const allocation = returnAllocation(order.state, r, refund.amount)
    const system = uow.as(systemActor)
    const refunded = await ledger.requestRefund(
      system,
      r.orderId,
      {
        refundKey: refund.refundKey,
        amount: refund.amount,
        currency: refund.currency,
        destination: refund.destination,
        funding: refund.funding,
        reason: 'return',
        ...(allocation ? { allocation } : {}),
      },
      { policy: c.state.policy },
    )
    if (!refunded.ok) return refunded.rejection
    return rejectionOf(
      await returns.execute(system, r.returnId, () => ({
        type: 'MarkReturnRefunded',
        refundId: refunded.value.refund.refundId,
        refundKey: refund.refundKey,
      })),
    )
  }

  return async (uow, appended) => {
    if (appended.streamType !== 'return') return null
    const r = appended.state as Return
    for (const event of appended.events as readonly ReturnEvent[]) {
      let rejection: Rejection | null = null
      if (
        event.type === 'ReturnInspected' ||
        event.type === 'ReturnInspectionTimedOut' ||
        event.type === 'ReturnDisputeResolved'
      ) {
        if (event.data.refund) rejection = await refundReturn(uow, r, event.data.refund)
      } else if (event.type === 'ReturnRefunded' || event.type === 'ReturnClosed') {
        rejection = await noteCase(uow, r, 'NoteReturnCompleted')
      } else if (event.type === 'ReturnExpired') {
        rejection = await noteCase(uow, r, 'NoteReturnNotShipped')
      }
      if (rejection) return rejection
    }
    return null
  }
}
