import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { defaultPolicy, presets } from '../../policy/presets.ts'
import { isBefore, type Instant } from '../../policy/time.ts'
import type { Policy } from '../../policy/types.ts'
import type { Actor } from '../shared/actor.ts'
import { asId, type CancellationId, type CaseId } from '../shared/ids.ts'
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
import type { OrderCommand } from './commands.ts'
import { activeOrderDeadline, type OrderDeadlineKind } from './deadline.ts'
import type { OrderEvent } from './events.ts'
import {
  anOrder,
  buyer,
  hoursAfter,
  integration,
  monday,
  orderAccepted,
  orderCancelled,
  orderCaseClosed,
  orderCaseOpened,
  orderContext,
  orderDelivered,
  orderShipped,
  paid,
  scheduler,
  seller,
  strangerBuyer,
} from './fixtures.ts'
import { orderDecider } from './index.ts'
import type { OrderState } from './state.ts'
import { orderTerminalStatuses, orderTransitions } from './transitions.ts'

const policies: readonly Policy[] = [defaultPolicy, ...Object.values(presets)]
const kinds: readonly OrderDeadlineKind[] = [
  'ship_by_reminder',
  'buyer_cancel_right',
  'auto_accept',
]
const caseIds = [asId<CaseId>('case-1'), asId<CaseId>('case-2')]
const cancellationIds = [
  asId<CancellationId>('cancellation-1'),
  asId<CancellationId>('cancellation-2'),
]
const actors: readonly Actor[] = [buyer, seller, integration, strangerBuyer, scheduler]

type Step = CommandStep<OrderCommand> | FireStep

/** Weighted towards the happy path, so that walks also reach delivery and acceptance before a cancellation. */
const commandArb: fc.Arbitrary<OrderCommand> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constant<OrderCommand>({
      type: 'ShipOrder',
      carrier: 'UPS',
      trackingNumber: '1Z',
    }),
  },
  { weight: 3, arbitrary: fc.constant<OrderCommand>({ type: 'MarkDelivered' }) },
  { weight: 2, arbitrary: fc.constant<OrderCommand>({ type: 'AcceptOrder' }) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(...cancellationIds)
      .map((cancellationId): OrderCommand => ({ type: 'CancelOrder', cancellationId })),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(...caseIds)
      .map((caseId): OrderCommand => ({ type: 'NoteCaseOpened', caseId })),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(...caseIds)
      .map((caseId): OrderCommand => ({ type: 'NoteCaseClosed', caseId })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ kind: fc.constantFrom(...kinds), hours: fc.integer({ min: 0, max: 400 }) })
      .map(({ kind, hours }): OrderCommand => ({
        type: 'ExpireDeadline',
        kind,
        dueAt: hoursAfter(monday, hours),
      })),
  },
)

/** The actor a command is meant for; walks use it most of the time, and a random one otherwise. */
const naturalActor = (command: OrderCommand): Actor => {
  switch (command.type) {
    case 'ShipOrder':
      return seller
    case 'AcceptOrder':
      return buyer
    case 'ExpireDeadline':
      return scheduler
    case 'ImportOrder':
    case 'MarkDelivered':
    case 'CancelOrder':
    case 'NoteCaseOpened':
    case 'NoteCaseClosed':
      return integration
  }
}

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: commandStepArb({
      command: commandArb,
      naturalActor,
      actors,
      advanceMinutes: fc.integer({ min: 0, max: 3 * 24 * 60 }),
      // One step in five comes from a random actor, to exercise the party checks.
      naturalWeight: 4,
    }),
  },
  { weight: 1, arbitrary: fireStepArb },
)

const orderArb = fc
  .record({
    card: fc.integer({ min: 0, max: 4800 }),
    shipByHours: fc.integer({ min: 0, max: 240 }),
  })
  .map(({ card, shipByHours }) =>
    anOrder({ payment: paid(card, 4800 - card), shipBy: hoursAfter(monday, shipByHours) }),
  )

const walkArb = fc.record({
  policy: fc.constantFrom(...policies),
  imported: orderArb,
  steps: fc.array(stepArb, { maxLength: 40, size: 'medium' }),
})

type Walk = typeof walkArb extends fc.Arbitrary<infer W> ? W : never

interface Visit {
  readonly state: OrderState
  readonly now: Instant
  readonly policy: Policy
}

/** Runs a walk, checking each emitted status change against the table, and hands every state visited to `visit`. */
const walk = ({ policy, imported, steps }: Walk, visit: (v: Visit) => void): void => {
  let state = orderDecider.evolve(orderDecider.initialState, imported)
  let now = monday
  visit({ state, now, policy })
  for (const step of steps) {
    const next = commandOf(step, now, () => activeOrderDeadline(state, policy), scheduler)
    if (next === null) continue
    now = next.now
    const context = orderContext(next.actor, now, policy)
    const stepped = decideWithinTable(orderDecider, orderTransitions, next.command, state, context)
    if (stepped === null) continue
    state = stepped.state
    visit({ state, now, policy })
  }
}

const eventArb: fc.Arbitrary<OrderEvent> = fc
  .record({ hours: fc.integer({ min: 0, max: 400 }), caseId: fc.constantFrom(...caseIds) })
  .chain(({ hours, caseId }) => {
    const at = hoursAfter(monday, hours)
    return fc.constantFrom<OrderEvent>(
      anOrder(),
      orderShipped(at),
      orderDelivered(at),
      orderAccepted(at, 'buyer'),
      orderAccepted(at, 'auto'),
      orderCancelled(at),
      { type: 'ShipByReminderDue', data: { at, shipBy: at } },
      { type: 'BuyerCancelRightOpened', data: { at } },
      orderCaseOpened(at, caseId),
      orderCaseClosed(at, caseId),
    )
  })

describe('order invariants', () => {
  it('random command walks never leave the transition table', () => {
    fc.assert(fc.property(walkArb, (w) => walk(w, () => undefined)))
  })

  it('walks reach every status (the properties below are not vacuous)', () => {
    expectWalksReach(
      walkArb,
      (w, seen) => walk(w, ({ state }) => seen(state.status)),
      Object.keys(orderTransitions),
      500,
    )
  })

  it('evolve never throws, whatever the order of facts', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 25 }), (events) => {
        expect(() => events.reduce(orderDecider.evolve, orderDecider.initialState)).not.toThrow()
      }),
    )
  })

  it('terminal states have no deadline', () => {
    fc.assert(
      fc.property(walkArb, (w) =>
        walk(w, ({ state, policy }) =>
          expectNoDeadlineWhenTerminal(
            orderTerminalStatuses,
            state.status,
            activeOrderDeadline(state, policy),
          ),
        ),
      ),
    )
  })

  it('a stale ExpireDeadline (another kind, or not yet due) is a no-op', () => {
    fc.assert(
      fc.property(walkArb, fc.constantFrom(...kinds), (w, kind) =>
        walk(w, ({ state, now, policy }) => {
          const live = activeOrderDeadline(state, policy)
          const ctx = orderContext(scheduler, now, policy)
          if (live === null || live.kind !== kind) {
            expect(
              orderDecider.decide({ type: 'ExpireDeadline', kind, dueAt: now }, state, ctx),
            ).toEqual([])
          } else if (isBefore(now, live.dueAt)) {
            expect(
              orderDecider.decide({ type: 'ExpireDeadline', kind, dueAt: live.dueAt }, state, ctx),
            ).toEqual([])
          }
        }),
      ),
    )
  })

  it('replaying the same ExpireDeadline twice changes nothing the second time', () => {
    fc.assert(
      fc.property(walkArb, (w) =>
        walk(w, ({ state, now, policy }) => {
          const fired = fireLiveDeadline(activeOrderDeadline(state, policy), now)
          if (fired === null) return
          const ctx = orderContext(scheduler, fired.now, policy)
          const first = expectSecondFiringChangesNothing(orderDecider, fired.command, state, ctx)
          expect(first.length).toBeGreaterThan(0)
        }),
      ),
    )
  })
})
