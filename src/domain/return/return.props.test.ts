import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { defaultPolicy, presets } from '../../policy/presets.ts'
import { addMillis, isAtOrAfter, type Instant } from '../../policy/time.ts'
import type { Policy } from '../../policy/types.ts'
import { CaseReason, type Funder } from '../../policy/vocabulary.ts'
import type { Actor } from '../shared/actor.ts'
import { asId, type RefundId } from '../shared/ids.ts'
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
import {
  agent,
  buyer,
  integration,
  monday,
  scheduler,
  seller,
  strangerBuyer,
  strangerSeller,
} from '../order/fixtures.ts'
import type { ReturnCommand } from './commands.ts'
import { activeReturnDeadline } from './deadline.ts'
import type { ReturnContext } from './decide.ts'
import type { ReturnCondition, ReturnEvent } from './events.ts'
import { createReturn, photo, returnContext } from './fixtures.ts'
import { returnDecider } from './index.ts'
import { deductionBasisPoints, maximumDeduction } from './rules.ts'
import type { ReturnState } from './state.ts'
import { returnTerminalStatuses, returnTransitions } from './transitions.ts'

const policies: readonly Policy[] = [defaultPolicy, ...Object.values(presets)]
const reasons = Object.values(CaseReason)
const funders: readonly Funder[] = ['seller', 'marketplace', 'carrier', 'buyer']
const conditions: readonly ReturnCondition[] = [
  'as_described',
  'used',
  'damaged',
  'different_item_returned',
]
const actors: readonly Actor[] = [
  buyer,
  seller,
  integration,
  agent,
  strangerBuyer,
  strangerSeller,
  scheduler,
]

type Step =
  | CommandStep<ReturnCommand>
  /** The app records the refund the return made due (the ledger took it). */
  | { readonly kind: 'refund_landed'; readonly advanceMinutes: number }
  | FireStep

const commandArb: fc.Arbitrary<ReturnCommand> = fc.oneof(
  { weight: 16, arbitrary: fc.constant<ReturnCommand>({ type: 'ShipReturn' }) },
  { weight: 16, arbitrary: fc.constant<ReturnCommand>({ type: 'MarkReturnDelivered' }) },
  {
    weight: 32,
    arbitrary: fc
      .constantFrom(...conditions)
      .chain((condition) =>
        fc.record({
          condition: fc.constant(condition),
          // Mostly what a seller would send for the condition, now and then something refused.
          deduction:
            condition === 'used' || condition === 'damaged'
              ? fc.oneof(
                  fc.constant(0),
                  { weight: 4, arbitrary: fc.integer({ min: 1, max: 1500 }) },
                  fc.integer({ min: 0, max: 12_000 }),
                )
              : fc.oneof(
                  { weight: 4, arbitrary: fc.constant(0) },
                  fc.integer({ min: 1, max: 100 }),
                ),
          note: fc.oneof(fc.constant(''), {
            weight: 5,
            arbitrary: fc.constant('Worn at the cuffs'),
          }),
          withPhotos: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, fc.constant(false)),
        }),
      )
      .map(({ condition, deduction, note, withPhotos }): ReturnCommand => ({
        type: 'InspectReturn',
        condition,
        deduction: minor(deduction),
        note,
        evidence: withPhotos ? [photo] : [],
      })),
  },
  {
    weight: 12,
    arbitrary: fc
      .constantFrom('', 'It was new', 'It was new')
      .map((statement): ReturnCommand => ({ type: 'DisputeInspection', statement })),
  },
  {
    weight: 12,
    arbitrary: fc
      .record({
        refundAmount: fc.integer({ min: 0, max: 12_000 }),
        rationale: fc.constantFrom('', 'Photos'),
      })
      .map(({ refundAmount, rationale }): ReturnCommand => ({
        type: 'ResolveInspectionDispute',
        refundAmount: minor(refundAmount),
        rationale,
      })),
  },
  fc.constant<ReturnCommand>({ type: 'CancelReturn', reason: 'appeal' }),
  fc.constant<ReturnCommand>({
    type: 'MarkReturnRefunded',
    refundId: asId<RefundId>('refund-stray'),
    refundKey: 'return:stray',
  }),
)

const naturalActor = (c: ReturnCommand): Actor => {
  switch (c.type) {
    case 'ShipReturn':
    case 'DisputeInspection':
      return buyer
    case 'InspectReturn':
      return seller
    case 'ResolveInspectionDispute':
      return agent
    case 'MarkReturnDelivered':
    case 'MarkReturnRefunded':
    case 'CancelReturn':
    case 'CreateReturn':
      return integration
    case 'ExpireDeadline':
      return scheduler
  }
}

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 24,
    arbitrary: commandStepArb({
      command: commandArb,
      naturalActor,
      actors,
      advanceMinutes: fc
        .oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 72 }))
        .map((hours) => hours * 60),
      naturalWeight: 5,
    }),
  },
  {
    weight: 8,
    arbitrary: fc
      .integer({ min: 0, max: 24 })
      .map((hours): Step => ({ kind: 'refund_landed', advanceMinutes: hours * 60 })),
  },
  { weight: 2, arbitrary: fireStepArb },
)

const policyArb: fc.Arbitrary<Policy> = fc.oneof(
  fc.constantFrom(...policies),
  fc
    .oneof(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 100, noNaN: true }))
    .map((maxDeductionPercent) => ({
      ...defaultPolicy,
      returns: { ...defaultPolicy.returns, maxDeductionPercent },
    })),
)

const walkArb = fc.record({
  policy: policyArb,
  refundOnCompletion: fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.constant(4000)),
  labelCost: fc.integer({ min: 0, max: 2000 }),
  reason: fc.constantFrom(...reasons),
  shippingPaidBy: fc.option(fc.constantFrom(...funders), { nil: undefined }),
  steps: fc.array(stepArb, { minLength: 5, maxLength: 30, size: 'max' }),
})

type Walk = typeof walkArb extends fc.Arbitrary<infer W> ? W : never

interface Visit {
  readonly state: ReturnState
  readonly context: ReturnContext
  readonly emitted: readonly ReturnEvent[]
  readonly instructed: number
}

/** Runs a walk from the creation, checking each status move against the table, and hands every state to `visit`. */
const walk = (w: Walk, visit: (v: Visit) => void): void => {
  let state = returnDecider.initialState
  let now: Instant = monday
  let refunds = 0
  let instructed = 0
  const create = createReturn({
    refundOnCompletion: minor(w.refundOnCompletion),
    label: { carrier: 'UPS', trackingNumber: '1Z', cost: minor(w.labelCost) },
    reason: w.reason,
    ...(w.shippingPaidBy === undefined ? {} : { shippingPaidBy: w.shippingPaidBy }),
  })
  const run = (command: ReturnCommand, actor: Actor): void => {
    const context = returnContext(actor, now, w.policy)
    const stepped = decideWithinTable(
      returnDecider,
      returnTransitions,
      command,
      state,
      context,
      (_from, _to, event) => {
        if ('refund' in event.data && event.data.refund !== null)
          instructed += event.data.refund.amount
      },
    )
    if (stepped === null) return
    state = stepped.state
    visit({ state, context, emitted: stepped.events, instructed })
  }
  run(create, integration)
  for (const step of w.steps) {
    if (step.kind === 'refund_landed') {
      now = addMillis(now, step.advanceMinutes * 60_000)
      if (state.status !== 'inspected' || state.refundDue === null) continue
      refunds += 1
      run(
        {
          type: 'MarkReturnRefunded',
          refundId: asId<RefundId>(`refund-${refunds}`),
          refundKey: state.refundDue.refundKey,
        },
        integration,
      )
      continue
    }
    const next = commandOf(step, now, () => activeReturnDeadline(state), scheduler)
    if (next === null) continue
    now = next.now
    run(next.command, next.actor)
  }
}

describe('return invariants', () => {
  it('walks reach every status (the properties below are not vacuous)', () => {
    expectWalksReach(
      walkArb,
      (w, seen) => walk(w, ({ state }) => seen(state.status)),
      Object.keys(returnTransitions).filter((s) => s !== 'none'),
      400,
    )
  })

  it('never deducts more than the policy maximum, rounded down', () => {
    fc.assert(
      fc.property(walkArb, (w) =>
        walk(w, ({ state, emitted, context }) => {
          if (state.status === 'none') return
          for (const e of emitted) {
            if (e.type !== 'ReturnInspected') continue
            const max = maximumDeduction(
              state.refundOnCompletion,
              state.labelCharge,
              context.policy,
            )
            expect(e.data.deduction).toBeLessThanOrEqual(max)
            // Integer arithmetic: deduction × 10 000 ≤ refund × basis points.
            expect(e.data.deduction * 10_000).toBeLessThanOrEqual(
              state.refundOnCompletion * deductionBasisPoints(context.policy),
            )
            expect(Number.isSafeInteger(e.data.deduction)).toBe(true)
          }
        }),
      ),
    )
  })

  it('never refunds more than refundOnCompletion, less a buyer-paid label, in all', () => {
    fc.assert(
      fc.property(walkArb, (w) =>
        walk(w, ({ state, emitted, instructed }) => {
          if (state.status === 'none') return
          const ceiling = state.refundOnCompletion - state.labelCharge
          expect(state.labelCharge).toBeGreaterThanOrEqual(0)
          expect(ceiling).toBeGreaterThanOrEqual(0)
          expect(instructed).toBeLessThanOrEqual(ceiling)
          expect(state.refunded).toBeLessThanOrEqual(ceiling)
          for (const e of emitted) {
            if (e.type === 'ReturnInspected' || e.type === 'ReturnInspectionTimedOut') {
              expect(e.data.refundAmount).toBeLessThanOrEqual(state.refundOnCompletion)
              expect(e.data.refund?.amount ?? 0).toBe(e.data.refundAmount)
            }
            if (e.type === 'ReturnDisputeResolved') {
              expect(e.data.refundAmount).toBeLessThanOrEqual(ceiling)
              expect(e.data.refund?.amount ?? 0).toBe(e.data.additionalRefund)
            }
          }
        }),
      ),
    )
  })

  it('terminal states have no deadline, and every other waiting state has at most one', () => {
    fc.assert(
      fc.property(walkArb, (w) =>
        walk(w, ({ state }) =>
          expectNoDeadlineWhenTerminal(
            returnTerminalStatuses,
            state.status,
            activeReturnDeadline(state),
          ),
        ),
      ),
    )
  })

  it('a stale ExpireDeadline (none live, another kind, or not yet due) is a no-op', () => {
    fc.assert(
      fc.property(walkArb, (w) =>
        walk(w, ({ state, context }) => {
          const live = activeReturnDeadline(state)
          const { now } = context.meta
          const ctx = { ...context, meta: { actor: scheduler, now } }
          for (const kind of ['buyer_ship_by', 'inspection', 'dispute_window'] as const) {
            if (live !== null && live.kind === kind && isAtOrAfter(now, live.dueAt)) continue
            const command: ReturnCommand = { type: 'ExpireDeadline', kind, dueAt: now }
            expect(returnDecider.decide(command, state, ctx)).toEqual([])
          }
        }),
      ),
    )
  })

  it('replaying the same ExpireDeadline twice changes nothing the second time', () => {
    fc.assert(
      fc.property(walkArb, (w) =>
        walk(w, ({ state, context }) => {
          const fired = fireLiveDeadline(activeReturnDeadline(state), context.meta.now)
          if (fired === null) return
          const ctx = { ...context, meta: { actor: scheduler, now: fired.now } }
          expectSecondFiringChangesNothing(returnDecider, fired.command, state, ctx)
        }),
      ),
    )
  })

  it('evolve never throws, whatever the order of facts', () => {
    fc.assert(
      fc.property(walkArb, fc.integer({ min: 0, max: 1000 }), (w, seed) => {
        const events: ReturnEvent[] = []
        walk(w, ({ emitted }) => void events.push(...emitted))
        const shuffled = [...events].sort(
          (a, b) => ((a.type.length * seed) % 7) - ((b.type.length * seed) % 7),
        )
        expect(() =>
          shuffled.reduce(returnDecider.evolve, returnDecider.initialState),
        ).not.toThrow()
      }),
      { numRuns: 100 },
    )
  })
})
