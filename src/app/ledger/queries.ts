import { and, asc, eq, inArray, type SQL } from 'drizzle-orm'
import { v5 as uuidv5 } from 'uuid'
import type { Account, AccountKind } from '../../domain/ledger/accounts.ts'
import { accountKind } from '../../domain/ledger/accounts.ts'
import type { RefundActionName } from '../../domain/ledger/actions.ts'
import { availableRefundActions } from '../../domain/ledger/actions.ts'
import type { RefundAllocation, RefundReason } from '../../domain/ledger/events.ts'
import type { Entry, Posting, PostingKind } from '../../domain/ledger/postings.ts'
import { sumOfEntries } from '../../domain/ledger/postings.ts'
import type { LedgerState, RefundRecord, RefundStatus } from '../../domain/ledger/state.ts'
import { chargebackHeldOf, refundableOf } from '../../domain/ledger/state.ts'
import type { Order } from '../../domain/order/state.ts'
import type { Actor } from '../../domain/shared/actor.ts'
import { type Minor, minor } from '../../domain/shared/money.ts'
import type { Instant } from '../../policy/time.ts'
import type { Funder, RefundDestination } from '../../policy/vocabulary.ts'
import type { Queryable } from '../../store/database.ts'
import type { Loaded } from '../../store/event-store.ts'
import { loadAggregate, readStream } from '../../store/event-store.ts'
import { aggregates } from '../../store/schema.ts'
import { refunds } from '../../store/schema-money.ts'
import { ledgerAggregate, orderAggregate } from '../aggregates.ts'
import { keysetAfter } from '../cursor.ts'
import { canSee } from '../execute.ts'
import { pageCursor } from '../lists.ts'

const LEDGER_NAMESPACE = '2f0b1c1e-8a0e-4f57-9d39-5a3c2d6e7b41'

/** An order's ledger stream: derived from the order id, so every process finds the same one. */
export const ledgerIdOf = (orderId: string): string => uuidv5(orderId, LEDGER_NAMESPACE)

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

/** A refund the ledger made, in its latest state and what `actor` may do with it. */
export const refundView = (
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

/** What an order can still refund, and what an open chargeback holds back from it. */
export interface RefundLimit {
  readonly refundable: Minor
  readonly chargebackHeld: Minor
}

/** Order ledgers as their parties and staff read them, and the refunds work list. */
export class LedgerQueries {
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
    return (await this.refundLimitOf(q, order)).refundable
  }

  /**
   * What the order can still refund and what an open chargeback holds back
   * from it (`refundable` is already net of `chargebackHeld`).
   */
  async refundLimitOf(q: Queryable, order: Order): Promise<RefundLimit> {
    const { state } = await this.load(q, order.orderId)
    return state.status === 'none'
      ? { refundable: order.total, chargebackHeld: minor(0) }
      : { refundable: refundableOf(state), chargebackHeld: chargebackHeldOf(state) }
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
    const after = query.cursor ? pageCursor.decode(query.cursor) : null
    const later = after && keysetAfter([refunds.createdAt, refunds.refundId], after, 'asc')
    if (later) conditions.push(later)
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
        rows.length > query.limit && last
          ? pageCursor.encode([last.createdAt, last.refundId])
          : null,
    }
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
            chargebackHeld: 0,
            chargedBack: 0,
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
            chargebackHeld: l.chargebackHeld ?? 0,
            chargedBack: l.chargedBack ?? 0,
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
