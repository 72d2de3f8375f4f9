import type { OrderCommand } from '../../domain/order/commands.ts'
import type { OrderDeadlineKind } from '../../domain/order/deadline.ts'
import { decideOrder } from '../../domain/order/decide.ts'
import type { ListingSnapshot, Payment } from '../../domain/order/events.ts'
import type { Order } from '../../domain/order/state.ts'
import type { OrderId, OrderLineId, UserId } from '../../domain/shared/ids.ts'
import type { Minor } from '../../domain/shared/money.ts'
import type { Instant } from '../../policy/time.ts'
import type { Loaded, UnitOfWork } from '../../store/event-store.ts'
import { orderAggregate } from '../aggregates.ts'
import type { Outcome } from '../command-runner.ts'
import { done, refused } from '../command-runner.ts'
import { decideAndAppend } from '../execute.ts'
import { orderIdFor } from '../ids.ts'
import { OrderQueries, type OrderView } from './queries.ts'

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
    readonly providerReference?: string | undefined
  }
  readonly purchasedAt?: string | undefined
  readonly shipBy?: string | undefined
}

/** Orders: imported from the marketplace, then moved by their parties, the carrier and deadlines. */
export class OrderService extends OrderQueries {
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
        ...(input.payment.providerReference === undefined
          ? {}
          : { providerReference: input.payment.providerReference }),
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
