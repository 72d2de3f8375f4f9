import type { Policy } from '../../policy/types.ts'
import { defaultPolicy } from '../../policy/presets.ts'
import { addDuration, isAtOrAfter, isBefore, toMillis, type Duration } from '../../policy/time.ts'
import type { ActorKind } from '../shared/actor.ts'
import type { CommandMeta, Decision, ExpireDeadline } from '../shared/decider.ts'
import { byCommandType, reject } from '../shared/decider.ts'
import type { EvidenceId } from '../shared/ids.ts'
import type { Minor } from '../shared/money.ts'
import { minor } from '../shared/money.ts'
import { isRefundFunder } from '../ledger/funding.ts'
import type {
  CancelReturn,
  CreateReturn,
  DisputeInspection,
  InspectReturn,
  MarkReturnDelivered,
  MarkReturnRefunded,
  ResolveInspectionDispute,
  ReturnCommand,
  ShipReturn,
} from './commands.ts'
import type { ReturnDeadlineKind } from './deadline.ts'
import { activeReturnDeadline, pendingReturnReminder } from './deadline.ts'
import type { RefundInstruction, ReturnEvent } from './events.ts'
import type { ReturnRejection } from './rejections.ts'
import { maximumDeduction, returnShippingPayer } from './rules.ts'
import type { Return, ReturnState, ReturnStatus } from './state.ts'
import { refundCeilingOf } from './state.ts'

/**
 * What `decide` needs besides the command: time and actor, and the policy
 * frozen on the case the return belongs to (the app passes the case's policy).
 */
export interface ReturnContext {
  readonly meta: CommandMeta
  readonly policy: Policy
}

export type ReturnDecision = Decision<ReturnEvent, ReturnRejection>

const refuse = (r: ReturnRejection): ReturnDecision => reject(r)

const onlyActors = (ctx: ReturnContext, allowed: readonly ActorKind[]): ReturnDecision | null =>
  allowed.includes(ctx.meta.actor.kind)
    ? null
    : refuse({ code: 'ACTOR_NOT_ALLOWED', actorKind: ctx.meta.actor.kind, allowed })

/** `allowed` kinds may act; a buyer or seller must be this return's. */
const onlyParties = (
  r: Return,
  ctx: ReturnContext,
  allowed: readonly ActorKind[],
): ReturnDecision | null => {
  const refused = onlyActors(ctx, allowed)
  if (refused) return refused
  const { actor } = ctx.meta
  if (actor.kind === 'buyer' && actor.id !== r.buyerId)
    return refuse({ code: 'NOT_A_PARTY', required: 'buyer' })
  if (actor.kind === 'seller' && actor.id !== r.sellerId)
    return refuse({ code: 'NOT_A_PARTY', required: 'seller' })
  return null
}

const inStatus = (
  state: ReturnState,
  allowed: readonly ReturnStatus[],
): Return | ReturnRejection => {
  if (state.status === 'none') return { code: 'RETURN_NOT_FOUND' }
  return allowed.includes(state.status)
    ? state
    : { code: 'RETURN_STATUS_CONFLICT', status: state.status, allowed }
}

const blank = (s: string | undefined): boolean => s === undefined || s.trim() === ''
const isWhole = (n: number): boolean => Number.isSafeInteger(n) && n >= 0

const instruction = (r: Return, refundKey: string, amount: number): RefundInstruction | null =>
  amount > 0
    ? {
        refundKey,
        amount: minor(amount),
        currency: r.currency,
        destination: r.destination,
        funding: r.funding,
      }
    : null

/** The refund key of the return's first refund (inspection or its deadline) and of an agent's top-up. */
export const returnRefundKey = (r: Return, stage: 'inspection' | 'dispute'): string =>
  `return:${r.returnId}:${stage}`

const validateCreate = (c: CreateReturn): ReturnRejection | null => {
  if (blank(c.rma)) return { code: 'INVALID_RETURN', field: 'rma', problem: 'it is empty' }
  if (c.lines.length === 0)
    return { code: 'INVALID_RETURN', field: 'lines', problem: 'a return needs at least one line' }
  for (const line of c.lines) {
    if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0) {
      return {
        code: 'INVALID_RETURN',
        field: `lines[${line.lineId}].quantity`,
        problem: 'quantities are positive whole numbers',
      }
    }
  }
  if (blank(c.label.carrier) || blank(c.label.trackingNumber)) {
    return {
      code: 'INVALID_RETURN',
      field: 'label',
      problem: 'a label needs a carrier and a tracking number',
    }
  }
  if (!isWhole(c.refundOnCompletion))
    return { code: 'INVALID_AMOUNT', field: 'refundOnCompletion', amount: c.refundOnCompletion }
  if (!isWhole(c.label.cost))
    return { code: 'INVALID_AMOUNT', field: 'label.cost', amount: c.label.cost }
  if (!isRefundFunder(c.funding)) return { code: 'REFUND_FUNDER_INVALID', funding: c.funding }
  return null
}

const create = (c: CreateReturn, state: ReturnState, ctx: ReturnContext): ReturnDecision => {
  if (state.status !== 'none') {
    return state.returnId === c.returnId && state.rma === c.rma
      ? []
      : refuse({ code: 'RETURN_EXISTS', returnId: state.returnId, rma: state.rma })
  }
  const invalid = validateCreate(c)
  if (invalid) return refuse(invalid)
  const funding = c.funding
  if (!isRefundFunder(funding)) return refuse({ code: 'REFUND_FUNDER_INVALID', funding })
  const { policy } = ctx
  const { now } = ctx.meta
  const payer = returnShippingPayer(c.reason, policy, c.shippingPaidBy)
  const labelCharge = payer.paidBy === 'buyer' ? Math.min(c.label.cost, c.refundOnCompletion) : 0
  return [
    {
      type: 'ReturnCreated',
      data: {
        returnId: c.returnId,
        caseId: c.caseId,
        orderId: c.orderId,
        buyerId: c.buyerId,
        sellerId: c.sellerId,
        rma: c.rma.trim(),
        lines: c.lines,
        currency: c.currency,
        refundOnCompletion: c.refundOnCompletion,
        destination: c.destination,
        funding,
        label: c.label,
        shippingPaidBy: payer.paidBy,
        shippingPaidByRule: payer.rule,
        labelCharge: minor(labelCharge),
        shipBy: addDuration(now, policy.returns.buyerShipBy, policy.calendar),
        at: now,
      },
    },
  ]
}

const ship = (c: ShipReturn, state: ReturnState, ctx: ReturnContext): ReturnDecision => {
  if (state.status === 'none') return refuse({ code: 'RETURN_NOT_FOUND' })
  const refused = onlyParties(state, ctx, ['buyer', 'integration', 'admin'])
  if (refused) return refused
  const carrier = blank(c.carrier) ? state.label.carrier : (c.carrier ?? '').trim()
  const trackingNumber = blank(c.trackingNumber)
    ? state.label.trackingNumber
    : (c.trackingNumber ?? '').trim()
  // A repeated scan of the same parcel changes nothing.
  if (state.status === 'in_transit' && state.shipment?.trackingNumber === trackingNumber) return []
  const r = inStatus(state, ['label_issued'])
  if ('code' in r) return refuse(r)
  const { now } = ctx.meta
  return [
    {
      type: 'ReturnShipped',
      data: {
        returnId: r.returnId,
        carrier,
        trackingNumber,
        late: isBefore(r.shipBy, now),
        at: now,
      },
    },
  ]
}

const deliver = (
  _c: MarkReturnDelivered,
  state: ReturnState,
  ctx: ReturnContext,
): ReturnDecision => {
  if (state.status === 'none') return refuse({ code: 'RETURN_NOT_FOUND' })
  const refused = onlyParties(state, ctx, ['seller', 'integration', 'admin'])
  if (refused) return refused
  // A repeated delivery scan changes nothing.
  if (state.deliveredAt !== null) return []
  const r = inStatus(state, ['label_issued', 'in_transit'])
  if ('code' in r) return refuse(r)
  const { now } = ctx.meta
  const { policy } = ctx
  return [
    {
      type: 'ReturnDelivered',
      data: {
        returnId: r.returnId,
        at: now,
        inspectBy: addDuration(now, policy.returns.sellerInspectionTime, policy.calendar),
      },
    },
  ]
}

const inspect = (c: InspectReturn, state: ReturnState, ctx: ReturnContext): ReturnDecision => {
  if (state.status === 'none') return refuse({ code: 'RETURN_NOT_FOUND' })
  const refused = onlyParties(state, ctx, ['seller'])
  if (refused) return refused
  const r = inStatus(state, ['delivered_to_seller'])
  if ('code' in r) return refuse(r)
  const { now } = ctx.meta
  if (r.inspectBy !== null && isAtOrAfter(now, r.inspectBy))
    return refuse({ code: 'INSPECTION_DEADLINE_PASSED', inspectBy: r.inspectBy })
  const evidence: readonly EvidenceId[] = c.evidence ?? []
  const note = blank(c.note) ? null : (c.note ?? '').trim()
  const deduction = c.deduction ?? minor(0)
  if (!isWhole(deduction))
    return refuse({ code: 'INVALID_AMOUNT', field: 'deduction', amount: deduction })
  switch (c.condition) {
    case 'different_item_returned':
      if (deduction > 0) return refuse({ code: 'DEDUCTION_NOT_ALLOWED', condition: c.condition })
      if (evidence.length === 0)
        return refuse({ code: 'EVIDENCE_REQUIRED', condition: c.condition })
      if (note === null) return refuse({ code: 'STATEMENT_REQUIRED' })
      return [
        {
          type: 'ReturnInspectionDisputed',
          data: {
            returnId: r.returnId,
            by: 'seller',
            reason: 'different_item_returned',
            statement: note,
            evidence,
            at: now,
          },
        },
      ]
    case 'as_described':
      if (deduction > 0) return refuse({ code: 'DEDUCTION_NOT_ALLOWED', condition: c.condition })
      break
    case 'used':
    case 'damaged': {
      if (deduction === 0) break
      const maximum = maximumDeduction(r.refundOnCompletion, r.labelCharge, ctx.policy)
      if (deduction > maximum) {
        return refuse({
          code: 'DEDUCTION_EXCEEDS_MAXIMUM',
          maximumDeduction: maximum,
          maxDeductionPercent: ctx.policy.returns.maxDeductionPercent,
        })
      }
      if (note === null) return refuse({ code: 'DEDUCTION_REASON_REQUIRED' })
      if (evidence.length === 0)
        return refuse({ code: 'EVIDENCE_REQUIRED', condition: c.condition })
      break
    }
  }
  const refundAmount = refundCeilingOf(r) - deduction
  const inspected: ReturnEvent = {
    type: 'ReturnInspected',
    data: {
      returnId: r.returnId,
      condition: c.condition,
      deduction,
      deductionReason: deduction > 0 ? note : null,
      evidence,
      refundAmount: minor(refundAmount),
      refund: instruction(r, returnRefundKey(r, 'inspection'), refundAmount),
      at: now,
    },
  }
  return refundAmount > 0 ? [inspected] : [inspected, closed(r, 'nothing_to_refund', ctx)]
}

const closed = (
  r: Return,
  reason: Extract<ReturnEvent, { type: 'ReturnClosed' }>['data']['reason'],
  ctx: ReturnContext,
): ReturnEvent => ({
  type: 'ReturnClosed',
  data: { returnId: r.returnId, reason, at: ctx.meta.now },
})

const dispute = (c: DisputeInspection, state: ReturnState, ctx: ReturnContext): ReturnDecision => {
  if (state.status === 'none') return refuse({ code: 'RETURN_NOT_FOUND' })
  const refused = onlyParties(state, ctx, ['buyer'])
  if (refused) return refused
  const tookNothing =
    state.inspection !== null &&
    state.inspection.deduction === 0 &&
    state.inspection.condition !== 'different_item_returned'
  if (state.status !== 'refunded' && tookNothing) return refuse({ code: 'NOTHING_TO_DISPUTE' })
  const r = inStatus(state, ['refunded'])
  if ('code' in r) return refuse(r)
  if (r.disputeBy === null) return refuse({ code: 'NOTHING_TO_DISPUTE' })
  if (isAtOrAfter(ctx.meta.now, r.disputeBy))
    return refuse({ code: 'DISPUTE_WINDOW_CLOSED', disputeBy: r.disputeBy })
  if (blank(c.statement)) return refuse({ code: 'STATEMENT_REQUIRED' })
  return [
    {
      type: 'ReturnInspectionDisputed',
      data: {
        returnId: r.returnId,
        by: 'buyer',
        reason: 'deduction_disputed',
        statement: c.statement.trim(),
        evidence: c.evidence ?? [],
        at: ctx.meta.now,
      },
    },
  ]
}

const resolve = (
  c: ResolveInspectionDispute,
  state: ReturnState,
  ctx: ReturnContext,
): ReturnDecision => {
  const { actor, now } = ctx.meta
  if (actor.kind !== 'agent' && actor.kind !== 'admin')
    return refuse({ code: 'ACTOR_NOT_ALLOWED', actorKind: actor.kind, allowed: ['agent', 'admin'] })
  const r = inStatus(state, ['inspection_disputed'])
  if ('code' in r) return refuse(r)
  if (!isWhole(c.refundAmount))
    return refuse({ code: 'INVALID_AMOUNT', field: 'refundAmount', amount: c.refundAmount })
  const ceiling = refundCeilingOf(r)
  if (c.refundAmount > ceiling)
    return refuse({ code: 'REFUND_ABOVE_CEILING', maximumRefund: ceiling })
  if (c.refundAmount < r.refunded)
    return refuse({ code: 'REFUND_BELOW_REFUNDED', alreadyRefunded: r.refunded })
  if (blank(c.rationale)) return refuse({ code: 'RATIONALE_REQUIRED' })
  const additional = c.refundAmount - r.refunded
  const resolved: ReturnEvent = {
    type: 'ReturnDisputeResolved',
    data: {
      returnId: r.returnId,
      agentId: actor.id,
      refundAmount: c.refundAmount,
      additionalRefund: minor(additional),
      rationale: c.rationale.trim(),
      // The first refund of a return whose seller claimed a different item uses the inspection key.
      refund: instruction(
        r,
        returnRefundKey(r, r.refunded === 0 ? 'inspection' : 'dispute'),
        additional,
      ),
      at: now,
    },
  }
  return additional > 0 ? [resolved] : [resolved, closed(r, 'dispute_resolved', ctx)]
}

/**
 * The ledger accepted the refund. A deduction the seller took may be disputed
 * for `policy.returns.deductionDisputeWindow`; otherwise (no deduction, the
 * inspection timed out, or an agent already decided) the return closes.
 */
const refunded = (
  c: MarkReturnRefunded,
  state: ReturnState,
  ctx: ReturnContext,
): ReturnDecision => {
  if (state.status === 'none') return refuse({ code: 'RETURN_NOT_FOUND' })
  if (state.refundIds.includes(c.refundId)) return []
  const r = inStatus(state, ['inspected'])
  if ('code' in r) return refuse(r)
  const due = r.refundDue
  if (due === null || due.refundKey !== c.refundKey)
    return refuse({ code: 'REFUND_KEY_MISMATCH', expected: due?.refundKey ?? null })
  const { policy } = ctx
  const { now } = ctx.meta
  const disputable =
    r.resolution === null && r.inspection?.by === 'seller' && r.inspection.deduction > 0
  // Policies frozen on cases before the knob existed fall back to its default.
  const window =
    (policy.returns.deductionDisputeWindow as Duration | undefined) ??
    defaultPolicy.returns.deductionDisputeWindow
  const disputeBy = disputable ? addDuration(now, window, policy.calendar) : null
  const landed: ReturnEvent = {
    type: 'ReturnRefunded',
    data: {
      returnId: r.returnId,
      refundId: c.refundId,
      refundKey: c.refundKey,
      amount: due.amount,
      disputeBy,
      at: now,
    },
  }
  return disputable ? [landed] : [landed, closed(r, 'refunded', ctx)]
}

const cancel = (c: CancelReturn, state: ReturnState, ctx: ReturnContext): ReturnDecision => {
  if (state.status === 'cancelled') return []
  const r = inStatus(state, ['label_issued', 'in_transit', 'delivered_to_seller'])
  if ('code' in r) return refuse(r)
  const reason = c.reason.trim()
  if (reason === '') return refuse({ code: 'STATEMENT_REQUIRED' })
  return [{ type: 'ReturnCancelled', data: { returnId: r.returnId, reason, at: ctx.meta.now } }]
}

/**
 * A fired deadline. Ship-by passed: the return expires (the case then closes
 * per policy). Inspection time passed: the buyer is refunded in full, less
 * only a buyer-paid label. Dispute window passed: the return closes. A stale
 * or early deadline is a no-op.
 */
const expireDeadline = (
  cmd: ExpireDeadline<ReturnDeadlineKind>,
  state: ReturnState,
  ctx: ReturnContext,
): ReturnDecision => {
  const { now } = ctx.meta
  const reminder = pendingReturnReminder(state)
  if (reminder !== null && reminder.kind === cmd.kind) {
    if (state.status === 'none' || toMillis(reminder.dueAt) !== toMillis(cmd.dueAt)) return []
    if (!isAtOrAfter(now, reminder.dueAt)) return []
    // Fired only after ship-by itself passed (the scheduler was down): ship-by acts instead.
    if (isAtOrAfter(now, state.shipBy)) {
      return expireDeadline({ ...cmd, kind: 'buyer_ship_by', dueAt: state.shipBy }, state, ctx)
    }
    return [
      {
        type: 'ReturnShipByReminderDue',
        data: { returnId: state.returnId, shipBy: state.shipBy, at: now },
      },
    ]
  }
  const live = activeReturnDeadline(state)
  if (
    state.status === 'none' ||
    live === null ||
    live.kind !== cmd.kind ||
    !isAtOrAfter(now, live.dueAt)
  ) {
    return []
  }
  const r = state
  switch (live.kind) {
    case 'buyer_ship_by':
      return [{ type: 'ReturnExpired', data: { returnId: r.returnId, shipBy: r.shipBy, at: now } }]
    case 'inspection': {
      const refundAmount: Minor = refundCeilingOf(r)
      const timedOut: ReturnEvent = {
        type: 'ReturnInspectionTimedOut',
        data: {
          returnId: r.returnId,
          inspectBy: live.dueAt,
          refundAmount,
          refund: instruction(r, returnRefundKey(r, 'inspection'), refundAmount),
          at: now,
        },
      }
      return refundAmount > 0 ? [timedOut] : [timedOut, closed(r, 'nothing_to_refund', ctx)]
    }
    case 'dispute_window':
      return [closed(r, 'dispute_window_passed', ctx)]
    case 'buyer_ship_by_reminder':
      // Only ever the pending reminder, handled above; never the live deadline.
      return []
  }
}

/** Turns a return command into facts, or a refusal with its data. Pure: time and policy come in the context. */
export const decideReturn: (
  command: ReturnCommand,
  state: ReturnState,
  ctx: ReturnContext,
) => ReturnDecision = byCommandType({
  CreateReturn: create,
  ShipReturn: ship,
  MarkReturnDelivered: deliver,
  InspectReturn: inspect,
  DisputeInspection: dispute,
  ResolveInspectionDispute: resolve,
  MarkReturnRefunded: refunded,
  CancelReturn: cancel,
  ExpireDeadline: expireDeadline,
})
