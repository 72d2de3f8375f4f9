import { and, eq, inArray } from 'drizzle-orm'
import { availableOrderActions } from '../../domain/order/actions.ts'
import { activeOrderDeadline } from '../../domain/order/deadline.ts'
import type { Order } from '../../domain/order/state.ts'
import type { Actor } from '../../domain/shared/actor.ts'
import type { Deadline } from '../../domain/shared/decider.ts'
import type { CancellationId, OrderId } from '../../domain/shared/ids.ts'
import type { Instant } from '../../policy/time.ts'
import type { Policy } from '../../policy/types.ts'
import type { Queryable } from '../../store/database.ts'
import type { Loaded } from '../../store/event-store.ts'
import { aggregates } from '../../store/schema.ts'
import { orderAggregate } from '../aggregates.ts'
import { canSee, loadVisible } from '../execute.ts'
import { listAggregates, type ListQuery, type Page } from '../lists.ts'
import type { PolicyBook } from '../policies/commands.ts'

/** An order as the caller sees it, with what the caller may do next. */
export interface OrderView extends Order {
  readonly id: OrderId
  readonly version: number
  readonly deadline: Deadline | null
  readonly availableActions: ReturnType<typeof availableOrderActions>
}

/** Finds the open cancellation of an order (waiting for the seller or for the marketplace), which blocks a second one. */
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
        inArray(aggregates.status, ['requested', 'escalated', 'awaiting_info']),
      ),
    )
    .limit(1)
  return rows[0]?.id as CancellationId | undefined
}

/** Orders as their parties and staff read them. */
export class OrderQueries {
  constructor(protected readonly policies: PolicyBook) {}

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
  load(q: Queryable, actor: Actor, orderId: string): Promise<Loaded<Order> | null> {
    return loadVisible(q, orderAggregate, orderId, (order) => canSee(actor, order))
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
}
