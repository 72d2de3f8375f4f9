/**
 * Where money and parcels follow the other aggregates' facts, in the same
 * transaction as the command that caused them (see `Reactor`): a refusal here
 * (the ledger will not over-refund) refuses and rolls back that command.
 *
 * | fact | reaction |
 * |---|---|
 * | order `OrderImported` | ledger `RecordCapture` |
 * | order `OrderAccepted` | ledger `ReleasePayout` (refused while a case holds it) |
 * | cancellation `CancellationApproved` | ledger `RequestRefund` `cancellation:<id>`, seller-funded |
 * | case `RefundDue` | ledger `RequestRefund` with its key, destination, funding, allocation |
 * | case `SellerReimbursementDue` | ledger `ReimburseSeller` |
 * | case `ReturnRequired` | label, `CreateReturn`, ledger `PayReturnShipping` |
 * | case `FollowUpCancelled` (return) | return `CancelReturn` while the parcel is not yet inspected |
 * | return `ReturnInspected` / `ReturnInspectionTimedOut` / `ReturnDisputeResolved` with a refund | ledger `RequestRefund`, then return `MarkReturnRefunded` |
 * | return `ReturnRefunded` / `ReturnClosed` | case `NoteReturnCompleted` |
 * | return `ReturnExpired` | case `NoteReturnNotShipped` |
 *
 * The ledger's own projections (refunds list, sellers' balances, the payment
 * outbox, credit grants) live in `LedgerService`. Every reaction is safe to
 * meet twice: the ledger posts a business key once, a return key starts one
 * return, and a case note is sent only while the follow-up still runs.
 */
import type { CancellationEvent } from '../domain/cancellation/events.ts'
import type { Cancellation } from '../domain/cancellation/state.ts'
import type { CaseEvent } from '../domain/case/events.ts'
import type { Case } from '../domain/case/state.ts'
import type { RefundReason } from '../domain/ledger/events.ts'
import { allocateOverLines } from '../domain/ledger/funding.ts'
import type { RefundAllocation } from '../domain/ledger/events.ts'
import type { OrderEvent } from '../domain/order/events.ts'
import type { Order } from '../domain/order/state.ts'
import type { ReturnEvent, RefundInstruction } from '../domain/return/events.ts'
import type { Return } from '../domain/return/state.ts'
import { systemActor } from '../domain/shared/actor.ts'
import type { Rejection } from '../domain/shared/decider.ts'
import { minor, type Minor } from '../domain/shared/money.ts'
import type { Appended, Reactor, UnitOfWork } from '../store/event-store.ts'
import { loadAggregate } from '../store/event-store.ts'
import { caseAggregate, orderAggregate } from './aggregates.ts'
import type { CaseService } from './cases.ts'
import type { Outcome } from './command-runner.ts'
import type { LedgerService } from './ledger.ts'
import { captureOf } from './ledger.ts'
import type { PolicyBook } from './policies.ts'
import type { ReturnService } from './returns.ts'

export interface MoneyServices {
  readonly policies: PolicyBook
  readonly ledger: LedgerService
  readonly returns: ReturnService
  readonly cases: CaseService
}

const rejectionOf = (outcome: Outcome<unknown>): Rejection | null =>
  outcome.ok ? null : outcome.rejection

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

export const moneyReactors = (s: MoneyServices): Reactor[] => {
  const onOrder = async (uow: UnitOfWork, a: Appended): Promise<Rejection | null> => {
    const state = a.state as Order
    for (const event of a.events as readonly OrderEvent[]) {
      if (event.type === 'OrderImported') {
        const captured = await s.ledger.execute(
          uow.as(systemActor),
          state.orderId,
          captureOf(state),
        )
        if (!captured.ok) return captured.rejection
      }
      if (event.type === 'OrderAccepted') {
        const released = await s.ledger.execute(uow.as(systemActor), state.orderId, {
          type: 'ReleasePayout',
        })
        if (!released.ok) return released.rejection
      }
    }
    return null
  }

  const onCancellation = async (uow: UnitOfWork, a: Appended): Promise<Rejection | null> => {
    const c = a.state as Cancellation
    for (const event of a.events as readonly CancellationEvent[]) {
      if (event.type !== 'CancellationApproved' || event.data.refundDue.total === 0) continue
      const due = event.data.refundDue
      const policy = await s.policies.get(uow.tx, c.policyVersionId)
      const refunded = await s.ledger.requestRefund(
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

  const onCase = async (uow: UnitOfWork, a: Appended): Promise<Rejection | null> => {
    const c = a.state as Case
    const system = uow.as(systemActor)
    for (const event of a.events as readonly CaseEvent[]) {
      let rejection: Rejection | null = null
      if (event.type === 'RefundDue') {
        const d = event.data
        const reason: RefundReason =
          d.cause === 'replacement_failed' ? 'replacement_failed' : 'case'
        rejection = rejectionOf(
          await s.ledger.requestRefund(
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
          await s.ledger.execute(
            system,
            d.orderId,
            { type: 'ReimburseSeller', reimbursementKey: d.reimbursementKey, amount: d.amount },
            { policy: c.policy },
          ),
        )
      } else if (event.type === 'ReturnRequired') {
        rejection = rejectionOf(await s.returns.create(system, event.data))
      } else if (event.type === 'FollowUpCancelled' && event.data.kind === 'return') {
        rejection = await cancelReturn(uow, event.data.key)
      }
      if (rejection) return rejection
    }
    return null
  }

  /** An appeal no longer needs the return: called off while the parcel is not yet inspected. */
  const cancelReturn = async (uow: UnitOfWork, returnKey: string): Promise<Rejection | null> => {
    const returnId = await s.returns.findByKey(uow.tx, returnKey)
    if (returnId === null) return null
    const r = await s.returns.get(uow.tx, systemActor, returnId, uow.now)
    // Once inspected, the refund is the buyer's: the case never claws money back.
    if (!r || !['label_issued', 'in_transit', 'delivered_to_seller'].includes(r.status)) return null
    return rejectionOf(
      await s.returns.execute(uow.as(systemActor), returnId, () => ({
        type: 'CancelReturn',
        reason: 'The case’s outcome changed on appeal; the return is no longer needed.',
      })),
    )
  }

  /** Tells the case its return ended, if the case still waits for this very return. */
  const noteCase = async (
    uow: UnitOfWork,
    r: Return,
    type: 'NoteReturnCompleted' | 'NoteReturnNotShipped',
  ): Promise<Rejection | null> => {
    const c = await loadAggregate(uow.tx, caseAggregate, r.caseId)
    if (c.state.status === 'none') return null
    const f = c.state.followUp
    const key = await s.returns.returnKeyOf(uow.tx, r.returnId)
    if (f === null || f.kind !== 'return' || f.status !== 'running' || f.key !== key) return null
    return rejectionOf(await s.cases.execute(uow.as(systemActor), r.caseId, { type }))
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
    const refunded = await s.ledger.requestRefund(
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
      await s.returns.execute(system, r.returnId, () => ({
        type: 'MarkReturnRefunded',
        refundId: refunded.value.refund.refundId,
        refundKey: refund.refundKey,
      })),
    )
  }

  const onReturn = async (uow: UnitOfWork, a: Appended): Promise<Rejection | null> => {
    const r = a.state as Return
    for (const event of a.events as readonly ReturnEvent[]) {
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

  return [
    async (uow, appended) => {
      switch (appended.streamType) {
        case 'order':
          return onOrder(uow, appended)
        case 'cancellation':
          return onCancellation(uow, appended)
        case 'case':
          return onCase(uow, appended)
        case 'return':
          return onReturn(uow, appended)
        default:
          return null
      }
    },
  ]
}

/** Sentences for the refusals the money services make themselves (the deciders explain their own). */
export const explainMoneyRejection = (r: Rejection): string | undefined => {
  switch (r.code) {
    case 'LABEL_UNAVAILABLE':
      return `No return label could be bought (${String(r.reason)}); nothing was changed — try again shortly.`
    case 'REPLACEMENT_ALREADY_SHIPPED':
      return `The replacement already shipped with ${String(r.carrier)} ${String(r.trackingNumber)}.`
    case 'REPLACEMENT_NOT_SHIPPED':
      return 'The seller has not reported the replacement’s shipment yet.'
    default:
      return undefined
  }
}
