import { and, eq } from 'drizzle-orm'
import type { OrderCommand } from '../domain/order/commands.ts'
import type { OrderDeadlineKind } from '../domain/order/deadline.ts'
import { activeOrderDeadline } from '../domain/order/deadline.ts'
import { decideOrder } from '../domain/order/decide.ts'
import type { ListingSnapshot, Payment } from '../domain/order/events.ts'
import type { Order } from '../domain/order/state.ts'
import { availableOrderActions } from '../domain/order/actions.ts'
import type { Actor } from '../domain/shared/actor.ts'
import type { Deadline } from '../domain/shared/decider.ts'
import type { CancellationId, OrderId, OrderLineId, UserId } from '../domain/shared/ids.ts'
import type { Minor } from '../domain/shared/money.ts'
import type { Instant } from '../policy/time.ts'
import type { Policy } from '../policy/types.ts'
import type { Queryable } from '../store/database.ts'
import type { Loaded, UnitOfWork } from '../store/event-store.ts'
import { loadAggregate } from '../store/event-store.ts'
import { aggregates } from '../store/schema.ts'
import { orderAggregate } from './aggregates.ts'
import type { Outcome } from './command-runner.ts'
import { done, refused } from './command-runner.ts'
import { listAggregates, type ListQuery, type Page } from './lists.ts'
import { canSee, decideAndAppend } from './execute.ts'
import { orderIdFor } from './ids.ts'
import type { PolicyBook } from './policies.ts'

export interface ImportOrderInput {
  readonly externalRef: string
  readonly buyerId: string
  readonly sellerId: string
  readonly currency: string
  readonly lines: readonly {
    readonly lineId: string
    readonly quantity: number
    readonly unitPrice: number
    readonly listing: ListingSnapshot
  }[]
  readonly shippingAmount: number
  readonly taxAmount: number
  readonly total: number
  readonly payment: {
    readonly method: Payment['method']
    readonly card: number
    readonly credit: number
  }
  readonly purchasedAt?: string | undefined
  readonly shipBy?: string | undefined
}

/** An order as the caller sees it, with what the caller may do next. */
export interface OrderView extends Order {
  readonly id: OrderId
  readonly version: number
  readonly deadline: Deadline | null
  readonly availableActions: ReturnType<typeof availableOrderActions>
}

/** Finds the open (requested) cancellation of an order, which blocks a second one. */
export const openCancellationOf = async (
  q: Queryable,
  orderId: string,
): Promise<CancellationId | undefined> => {
  const rows = await q
    .select({ id: aggregates.id })
    .from(aggregates)
    .where(
      and(
        eq(aggregates.type, 'cancellation'),
        eq(aggregates.orderId, orderId),
        eq(aggregates.status, 'requested'),
      ),
    )
    .limit(1)
  return rows[0]?.id as CancellationId | undefined
}

export class OrderService {
  constructor(private readonly policies: PolicyBook) {}

  async view(
    q: Queryable,
    loaded: Loaded<Order>,
    actor: Actor,
    now: Instant,
    policy?: Policy,
  ): Promise<OrderView> {
    const order = loaded.state
    const p = policy ?? (await this.policies.get(q, order.policyVersionId))
    // An open request only changes what the parties may do to an unshipped order.
    const cancellable =
      order.status === 'awaiting_shipment' && (actor.kind === 'buyer' || actor.kind === 'seller')
    const openCancellation = cancellable ? await openCancellationOf(q, order.orderId) : undefined
    const { policy: inForce } = await this.policies.current(q)
    return {
      ...order,
      id: order.orderId,
      version: loaded.version,
      deadline: activeOrderDeadline(order, p),
      availableActions: availableOrderActions(order, actor, p, now, openCancellation, inForce),
    }
  }

  /** The order if the caller may see it. */
  async load(q: Queryable, actor: Actor, orderId: string): Promise<Loaded<Order> | null> {
    const loaded = await loadAggregate(q, orderAggregate, orderId)
    if (loaded.state.status === 'none' || !canSee(actor, loaded.state)) return null
    return loaded as Loaded<Order>
  }

  async get(q: Queryable, actor: Actor, orderId: string, now: Instant): Promise<OrderView | null> {
    const loaded = await this.load(q, actor, orderId)
    return loaded ? this.view(q, loaded, actor, now) : null
  }

  /** The caller's orders, newest first: a buyer's purchases, a seller's sales, everything for staff. */
  list(q: Queryable, actor: Actor, query: ListQuery, now: Instant): Promise<Page<OrderView>> {
    return listAggregates<Order, OrderView>(q, 'order', actor, query, (loaded) =>
      this.view(q, loaded, actor, now),
    )
  }

  async import(uow: UnitOfWork, input: ImportOrderInput): Promise<Outcome<OrderView>> {
    const { id: policyVersionId, policy } = await this.policies.current(uow.tx)
    const orderId = orderIdFor<OrderId>(input.externalRef)
    const loaded = await uow.load(orderAggregate, orderId)
    const command: OrderCommand = {
      type: 'ImportOrder',
      orderId,
      externalRef: input.externalRef,
      buyerId: input.buyerId as UserId,
      sellerId: input.sellerId as UserId,
      currency: input.currency,
      lines: input.lines.map((l) => ({
        lineId: l.lineId as OrderLineId,
        quantity: l.quantity,
        unitPrice: l.unitPrice as Minor,
        listing: l.listing,
      })),
      shippingAmount: input.shippingAmount as Minor,
      taxAmount: input.taxAmount as Minor,
      total: input.total as Minor,
      payment: {
        method: input.payment.method,
        card: input.payment.card as Minor,
        credit: input.payment.credit as Minor,
        capturedAt: (input.purchasedAt ?? uow.now) as Instant,
      },
      purchasedAt: (input.purchasedAt ?? uow.now) as Instant,
      ...(input.shipBy ? { shipBy: input.shipBy as Instant } : {}),
      policyVersionId,
    }
    const decision = decideOrder(command, loaded.state, {
      meta: { now: uow.now, actor: uow.actor },
      policy,
    })
    const result = await decideAndAppend(uow, orderAggregate, orderId, loaded, decision, policy)
    if (!result.ok) return result
    return done(await this.view(uow.tx, result.value as Loaded<Order>, uow.actor, uow.now, policy))
  }

  /** Any order command after import: load, check the caller may see it, decide, append. */
  async execute(
    uow: UnitOfWork,
    orderId: string,
    command: Exclude<OrderCommand, { type: 'ImportOrder' }>,
    expectedVersion?: number,
  ): Promise<Outcome<OrderView>> {
    const loaded = await this.load(uow.tx, uow.actor, orderId)
    if (!loaded) return refused({ code: 'NOT_FOUND', resource: 'order' })
    const policy = await this.policies.get(uow.tx, loaded.state.policyVersionId)
    const decision = decideOrder(command, loaded.state, {
      meta: { now: uow.now, actor: uow.actor },
      policy,
    })
    const result = await decideAndAppend(
      uow,
      orderAggregate,
      orderId,
      loaded,
      decision,
      policy,
      expectedVersion,
    )
    if (!result.ok) return result
    return done(await this.view(uow.tx, result.value as Loaded<Order>, uow.actor, uow.now, policy))
  }

  expire(
    uow: UnitOfWork,
    orderId: string,
    kind: string,
    dueAt: Instant,
  ): Promise<Outcome<OrderView>> {
    return this.execute(uow, orderId, {
      type: 'ExpireDeadline',
      kind: kind as OrderDeadlineKind,
      dueAt,
    })
  }
}
