import { expect } from 'vitest'
import type { Decider, Decision, Rejection } from './decider.ts'
import { fold, isRefused } from './decider.ts'

/** The outcome of `given(…).when(…)`: assert on it with one of the `then…` methods. */
export interface SpecOutcome<E, R extends Rejection> {
  /** The raw decision, for assertions the helpers do not cover. */
  readonly decision: Decision<E, R>
  /** Exactly these events, in this order. */
  then(...expected: readonly E[]): void
  /** Events matching these partial shapes (`toMatchObject`), in this order and number. */
  thenMatch(...expected: readonly unknown[]): void
  /** No events and no refusal: the command was a no-op (a stale deadline, a repeated note). */
  thenNothing(): void
  /** A refusal with this code, and when given, these data fields. Tests assert on codes, never on message text. */
  thenRejects(code: R['code'], data?: Readonly<Record<string, unknown>>): void
}

export interface Spec<C, E, S, Ctx, R extends Rejection> {
  /** The state after the `given` events, for assertions on `evolve`. */
  readonly state: S
  when(command: C, context: Ctx): SpecOutcome<E, R>
}

const describeDecision = (d: Decision<unknown>): string =>
  isRefused(d) ? `refused ${JSON.stringify(d.refused)}` : `events ${JSON.stringify(d)}`

/**
 * Given/when/then specs for any decider:
 *
 * ```ts
 * const { given } = specFor(orderDecider)
 * given(anOrder()).when(shipOrder(), ctx).then({ type: 'OrderShipped', data: … })
 * ```
 */
export const specFor = <C, E, S, Ctx, R extends Rejection>(decider: Decider<C, E, S, Ctx, R>) => ({
  given: (...events: readonly E[]): Spec<C, E, S, Ctx, R> => {
    const state = fold(decider.evolve, decider.initialState, events)
    return {
      state,
      when: (command, context) => {
        const decision = decider.decide(command, state, context)
        const events = (): readonly E[] => {
          if (isRefused(decision))
            throw new Error(`expected events, but the command was ${describeDecision(decision)}`)
          return decision
        }
        return {
          decision,
          then: (...expected) => expect(events()).toEqual(expected),
          thenMatch: (...expected) => {
            const actual = events()
            expect(actual).toHaveLength(expected.length)
            expect(actual).toMatchObject(expected)
          },
          thenNothing: () => expect(events()).toEqual([]),
          thenRejects: (code, data) => {
            if (!isRefused(decision))
              throw new Error(
                `expected ${code}, but the command produced ${describeDecision(decision)}`,
              )
            expect(decision.refused.code).toBe(code)
            if (data) expect(decision.refused).toMatchObject(data)
          },
        }
      },
    }
  },
})
