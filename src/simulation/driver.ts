import type { Case } from '../domain/case/state.ts'
import type { DecisionId } from '../domain/case/vocabulary.ts'
import type { Actor } from '../domain/shared/actor.ts'
import type { OfferId, UserId } from '../domain/shared/ids.ts'
import { MinHeap } from '../domain/shared/min-heap.ts'
import { minor } from '../domain/shared/money.ts'
import type { Instant } from '../policy/time.ts'
import { addDuration, addHours, instant, toMillis } from '../policy/time.ts'
import type { OrderScript } from './behaviour.ts'
import type { Result, SimEngine } from './engine.ts'
import { simId } from './engine.ts'

/**
 * Plays order scripts against an engine on a virtual clock. Steps run in
 * time order across all orders; before each, the engine fires the deadlines
 * due by then at their due times. What a person does next depends on what
 * the policy let happen: a buyer escalates only a disputed case, an agent
 * decides only an escalated one, a return ships only if one was required.
 */

/** Steps on the order and its cancellation. */
export type OrderStepKind =
  | 'import'
  | 'buyer_cancel'
  | 'seller_cancel'
  | 'buyer_right'
  | 'seller_answer'
  | 'ship'
  | 'deliver'
  | 'accept'
  | 'claim'

/** Steps on an open case. */
const caseStepKinds = [
  'seller_respond',
  'buyer_answer_offer',
  'buyer_escalate',
  'agent_decide',
  'return_outcome',
] as const
export type CaseStepKind = (typeof caseStepKinds)[number]

export type StepKind = OrderStepKind | CaseStepKind

const isCaseStep = (kind: StepKind): kind is CaseStepKind =>
  (caseStepKinds as readonly string[]).includes(kind)

interface Step {
  readonly atMs: number
  readonly seq: number
  readonly order: number
  readonly kind: StepKind
}

/** What the driver reports about each step it tried (refusals included). */
export interface StepReport {
  readonly kind: StepKind
  readonly at: Instant
  readonly order: number
  readonly result: Result
}

/** The aggregates each script ended up with (the last cancellation and the case, if any). */
export interface RunIds {
  readonly externalRef: string
  readonly orderId: string | null
  readonly cancellationId: string | null
  readonly caseId: string | null
}

export interface DriverOptions {
  /** Called for every step tried, refused or not. */
  readonly onStep?: (report: StepReport) => void
  /** After the last step, deadlines keep firing until this long after the last purchase. @default 200 days */
  readonly settleDays?: number
  /**
   * Nothing later than this happens: steps and deadlines after it are left
   * undone, so cases stay open as they would be at that moment (the seed
   * ends its history at the app's clock). @default no limit
   */
  readonly until?: Instant
}

/** How long a return is in transit and how long the seller takes to inspect it, in hours. */
const RETURN_TRANSIT_HOURS = 72
const RETURN_INSPECTION_HOURS = 24

/** Steps in time order; steps due at the same time run in the order they were queued. */
class StepQueue {
  private readonly heap = new MinHeap<Step>(
    (a, b) => a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq),
  )
  private seq = 0

  push(atMs: number, order: number, kind: StepKind): void {
    this.heap.push({ atMs, seq: this.seq++, order, kind })
  }

  pop(): Step | undefined {
    return this.heap.pop()
  }

  peek(): Step | undefined {
    return this.heap.peek()
  }
}

interface OrderRun {
  /** Where the run sits in this driver's list (steps refer to it). */
  readonly position: number
  readonly script: OrderScript
  readonly buyer: Actor
  readonly seller: Actor
  orderId: string | null
  cancellationId: string | null
  caseId: string | null
  /** Reactions already scheduled, so each happens once (`escalate`, `decide`, `offer:<id>`…). */
  readonly scheduled: Set<string>
}

const agent: Actor = { kind: 'agent', id: 'agent-simulated' as UserId }
const integration: Actor = { kind: 'integration', id: 'simulation' }

export const runScripts = async (
  engine: SimEngine,
  scripts: readonly OrderScript[],
  options: DriverOptions = {},
): Promise<RunIds[]> => {
  const queue = new StepQueue()
  const runs = scripts.map((script, position): OrderRun => ({
    position,
    script,
    buyer: { kind: 'buyer', id: script.buyerId as UserId },
    seller: { kind: 'seller', id: script.sellerId as UserId },
    orderId: null,
    cancellationId: null,
    caseId: null,
    scheduled: new Set(),
  }))
  const byOrderId = new Map<string, number>()
  const at = (ms: number): Instant => instant(ms)
  const later = (from: Instant | string, hours: number): number =>
    toMillis(from as Instant) + hours * 3_600_000
  const once = (run: OrderRun, key: string, atMs: number, kind: StepKind): void => {
    if (run.scheduled.has(key)) return
    run.scheduled.add(key)
    queue.push(atMs, run.position, kind)
  }

  /** What people do next, given where the order and its case now stand. */
  const react = async (i: number): Promise<void> => {
    const run = runs[i]
    if (run === undefined || run.orderId === null) return
    const s = run.script
    const order = await engine.order(run.orderId)
    if (order === null) return
    if (order.shipments[0] && s.transitHours !== null)
      once(run, 'deliver', later(order.shipments[0].shippedAt, s.transitHours), 'deliver')
    if (s.claim !== null && run.caseId === null) {
      if (order.deliveredAt !== null)
        once(run, 'claim', later(order.deliveredAt, s.claim.afterHours), 'claim')
      else if (s.transitHours === null && order.shipments.length > 0)
        once(run, 'claim', later(order.estimatedDeliveryAt, s.claim.afterHours), 'claim')
    }
    if (order.deliveredAt !== null && s.acceptAfterHours !== null)
      once(run, 'accept', later(order.deliveredAt, s.acceptAfterHours), 'accept')
    if (run.cancellationId !== null && s.sellerAnswer.kind !== 'silence') {
      const c = await engine.cancellation(run.cancellationId)
      if (c?.status === 'requested')
        once(
          run,
          `answer:${c.cancellationId}`,
          later(c.requestedAt, s.sellerAnswer.afterHours),
          'seller_answer',
        )
    }
    if (run.caseId === null || s.claim === null) return
    const c = await engine.case(run.caseId)
    if (c === null) return
    const claim = s.claim
    if (claim.seller.respondAfterHours !== null)
      once(run, 'respond', later(c.openedAt, claim.seller.respondAfterHours), 'seller_respond')
    const pending = c.offers.find((o) => o.status === 'pending' && o.by === 'seller')
    if (c.status === 'awaiting_buyer' && pending)
      once(
        run,
        `offer:${pending.offerId}`,
        later(pending.madeAt, claim.buyer.answerAfterHours),
        'buyer_answer_offer',
      )
    if (
      c.status === 'awaiting_buyer' &&
      !pending &&
      claim.buyer.escalateAfterHours !== null &&
      c.escalationWindowFrom !== null
    )
      once(
        run,
        'escalate',
        later(c.escalationWindowFrom, claim.buyer.escalateAfterHours),
        'buyer_escalate',
      )
    if ((c.status === 'escalated' || c.status === 'awaiting_info') && c.escalatedAt !== null)
      once(run, 'decide', later(c.escalatedAt, claim.agent.decideAfterHours), 'agent_decide')
    if (c.followUp?.kind === 'return' && c.followUp.status === 'running')
      once(
        run,
        `return:${c.followUp.key}`,
        returnOutcomeAt(c, claim.buyer.returnShipAfterHours),
        'return_outcome',
      )
  }

  const step = async (run: OrderRun, kind: StepKind, now: Instant): Promise<Result | null> =>
    isCaseStep(kind) ? caseStep(run, kind, now) : orderStep(run, kind, now)

  const orderStep = async (
    run: OrderRun,
    kind: OrderStepKind,
    now: Instant,
  ): Promise<Result | null> => {
    const s = run.script
    const orderId = run.orderId
    if (kind === 'import') {
      const result = await engine.importOrder(now, s)
      if (result.ok) {
        run.orderId = result.id
        byOrderId.set(result.id, run.position)
        const p = run.position
        queue.push(later(s.purchasedAt, s.shipAfterHours), p, 'ship')
        if (s.buyerCancel)
          queue.push(later(s.purchasedAt, s.buyerCancel.afterHours), p, 'buyer_cancel')
        if (s.sellerCancel)
          queue.push(later(s.purchasedAt, s.sellerCancel.afterHours), p, 'seller_cancel')
        if (s.rightAfterHours !== null)
          queue.push(later(s.purchasedAt, s.rightAfterHours), p, 'buyer_right')
      }
      return result
    }
    if (orderId === null) return null
    const order = await engine.order(orderId)
    if (order === null) return null
    switch (kind) {
      case 'ship':
        if (order.status !== 'awaiting_shipment') return null
        return engine.orderCommand(now, run.seller, orderId, {
          type: 'ShipOrder',
          carrier: s.carrier,
          trackingNumber: s.trackingNumber,
        })
      case 'deliver':
        if (order.status !== 'shipped') return null
        return engine.orderCommand(now, integration, orderId, { type: 'MarkDelivered' })
      case 'accept':
        if (order.status !== 'delivered' || order.openCaseId !== null) return null
        return engine.orderCommand(now, run.buyer, orderId, { type: 'AcceptOrder' })
      case 'buyer_cancel':
      case 'seller_cancel':
      case 'buyer_right': {
        if (order.status !== 'awaiting_shipment') return null
        if (kind === 'buyer_right' && run.cancellationId !== null) {
          const prior = await engine.cancellation(run.cancellationId)
          if (prior?.status === 'requested') return null
        }
        const actor = kind === 'seller_cancel' ? run.seller : run.buyer
        const reason =
          kind === 'buyer_cancel'
            ? s.buyerCancel?.reason
            : kind === 'seller_cancel'
              ? s.sellerCancel?.reason
              : 'seller_not_shipped'
        if (reason === undefined) return null
        const result = await engine.startCancellation(now, actor, orderId, reason)
        if (result.ok) run.cancellationId = result.id
        return result
      }
      case 'seller_answer': {
        if (run.cancellationId === null) return null
        const c = await engine.cancellation(run.cancellationId)
        if (c?.status !== 'requested') return null
        return engine.cancellationCommand(
          now,
          run.seller,
          run.cancellationId,
          s.sellerAnswer.kind === 'approve'
            ? { type: 'ApproveCancellation' }
            : { type: 'DeclineCancellation', reason: 'Already packed; it ships today.' },
        )
      }
      case 'claim': {
        if (s.claim === null || run.caseId !== null) return null
        const result = await engine.openCase(now, run.buyer, orderId, {
          reason: s.claim.reason,
          desiredOutcome: s.claim.desiredOutcome,
          description: `Simulated claim: ${s.claim.reason.replaceAll('_', ' ')}.`,
          photo: s.claim.photo,
        })
        if (result.ok) run.caseId = result.id
        return result
      }
    }
  }

  const caseStep = async (
    run: OrderRun,
    kind: CaseStepKind,
    now: Instant,
  ): Promise<Result | null> => {
    const claim = run.script.claim
    if (run.caseId === null || claim === null) return null
    const caseId = run.caseId
    const c = await engine.case(caseId)
    if (c === null || c.status === 'closed') return null
    switch (kind) {
      case 'seller_respond': {
        const response = claim.seller.response
        const accepting = response === 'accept_refund' || response === 'accept_return'
        // A seller who answers after the case escalated can still accept the claim, not argue it.
        if (c.respondedAt !== null || (c.status !== 'awaiting_seller' && !accepting)) return null
        if (accepting) {
          const resolution =
            response === 'accept_return' && c.reason !== 'not_received' ? 'return' : 'refund'
          return engine.caseCommand(now, run.seller, caseId, { type: 'AcceptClaim', resolution })
        }
        if (response === 'dispute')
          return engine.caseCommand(now, run.seller, caseId, {
            type: 'DisputeClaim',
            statement: 'The item was as described in the listing.',
          })
        const amount = Math.max(1, Math.round((c.claimedAmount * claim.seller.offerPercent) / 100))
        return engine.caseCommand(now, run.seller, caseId, {
          type: 'MakeOffer',
          offerId: simId<OfferId>('offer', caseId, 1),
          terms: { kind: 'partial_refund', amount: minor(amount) },
        })
      }
      case 'buyer_answer_offer': {
        const pending = c.offers.find((o) => o.status === 'pending' && o.by === 'seller')
        if (c.status !== 'awaiting_buyer' || pending === undefined) return null
        return engine.caseCommand(
          now,
          run.buyer,
          caseId,
          claim.buyer.acceptsOffer
            ? { type: 'AcceptOffer', offerId: pending.offerId }
            : { type: 'DeclineOffer', offerId: pending.offerId },
        )
      }
      case 'buyer_escalate':
        if (c.status !== 'awaiting_buyer') return null
        return engine.caseCommand(now, run.buyer, caseId, {
          type: 'Escalate',
          statement: 'We could not agree.',
        })
      case 'agent_decide': {
        if (c.status !== 'escalated' && c.status !== 'awaiting_info') return null
        const outcome =
          claim.agent.outcome === 'return_required' && c.reason === 'not_received'
            ? 'refund_full'
            : claim.agent.outcome
        return engine.caseCommand(now, agent, caseId, {
          type: 'Decide',
          decisionId: simId<DecisionId>('decision', caseId),
          outcome,
          fault: claim.fault,
          rationale: `Simulated decision: ${outcome.replaceAll('_', ' ')}, fault ${claim.fault}.`,
        })
      }
      case 'return_outcome': {
        if (c.followUp?.kind !== 'return' || c.followUp.status !== 'running') return null
        const shipped = returnShipped(c, claim.buyer.returnShipAfterHours)
        return engine.caseCommand(now, integration, caseId, {
          type: shipped ? 'NoteReturnCompleted' : 'NoteReturnNotShipped',
        })
      }
    }
  }

  for (const run of runs) queue.push(toMillis(run.script.purchasedAt), run.position, 'import')
  const lastPurchase = Math.max(0, ...scripts.map((s) => toMillis(s.purchasedAt)))
  const settleUntil = Math.min(
    lastPurchase + (options.settleDays ?? 200) * 86_400_000,
    options.until === undefined ? Infinity : toMillis(options.until),
  )
  for (;;) {
    // The next thing to happen is a due deadline or a person's step, whichever
    // is first (a deadline first on a tie, as the scheduler fires due rows
    // before the next command).
    const top = queue.peek()
    if (top !== undefined && top.atMs > settleUntil && options.until !== undefined) {
      const due = await engine.nextDue()
      if (due === null || due > settleUntil) break
    }
    const due = await engine.nextDue()
    if (due !== null && due <= settleUntil && (top === undefined || due <= top.atMs)) {
      for (const orderId of await engine.advanceTo(at(due))) {
        const i = byOrderId.get(orderId)
        if (i !== undefined) await react(i)
      }
      continue
    }
    const next = queue.pop()
    if (next === undefined) break
    const run = runs[next.order]
    if (run === undefined) continue
    const now = at(next.atMs)
    const result = await step(run, next.kind, now)
    if (result !== null)
      options.onStep?.({ kind: next.kind, at: now, order: run.script.index, result })
    await react(next.order)
  }
  return runs.map((r) => ({
    externalRef: r.script.externalRef,
    orderId: r.orderId,
    cancellationId: r.cancellationId,
    caseId: r.caseId,
  }))
}

/** Whether the buyer ships the required return before its ship-by date (`policy.returns.buyerShipBy`). */
const returnShipped = (c: Case, afterHours: number | null): boolean => {
  if (afterHours === null || c.followUp === null) return false
  const shipBy = addDuration(c.followUp.startedAt, c.policy.returns.buyerShipBy, c.policy.calendar)
  return toMillis(addHours(c.followUp.startedAt, afterHours)) <= toMillis(shipBy)
}

/** When the return's outcome is known: inspected after transit, or the ship-by date passed unshipped. */
const returnOutcomeAt = (c: Case, afterHours: number | null): number => {
  if (c.followUp === null) return 0
  if (!returnShipped(c, afterHours) || afterHours === null)
    return toMillis(
      addDuration(c.followUp.startedAt, c.policy.returns.buyerShipBy, c.policy.calendar),
    )
  return toMillis(
    addHours(c.followUp.startedAt, afterHours + RETURN_TRANSIT_HOURS + RETURN_INSPECTION_HOURS),
  )
}
