import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { defaultPolicy, presets } from '../../policy/presets.ts'
import { addMillis, isBefore, type Instant } from '../../policy/time.ts'
import type { Policy } from '../../policy/types.ts'
import { BuyerCancelReason, SellerCancelReason } from '../../policy/vocabulary.ts'
import type { Actor } from '../shared/actor.ts'
import { asId, type CancellationId, type EvidenceId } from '../shared/ids.ts'
import { minor } from '../shared/money.ts'
import {
  commandOf,
  commandStepArb,
  decideWithinTable,
  expectNoDeadlineWhenTerminal,
  expectSecondFiringChangesNothing,
  expectWalksReach,
  fireLiveDeadline,
  fireStepArb,
  type CommandStep,
  type FireStep,
} from '../shared/walk.ts'
import type { EvidenceRef } from '../case/vocabulary.ts'
import {
  aLine,
  agent,
  anOrder,
  buyer,
  hoursAfter,
  monday,
  orderCaseOpened,
  orderFrom,
  orderShipped,
  paid,
  scheduler,
  seller,
  strangerBuyer,
  strangerSeller,
  policyVersionId,
} from '../order/fixtures.ts'
import type { OrderEvent } from '../order/events.ts'
import { evolveOrder, type Order } from '../order/state.ts'
import type { CancellationCommand } from './commands.ts'
import { activeCancellationDeadline } from './deadline.ts'
import type { CancellationContext } from './decide.ts'
import type { CancellationEvent } from './events.ts'
import { cancellationContext, cancellationRequested } from './fixtures.ts'
import { cancellationDecider } from './index.ts'
import type { CancellationState } from './state.ts'
import { cancellationTerminalStatuses, cancellationTransitions } from './transitions.ts'

const policies: readonly Policy[] = [defaultPolicy, ...Object.values(presets)]
const reasons = [...Object.keys(BuyerCancelReason), ...Object.keys(SellerCancelReason), 'bogus']
const cancellationId = asId<CancellationId>('cancellation-1')
const actors: readonly Actor[] = [buyer, seller, strangerBuyer, strangerSeller, scheduler, agent]
const screenshot: EvidenceRef = {
  evidenceId: asId<EvidenceId>('ev-1'),
  kind: 'file',
  file: {
    name: 'chat.png',
    mediaType: 'image/png',
    size: 68,
    sha256: 'a'.repeat(64),
  },
}

type Step =
  | CommandStep<CancellationCommand>
  | FireStep
  /** The order moves on under the cancellation. */
  | { readonly kind: 'order'; readonly change: 'ships' | 'case_opens' }

const buyerReasons = Object.keys(BuyerCancelReason)

/** Weighted towards a buyer's request, so that walks also reach a pending request and its outcomes. */
const commandArb: fc.Arbitrary<CancellationCommand> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .oneof(
        { weight: 4, arbitrary: fc.constantFrom(...buyerReasons) },
        fc.constantFrom(...reasons),
      )
      .map((reason): CancellationCommand => ({
        type: 'RequestCancellation',
        cancellationId,
        reason,
        policyVersionId,
      })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(...reasons).map((reason): CancellationCommand => ({
      type: 'CancelBySeller',
      cancellationId,
      reason,
      policyVersionId,
    })),
  },
  { weight: 2, arbitrary: fc.constant<CancellationCommand>({ type: 'ApproveCancellation' }) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom('', 'already packed')
      .map((reason): CancellationCommand => ({ type: 'DeclineCancellation', reason })),
  },
  { weight: 2, arbitrary: fc.constant<CancellationCommand>({ type: 'WithdrawCancellation' }) },
  {
    weight: 3,
    arbitrary: fc
      .record({ statement: fc.constantFrom('', 'The seller refused.'), withEvidence: fc.boolean() })
      .map(({ statement, withEvidence }): CancellationCommand => ({
        type: 'EscalateCancellation',
        statement,
        ...(withEvidence ? { evidence: [screenshot] } : {}),
      })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(...reasons).map((reason): CancellationCommand => ({
      type: 'AskMarketplaceToCancel',
      cancellationId,
      reason,
      statement: 'The address does not exist.',
      policyVersionId,
    })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        from: fc.constantFrom('buyer' as const, 'seller' as const),
        question: fc.constantFrom('', 'Why?'),
      })
      .map((r): CancellationCommand => ({ type: 'RequestCancellationInformation', ...r })),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom('', 'Here it is.')
      .map((text): CancellationCommand => ({ type: 'ProvideCancellationInformation', text })),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({
        outcome: fc.constantFrom('cancel' as const, 'uphold' as const),
        fault: fc.constantFrom('seller' as const, 'buyer' as const, 'none' as const),
        rationale: fc.constantFrom('', 'Seen the messages.'),
      })
      .map((r): CancellationCommand => ({ type: 'DecideCancellation', ...r })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        h: fc.integer({ min: 0, max: 400 }),
        kind: fc.constantFrom(
          'seller_response' as const,
          'agent_decision_sla' as const,
          'information_request' as const,
        ),
      })
      .map(({ h, kind }): CancellationCommand => ({
        type: 'ExpireDeadline',
        kind,
        dueAt: hoursAfter(monday, h),
      })),
  },
)

const naturalActor = (command: CancellationCommand): Actor => {
  switch (command.type) {
    case 'RequestCancellation':
    case 'WithdrawCancellation':
    case 'EscalateCancellation':
      return buyer
    case 'ProvideCancellationInformation':
      return command.text === '' ? seller : buyer
    case 'CancelBySeller':
    case 'ApproveCancellation':
    case 'DeclineCancellation':
    case 'AskMarketplaceToCancel':
      return seller
    case 'RequestCancellationInformation':
    case 'DecideCancellation':
      return agent
    case 'ExpireDeadline':
      return scheduler
  }
}

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: commandStepArb({
      command: commandArb,
      naturalActor,
      actors,
      advanceMinutes: fc.integer({ min: 0, max: 2 * 24 * 60 }),
      // One step in five comes from a random actor, to exercise the party checks.
      naturalWeight: 4,
    }),
  },
  { weight: 2, arbitrary: fireStepArb },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('ships' as const, 'case_opens' as const)
      .map((change): Step => ({ kind: 'order', change })),
  },
)

/** Any order a buyer may have paid: several units, any split between card and credit. */
const orderArb: fc.Arbitrary<Order> = fc
  .record({
    unitPrice: fc.integer({ min: 0, max: 100_000 }),
    quantity: fc.integer({ min: 1, max: 3 }),
    cardShare: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ unitPrice, quantity, cardShare }) => {
    const total = unitPrice * quantity + 500 + 300
    const card = Math.round(total * cardShare)
    return orderFrom(
      anOrder({
        lines: [aLine({ unitPrice: minor(unitPrice), quantity })],
        payment: paid(card, total - card),
      }),
    )
  })

const walkArb = fc.record({
  policy: fc.constantFrom(...policies),
  order: orderArb,
  /** Often inside the first hours, where the windows are; otherwise any time in the first 10 days. */
  startMinutes: fc.oneof(
    fc.integer({ min: 0, max: 240 }),
    fc.integer({ min: 0, max: 10 * 24 * 60 }),
  ),
  /** Now and then another cancellation of the order is already under way. */
  otherOpen: fc
    .integer({ min: 0, max: 4 })
    .map((n) => (n === 0 ? asId<CancellationId>('cancellation-0') : undefined)),
  steps: fc.array(stepArb, { maxLength: 30, size: 'medium' }),
})

type Walk = typeof walkArb extends fc.Arbitrary<infer W> ? W : never

interface Visit {
  readonly state: CancellationState
  readonly context: CancellationContext
  readonly emitted: readonly CancellationEvent[]
}

const contextFor = (
  actor: Actor,
  now: Instant,
  policy: Policy,
  order: Order,
  otherOpen: CancellationId | undefined,
) =>
  cancellationContext(
    actor,
    now,
    otherOpen === undefined ? { policy, order } : { policy, order, openCancellationId: otherOpen },
  )

/** Runs a walk, checking each emitted status change against the table, and hands every state visited to `visit`. */
const walk = (w: Walk, visit: (v: Visit) => void): void => {
  let state = cancellationDecider.initialState
  let order = w.order
  let now = addMillis(monday, w.startMinutes * 60_000)
  // Once this cancellation exists, the app would pass it, not another one, as the order's open cancellation.
  const otherOpen = (): CancellationId | undefined =>
    state.status === 'none' ? w.otherOpen : undefined
  visit({ state, context: contextFor(scheduler, now, w.policy, order, otherOpen()), emitted: [] })
  for (const step of w.steps) {
    if (step.kind === 'order') {
      if (step.change === 'ships' && order.status === 'awaiting_shipment')
        order = orderAfter(order, orderShipped(now))
      if (step.change === 'case_opens' && order.openCaseId === null)
        order = orderAfter(order, orderCaseOpened(now))
      continue
    }
    const next = commandOf(step, now, () => activeCancellationDeadline(state), scheduler)
    if (next === null) continue
    now = next.now
    const context = contextFor(next.actor, now, w.policy, order, otherOpen())
    const stepped = decideWithinTable(
      cancellationDecider,
      cancellationTransitions,
      next.command,
      state,
      context,
    )
    if (stepped === null) continue
    state = stepped.state
    visit({ state, context, emitted: stepped.events })
  }
}

const orderAfter = (order: Order, event: OrderEvent): Order => {
  const next = evolveOrder(order, event)
  if (next.status === 'none') throw new Error('an order cannot be un-imported')
  return next
}

const noop = (): void => undefined

describe('cancellation invariants', () => {
  it('walks reach every status (the properties below are not vacuous)', () => {
    expectWalksReach(
      walkArb,
      (w, seen) => walk(w, ({ state }) => seen(state.status)),
      Object.keys(cancellationTransitions),
      // Escalation needs a request, a decline or a wait, then an agent: rarer paths, more walks.
      3000,
    )
  })

  it('random command walks never leave the transition table', () => {
    fc.assert(fc.property(walkArb, (w) => walk(w, noop)))
  })

  it('evolve never throws, whatever the order of facts', () => {
    const at = monday
    const events: CancellationEvent[] = [
      cancellationRequested(at, at),
      { type: 'CancellationWithdrawn', data: { cancellationId, orderId: asId('order-1'), at } },
      {
        type: 'CancellationDeclined',
        data: { cancellationId, orderId: asId('order-1'), at, by: 'seller', reason: 'no' },
      },
    ]
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...events), { maxLength: 10 }), (picked) => {
        expect(() =>
          picked.reduce(cancellationDecider.evolve, cancellationDecider.initialState),
        ).not.toThrow()
      }),
    )
  })

  it('terminal states have no deadline', () => {
    fc.assert(
      fc.property(walkArb, (w) =>
        walk(w, ({ state }) =>
          expectNoDeadlineWhenTerminal(
            cancellationTerminalStatuses,
            state.status,
            activeCancellationDeadline(state),
          ),
        ),
      ),
    )
  })

  it('a stale ExpireDeadline (none live, or not yet due) is a no-op', () => {
    fc.assert(
      fc.property(walkArb, (w) =>
        walk(w, ({ state, context }) => {
          const live = activeCancellationDeadline(state)
          const { now } = context.meta
          if (live === null) {
            const command: CancellationCommand = {
              type: 'ExpireDeadline',
              kind: 'seller_response',
              dueAt: now,
            }
            expect(cancellationDecider.decide(command, state, context)).toEqual([])
          } else if (isBefore(now, live.dueAt)) {
            const command: CancellationCommand = {
              type: 'ExpireDeadline',
              kind: live.kind,
              dueAt: live.dueAt,
            }
            expect(cancellationDecider.decide(command, state, context)).toEqual([])
          }
        }),
      ),
    )
  })

  it('replaying the same ExpireDeadline twice changes nothing the second time', () => {
    fc.assert(
      fc.property(walkArb, (w) =>
        walk(w, ({ state, context }) => {
          const fired = fireLiveDeadline(activeCancellationDeadline(state), context.meta.now)
          if (fired === null) return
          const ctx = { ...context, meta: { actor: scheduler, now: fired.now } }
          const first = expectSecondFiringChangesNothing(
            cancellationDecider,
            fired.command,
            state,
            ctx,
          )
          expect(first).toHaveLength(1)
        }),
      ),
    )
  })

  it('a refund never exceeds what was paid, and goes back the way the policy says', () => {
    fc.assert(
      fc.property(walkArb, (w) =>
        walk(w, ({ context: { order, policy }, emitted }) => {
          for (const e of emitted) {
            if (e.type !== 'CancellationApproved') continue
            const { toOriginalPayment, toCredit, total, destination, currency } = e.data.refundDue
            const paidTotal = order.payment.card + order.payment.credit
            expect(toOriginalPayment + toCredit).toBe(order.total)
            expect(total).toBe(order.total)
            expect(order.total).toBeLessThanOrEqual(paidTotal)
            expect(toOriginalPayment).toBeGreaterThanOrEqual(0)
            expect(toCredit).toBeGreaterThanOrEqual(0)
            expect(toOriginalPayment).toBeLessThanOrEqual(order.payment.card)
            expect(destination).toBe(
              e.data.by === 'agent'
                ? policy.cancellation.forcedRefundDestination
                : policy.cancellation.refundDestination,
            )
            expect(currency).toBe(order.currency)
          }
        }),
      ),
    )
  })

  it('an upheld order counts against nobody; a forced cancellation counts exactly when the policy says', () => {
    fc.assert(
      fc.property(walkArb, (w) =>
        walk(w, ({ state, context: { policy }, emitted }) => {
          for (const e of emitted) {
            if (e.type !== 'CancellationDecided') continue
            if (e.data.outcome === 'uphold') {
              expect(e.data.countsAgainstSeller).toBe(false)
              expect(e.data.refundDue).toBeNull()
            } else if (state.status !== 'none') {
              const byReason =
                state.requestedBy === 'seller' &&
                policy.cancellation.sellerRequestCountsBy === 'reason'
              expect(e.data.countsAgainstSeller).toBe(
                byReason
                  ? policy.cancellation.sellerFaultReasons.some((r) => r === state.reason)
                  : e.data.fault === 'seller',
              )
            }
          }
        }),
      ),
    )
  })

  it('only an agent decides, and only on an escalated cancellation', () => {
    fc.assert(
      fc.property(walkArb, (w) =>
        walk(w, ({ context, emitted }) => {
          if (emitted.some((e) => e.type === 'CancellationDecided'))
            expect(context.meta.actor.kind).toBe('agent')
        }),
      ),
    )
  })

  it('never approves the cancellation of a shipped order', () => {
    fc.assert(
      fc.property(walkArb, (w) =>
        walk(w, ({ context: { order }, emitted }) => {
          if (emitted.some((e) => e.type === 'CancellationApproved'))
            expect(order.shipments).toEqual([])
        }),
      ),
    )
  })
})
