import type { CancellationAction } from '../../domain/cancellation/actions.ts'
import { availableCancellationActions } from '../../domain/cancellation/actions.ts'
import { activeCancellationDeadline } from '../../domain/cancellation/deadline.ts'
import type { CancellationEligibility } from '../../domain/cancellation/eligibility.ts'
import { cancellationEligibility } from '../../domain/cancellation/eligibility.ts'
import type { Cancellation } from '../../domain/cancellation/state.ts'
import type { Order } from '../../domain/order/state.ts'
import type { Actor } from '../../domain/shared/actor.ts'
import type { Deadline } from '../../domain/shared/decider.ts'
import type { CancellationId } from '../../domain/shared/ids.ts'
import type { Instant } from '../../policy/time.ts'
import type { Policy } from '../../policy/types.ts'
import type { Queryable } from '../../store/database.ts'
import type { Loaded } from '../../store/event-store.ts'
import { loadAggregate } from '../../store/event-store.ts'
import { cancellationStream } from '../aggregates.ts'
import { canSee } from '../execute.ts'
import { listAggregates, type ListQuery, type Page } from '../lists.ts'
import type { OrderService } from '../orders/commands.ts'
import { openCancellationOf } from '../orders/queries.ts'
import type { PolicyBook } from '../policies/commands.ts'

export type CancellationView = Cancellation & {
  readonly id: CancellationId
  readonly version: number
  readonly deadline: Deadline | null
  readonly availableActions: readonly CancellationAction[]
}

export interface EligibilityView extends CancellationEligibility {
  readonly orderId: string
  readonly side: 'buyer' | 'seller'
}

export const sideOf = (actor: Actor): 'buyer' | 'seller' | null =>
  actor.kind === 'buyer' ? 'buyer' : actor.kind === 'seller' ? 'seller' : null

/** Cancellation requests as the order's parties and staff read them. */
export class CancellationQueries {
  constructor(
    protected readonly policies: PolicyBook,
    protected readonly orders: OrderService,
  ) {}

  protected async policyOf(q: Queryable, c: Cancellation): Promise<Policy> {
    return this.policies.get(q, c.policyVersionId)
  }

  async view(
    q: Queryable,
    loaded: Loaded<Cancellation>,
    order: Order,
    actor: Actor,
    now: Instant,
  ): Promise<CancellationView> {
    const c = loaded.state
    const policy = await this.policyOf(q, c)
    return {
      ...c,
      id: c.cancellationId,
      version: loaded.version,
      deadline: activeCancellationDeadline(c),
      availableActions: availableCancellationActions(c, actor, order, policy, now),
    }
  }

  async eligibility(
    q: Queryable,
    actor: Actor,
    orderId: string,
    now: Instant,
  ): Promise<EligibilityView | null> {
    const order = await this.orders.load(q, actor, orderId)
    if (!order) return null
    const side = sideOf(actor) ?? 'buyer'
    const { policy } = await this.policies.current(q)
    const open = await openCancellationOf(q, orderId)
    return { orderId, side, ...cancellationEligibility(order.state, policy, now, side, open) }
  }

  protected async load(
    q: Queryable,
    actor: Actor,
    id: string,
  ): Promise<{ c: Loaded<Cancellation>; order: Loaded<Order> } | null> {
    const c = await loadAggregate(q, cancellationStream, id)
    if (c.state.status === 'none') return null
    const order = await this.orders.load(q, actor, c.state.orderId)
    if (!order || !canSee(actor, order.state)) return null
    return { c: c as Loaded<Cancellation>, order }
  }

  async get(
    q: Queryable,
    actor: Actor,
    id: string,
    now: Instant,
  ): Promise<CancellationView | null> {
    const found = await this.load(q, actor, id)
    return found ? this.view(q, found.c, found.order.state, actor, now) : null
  }

  /** The caller's cancellations, newest first (a seller filters `status=requested` for its inbox). */
  async list(
    q: Queryable,
    actor: Actor,
    query: ListQuery,
    now: Instant,
  ): Promise<Page<CancellationView>> {
    return listAggregates<Cancellation, CancellationView>(
      q,
      'cancellation',
      actor,
      query,
      async (loaded) => {
        const order = await this.orders.load(q, actor, loaded.state.orderId)
        if (!order) throw new Error(`cancellation ${loaded.state.cancellationId} without its order`)
        return this.view(q, loaded, order.state, actor, now)
      },
    )
  }
}
