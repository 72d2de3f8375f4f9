import { isBefore } from '../../policy/time.ts'
import type { Policy } from '../../policy/types.ts'
import type { Fault } from '../../policy/vocabulary.ts'
import type { ActorKind } from '../shared/actor.ts'
import { type CommandMeta, type Decision, reject } from '../shared/decider.ts'
import type { CaseId, OrderId, UserId } from '../shared/ids.ts'
import { type Minor, minor } from '../shared/money.ts'
import type {
  ClosePaymentDispute,
  OpenPaymentDispute,
  PaymentDisputeCommand,
  UpdatePaymentDispute,
} from './commands.ts'
import { activePaymentDisputeDeadline } from './deadline.ts'
import type { PaymentDisputeEvent } from './events.ts'
import type { PaymentDisputeRejection } from './rejections.ts'
import { chargebackBearer, chargebackPolicyOf } from './rules.ts'
import type { PaymentDispute, PaymentDisputeState } from './state.ts'
import { canMoveDispute } from './transitions.ts'
import {
  type ClosedPaymentDisputeStatus,
  chargebackCategoryOf,
  isOpenDisputeStatus,
  type RefundReference,
} from './vocabulary.ts'

/** What `decide` needs besides the command: time, actor, the order's policy and facts the app reads in the same transaction. */
export interface PaymentDisputeContext {
  readonly meta: CommandMeta
  readonly policy: Policy
  readonly order: {
    readonly orderId: OrderId
    readonly buyerId: UserId
    readonly sellerId: UserId
    readonly currency: string
    /** What the card paid (a chargeback can only pull back card money). */
    readonly capturedByCard: Minor
    readonly policyVersionId: string
    readonly openCaseId: CaseId | null
  }
  /** The order's refunds so far, from its ledger: non-empty means "already refunded". */
  readonly refunds: readonly RefundReference[]
  /** The fault an agent recorded on the order's case, if one was decided. */
  readonly caseFault: Fault | null
}

export type PaymentDisputeDecision = Decision<PaymentDisputeEvent, PaymentDisputeRejection>

const refuse = (r: PaymentDisputeRejection): PaymentDisputeDecision => reject(r)

const PROVIDER_ROLES: readonly ActorKind[] = ['integration', 'admin', 'system']

const isWhole = (n: number): boolean => Number.isSafeInteger(n) && n >= 0

const open = (
  c: OpenPaymentDispute,
  state: PaymentDisputeState,
  ctx: PaymentDisputeContext,
): PaymentDisputeDecision => {
  const { order } = ctx
  if (state.status !== 'none') {
    const differs: [string, boolean][] = [
      ['orderId', state.orderId !== order.orderId],
      ['amount', state.amount !== c.amount],
      ['currency', state.currency !== c.currency],
      ['networkReason', state.networkReason !== c.networkReason],
      ['providerReference', state.providerReference !== c.providerReference],
    ]
    const field = differs.find(([, d]) => d)?.[0]
    return field === undefined
      ? []
      : refuse({ code: 'PAYMENT_DISPUTE_CONFLICT', disputeId: state.disputeId, field })
  }
  if (!isWhole(c.amount) || c.amount === 0)
    return refuse({ code: 'INVALID_AMOUNT', field: 'amount', amount: c.amount })
  if (!isWhole(c.fee)) return refuse({ code: 'INVALID_AMOUNT', field: 'fee', amount: c.fee })
  if (c.currency !== order.currency)
    return refuse({ code: 'CURRENCY_MISMATCH', expected: order.currency, actual: c.currency })
  if (c.amount > order.capturedByCard)
    return refuse({ code: 'DISPUTE_EXCEEDS_CAPTURED', capturedByCard: order.capturedByCard })
  const onCase = chargebackPolicyOf(ctx.policy).onPaymentDispute
  return [
    {
      type: 'PaymentDisputeOpened',
      data: {
        disputeId: c.disputeId,
        orderId: order.orderId,
        caseId: order.openCaseId,
        buyerId: order.buyerId,
        sellerId: order.sellerId,
        provider: c.provider,
        providerReference: c.providerReference,
        amount: c.amount,
        fee: c.fee,
        currency: c.currency,
        networkReason: c.networkReason,
        category: chargebackCategoryOf(c.networkReason),
        status: c.status,
        evidenceDueBy: c.evidenceDueBy,
        alreadyRefunded: ctx.refunds,
        caseAction:
          order.openCaseId === null ? null : onCase === 'close_case' ? 'closed' : 'paused',
        policyVersionId: order.policyVersionId,
        at: ctx.meta.now,
      },
    },
  ]
}

const closed = (
  d: PaymentDispute,
  outcome: ClosedPaymentDisputeStatus,
  feeReturned: number,
  ctx: PaymentDisputeContext,
): PaymentDisputeDecision => {
  if (!isWhole(feeReturned) || feeReturned > d.fee)
    return refuse({ code: 'INVALID_AMOUNT', field: 'feeReturned', amount: feeReturned })
  const lost = outcome === 'lost'
  const who = lost
    ? chargebackBearer(ctx.policy, {
        caseFault: ctx.caseFault,
        alreadyRefunded: d.alreadyRefunded,
        category: d.category,
      })
    : null
  return [
    {
      type: 'PaymentDisputeClosed',
      data: {
        disputeId: d.disputeId,
        orderId: d.orderId,
        sellerId: d.sellerId,
        outcome,
        amount: d.amount,
        fee: d.fee,
        feeReturned: minor(lost ? 0 : feeReturned),
        bearer: who?.bearer ?? null,
        bearerReason: who?.reason ?? null,
        countsAgainstSeller:
          who?.bearer === 'seller' &&
          chargebackPolicyOf(ctx.policy).lostChargebackCountsAgainstSeller,
        networkReason: d.networkReason,
        at: ctx.meta.now,
      },
    },
  ]
}

const update = (
  c: UpdatePaymentDispute | ClosePaymentDispute,
  d: PaymentDispute,
  ctx: PaymentDisputeContext,
): PaymentDisputeDecision => {
  const status = c.type === 'ClosePaymentDispute' ? c.outcome : c.status
  const dueBy = c.type === 'UpdatePaymentDispute' ? c.evidenceDueBy : undefined
  if (status === d.status) {
    // The provider repeats itself (webhooks are at-least-once): only a new deadline is news.
    if (dueBy === undefined || dueBy === d.evidenceDueBy || !isOpenDisputeStatus(d.status))
      return []
  } else if (!canMoveDispute(d.status, status)) {
    return refuse({ code: 'PAYMENT_DISPUTE_STATUS_CONFLICT', status: d.status, requested: status })
  }
  if (!isOpenDisputeStatus(status)) return closed(d, status, c.feeReturned ?? 0, ctx)
  if (!isOpenDisputeStatus(d.status))
    return refuse({ code: 'PAYMENT_DISPUTE_STATUS_CONFLICT', status: d.status, requested: status })
  return [
    {
      type: 'PaymentDisputeUpdated',
      data: {
        disputeId: d.disputeId,
        orderId: d.orderId,
        from: d.status,
        status,
        evidenceDueBy: dueBy === undefined ? d.evidenceDueBy : dueBy,
        at: ctx.meta.now,
      },
    },
  ]
}

/**
 * Decides a payment-dispute command. Pure: the order's facts, its refunds and
 * the case's fault come in the context. The provider's reports are
 * at-least-once, so a report of where the dispute already stands is a no-op.
 */
export const decidePaymentDispute = (
  command: PaymentDisputeCommand,
  state: PaymentDisputeState,
  ctx: PaymentDisputeContext,
): PaymentDisputeDecision => {
  if (!PROVIDER_ROLES.includes(ctx.meta.actor.kind))
    return refuse({
      code: 'ACTOR_NOT_ALLOWED',
      actorKind: ctx.meta.actor.kind,
      allowed: PROVIDER_ROLES,
    })
  if (command.type === 'OpenPaymentDispute') return open(command, state, ctx)
  if (state.status === 'none') {
    return command.type === 'ExpireDeadline'
      ? []
      : refuse({ code: 'PAYMENT_DISPUTE_NOT_FOUND', disputeId: '' })
  }
  switch (command.type) {
    case 'UpdatePaymentDispute':
    case 'ClosePaymentDispute':
      return update(command, state, ctx)
    case 'ExpireDeadline': {
      const live = activePaymentDisputeDeadline(
        state,
        chargebackPolicyOf(ctx.policy).disputeEvidenceReminderBefore,
        ctx.policy.calendar,
      )
      if (live === null || live.kind !== command.kind || live.dueAt !== command.dueAt) return []
      if (isBefore(ctx.meta.now, live.dueAt) || state.evidenceDueBy === null) return []
      return [
        {
          type: 'PaymentDisputeEvidenceReminderDue',
          data: {
            disputeId: state.disputeId,
            orderId: state.orderId,
            evidenceDueBy: state.evidenceDueBy,
            at: ctx.meta.now,
          },
        },
      ]
    }
  }
}
