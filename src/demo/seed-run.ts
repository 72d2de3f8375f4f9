import type { CancellationView } from '../app/cancellations/queries.ts'
import type { Clock } from '../app/clock.ts'
import type { Outcome } from '../app/command-runner.ts'
import type { OrderView } from '../app/orders/queries.ts'
import type { Recourse } from '../app/recourse.ts'
import type { Actor } from '../domain/shared/actor.ts'
import { systemActor } from '../domain/shared/actor.ts'
import type { Deadline } from '../domain/shared/decider.ts'
import { asId, type UserId } from '../domain/shared/ids.ts'
import { MinHeap } from '../domain/shared/min-heap.ts'
import type { Instant } from '../policy/time.ts'
import { toMillis } from '../policy/time.ts'
import type { DueDeadline } from '../scheduler/deadline-runner.ts'
import { DeadlineRunner } from '../scheduler/deadline-runner.ts'
import type { UnitOfWork } from '../store/event-store.ts'
import type { OrderPlan, SeedStep } from './seed-plan.ts'

/** What a seeding run did. */
export interface SeedRunResult {
  readonly orders: number
  /** Commands executed, including the deadlines the scheduler fired. */
  readonly commands: number
  readonly deadlinesFired: number
  /** Commands the domain refused; a correct plan has none. By code, for the message. */
  readonly refused: number
  readonly refusals: Readonly<Record<string, number>>
}

export interface SeedRunOptions {
  /** Commands of different orders run at once within a batch (PostgreSQL benefits; PGlite is one session). */
  readonly concurrency: number
  readonly onProgress?: (done: number, total: number) => void
}

interface Expirer {
  expire(uow: UnitOfWork, id: string, kind: string, dueAt: Instant): Promise<Outcome<unknown>>
}

/** The integration pushes orders and delivery scans. */
const integration: Actor = { kind: 'integration', id: 'seed' }

/** A clock that always answers `at`: each command of the seed runs at its own historical time. */
const clockAt = (at: Instant): Clock => ({ sandbox: false, now: async () => at })

interface Event {
  readonly atMs: number
  readonly plan: number
  readonly step: SeedStep
}

/**
 * Deadlines the seed is waiting for, earliest first, kept from the views the
 * commands return, so the runner sweeps only when one is due instead of
 * before every command. Entries may be stale (the database is the truth): a
 * sweep at `t` settles everything due by `t`.
 */
class DueTimes {
  private readonly due = new Map<string, number>()
  private readonly heap = new MinHeap<readonly [number, string]>((a, b) => a[0] < b[0])

  set(aggregateId: string, deadline: Deadline | null): void {
    if (!deadline) {
      this.due.delete(aggregateId)
      return
    }
    const ms = toMillis(deadline.dueAt)
    this.due.set(aggregateId, ms)
    this.heap.push([ms, aggregateId])
  }

  forget(aggregateId: string): void {
    this.due.delete(aggregateId)
  }

  /** The earliest live due time, or Infinity. */
  next(): number {
    for (;;) {
      const top = this.heap.peek()
      if (!top) return Infinity
      if (this.due.get(top[1]) === top[0]) return top[0]
      this.heap.pop()
    }
  }

  /** Drops everything due by `ms` (a sweep at `ms` fired it). */
  settle(ms: number): void {
    for (let top = this.heap.peek(); top && top[0] <= ms; top = this.heap.peek()) {
      if (this.due.get(top[1]) === top[0]) this.due.delete(top[1])
      this.heap.pop()
    }
  }
}

/**
 * Replays plans through the real command path on a virtual clock: every step
 * is a command run by a `CommandRunner` whose clock says the step's time, and
 * before time passes a deadline, the scheduler's `DeadlineRunner` claims it
 * and fires it at its due time, through the same handlers the scheduler uses.
 *
 * The app's own scheduler (`recourse.deadlines`) dispatches through
 * `recourse.runner`, whose clock is the real (or sandbox) one, so a deadline
 * fired there would carry today's date; this runner builds a dispatcher with
 * a clock pinned to each deadline's due time instead.
 */
export const runPlans = async (
  recourse: Recourse,
  plans: readonly OrderPlan[],
  end: Instant,
  options: SeedRunOptions,
): Promise<SeedRunResult> => {
  const { database, orders, cancellations } = recourse
  const runAt = <T>(
    at: Instant,
    actor: Actor,
    handler: (uow: UnitOfWork) => Promise<Outcome<T>>,
  ): Promise<Outcome<T>> =>
    // Every reactor but messaging: the read models and the ledger follow history, nobody is notified of it.
    recourse.runner.at(clockAt(at), { without: [recourse.messaging.reactor] }).run(actor, handler)

  const due = new DueTimes()
  const orderIds = new Map<number, string>()
  const cancellationIds = new Map<number, string>()
  const refusals: Record<string, number> = {}
  let commands = 0
  let deadlinesFired = 0

  const note = (outcome: Outcome<OrderView | CancellationView>, what: string): void => {
    commands++
    if (!outcome.ok) {
      const key = `${what}: ${outcome.rejection.code}`
      refusals[key] = (refusals[key] ?? 0) + 1
      return
    }
    const view = outcome.value
    if ('requestedBy' in view) {
      due.set(view.cancellationId, view.deadline)
      // An approved cancellation cancelled the order in the same transaction: its deadline is gone.
      if (view.status === 'approved') due.forget(view.orderId)
    } else {
      due.set(view.id, view.deadline)
    }
  }

  // The app's own table of expirers (recourse.ts): each aggregate type's deadlines go to its service.
  const expirers: Readonly<Record<string, Expirer>> = {
    order: orders,
    cancellation: cancellations,
    case: recourse.cases,
    return: recourse.returns,
    credit_account: recourse.credits,
  }
  const dispatch = async (d: DueDeadline): Promise<void> => {
    deadlinesFired++
    const expirer = expirers[d.aggregateType]
    if (expirer === undefined)
      throw new Error(`no deadline handler for aggregate type ${d.aggregateType}`)
    const outcome = await runAt(d.dueAt, systemActor, (uow) =>
      expirer.expire(uow, d.aggregateId, d.kind, d.dueAt),
    )
    if (d.aggregateType === 'order' || d.aggregateType === 'cancellation')
      note(outcome as Outcome<OrderView | CancellationView>, `deadline ${d.kind}`)
    else {
      commands++
      if (!outcome.ok) {
        const key = `deadline ${d.kind}: ${outcome.rejection.code}`
        refusals[key] = (refusals[key] ?? 0) + 1
      }
    }
  }
  // One deadline at a time, in due order: a cancellation's seller-silence
  // answer and its order's own deadline then always fire in the same order,
  // so a seed gives the same history on every run.
  const scheduler = new DeadlineRunner(database, dispatch, { concurrency: 1 })

  const fireDue = async (ms: number): Promise<void> => {
    for (let guard = 0; due.next() <= ms; guard++) {
      if (guard > 1000)
        throw new Error('deadlines keep falling due: a deadline the decider does not consume?')
      due.settle(ms)
      await scheduler.sweep(new Date(ms).toISOString() as Instant)
    }
  }

  const execute = async (e: Event): Promise<void> => {
    const plan = plans[e.plan]
    if (!plan) throw new Error(`no plan ${e.plan}`)
    const { step } = e
    const buyer: Actor = { kind: 'buyer', id: asId<UserId>(plan.buyerId) }
    const seller: Actor = { kind: 'seller', id: asId<UserId>(plan.sellerId) }
    const orderId = (): string => {
      const id = orderIds.get(e.plan)
      if (id === undefined) throw new Error(`${plan.externalRef}: ${step.kind} before import`)
      return id
    }
    const cancellationId = (): string => {
      const id = cancellationIds.get(e.plan)
      if (id === undefined)
        throw new Error(`${plan.externalRef}: ${step.kind} without a cancellation`)
      return id
    }
    switch (step.kind) {
      case 'import': {
        const outcome = await runAt(step.at, integration, (uow) => orders.import(uow, step.input))
        if (outcome.ok) orderIds.set(e.plan, outcome.value.id)
        note(outcome, step.kind)
        return
      }
      case 'ship':
        note(
          await runAt(step.at, seller, (uow) =>
            orders.execute(uow, orderId(), {
              type: 'ShipOrder',
              carrier: step.carrier,
              trackingNumber: step.trackingNumber,
            }),
          ),
          step.kind,
        )
        return
      case 'deliver':
        note(
          await runAt(step.at, integration, (uow) =>
            orders.execute(uow, orderId(), { type: 'MarkDelivered' }),
          ),
          step.kind,
        )
        return
      case 'accept':
        note(
          await runAt(step.at, buyer, (uow) =>
            orders.execute(uow, orderId(), { type: 'AcceptOrder' }),
          ),
          step.kind,
        )
        return
      case 'buyer_cancel':
      case 'seller_cancel': {
        const actor = step.kind === 'buyer_cancel' ? buyer : seller
        const input = {
          reason: step.reason,
          ...(step.note !== undefined ? { note: step.note } : {}),
        }
        const outcome = await runAt(step.at, actor, (uow) =>
          cancellations.start(uow, orderId(), input),
        )
        if (outcome.ok) cancellationIds.set(e.plan, outcome.value.id)
        note(outcome, step.kind)
        return
      }
      case 'approve':
        note(
          await runAt(step.at, seller, (uow) =>
            cancellations.execute(uow, cancellationId(), { type: 'ApproveCancellation' }),
          ),
          step.kind,
        )
        return
      case 'decline':
        note(
          await runAt(step.at, seller, (uow) =>
            cancellations.execute(uow, cancellationId(), {
              type: 'DeclineCancellation',
              reason: step.reason,
            }),
          ),
          step.kind,
        )
        return
    }
  }

  const events: Event[] = plans
    .flatMap((p, plan) => p.steps.map((step) => ({ atMs: toMillis(step.at), plan, step })))
    .sort((a, b) => a.atMs - b.atMs || a.plan - b.plan)
  const total = events.length
  const maxBatch = Math.max(1, options.concurrency * 8)
  let doneCount = 0
  for (let i = 0; i < events.length;) {
    const first = events[i]
    if (!first) break
    await fireDue(first.atMs)
    // A batch: consecutive events of distinct orders before the next due
    // deadline. Orders are independent, so running them at once changes
    // nothing but the speed; one order's steps always run in turn.
    const limit = due.next()
    const batch: Event[] = []
    const inBatch = new Set<number>()
    for (let e = events[i]; e && batch.length < maxBatch; e = events[i]) {
      if (inBatch.has(e.plan) || (batch.length > 0 && e.atMs >= limit)) break
      batch.push(e)
      inBatch.add(e.plan)
      i++
    }
    let next = 0
    const worker = async (): Promise<void> => {
      for (let e = batch[next++]; e; e = batch[next++]) {
        await execute(e)
        options.onProgress?.(++doneCount, total)
      }
    }
    await Promise.all(Array.from({ length: Math.min(options.concurrency, batch.length) }, worker))
  }
  await fireDue(toMillis(end))
  // Anything due that the views did not announce (rows from earlier runs) fires too.
  await scheduler.sweep(end)
  const refused = Object.values(refusals).reduce((s, n) => s + n, 0)
  return { orders: orderIds.size, commands, deadlinesFired, refused, refusals }
}
