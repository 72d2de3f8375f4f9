import fc from 'fast-check'
import { expect } from 'vitest'
import { addMillis, isBefore, type Instant } from '../../policy/time.ts'
import type { Actor } from './actor.ts'
import type { Deadline, Decider, ExpireDeadline, Rejection, Transitions } from './decider.ts'
import { isRefused } from './decider.ts'
import { isLegalMove } from './transitions-check.ts'

/*
 * The harness of the random walks in the aggregates' `*.props.test.ts`:
 * fast-check generates steps, each walk folds decide/evolve over them and
 * checks invariants on every state it visits. What a step means stays with
 * each aggregate (its world, its actors); the pieces every walk repeats are
 * here. Test-only: like `spec.ts`, it may import the test runner.
 */

/** What one accepted step of a walk left: the state after its events, and the events. */
export interface Stepped<E, S> {
  readonly state: S
  readonly events: readonly E[]
}

/**
 * Decides `command` in `state`. A refusal is an ordinary outcome in a walk
 * and leaves the state as it was (`null`). Otherwise the events are folded
 * one at a time, and every status move must be in `table` (staying put is
 * always legal); `each` sees every move for the aggregate's own checks.
 * `none`, the status before the first fact, is checked where the table
 * declares it.
 */
export const decideWithinTable = <
  C,
  E extends { readonly type: string },
  S extends { readonly status: string },
  Ctx,
>(
  decider: Pick<Decider<C, E, S, Ctx, Rejection>, 'decide' | 'evolve'>,
  table: Transitions<string>,
  command: C,
  state: S,
  context: Ctx,
  each?: (from: S, to: S, event: E) => void,
): Stepped<E, S> | null => {
  const decision = decider.decide(command, state, context)
  if (isRefused(decision)) return null
  const declared = (status: string): boolean => status !== 'none' || 'none' in table
  let current = state
  for (const event of decision) {
    const next = decider.evolve(current, event)
    if (declared(current.status) && declared(next.status)) {
      expect(
        isLegalMove(table, current.status, next.status),
        `${current.status} → ${next.status} on ${event.type}`,
      ).toBe(true)
    }
    each?.(current, next, event)
    current = next
  }
  return { state: current, events: decision }
}

/**
 * The scheduler's step in a walk: the live deadline fired, the walk's clock
 * jumping to its due time unless already past it. `null` when none is live.
 */
export const fireLiveDeadline = <K extends string>(
  live: Deadline<K> | null,
  now: Instant,
): { readonly now: Instant; readonly command: ExpireDeadline<K> } | null =>
  live === null
    ? null
    : {
        now: isBefore(now, live.dueAt) ? live.dueAt : now,
        command: { type: 'ExpireDeadline', kind: live.kind, dueAt: live.dueAt },
      }

/** A step that sends a command, some minutes after the previous step. */
export interface CommandStep<C> {
  readonly kind: 'command'
  readonly command: C
  readonly actor: Actor
  readonly advanceMinutes: number
}

/** The scheduler's step: fire the live deadline, as the deadline runner would. */
export interface FireStep {
  readonly kind: 'fire'
}

export const fireStepArb: fc.Arbitrary<FireStep> = fc.constant({ kind: 'fire' })

/**
 * What a step sends, by whom, and the walk's clock when it does: a command
 * step moves the clock on by its minutes; a fire step is `scheduler` firing
 * the live deadline (`fireLiveDeadline`), or nothing (`null`) when none is live.
 */
export const commandOf = <C, K extends string>(
  step: CommandStep<C> | FireStep,
  now: Instant,
  live: () => Deadline<K> | null,
  scheduler: Actor,
): {
  readonly command: C | ExpireDeadline<K>
  readonly actor: Actor
  readonly now: Instant
} | null => {
  if (step.kind === 'command') {
    return {
      command: step.command,
      actor: step.actor,
      now: addMillis(now, step.advanceMinutes * 60_000),
    }
  }
  const fired = fireLiveDeadline(live(), now)
  return fired === null ? null : { command: fired.command, actor: scheduler, now: fired.now }
}

/**
 * Command steps, mostly from the actor the command is meant for and now and
 * then (one in `naturalWeight + 1`) from anyone in `actors`, to exercise the
 * party checks.
 */
export const commandStepArb = <C>(options: {
  readonly command: fc.Arbitrary<C>
  readonly naturalActor: (command: C) => Actor
  readonly actors: readonly Actor[]
  readonly advanceMinutes: fc.Arbitrary<number>
  readonly naturalWeight: number
}): fc.Arbitrary<CommandStep<C>> =>
  fc
    .record({
      command: options.command,
      actor: fc.oneof(
        { weight: options.naturalWeight, arbitrary: fc.constant(null) },
        fc.constantFrom(...options.actors),
      ),
      advanceMinutes: options.advanceMinutes,
    })
    .map(({ command, actor, advanceMinutes }) => ({
      kind: 'command',
      command,
      actor: actor ?? options.naturalActor(command),
      advanceMinutes,
    }))

/**
 * Runs `numRuns` walks and expects the statuses they report through `seen`
 * to be exactly `expected`: the walks reach every status, so the properties
 * over them are not vacuous.
 */
export const expectWalksReach = <W>(
  walks: fc.Arbitrary<W>,
  report: (walk: W, seen: (status: string) => void) => void,
  expected: readonly string[],
  numRuns: number,
): void => {
  const seen = new Set<string>()
  fc.assert(
    fc.property(walks, (w) => report(w, (status) => void seen.add(status))),
    { numRuns },
  )
  expect([...seen].sort()).toEqual([...expected].sort())
}

/** A terminal status has no live deadline: nothing is left to wait for. */
export const expectNoDeadlineWhenTerminal = (
  terminalStatuses: readonly string[],
  status: string,
  live: Deadline | null,
): void => {
  if (terminalStatuses.includes(status)) expect(live).toBeNull()
}

/**
 * Fires a deadline twice: the first time it must be decided (not refused),
 * and the second time, on the state the first left, it changes nothing.
 * Returns the first time's events for the aggregate's own checks.
 */
export const expectSecondFiringChangesNothing = <C, E, S, Ctx>(
  decider: Pick<Decider<C, E, S, Ctx, Rejection>, 'decide' | 'evolve'>,
  command: C,
  state: S,
  context: Ctx,
): readonly E[] => {
  const first = decider.decide(command, state, context)
  if (isRefused(first)) throw new Error(`a deadline was refused: ${first.refused.code}`)
  const after = first.reduce(decider.evolve, state)
  expect(decider.decide(command, after, context)).toEqual([])
  return first
}
