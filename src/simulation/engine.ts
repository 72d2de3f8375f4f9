import { v5 as uuidv5 } from 'uuid'
import type { CancellationCommand } from '../domain/cancellation/commands.ts'
import { activeCancellationDeadline } from '../domain/cancellation/deadline.ts'
import { decideCancellation } from '../domain/cancellation/decide.ts'
import type { CancellationEvent } from '../domain/cancellation/events.ts'
import type { Cancellation, CancellationState } from '../domain/cancellation/state.ts'
import { evolveCancellation, initialCancellationState } from '../domain/cancellation/state.ts'
import type { CaseCommand } from '../domain/case/commands.ts'
import { scheduledCaseDeadline } from '../domain/case/deadline.ts'
import { decideCase } from '../domain/case/decide.ts'
import type { CaseEvent } from '../domain/case/events.ts'
import type { Case, CaseState } from '../domain/case/state.ts'
import { evolveCase, initialCaseState } from '../domain/case/state.ts'
import type { CaseDeadlineKind, EvidenceRef } from '../domain/case/vocabulary.ts'
import type { OrderCommand } from '../domain/order/commands.ts'
import { activeOrderDeadline, type OrderDeadlineKind } from '../domain/order/deadline.ts'
import { decideOrder } from '../domain/order/decide.ts'
import type { OrderEvent } from '../domain/order/events.ts'
import type { Order, OrderState } from '../domain/order/state.ts'
import { evolveOrder, initialOrderState } from '../domain/order/state.ts'
import type { Actor } from '../domain/shared/actor.ts'
import { systemActor } from '../domain/shared/actor.ts'
import type { Deadline, Decision, Rejection } from '../domain/shared/decider.ts'
import { fold, isRefused } from '../domain/shared/decider.ts'
import type {
  CancellationId,
  CaseId,
  EvidenceId,
  OrderId,
  OrderLineId,
  PolicyVersionId,
  UserId,
} from '../domain/shared/ids.ts'
import { MinHeap } from '../domain/shared/min-heap.ts'
import { minor, type Minor } from '../domain/shared/money.ts'
import type { Instant } from '../policy/time.ts'
import { addDuration, days, toMillis } from '../policy/time.ts'
import type { Policy } from '../policy/types.ts'
import type { BuyerCancelReason, SellerCancelReason } from '../policy/vocabulary.ts'
import type { OrderScript } from './behaviour.ts'

/**
 * Where a simulation's commands go. `PureEngine` runs them through the
 * deciders in memory (no database: this is what `recourse simulate` uses);
 * `AppEngine` (app-engine.ts) runs them through the real app on a database,
 * which the consistency test compares against. Both fire deadlines at their
 * due times, through the same deciders.
 */
export interface SimEngine {
  importOrder(at: Instant, script: OrderScript): Promise<Result>
  orderCommand(
    at: Instant,
    actor: Actor,
    orderId: string,
    command: Extract<OrderCommand, { type: 'ShipOrder' | 'MarkDelivered' | 'AcceptOrder' }>,
  ): Promise<Result>
  startCancellation(
    at: Instant,
    actor: Actor,
    orderId: string,
    reason: BuyerCancelReason | SellerCancelReason,
  ): Promise<Result>
  cancellationCommand(
    at: Instant,
    actor: Actor,
    cancellationId: string,
    command: Extract<CancellationCommand, { type: 'ApproveCancellation' | 'DeclineCancellation' }>,
  ): Promise<Result>
  openCase(at: Instant, actor: Actor, orderId: string, input: OpenCaseInput): Promise<Result>
  caseCommand(
    at: Instant,
    actor: Actor,
    caseId: string,
    command: Exclude<CaseCommand, { type: 'OpenCase' | 'ExpireDeadline' }>,
  ): Promise<Result>
  /** Fires, in due order and each at its due time, every deadline due by `at`; answers the orders touched. */
  advanceTo(at: Instant): Promise<string[]>
  /** When the next live deadline falls due (epoch ms), or null. */
  nextDue(): Promise<number | null>
  order(orderId: string): Promise<Order | null>
  case(caseId: string): Promise<Case | null>
  cancellation(cancellationId: string): Promise<Cancellation | null>
}

export type Result =
  { readonly ok: true; readonly id: string } | { readonly ok: false; readonly code: string }

export interface OpenCaseInput {
  readonly reason: Case['reason']
  readonly desiredOutcome: Case['desiredOutcome']
  readonly description: string
  readonly photo: { readonly sha256: string } | null
}

/** Events one command appended to one stream, as the store would keep them. */
export interface SimAppend {
  readonly streamType: 'order' | 'cancellation' | 'case'
  readonly streamId: string
  readonly events: readonly { readonly type: string; readonly data: unknown }[]
  readonly actor: Actor
  readonly at: Instant
}

const NAMESPACE = 'f3b1c6a2-5d2e-4b7a-9c41-0e8f7d6a5b39'
/** Deterministic ids: the same seed gives the same ids on every run. */
export const simId = <T extends string>(...parts: readonly (string | number)[]): T =>
  uuidv5(parts.join('/'), NAMESPACE) as T

const SIM_POLICY_VERSION = simId<PolicyVersionId>('policy')

interface LiveDeadline {
  readonly type: 'order' | 'cancellation' | 'case'
  readonly id: string
  readonly kind: string
  readonly dueAt: Instant
  readonly dueMs: number
  readonly seq: number
}

/** Deadlines by due time, then by when they were set (so ties fire in a stable order). */
const firesBefore = (a: LiveDeadline, b: LiveDeadline): boolean =>
  a.dueMs < b.dueMs || (a.dueMs === b.dueMs && a.seq < b.seq)

class Refusal extends Error {
  constructor(readonly rejection: Rejection) {
    super(rejection.code)
  }
}

type AnyState = OrderState | CancellationState | CaseState

/**
 * The deciders in memory, wired as the app's services wire them: an approved
 * cancellation cancels its order, a case notes itself on its order, a refused
 * step undoes the whole command. One policy for everything (the simulated
 * marketplace runs on one version).
 */
export class PureEngine implements SimEngine {
  private readonly orders = new Map<string, OrderState>()
  private readonly cancellations = new Map<string, CancellationState>()
  private readonly cases = new Map<string, CaseState>()
  private readonly orderOf = new Map<string, string>()
  private readonly live = new Map<string, LiveDeadline>()
  private readonly heap = new MinHeap(firesBefore)
  private seq = 0
  private counter = 0

  constructor(
    private readonly policy: Policy,
    private readonly sink: (append: SimAppend) => void,
  ) {}

  async order(orderId: string): Promise<Order | null> {
    const s = this.orders.get(orderId)
    return s === undefined || s.status === 'none' ? null : s
  }

  async case(caseId: string): Promise<Case | null> {
    const s = this.cases.get(caseId)
    return s === undefined || s.status === 'none' ? null : s
  }

  async cancellation(id: string): Promise<Cancellation | null> {
    const s = this.cancellations.get(id)
    return s === undefined || s.status === 'none' ? null : s
  }

  /** Runs one command: stages appends, and commits them only if nothing in it was refused. */
  private run(at: Instant, actor: Actor, work: (tx: Tx) => string): Result {
    const tx = new Tx(this, at, actor)
    try {
      const id = work(tx)
      this.commit(tx)
      return { ok: true, id }
    } catch (error) {
      if (error instanceof Refusal) return { ok: false, code: error.rejection.code }
      throw error
    }
  }

  private commit(tx: Tx): void {
    for (const a of tx.appends) {
      const store = this.storeOf(a.streamType)
      store.set(a.streamId, a.state)
      this.sink({
        streamType: a.streamType,
        streamId: a.streamId,
        events: a.events,
        actor: tx.actor,
        at: tx.at,
      })
      this.schedule(a.streamType, a.streamId, a.state)
    }
  }

  private storeOf(type: 'order' | 'cancellation' | 'case'): Map<string, AnyState> {
    return type === 'order'
      ? this.orders
      : type === 'cancellation'
        ? this.cancellations
        : this.cases
  }

  private schedule(type: LiveDeadline['type'], id: string, state: AnyState): void {
    const deadline: Deadline | null =
      type === 'order'
        ? activeOrderDeadline(state as OrderState, this.policy)
        : type === 'cancellation'
          ? activeCancellationDeadline(state as CancellationState)
          : scheduledCaseDeadline(state as CaseState)
    const prior = this.live.get(id)
    if (deadline === null) {
      this.live.delete(id)
      return
    }
    if (prior && prior.kind === deadline.kind && prior.dueAt === deadline.dueAt) return
    const entry: LiveDeadline = {
      type,
      id,
      kind: deadline.kind,
      dueAt: deadline.dueAt,
      dueMs: toMillis(deadline.dueAt),
      seq: this.seq++,
    }
    this.live.set(id, entry)
    this.heap.push(entry)
  }

  async nextDue(): Promise<number | null> {
    for (let top = this.heap.peek(); top; top = this.heap.peek()) {
      if (this.live.get(top.id) === top) return top.dueMs
      this.heap.pop()
    }
    return null
  }

  async advanceTo(at: Instant): Promise<string[]> {
    const touched = new Set<string>()
    const until = toMillis(at)
    for (let top = this.heap.peek(); top && top.dueMs <= until; top = this.heap.peek()) {
      this.heap.pop()
      if (this.live.get(top.id) !== top) continue
      this.live.delete(top.id)
      const orderId = this.orderOf.get(top.id) ?? top.id
      touched.add(orderId)
      const d = top
      this.run(d.dueAt, systemActor, (tx) => {
        const expire = { type: 'ExpireDeadline' as const, kind: d.kind, dueAt: d.dueAt }
        if (d.type === 'order') tx.order(d.id, { ...expire, kind: d.kind as OrderDeadlineKind })
        else if (d.type === 'cancellation') tx.cancellation(d.id, expire as CancellationCommand)
        else tx.case(d.id, { ...expire, kind: d.kind as CaseDeadlineKind })
        return d.id
      })
      // A refused or no-op expiry drops the deadline: firing it again at the same time would change nothing.
    }
    return [...touched]
  }

  async importOrder(at: Instant, s: OrderScript): Promise<Result> {
    const orderId = simId<OrderId>('order', s.externalRef)
    return this.run(at, { kind: 'integration', id: 'simulation' }, (tx) => {
      tx.order(orderId, {
        type: 'ImportOrder',
        orderId,
        externalRef: s.externalRef,
        buyerId: s.buyerId as UserId,
        sellerId: s.sellerId as UserId,
        currency: 'USD',
        lines: s.lines.map((l) => ({
          lineId: l.lineId as OrderLineId,
          quantity: l.quantity,
          unitPrice: minor(l.unitPrice),
          listing: l.listing,
        })),
        shippingAmount: minor(s.shippingAmount),
        taxAmount: minor(0),
        total: minor(s.total),
        payment: { method: 'card', card: minor(s.total), credit: minor(0), capturedAt: at },
        purchasedAt: at,
        ...(s.handlingDays === null ? {} : { shipBy: shipByFor(at, s.handlingDays, this.policy) }),
        policyVersionId: SIM_POLICY_VERSION,
      })
      return orderId
    })
  }

  async orderCommand(
    at: Instant,
    actor: Actor,
    orderId: string,
    command: Extract<OrderCommand, { type: 'ShipOrder' | 'MarkDelivered' | 'AcceptOrder' }>,
  ): Promise<Result> {
    return this.run(at, actor, (tx) => {
      tx.order(orderId, command)
      return orderId
    })
  }

  async startCancellation(
    at: Instant,
    actor: Actor,
    orderId: string,
    reason: BuyerCancelReason | SellerCancelReason,
  ): Promise<Result> {
    const cancellationId = simId<CancellationId>('cancellation', orderId, this.counter++)
    return this.run(at, actor, (tx) => {
      const type = actor.kind === 'seller' ? 'CancelBySeller' : 'RequestCancellation'
      this.orderOf.set(cancellationId, orderId)
      tx.cancellation(
        cancellationId,
        { type, cancellationId, reason, policyVersionId: SIM_POLICY_VERSION },
        orderId,
      )
      return cancellationId
    })
  }

  async cancellationCommand(
    at: Instant,
    actor: Actor,
    cancellationId: string,
    command: Extract<CancellationCommand, { type: 'ApproveCancellation' | 'DeclineCancellation' }>,
  ): Promise<Result> {
    return this.run(at, actor, (tx) => {
      tx.cancellation(cancellationId, command)
      return cancellationId
    })
  }

  async openCase(
    at: Instant,
    actor: Actor,
    orderId: string,
    input: OpenCaseInput,
  ): Promise<Result> {
    const caseId = simId<CaseId>('case', orderId, this.counter++)
    const evidence: EvidenceRef[] =
      input.photo === null
        ? []
        : [
            {
              evidenceId: simId<EvidenceId>('evidence', caseId),
              kind: 'file',
              file: {
                sha256: input.photo.sha256,
                mediaType: 'image/jpeg',
                size: 48_213,
                name: 'photo.jpg',
              },
            },
          ]
    return this.run(at, actor, (tx) => {
      this.orderOf.set(caseId, orderId)
      tx.case(
        caseId,
        {
          type: 'OpenCase',
          caseId,
          reason: input.reason,
          desiredOutcome: input.desiredOutcome,
          description: input.description,
          ...(evidence.length > 0 ? { evidence } : {}),
        },
        orderId,
      )
      return caseId
    })
  }

  async caseCommand(
    at: Instant,
    actor: Actor,
    caseId: string,
    command: Exclude<CaseCommand, { type: 'OpenCase' | 'ExpireDeadline' }>,
  ): Promise<Result> {
    return this.run(at, actor, (tx) => {
      tx.case(caseId, command)
      return caseId
    })
  }

  /** What a `Tx` reads: committed state, overlaid by its own staged appends. */
  stateOf(type: 'order' | 'cancellation' | 'case', id: string): AnyState | undefined {
    return this.storeOf(type).get(id)
  }

  openCancellationOf(orderId: string, except: string, tx: Tx): CancellationId | undefined {
    for (const [id, state] of this.cancellations) {
      const s = tx.staged('cancellation', id) ?? state
      if (id !== except && s.status === 'requested' && s.orderId === orderId)
        return id as CancellationId
    }
    return undefined
  }

  /** The order's total less every refund its cases made due (what the app computes before the ledger). */
  refundable(order: Order, tx: Tx): Minor {
    let refunded = 0
    for (const caseId of order.caseIds) {
      const c = tx.staged<CaseState>('case', caseId) ?? this.cases.get(caseId)
      if (c !== undefined && c.status !== 'none')
        refunded += c.refunds.reduce((s, r) => s + r.amount, 0)
    }
    return minor(Math.max(0, order.total - refunded))
  }

  get policyInForce(): Policy {
    return this.policy
  }
}

/** The ship-by the marketplace sends for a seller declaring `handlingDays`: that many calendar days after purchase. */
export const shipByFor = (at: Instant, handlingDays: number, policy: Policy): Instant =>
  addDuration(at, days(handlingDays), policy.calendar)

interface Staged {
  readonly streamType: 'order' | 'cancellation' | 'case'
  readonly streamId: string
  state: AnyState
  events: { readonly type: string; readonly data: unknown }[]
}

/** One command's writes, kept aside until it succeeds. */
class Tx {
  readonly appends: Staged[] = []

  constructor(
    private readonly engine: PureEngine,
    readonly at: Instant,
    readonly actor: Actor,
  ) {}

  staged<S extends AnyState>(type: Staged['streamType'], id: string): S | undefined {
    return this.appends.find((a) => a.streamType === type && a.streamId === id)?.state as
      S | undefined
  }

  private current<S extends AnyState>(type: Staged['streamType'], id: string, initial: S): S {
    return this.staged<S>(type, id) ?? (this.engine.stateOf(type, id) as S | undefined) ?? initial
  }

  private append<S extends AnyState, E extends { type: string; data: unknown }>(
    type: Staged['streamType'],
    id: string,
    state: S,
    decision: Decision<E, Rejection>,
    evolve: (s: S, e: E) => S,
  ): readonly E[] {
    if (isRefused(decision)) throw new Refusal(decision.refused)
    if (decision.length === 0) return decision
    const next = fold(evolve, state, decision)
    const existing = this.appends.find((a) => a.streamType === type && a.streamId === id)
    if (existing) {
      existing.state = next
      existing.events.push(...decision)
    } else this.appends.push({ streamType: type, streamId: id, state: next, events: [...decision] })
    return decision
  }

  private meta() {
    return { now: this.at, actor: this.actor }
  }

  order(orderId: string, command: OrderCommand): readonly OrderEvent[] {
    const state = this.current<OrderState>('order', orderId, initialOrderState)
    if (state.status === 'none' && command.type !== 'ImportOrder')
      throw new Refusal({ code: 'NOT_FOUND', resource: 'order' })
    const policy = this.engine.policyInForce
    return this.append(
      'order',
      orderId,
      state,
      decideOrder(command, state, { meta: this.meta(), policy }),
      evolveOrder,
    )
  }

  private orderFor(orderId: string): Order {
    const order = this.current<OrderState>('order', orderId, initialOrderState)
    if (order.status === 'none') throw new Refusal({ code: 'NOT_FOUND', resource: 'order' })
    return order
  }

  cancellation(
    id: string,
    command: CancellationCommand,
    orderIdForNew?: string,
  ): readonly CancellationEvent[] {
    const state = this.current<CancellationState>('cancellation', id, initialCancellationState)
    const orderId = state.status === 'none' ? orderIdForNew : state.orderId
    if (orderId === undefined) throw new Refusal({ code: 'NOT_FOUND', resource: 'cancellation' })
    const order = this.orderFor(orderId)
    const open = this.engine.openCancellationOf(orderId, id, this)
    const events = this.append(
      'cancellation',
      id,
      state,
      decideCancellation(command, state, {
        meta: this.meta(),
        policy: this.engine.policyInForce,
        order,
        ...(open !== undefined ? { openCancellationId: open } : {}),
      }),
      evolveCancellation,
    )
    const approved = events.find((e) => e.type === 'CancellationApproved')
    if (approved)
      this.order(orderId, { type: 'CancelOrder', cancellationId: approved.data.cancellationId })
    return events
  }

  case(id: string, command: CaseCommand, orderIdForNew?: string): readonly CaseEvent[] {
    const state = this.current<CaseState>('case', id, initialCaseState)
    const orderId = state.status === 'none' ? orderIdForNew : state.orderId
    if (orderId === undefined) throw new Refusal({ code: 'NOT_FOUND', resource: 'case' })
    const order = this.orderFor(orderId)
    const policy = state.status === 'none' ? this.engine.policyInForce : state.policy
    const openCaseId = order.openCaseId
    const events = this.append(
      'case',
      id,
      state,
      decideCase(command, state, {
        meta: this.meta(),
        policy,
        order,
        refundable: this.engine.refundable(order, this),
        ...(openCaseId !== null && openCaseId !== id ? { openCaseId } : {}),
      }),
      evolveCase,
    )
    for (const e of events) {
      if (e.type === 'CaseOpened')
        this.order(orderId, { type: 'NoteCaseOpened', caseId: id as CaseId })
      if (e.type === 'CaseClosed')
        this.order(orderId, { type: 'NoteCaseClosed', caseId: id as CaseId })
    }
    return events
  }
}
