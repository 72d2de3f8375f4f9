import type { CancellationAction } from '../domain/cancellation/actions.ts'
import { availableCancellationActions } from '../domain/cancellation/actions.ts'
import type { CancellationCommand } from '../domain/cancellation/commands.ts'
import type { CancellationDeadlineKind } from '../domain/cancellation/deadline.ts'
import { activeCancellationDeadline } from '../domain/cancellation/deadline.ts'
import { decideCancellation } from '../domain/cancellation/decide.ts'
import type { CancellationEligibility } from '../domain/cancellation/eligibility.ts'
import { cancellationEligibility } from '../domain/cancellation/eligibility.ts'
import type { Cancellation } from '../domain/cancellation/state.ts'
import type { Order } from '../domain/order/state.ts'
import type { Actor } from '../domain/shared/actor.ts'
import type { Deadline } from '../domain/shared/decider.ts'
import type { CancellationId } from '../domain/shared/ids.ts'
import type { Instant } from '../policy/time.ts'
import type { Policy } from '../policy/types.ts'
import type { Queryable } from '../store/database.ts'
import type { Loaded, UnitOfWork } from '../store/event-store.ts'
import { loadAggregate } from '../store/event-store.ts'
import { cancellationAggregate, cancellationStream } from './aggregates.ts'
import type { Outcome } from './command-runner.ts'
import { done, refused } from './command-runner.ts'
import { canSee, decideAndAppend } from './execute.ts'
import { newId } from './ids.ts'
import type { OrderService } from './orders.ts'
import { listAggregates, type ListQuery, type Page } from './lists.ts'
import { openCancellationOf } from './orders.ts'
import type { PolicyBook } from './policies.ts'

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

const sideOf = (actor: Actor): 'buyer' | 'seller' | null =>
  actor.kind === 'buyer' ? 'buyer' : actor.kind === 'seller' ? 'seller' : null

export class CancellationService {
  constructor(
    private readonly policies: PolicyBook,
    private readonly orders: OrderService,
  ) {}

  private async policyOf(q: Queryable, c: Cancellation): Promise<Policy> {
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

  private async load(
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

  /** A buyer's request or a seller's own cancellation, on an order the caller is party to. */
  async start(
    uow: UnitOfWork,
    orderId: string,
    input: { reason: string; note?: string | undefined },
  ): Promise<Outcome<CancellationView>> {
    const order = await this.orders.load(uow.tx, uow.actor, orderId)
    if (!order) return refused({ code: 'NOT_FOUND', resource: 'order' })
    const side = sideOf(uow.actor)
    if (!side) return refused({ code: 'ROLE_NOT_ALLOWED', allowed: ['buyer', 'seller'] })
    const { id: policyVersionId, policy } = await this.policies.current(uow.tx)
    const cancellationId = newId<CancellationId>()
    const note = input.note === undefined ? {} : { note: input.note }
    const command: CancellationCommand =
      side === 'buyer'
        ? {
            type: 'RequestCancellation',
            cancellationId,
            reason: input.reason,
            policyVersionId,
            ...note,
          }
        : { type: 'CancelBySeller', cancellationId, reason: input.reason, policyVersionId, ...note }
    return this.apply(
      uow,
      cancellationId,
      { state: { status: 'none' }, version: 0 },
      order,
      policy,
      command,
    )
  }

  async execute(
    uow: UnitOfWork,
    id: string,
    command: Exclude<CancellationCommand, { type: 'RequestCancellation' | 'CancelBySeller' }>,
    expectedVersion?: number,
  ): Promise<Outcome<CancellationView>> {
    const found = await this.load(uow.tx, uow.actor, id)
    if (!found) return refused({ code: 'NOT_FOUND', resource: 'cancellation' })
    const policy = await this.policyOf(uow.tx, found.c.state)
    return this.apply(uow, id, found.c, found.order, policy, command, expectedVersion)
  }

  expire(
    uow: UnitOfWork,
    id: string,
    kind: string,
    dueAt: Instant,
  ): Promise<Outcome<CancellationView>> {
    return this.execute(uow, id, {
      type: 'ExpireDeadline',
      kind: kind as CancellationDeadlineKind,
      dueAt,
    })
  }

  /**
   * Decides and appends; an approval cancels the order in the same
   * transaction, so a parcel shipped a moment earlier makes the whole command
   * fail (the order refuses) and nothing is half-done.
   */
  private async apply(
    uow: UnitOfWork,
    id: string,
    loaded: Loaded<{ status: 'none' } | Cancellation>,
    order: Loaded<Order>,
    policy: Policy,
    command: CancellationCommand,
    expectedVersion?: number,
  ): Promise<Outcome<CancellationView>> {
    const openCancellationId = await openCancellationOf(uow.tx, order.state.orderId)
    const decision = decideCancellation(command, loaded.state, {
      meta: { now: uow.now, actor: uow.actor },
      policy,
      order: order.state,
      ...(openCancellationId && openCancellationId !== id ? { openCancellationId } : {}),
    })
    const type = cancellationAggregate(order.state)
    const result = await decideAndAppend(uow, type, id, loaded, decision, policy, expectedVersion)
    if (!result.ok) return result
    const approved = result.value.events.find((e) => e.type === 'CancellationApproved')
    if (approved) {
      const cancelled = await this.orders.execute(uow, order.state.orderId, {
        type: 'CancelOrder',
        cancellationId: approved.data.cancellationId,
      })
      if (!cancelled.ok) return cancelled
    }
    const fresh = await this.orders.load(uow.tx, uow.actor, order.state.orderId)
    return done(
      await this.view(
        uow.tx,
        result.value as Loaded<Cancellation>,
        (fresh ?? order).state,
        uow.actor,
        uow.now,
      ),
    )
  }
}
