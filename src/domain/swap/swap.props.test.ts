import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hoursAfter } from '../case/fixtures.ts'
import { admin, buyer, integration, scheduler } from '../order/fixtures.ts'
import type { Actor } from '../shared/actor.ts'
import { isRefused } from '../shared/decider.ts'
import { isLegalMove } from '../shared/transitions-check.ts'
import { decideWithinTable } from '../shared/walk.ts'
import type { SwapCommand } from './commands.ts'
import { activeSwapDeadline } from './deadline.ts'
import { aCase, linkedAt, linkSwap, otherBuyer, swapContext } from './fixtures.ts'
import { swapDecider } from './index.ts'
import type { SwapState } from './state.ts'
import { swapLegTransitions, swapTransitions } from './transitions.ts'

const cases = [aCase(), aCase({ other: true })] as const
const actors: readonly Actor[] = [buyer, otherBuyer, integration, admin, scheduler]

type Step =
  | { readonly kind: 'ship' | 'deliver'; readonly leg: 'a' | 'b'; readonly actor: number }
  | { readonly kind: 'fire' }
  | { readonly kind: 'wait'; readonly hours: number }

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('ship' as const, 'deliver' as const),
    leg: fc.constantFrom('a' as const, 'b' as const),
    actor: fc.integer({ min: 0, max: actors.length - 1 }),
  }),
  fc.constant({ kind: 'fire' as const }),
  fc.record({ kind: fc.constant('wait' as const), hours: fc.integer({ min: 1, max: 96 }) }),
)

const linked = (): SwapState => {
  const d = swapDecider.decide(
    linkSwap(),
    swapDecider.initialState,
    swapContext({ kind: 'agent', id: 'agent-1' } as Actor, linkedAt, cases),
  )
  if (isRefused(d)) throw new Error('link refused')
  return d.reduce(swapDecider.evolve, swapDecider.initialState)
}

describe('swap invariants', () => {
  it('random walks stay in the tables, complete only with both parcels delivered, and fire each deadline once', () => {
    const reached = new Set<string>()
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 25 }), (steps) => {
        let state = linked()
        let now = linkedAt
        for (const step of steps) {
          if (step.kind === 'wait') {
            now = hoursAfter(now, step.hours)
            continue
          }
          let command: SwapCommand
          let actor: Actor
          if (step.kind === 'fire') {
            const live = activeSwapDeadline(state)
            if (live === null) continue
            now = live.dueAt
            command = { type: 'ExpireDeadline', kind: live.kind, dueAt: live.dueAt }
            actor = scheduler
          } else {
            command =
              step.kind === 'ship'
                ? { type: 'ShipSwapLeg', leg: step.leg }
                : { type: 'MarkSwapLegDelivered', leg: step.leg }
            actor = actors[step.actor] ?? integration
          }
          const stepped = decideWithinTable(
            swapDecider,
            swapTransitions,
            command,
            state,
            swapContext(actor, now),
            (from, to) => {
              if (from.status === 'none' || to.status === 'none') throw new Error('swap vanished')
              for (const i of [0, 1] as const) {
                expect(
                  isLegalMove(swapLegTransitions, from.legs[i].status, to.legs[i].status),
                ).toBe(true)
              }
            },
          )
          if (stepped === null) continue
          const next = stepped.state
          if (next.status === 'none') throw new Error('swap vanished')
          if (next.status === 'completed') {
            expect(next.legs.every((l) => l.status === 'delivered')).toBe(true)
          }
          if (command.type === 'ExpireDeadline') {
            // The same deadline fired again changes nothing.
            const again = swapDecider.decide(command, next, swapContext(scheduler, now))
            expect(again).toEqual([])
          }
          if (next.status !== 'linked') expect(activeSwapDeadline(next)).toBeNull()
          state = next
          reached.add(next.status)
        }
      }),
      { numRuns: 300 },
    )
    // The walks are not idle: they complete swaps and fail them.
    expect([...reached].sort()).toEqual(['completed', 'failed', 'linked'])
  })
})
