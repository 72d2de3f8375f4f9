import { and, asc, eq, gt, inArray, or, sql, type SQL } from 'drizzle-orm'
import { v5 as uuidv5 } from 'uuid'
import type { Account, AccountKind } from '../domain/ledger/accounts.ts'
import { accountKind, sellerPayable } from '../domain/ledger/accounts.ts'
import type { RefundActionName } from '../domain/ledger/actions.ts'
import { availableRefundActions } from '../domain/ledger/actions.ts'
import type { LedgerCommand, RequestRefund } from '../domain/ledger/commands.ts'
import { decideLedger } from '../domain/ledger/decide.ts'
import type { LedgerEvent, RefundAllocation, RefundReason } from '../domain/ledger/events.ts'
import type { Entry, Posting, PostingKind } from '../domain/ledger/postings.ts'
import { sumOfEntries } from '../domain/ledger/postings.ts'
import type {
  LedgerState,
  OrderLedger,
  RefundRecord,
  RefundStatus,
} from '../domain/ledger/state.ts'
import { refundableOf } from '../domain/ledger/state.ts'
import type { Order } from '../domain/order/state.ts'
import type { Actor } from '../domain/shared/actor.ts'
import type { Rejection } from '../domain/shared/decider.ts'
import type { RefundId } from '../domain/shared/ids.ts'
import type { Minor } from '../domain/shared/money.ts'
import { minor } from '../domain/shared/money.ts'
import type { Instant } from '../policy/time.ts'
import type { Policy } from '../policy/types.ts'
import type { Funder, RefundDestination } from '../policy/vocabulary.ts'
import type { Queryable } from '../store/database.ts'
import type { Loaded, UnitOfWork } from '../store/event-store.ts'
import { loadAggregate, readStream } from '../store/event-store.ts'
import { aggregates } from '../store/schema.ts'
import { refunds, sellerBalances } from '../store/schema-money.ts'
import { ledgerAggregate, orderAggregate } from './aggregates.ts'
import type { Outcome } from './command-runner.ts'
import { done, refused } from './command-runner.ts'
import type { CreditService } from './credits.ts'
import { canSee, decideAndAppend } from './execute.ts'
import { newId } from './ids.ts'
import type { PolicyBook } from './policies.ts'

const LEDGER_NAMESPACE = '2f0b1c1e-8a0e-4f57-9d39-5a3c2d6e7b41'

/** An order's ledger stream: derived from the order id, so every process finds the same one. */
export const ledgerIdOf = (orderId: string): string => uuidv5(orderId, LEDGER_NAMESPACE)

/** The outbox topic the payment integration consumes (as a webhook, or by pulling `GET /v1/refunds?status=pending`). */
export const REFUND_REQUESTED_TOPIC = 'refund.requested'

/** What goes to the payment provider for one card refund attempt. */
export interface RefundRequestedMessage {
  readonly refundId: string
  readonly orderId: string
  readonly externalRef: string
  /** The provider answers about this attempt (`POST /v1/refunds/{id}/confirmation` with `attempt`). */
  readonly attempt: number
  /** What to put back on the card, minor units. */
  readonly amount: number
  readonly currency: string
  readonly refundKey: string
  readonly reason: RefundReason
  /** What the provider needs to find the charge: how the buyer paid and what the card was charged. */
  readonly provider: {
    readonly paymentMethod: Order['payment']['method']
    readonly capturedCard: number
    readonly capturedAt: Instant
  }
  readonly confirmPath: string
}

export interface RefundView {
  readonly refundId: string
  readonly orderId: string
  readonly refundKey: string
  readonly status: RefundStatus
  readonly amount: number
  readonly toCard: number
  readonly toCredit: number
  readonly currency: string
  readonly destination: RefundDestination
  readonly funding: Funder
  readonly reason: RefundReason
  readonly allocation: RefundAllocation | null
  readonly attempt: number
  readonly providerReference: string | null
  readonly failureReason: string | null
  readonly requestedAt: Instant
  readonly settledAt: Instant | null
  readonly availableActions: readonly RefundActionName[]
}

export interface PostingView {
  readonly postingId: string
  readonly businessKey: string
  readonly kind: PostingKind
  readonly at: Instant
  readonly currency: string
  readonly entries: readonly Entry[]
}

export interface LedgerView {
  readonly orderId: string
  /** `none` before the capture is recorded. */
  readonly status: 'none' | 'held' | 'released'
  readonly currency: string
  readonly version: number
  readonly payout: {
    /** The ledger's: `held` in escrow or `released` to the seller's payable. */
    readonly status: 'none' | 'held' | 'released'
    /** The order's view of it: `frozen` while a case is open, `cancelled` with the order. */
    readonly orderPayout: Order['payout']
    readonly releasedAt: Instant | null
    readonly releasedAmount: number | null
  }
  readonly totals: {
    readonly captured: number
    readonly capturedByCard: number
    readonly capturedByCredit: number
    /** Card refunds the provider confirmed. */
    readonly refundedToCard: number
    readonly inFlight: number
    /** Card refunds that failed and are still owed. */
    readonly failed: number
    readonly credited: number
    readonly labelCharges: number
    readonly refundable: number
    /** What the order's escrow still holds for the seller. */
    readonly escrow: number
  }
  /** Every posting in order; each one's entries sum to zero. */
  readonly postings: readonly PostingView[]
  /** What each account holds from this order's postings: the sum of its entries above. */
  readonly balances: readonly {
    readonly account: Account
    readonly kind: AccountKind
    readonly amount: number
  }[]
  readonly refunds: readonly RefundView[]
}

export interface RefundListQuery {
  readonly limit: number
  readonly cursor?: string | undefined
  readonly status?: string | undefined
  readonly orderId?: string | undefined
}

/** Ledger commands that draw on (or pay into) the seller's balance, so they take the seller's lock. */
const MOVES_SELLER_MONEY = new Set<LedgerCommand['type']>([
  'RequestRefund',
  'RetryRefund',
  'SwitchRefundToCredit',
  'PayReturnShipping',
  'ReleasePayout',
  'ReimburseSeller',
])

const encodeCursor = (createdAt: string, id: string): string =>
  Buffer.from(JSON.stringify([createdAt, id])).toString('base64url')
const decodeCursor = (cursor: string): [string, string] | null => {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString())
    return Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string')
      ? (v as [string, string])
      : null
  } catch {
    return null
  }
}

const postingsOf = (events: readonly LedgerEvent[]): Posting[] =>
  events.flatMap((e) => (e.data.posting === null ? [] : [e.data.posting]))

/** A refund the ledger made, in its latest state and what `actor` may do with it. */
const refundView = (
  state: LedgerState,
  r: RefundRecord,
  failureReason: string | null,
  actor: Actor,
): RefundView => ({
  refundId: r.refundId,
  orderId: state.status === 'none' ? '' : state.orderId,
  refundKey: r.refundKey,
  status: r.status,
  amount: r.amount,
  toCard: r.toCard,
  toCredit: r.toCredit,
  currency: r.currency,
  destination: r.destination,
  funding: r.funding,
  reason: r.reason,
  allocation: r.allocation,
  attempt: r.attempt,
  providerReference: r.providerReference,
  failureReason: r.status === 'failed' ? failureReason : null,
  requestedAt: r.requestedAt,
  settledAt: r.settledAt,
  availableActions: availableRefundActions(state, r.refundId, actor),
})

/**
 * The order ledgers: one stream per order, every command in the transaction
 * of whatever caused it (an imported order, an approved cancellation, a case's
 * `RefundDue`, a return's inspection, the payment integration's answer).
 * Read models (the refunds list, sellers' balances), the payment outbox and the
 * buyer's credit account move in the same transaction.
 */
export class LedgerService {
  constructor(
    private readonly policies: PolicyBook,
    private readonly credits: CreditService,
  ) {}

  /** The order's ledger, or the empty state before its capture is recorded. */
  async load(q: Queryable, orderId: string): Promise<Loaded<LedgerState>> {
    return loadAggregate(q, ledgerAggregate, ledgerIdOf(orderId))
  }

  /**
   * What the order can still refund: the ledger's figure, or the order's
   * total for an order whose capture is not recorded yet (imported before the
   * ledger existed; its first ledger command records it).
   */
  async refundableOf(q: Queryable, order: Order): Promise<Minor> {
    const { state } = await this.load(q, order.orderId)
    return state.status === 'none' ? order.total : refundableOf(state)
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
    const projected = await this.project(uow, order, state, result.value.events)
    if (projected) return refused(projected)
    return done({ ledger: state, events: result.value.events })
  }

  /** Read models, the payment outbox and the buyer's credit, in the command's transaction. */
  private async project(
    uow: UnitOfWork,
    order: Order,
    l: OrderLedger,
    events: readonly LedgerEvent[],
  ): Promise<Rejection | null> {
    const payableChange = postingsOf(events)
      .flatMap((p) => p.entries)
      .filter((e) => e.account === sellerPayable(l.sellerId))
      .reduce((s, e) => s + e.amount, 0)
    if (payableChange !== 0) {
      await uow.tx
        .insert(sellerBalances)
        .values({ sellerId: l.sellerId, payable: payableChange, updatedAt: uow.now })
        .onConflictDoUpdate({
          target: sellerBalances.sellerId,
          set: {
            payable: sql`${sellerBalances.payable} + ${payableChange}`,
            updatedAt: uow.now,
          },
        })
    }
    for (const event of events) {
      switch (event.type) {
        case 'RefundRequested': {
          const r = l.refunds[event.data.refundId]
          if (!r) break
          await uow.tx.insert(refunds).values({
            refundId: r.refundId,
            orderId: l.orderId,
            buyerId: l.buyerId,
            sellerId: l.sellerId,
            refundKey: r.refundKey,
            status: r.status,
            amount: r.amount,
            toCard: r.toCard,
            toCredit: r.toCredit,
            currency: r.currency,
            destination: r.destination,
            funding: r.funding,
            reason: r.reason,
            attempt: r.attempt,
            createdAt: uow.now,
            updatedAt: uow.now,
          })
          if (r.toCard > 0) await this.requestCardRefund(uow, order, r, r.attempt)
          if (event.data.credit) {
            const granted = await this.credits.grant(uow, event.data.credit, {
              orderId: l.orderId,
              refundId: r.refundId,
            })
            if (!granted.ok) return granted.rejection
          }
          break
        }
        case 'RefundSucceeded':
        case 'RefundFailed':
        case 'RefundRetried':
        case 'RefundSwitchedToCredit': {
          const r = l.refunds[event.data.refundId]
          if (!r) break
          await uow.tx
            .update(refunds)
            .set({
              status: r.status,
              attempt: r.attempt,
              providerReference: r.providerReference,
              updatedAt: uow.now,
              ...(event.type === 'RefundFailed' ? {} : { failureReason: null }),
            })
            .where(eq(refunds.refundId, r.refundId))
          if (event.type === 'RefundRetried') await this.requestCardRefund(uow, order, r, r.attempt)
          if (event.type === 'RefundSwitchedToCredit') {
            const granted = await this.credits.grant(uow, event.data.credit, {
              orderId: l.orderId,
              refundId: r.refundId,
            })
            if (!granted.ok) return granted.rejection
          }
          break
        }
        case 'PaymentCaptured':
        case 'PayoutReleased':
        case 'ReturnShippingPaid':
        case 'SellerReimbursed':
          break
      }
    }
    return null
  }

  private async requestCardRefund(
    uow: UnitOfWork,
    order: Order,
    r: RefundRecord,
    attempt: number,
  ): Promise<void> {
    const message: RefundRequestedMessage = {
      refundId: r.refundId,
      orderId: order.orderId,
      externalRef: order.externalRef,
      attempt,
      amount: r.toCard,
      currency: r.currency,
      refundKey: r.refundKey,
      reason: r.reason,
      provider: {
        paymentMethod: order.payment.method,
        capturedCard: order.payment.card,
        capturedAt: order.payment.capturedAt,
      },
      confirmPath: `/v1/refunds/${r.refundId}/confirmation`,
    }
    await uow.enqueue(REFUND_REQUESTED_TOPIC, message)
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

  /** The order a refund belongs to, from the refunds read model. */
  async findRefund(
    q: Queryable,
    refundId: string,
  ): Promise<{
    orderId: string
    buyerId: string
    sellerId: string
    failureReason: string | null
  } | null> {
    const rows = await q
      .select({
        orderId: refunds.orderId,
        buyerId: refunds.buyerId,
        sellerId: refunds.sellerId,
        failureReason: refunds.failureReason,
      })
      .from(refunds)
      .where(eq(refunds.refundId, refundId))
    return rows[0] ?? null
  }

  /** A refund if the caller may see it: the order's parties, staff and the integration. */
  async getRefund(q: Queryable, actor: Actor, refundId: string): Promise<RefundView | null> {
    const found = await this.findRefund(q, refundId)
    if (!found || !canSee(actor, found)) return null
    const { state } = await this.load(q, found.orderId)
    const r = state.status === 'none' ? undefined : state.refunds[refundId]
    return r ? refundView(state, r, found.failureReason, actor) : null
  }

  /**
   * Refunds by status, oldest first (a work list: `pending` for the payment
   * integration's pull, `failed` for the agents), keyset-paged.
   */
  async listRefunds(
    q: Queryable,
    actor: Actor,
    query: RefundListQuery,
  ): Promise<{ items: RefundView[]; nextCursor: string | null }> {
    const conditions: SQL[] = []
    if (query.status) conditions.push(eq(refunds.status, query.status))
    if (query.orderId) conditions.push(eq(refunds.orderId, query.orderId))
    if (actor.kind === 'buyer') conditions.push(eq(refunds.buyerId, actor.id))
    if (actor.kind === 'seller') conditions.push(eq(refunds.sellerId, actor.id))
    const after = query.cursor ? decodeCursor(query.cursor) : null
    if (after) {
      const [createdAt, id] = after
      const later = or(
        gt(refunds.createdAt, createdAt),
        and(eq(refunds.createdAt, createdAt), gt(refunds.refundId, id)),
      )
      if (later) conditions.push(later)
    }
    const rows = await q
      .select({
        refundId: refunds.refundId,
        orderId: refunds.orderId,
        failureReason: refunds.failureReason,
        createdAt: refunds.createdAt,
      })
      .from(refunds)
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(asc(refunds.createdAt), asc(refunds.refundId))
      .limit(query.limit + 1)
    const page = rows.slice(0, query.limit)
    const ledgerIds = [...new Set(page.map((r) => ledgerIdOf(r.orderId)))]
    const states = ledgerIds.length
      ? await q
          .select({ id: aggregates.id, state: aggregates.state })
          .from(aggregates)
          .where(and(eq(aggregates.type, 'ledger'), inArray(aggregates.id, ledgerIds)))
      : []
    const byId = new Map(states.map((s) => [s.id, s.state as LedgerState]))
    const items = page.flatMap((row) => {
      const state = byId.get(ledgerIdOf(row.orderId))
      const r = state && state.status !== 'none' ? state.refunds[row.refundId] : undefined
      return state && r ? [refundView(state, r, row.failureReason, actor)] : []
    })
    const last = page.at(-1)
    return {
      items,
      nextCursor:
        rows.length > query.limit && last ? encodeCursor(last.createdAt, last.refundId) : null,
    }
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

  /** An order's ledger, posting by posting, with balances and totals, if the caller may see the order. */
  async view(q: Queryable, actor: Actor, orderId: string): Promise<LedgerView | null> {
    const order = await loadAggregate(q, orderAggregate, orderId)
    if (order.state.status === 'none' || !canSee(actor, order.state)) return null
    const o = order.state
    const loaded = await this.load(q, orderId)
    const state = loaded.state
    const stream = await readStream(q, ledgerIdOf(orderId))
    const postings = stream.flatMap((e) => {
      const p = (e.data as { posting?: Posting | null }).posting
      return p ? [p] : []
    })
    const failureReasons = new Map(
      (
        await q
          .select({ refundId: refunds.refundId, failureReason: refunds.failureReason })
          .from(refunds)
          .where(eq(refunds.orderId, orderId))
      ).map((r) => [r.refundId, r.failureReason]),
    )
    const totals = (l: LedgerState) =>
      l.status === 'none'
        ? {
            captured: 0,
            capturedByCard: 0,
            capturedByCredit: 0,
            refundedToCard: 0,
            inFlight: 0,
            failed: 0,
            credited: 0,
            labelCharges: 0,
            refundable: o.total,
            escrow: 0,
          }
        : {
            captured: l.captured.total,
            capturedByCard: l.captured.card,
            capturedByCredit: l.captured.credit,
            refundedToCard: l.refundedToCard,
            inFlight: l.inFlight,
            failed: l.failed,
            credited: l.credited,
            labelCharges: l.chargedToBuyer,
            refundable: refundableOf(l),
            escrow: l.balances[`order_escrow:${l.orderId}`] ?? 0,
          }
    const balances = new Map<Account, number>()
    for (const p of postings) {
      if (sumOfEntries(p.entries) !== 0) throw new Error(`posting ${p.postingId} does not balance`)
      for (const e of p.entries) balances.set(e.account, (balances.get(e.account) ?? 0) + e.amount)
    }
    return {
      orderId,
      status: state.status,
      currency: o.currency,
      version: loaded.version,
      payout: {
        status: state.status,
        orderPayout: o.payout,
        releasedAt: state.status === 'none' ? null : state.releasedAt,
        releasedAmount: state.status === 'none' ? null : state.releasedAmount,
      },
      totals: totals(state),
      postings: postings.map((p) => ({
        postingId: p.postingId,
        businessKey: p.businessKey,
        kind: p.kind,
        at: p.at,
        currency: p.currency,
        entries: p.entries,
      })),
      balances: [...balances].map(([account, amount]) => ({
        account,
        kind: accountKind(account),
        amount,
      })),
      refunds:
        state.status === 'none'
          ? []
          : Object.values(state.refunds)
              .sort((a, b) => a.requestedAt.localeCompare(b.requestedAt))
              .map((r) => refundView(state, r, failureReasons.get(r.refundId) ?? null, actor)),
    }
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
