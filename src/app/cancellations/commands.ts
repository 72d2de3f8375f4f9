import type { CancellationCommand } from '../../domain/cancellation/commands.ts'
import type { CancellationDeadlineKind } from '../../domain/cancellation/deadline.ts'
import { decideCancellation } from '../../domain/cancellation/decide.ts'
import type { Cancellation } from '../../domain/cancellation/state.ts'
import type { Order } from '../../domain/order/state.ts'
import type { CancellationId } from '../../domain/shared/ids.ts'
import type { Instant } from '../../policy/time.ts'
import type { Policy } from '../../policy/types.ts'
import type { Loaded, UnitOfWork } from '../../store/event-store.ts'
import { cancellationAggregate } from '../aggregates.ts'
import type { Outcome } from '../command-runner.ts'
import { done, refused } from '../command-runner.ts'
import { decideAndAppend } from '../execute.ts'
import { newId } from '../ids.ts'
import { openCancellationOf } from '../orders/queries.ts'
import { CancellationQueries, sideOf, type CancellationView } from './queries.ts'

/** Cancellations: a buyer's request the seller answers, or a seller's own; approval cancels the order. */
export class CancellationService extends CancellationQueries {
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
