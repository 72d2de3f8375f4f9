import { asc, lte } from 'drizzle-orm'
import { cancellationStream, caseAggregate, orderAggregate } from '../app/aggregates.ts'
import type { Outcome } from '../app/command-runner.ts'
import type { Recourse } from '../app/recourse.ts'
import type { CancellationCommand } from '../domain/cancellation/commands.ts'
import type { Cancellation } from '../domain/cancellation/state.ts'
import type { CaseCommand } from '../domain/case/commands.ts'
import type { Case } from '../domain/case/state.ts'
import type { OrderCommand } from '../domain/order/commands.ts'
import type { Order } from '../domain/order/state.ts'
import type { Actor } from '../domain/shared/actor.ts'
import { systemActor } from '../domain/shared/actor.ts'
import { storeFile } from '../integrations/files.ts'
import type { Instant } from '../policy/time.ts'
import type { BuyerCancelReason, SellerCancelReason } from '../policy/vocabulary.ts'
import { fromDbTime, loadAggregate, type UnitOfWork } from '../store/event-store.ts'
import { deadlines } from '../store/schema.ts'
import type { OrderScript } from './behaviour.ts'
import type { OpenCaseInput, Result, SimEngine } from './engine.ts'
import { shipByFor } from './engine.ts'

interface Expirer {
  expire(uow: UnitOfWork, id: string, kind: string, dueAt: Instant): Promise<Outcome<unknown>>
}

/** A few bytes that sniff as JPEG, different per photo, for evidence uploads. */
const jpegBytes = (seed: string): Buffer =>
  Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(seed)])

/**
 * The simulator's commands through the real application: services, command
 * runner, event store, deadline rows and the insights projector, on whatever
 * database `recourse` holds. Deadlines fire one at a time at their due time,
 * as the scheduler would. Slow (a database transaction per command); the
 * consistency test uses it to show the in-memory engine behaves the same.
 */
export class AppEngine implements SimEngine {
  /** Deadlines fired whose row stayed (a no-op expiry): not fired again at the same due time. */
  private readonly fired = new Set<string>()

  /**
   * Commands go through the app's own runner on a clock pinned to each
   * step's time, so every reactor (ledger, insights, webhooks) runs as it
   * would in production. `clock`, when given (a fixed clock `recourse` runs
   * on), is moved along too, for whatever reads the app's clock directly.
   */
  constructor(
    private readonly recourse: Recourse,
    private readonly clock?: { set(at: Instant): void },
    /** `false`: leave out the messaging reactor (the seed writes history nobody is notified of). @default true */
    private readonly notify = true,
  ) {}

  private run<T>(
    at: Instant,
    actor: Actor,
    handler: (uow: UnitOfWork) => Promise<Outcome<T>>,
  ): Promise<Outcome<T>> {
    this.clock?.set(at)
    return this.recourse.runner
      .at(
        { sandbox: false, now: async () => at },
        this.notify ? {} : { without: [this.recourse.messaging.reactor] },
      )
      .run(actor, handler)
  }

  private static result(outcome: Outcome<{ readonly id: string }>): Result {
    return outcome.ok
      ? { ok: true, id: outcome.value.id }
      : { ok: false, code: outcome.rejection.code }
  }

  async importOrder(at: Instant, s: OrderScript): Promise<Result> {
    const { policy } = await this.recourse.policies.current(this.recourse.database.db)
    const input = {
      externalRef: s.externalRef,
      buyerId: s.buyerId,
      sellerId: s.sellerId,
      currency: 'USD',
      lines: s.lines,
      shippingAmount: s.shippingAmount,
      taxAmount: 0,
      total: s.total,
      payment: { method: 'card' as const, card: s.total, credit: 0 },
      purchasedAt: at,
      ...(s.handlingDays === null ? {} : { shipBy: shipByFor(at, s.handlingDays, policy) }),
    }
    return AppEngine.result(
      await this.run(at, { kind: 'integration', id: 'simulation' }, (uow) =>
        this.recourse.orders.import(uow, input),
      ),
    )
  }

  async orderCommand(
    at: Instant,
    actor: Actor,
    orderId: string,
    command: Extract<OrderCommand, { type: 'ShipOrder' | 'MarkDelivered' | 'AcceptOrder' }>,
  ): Promise<Result> {
    return AppEngine.result(
      await this.run(at, actor, (uow) => this.recourse.orders.execute(uow, orderId, command)),
    )
  }

  async startCancellation(
    at: Instant,
    actor: Actor,
    orderId: string,
    reason: BuyerCancelReason | SellerCancelReason,
  ): Promise<Result> {
    return AppEngine.result(
      await this.run(at, actor, (uow) =>
        this.recourse.cancellations.start(uow, orderId, { reason }),
      ),
    )
  }

  async cancellationCommand(
    at: Instant,
    actor: Actor,
    cancellationId: string,
    command: Extract<CancellationCommand, { type: 'ApproveCancellation' | 'DeclineCancellation' }>,
  ): Promise<Result> {
    return AppEngine.result(
      await this.run(at, actor, (uow) =>
        this.recourse.cancellations.execute(uow, cancellationId, command),
      ),
    )
  }

  async openCase(
    at: Instant,
    actor: Actor,
    orderId: string,
    input: OpenCaseInput,
  ): Promise<Result> {
    return AppEngine.result(
      await this.run(at, actor, async (uow) => {
        const evidence: { kind: 'file'; fileId: string }[] = []
        if (input.photo !== null) {
          const stored = await storeFile(uow.tx, {
            bytes: jpegBytes(input.photo.sha256),
            name: 'photo.jpg',
            uploadedBy: actor.id,
            now: at,
          })
          if (stored.ok) evidence.push({ kind: 'file', fileId: stored.file.fileId })
        }
        return this.recourse.cases.open(uow, orderId, {
          reason: input.reason,
          desiredOutcome: input.desiredOutcome,
          description: input.description,
          ...(evidence.length > 0 ? { evidence } : {}),
        })
      }),
    )
  }

  async caseCommand(
    at: Instant,
    actor: Actor,
    caseId: string,
    command: Exclude<CaseCommand, { type: 'OpenCase' | 'ExpireDeadline' }>,
  ): Promise<Result> {
    return AppEngine.result(
      await this.run(at, actor, (uow) => this.recourse.cases.execute(uow, caseId, command)),
    )
  }

  private async due(limit: number, at?: Instant) {
    const rows = await this.recourse.database.db
      .select()
      .from(deadlines)
      .where(at === undefined ? undefined : lte(deadlines.dueAt, at))
      .orderBy(asc(deadlines.dueAt), asc(deadlines.aggregateId))
      .limit(limit)
    return rows
      .map((r) => ({ ...r, dueAt: fromDbTime(r.dueAt) }))
      .filter((r) => !this.fired.has(`${r.aggregateId}/${r.kind}/${r.dueAt}`))
  }

  async nextDue(): Promise<number | null> {
    const [first] = await this.due(this.fired.size + 1)
    return first === undefined ? null : Date.parse(first.dueAt)
  }

  async advanceTo(at: Instant): Promise<string[]> {
    const touched = new Set<string>()
    for (;;) {
      const [d] = await this.due(this.fired.size + 1, at)
      if (d === undefined) return [...touched]
      this.fired.add(`${d.aggregateId}/${d.kind}/${d.dueAt}`)
      const { orders, cancellations, cases, returns, credits } = this.recourse
      // The app's own table of expirers (recourse.ts): each aggregate type's deadlines go to its service.
      const expirers: Readonly<Record<string, Expirer>> = {
        order: orders,
        cancellation: cancellations,
        case: cases,
        return: returns,
        credit_account: credits,
      }
      const expirer = expirers[d.aggregateType]
      if (expirer === undefined) throw new Error(`no deadline handler for ${d.aggregateType}`)
      await this.run(d.dueAt, systemActor, (uow) =>
        expirer.expire(uow, d.aggregateId, d.kind, d.dueAt),
      )
      touched.add(await this.orderIdOf(d.aggregateType, d.aggregateId))
    }
  }

  private async orderIdOf(type: string, id: string): Promise<string> {
    if (type === 'cancellation') return (await this.cancellation(id))?.orderId ?? id
    if (type === 'case') return (await this.case(id))?.orderId ?? id
    return id
  }

  async order(orderId: string): Promise<Order | null> {
    const { state } = await loadAggregate(this.recourse.database.db, orderAggregate, orderId)
    return state.status === 'none' ? null : state
  }

  async case(caseId: string): Promise<Case | null> {
    const { state } = await loadAggregate(this.recourse.database.db, caseAggregate, caseId)
    return state.status === 'none' ? null : state
  }

  async cancellation(cancellationId: string): Promise<Cancellation | null> {
    const { state } = await loadAggregate(
      this.recourse.database.db,
      cancellationStream,
      cancellationId,
    )
    return state.status === 'none' ? null : state
  }
}
