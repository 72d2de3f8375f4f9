import { eq, sql } from 'drizzle-orm'
import type { LedgerCommand, RequestRefund } from '../../domain/ledger/commands.ts'
import { decideLedger } from '../../domain/ledger/decide.ts'
import type { LedgerEvent } from '../../domain/ledger/events.ts'
import type { LedgerState, OrderLedger, RefundRecord } from '../../domain/ledger/state.ts'
import type { Order } from '../../domain/order/state.ts'
import type { RefundId } from '../../domain/shared/ids.ts'
import type { Minor } from '../../domain/shared/money.ts'
import { minor } from '../../domain/shared/money.ts'
import type { Policy } from '../../policy/types.ts'
import type { Funder, RefundDestination } from '../../policy/vocabulary.ts'
import type { Loaded, UnitOfWork } from '../../store/event-store.ts'
import { loadAggregate } from '../../store/event-store.ts'
import { refunds, sellerBalances } from '../../store/schema-money.ts'
import { ledgerAggregate, orderAggregate } from '../aggregates.ts'
import type { Outcome } from '../command-runner.ts'
import { done, refused } from '../command-runner.ts'
import type { CreditService } from '../credits/commands.ts'
import { canSee, decideAndAppend } from '../execute.ts'
import { newId } from '../ids.ts'
import type { PolicyBook } from '../policies/commands.ts'
import { projectLedger } from './projection.ts'
import { LedgerQueries, ledgerIdOf, refundView, type RefundView } from './queries.ts'

/** Ledger commands that draw on (or pay into) the seller's balance, so they take the seller's lock. */
const MOVES_SELLER_MONEY = new Set<LedgerCommand['type']>([
  'RequestRefund',
  'RetryRefund',
  'SwitchRefundToCredit',
  'PayReturnShipping',
  'ReleasePayout',
  'ReimburseSeller',
  'SettleChargeback',
])

/**
 * The order ledgers: one stream per order, every command in the transaction
 * of whatever caused it (an imported order, an approved cancellation, a case's
 * `RefundDue`, a return's inspection, the payment integration's answer).
 * Read models (the refunds list, sellers' balances), the payment outbox and the
 * buyer's credit account move in the same transaction.
 */
export class LedgerService extends LedgerQueries {
  constructor(
    private readonly policies: PolicyBook,
    private readonly credits: CreditService,
  ) {
    super()
  }

  /**
   * Locks the seller's balance row for the rest of the transaction and reads
   * it. Two orders of one seller debited at once would otherwise both read
   * the same balance and both pass `policy.refunds.sellerDebitLimit`: on
   * PostgreSQL the second `INSERT … ON CONFLICT DO UPDATE` waits on the row
   * lock until the first transaction commits and then returns its result
   * (the conflicting row is always re-read at its latest version), so debits
   * of one seller are serialized. On PGlite every
   * transaction is serial anyway. The ledger stream of the order is loaded
   * only after the lock, so it is fresh too. A plain row lock, not an
   * advisory one (DESIGN §5).
   */
  private async lockSeller(uow: UnitOfWork, sellerId: string): Promise<Minor> {
    // One statement: creates the row or, on conflict, locks the existing one
    // (DO UPDATE takes the row lock FOR UPDATE would) and returns its latest value.
    const rows = await uow.tx
      .insert(sellerBalances)
      .values({ sellerId, payable: 0, updatedAt: uow.now })
      .onConflictDoUpdate({
        target: sellerBalances.sellerId,
        set: { sellerId: sql`excluded.seller_id` },
      })
      .returning({ payable: sellerBalances.payable })
    return minor(rows[0]?.payable ?? 0)
  }

  /**
   * Runs one ledger command on an order's ledger, as `uow.actor`. The policy
   * is the one frozen on whatever made the money due (the case's, the
   * cancellation's), else the order's. An order whose capture is not recorded
   * yet gets it recorded first.
   */
  async execute(
    uow: UnitOfWork,
    orderId: string,
    command: LedgerCommand,
    options: { readonly policy?: Policy } = {},
  ): Promise<Outcome<{ readonly ledger: OrderLedger; readonly events: readonly LedgerEvent[] }>> {
    const order = await loadAggregate(uow.tx, orderAggregate, orderId)
    if (order.state.status === 'none') return refused({ code: 'NOT_FOUND', resource: 'order' })
    const o = order.state
    const policy = options.policy ?? (await this.policies.get(uow.tx, o.policyVersionId))
    const sellerPayableBalance = MOVES_SELLER_MONEY.has(command.type)
      ? await this.lockSeller(uow, o.sellerId)
      : minor(0)
    let loaded = await this.load(uow.tx, orderId)
    if (loaded.state.status === 'none' && command.type !== 'RecordCapture') {
      const captured = await this.apply(uow, o, loaded, policy, captureOf(o), sellerPayableBalance)
      if (!captured.ok) return captured
      loaded = { state: captured.value.ledger, version: loaded.version + 1 }
    }
    return this.apply(uow, o, loaded, policy, command, sellerPayableBalance)
  }

  private async apply(
    uow: UnitOfWork,
    order: Order,
    loaded: Loaded<LedgerState>,
    policy: Policy,
    command: LedgerCommand,
    sellerPayableBalance: Minor,
  ): Promise<Outcome<{ ledger: OrderLedger; events: readonly LedgerEvent[] }>> {
    const decision = decideLedger(command, loaded.state, {
      meta: { now: uow.now, actor: uow.actor },
      policy,
      heldByCase: order.openCaseId !== null,
      sellerPayableBalance,
    })
    const id = ledgerIdOf(order.orderId)
    const result = await decideAndAppend(uow, ledgerAggregate, id, loaded, decision, null)
    if (!result.ok) return result
    const state = result.value.state
    if (state.status === 'none')
      throw new Error(`ledger ${id} has no capture after ${command.type}`)
    const projected = await projectLedger(uow, this.credits, order, state, result.value.events)
    if (projected) return refused(projected)
    return done({ ledger: state, events: result.value.events })
  }

  /**
   * Pays the buyer back. The refund id is made here; when the key was
   * already used with the same terms nothing moves and the existing refund
   * is answered.
   */
  async requestRefund(
    uow: UnitOfWork,
    orderId: string,
    refund: Omit<RequestRefund, 'type' | 'refundId'>,
    options: { readonly policy?: Policy } = {},
  ): Promise<Outcome<{ readonly ledger: OrderLedger; readonly refund: RefundRecord }>> {
    const result = await this.execute(
      uow,
      orderId,
      { type: 'RequestRefund', refundId: newId<RefundId>(), ...refund },
      options,
    )
    if (!result.ok) return result
    const { ledger } = result.value
    const id = ledger.refundIdByKey[refund.refundKey]
    const record = id === undefined ? undefined : ledger.refunds[id]
    if (!record) throw new Error(`refund ${refund.refundKey} missing after it was requested`)
    return done({ ledger, refund: record })
  }

  /**
   * An agent's refund outside any case outcome (a goodwill gesture, a
   * correction). `reference` is the agent's own key for it: the same
   * reference pays once, even when two requests race.
   */
  async adjust(
    uow: UnitOfWork,
    orderId: string,
    input: {
      readonly amount: number
      readonly funding: Funder
      readonly destination?: RefundDestination | undefined
      readonly reference: string
    },
  ): Promise<Outcome<RefundView>> {
    const order = await loadAggregate(uow.tx, orderAggregate, orderId)
    if (order.state.status === 'none' || !canSee(uow.actor, order.state))
      return refused({ code: 'NOT_FOUND', resource: 'order' })
    const result = await this.requestRefund(uow, orderId, {
      refundKey: `adjustment:${input.reference}`,
      amount: minor(input.amount),
      currency: order.state.currency,
      destination: input.destination ?? 'original_payment',
      funding: input.funding,
      reason: 'agent_adjustment',
    })
    if (!result.ok) return result
    return done(refundView(result.value.ledger, result.value.refund, null, uow.actor))
  }

  /** Runs a command on the ledger a refund belongs to and answers with the refund. */
  async onRefund(
    uow: UnitOfWork,
    refundId: string,
    command: (orderId: string) => LedgerCommand,
    after?: (events: readonly LedgerEvent[]) => Promise<void>,
  ): Promise<Outcome<RefundView>> {
    const found = await this.findRefund(uow.tx, refundId)
    if (!found || !canSee(uow.actor, found))
      return refused({ code: 'NOT_FOUND', resource: 'refund' })
    const result = await this.execute(uow, found.orderId, command(found.orderId))
    if (!result.ok) return result
    if (after) await after(result.value.events)
    const view = await this.getRefund(uow.tx, uow.actor, refundId)
    if (!view) throw new Error(`refund ${refundId} vanished`)
    return done(view)
  }

  /**
   * The payment integration's answer on a card refund. The same answer again
   * changes nothing and gets the same refund back; a contradicting one is
   * refused (`REFUND_ALREADY_SETTLED`).
   */
  confirm(
    uow: UnitOfWork,
    refundId: string,
    answer: {
      readonly outcome: 'succeeded' | 'failed'
      readonly providerReference: string
      readonly failureReason?: string | undefined
      readonly attempt?: number | undefined
    },
  ): Promise<Outcome<RefundView>> {
    return this.onRefund(
      uow,
      refundId,
      () => ({
        type: 'ConfirmRefund',
        refundId: refundId as RefundId,
        outcome: answer.outcome,
        providerReference: answer.providerReference,
        ...(answer.attempt === undefined ? {} : { attempt: answer.attempt }),
      }),
      async (events) => {
        if (answer.failureReason !== undefined && events.some((e) => e.type === 'RefundFailed')) {
          await uow.tx
            .update(refunds)
            .set({ failureReason: answer.failureReason })
            .where(eq(refunds.refundId, refundId))
        }
      },
    )
  }
}

/** The capture of an imported order, from what the marketplace said the buyer paid. */
export const captureOf = (o: Order): LedgerCommand => ({
  type: 'RecordCapture',
  orderId: o.orderId,
  buyerId: o.buyerId,
  sellerId: o.sellerId,
  currency: o.currency,
  card: o.payment.card,
  credit: o.payment.credit,
})
