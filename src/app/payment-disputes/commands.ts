import type { Order } from '../../domain/order/state.ts'
import type { PaymentDisputeCommand } from '../../domain/payment-dispute/commands.ts'
import { decidePaymentDispute } from '../../domain/payment-dispute/decide.ts'
import type { PaymentDispute, PaymentDisputeState } from '../../domain/payment-dispute/state.ts'
import type {
  ClosedPaymentDisputeStatus,
  NetworkReason,
  OpenPaymentDisputeStatus,
  PaymentDisputeStatus,
} from '../../domain/payment-dispute/vocabulary.ts'
import { systemActor } from '../../domain/shared/actor.ts'
import { minor } from '../../domain/shared/money.ts'
import { type Instant, instant } from '../../policy/time.ts'
import type { Loaded, UnitOfWork } from '../../store/event-store.ts'
import { loadAggregate } from '../../store/event-store.ts'
import { orderAggregate, paymentDisputeAggregate } from '../aggregates.ts'
import type { CaseService } from '../cases/commands.ts'
import type { Outcome } from '../command-runner.ts'
import { done, refused } from '../command-runner.ts'
import { canSee, decideAndAppend } from '../execute.ts'
import { paymentDisputeIdFor } from '../ids.ts'
import type { LedgerService } from '../ledger/commands.ts'
import type { PolicyBook } from '../policies/commands.ts'
import {
  PaymentDisputeQueries,
  type PaymentDisputeView,
  caseFaultOf,
  casesOfOrder,
  refundReferencesOf,
} from './queries.ts'

/** What the payment integration (or the Stripe adapter) reports when a chargeback opens. */
export interface OpenDisputeInput {
  readonly provider: string
  readonly providerReference: string
  readonly amount: number
  readonly currency: string
  readonly networkReason: NetworkReason
  readonly evidenceDueBy?: string | null | undefined
  readonly fee?: number | undefined
  readonly status?: OpenPaymentDisputeStatus | undefined
}

/** A later report: a new status (open, or the outcome), a new deadline, the fee given back on a win. */
export interface UpdateDisputeInput {
  readonly status: PaymentDisputeStatus
  readonly evidenceDueBy?: string | null | undefined
  readonly feeReturned?: number | undefined
}

const dueByOf = (v: string | null | undefined): Instant | null | undefined =>
  v === undefined || v === null ? v : instant(v)

/**
 * Chargebacks: the dispute's own stream, and in the same transaction what it
 * moves elsewhere: the ledger holds the disputed money (no refund can pay it
 * again, the payout stays held), the open case closes when
 * `refunds.onPaymentDispute` says so, and the outcome settles the ledger with
 * whoever bears a loss.
 */
export class PaymentDisputeService extends PaymentDisputeQueries {
  constructor(
    policies: PolicyBook,
    private readonly ledger: LedgerService,
    private readonly cases: CaseService,
  ) {
    super(policies)
  }

  private async decide(
    uow: UnitOfWork,
    order: Order,
    id: string,
    loaded: Loaded<PaymentDisputeState>,
    command: PaymentDisputeCommand,
  ): Promise<Outcome<{ state: PaymentDispute; events: readonly { type: string }[] }>> {
    const policy = await this.policies.get(uow.tx, order.policyVersionId)
    const ledger = await this.ledger.load(uow.tx, order.orderId)
    const cases =
      command.type === 'OpenPaymentDispute' ? [] : await casesOfOrder(uow.tx, order.orderId)
    const decision = decidePaymentDispute(command, loaded.state, {
      meta: { now: uow.now, actor: uow.actor },
      policy,
      order: {
        orderId: order.orderId,
        buyerId: order.buyerId,
        sellerId: order.sellerId,
        currency: order.currency,
        capturedByCard: order.payment.card,
        policyVersionId: order.policyVersionId,
        openCaseId: order.openCaseId,
      },
      refunds: ledger.state.status === 'none' ? [] : refundReferencesOf(ledger.state),
      caseFault: caseFaultOf(cases),
    })
    const result = await decideAndAppend(uow, paymentDisputeAggregate, id, loaded, decision, policy)
    if (!result.ok) return result
    if (result.value.state.status === 'none') throw new Error(`payment dispute ${id} not recorded`)
    return done({ state: result.value.state, events: result.value.events })
  }

  /** The payment integration reports a chargeback on an order's card payment. The same report again changes nothing. */
  async open(
    uow: UnitOfWork,
    orderId: string,
    input: OpenDisputeInput,
  ): Promise<Outcome<PaymentDisputeView>> {
    const order = await loadAggregate(uow.tx, orderAggregate, orderId)
    if (order.state.status === 'none' || !canSee(uow.actor, order.state))
      return refused({ code: 'NOT_FOUND', resource: 'order' })
    const id = paymentDisputeIdFor(input.provider, input.providerReference)
    const loaded = await loadAggregate(uow.tx, paymentDisputeAggregate, id)
    const decided = await this.decide(uow, order.state, id, loaded, {
      type: 'OpenPaymentDispute',
      disputeId: id,
      provider: input.provider,
      providerReference: input.providerReference,
      amount: minor(input.amount),
      currency: input.currency,
      networkReason: input.networkReason,
      evidenceDueBy: dueByOf(input.evidenceDueBy) ?? null,
      fee: minor(input.fee ?? 0),
      status: input.status ?? 'needs_response',
    })
    if (!decided.ok) return decided
    const { state, events } = decided.value
    if (events.some((e) => e.type === 'PaymentDisputeOpened')) {
      const held = await this.ledger.execute(uow, orderId, {
        type: 'HoldForChargeback',
        disputeId: id,
        amount: state.amount,
        fee: state.fee,
      })
      if (!held.ok) return held
      if (state.caseAction === 'closed' && state.caseId !== null) {
        const closed = await this.cases.execute(uow.as(systemActor), state.caseId, {
          type: 'NotePaymentDispute',
          disputeId: id,
        })
        if (!closed.ok) return closed
      }
    }
    return done(await this.viewOf(uow, id))
  }

  /** A later report from the provider: a status (an outcome closes it), a deadline, the fee given back. */
  async update(
    uow: UnitOfWork,
    id: string,
    input: UpdateDisputeInput,
  ): Promise<Outcome<PaymentDisputeView>> {
    return this.report(uow, id, {
      type: 'UpdatePaymentDispute',
      status: input.status,
      ...(input.evidenceDueBy === undefined
        ? {}
        : { evidenceDueBy: dueByOf(input.evidenceDueBy) ?? null }),
      ...(input.feeReturned === undefined ? {} : { feeReturned: minor(input.feeReturned) }),
    })
  }

  /** The dispute is over, `outcome` as the provider reported it. */
  close(
    uow: UnitOfWork,
    id: string,
    outcome: ClosedPaymentDisputeStatus,
    feeReturned?: number,
  ): Promise<Outcome<PaymentDisputeView>> {
    return this.report(uow, id, {
      type: 'ClosePaymentDispute',
      outcome,
      ...(feeReturned === undefined ? {} : { feeReturned: minor(feeReturned) }),
    })
  }

  expire(
    uow: UnitOfWork,
    id: string,
    kind: string,
    dueAt: Instant,
  ): Promise<Outcome<PaymentDisputeView>> {
    return this.report(uow, id, {
      type: 'ExpireDeadline',
      kind: kind as 'evidence_reminder',
      dueAt,
    })
  }

  /** The dispute a provider reference names, if recorded: how the Stripe adapter finds it. */
  async idByReference(
    uow: UnitOfWork,
    provider: string,
    reference: string,
  ): Promise<string | null> {
    const id = paymentDisputeIdFor(provider, reference)
    const loaded = await loadAggregate(uow.tx, paymentDisputeAggregate, id)
    return loaded.state.status === 'none' ? null : id
  }

  private async report(
    uow: UnitOfWork,
    id: string,
    command: PaymentDisputeCommand,
  ): Promise<Outcome<PaymentDisputeView>> {
    const loaded = await loadAggregate(uow.tx, paymentDisputeAggregate, id)
    if (loaded.state.status === 'none')
      return refused({ code: 'PAYMENT_DISPUTE_NOT_FOUND', disputeId: id })
    const order = await loadAggregate(uow.tx, orderAggregate, loaded.state.orderId)
    if (order.state.status === 'none') throw new Error(`payment dispute ${id} without its order`)
    const decided = await this.decide(uow, order.state, id, loaded, command)
    if (!decided.ok) return decided
    for (const event of decided.value.events) {
      if (event.type !== 'PaymentDisputeClosed') continue
      const d = decided.value.state
      const settled = await this.ledger.execute(uow, d.orderId, {
        type: 'SettleChargeback',
        disputeId: id,
        outcome: d.status === 'won' || d.status === 'lost' ? d.status : 'warning_closed',
        bearer: d.bearer,
        feeReturned: d.feeReturned,
      })
      if (!settled.ok) return settled
    }
    return done(await this.viewOf(uow, id))
  }

  private async viewOf(uow: UnitOfWork, id: string): Promise<PaymentDisputeView> {
    const loaded = await loadAggregate(uow.tx, paymentDisputeAggregate, id)
    if (loaded.state.status === 'none') throw new Error(`payment dispute ${id} vanished`)
    return this.view(uow.tx, loaded as Loaded<PaymentDispute>)
  }
}
