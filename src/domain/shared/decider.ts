import type { Instant } from '../../policy/time.ts'
import type { Actor } from './actor.ts'

/** What travels with every command: the time it happens at and who asks. */
export interface CommandMeta {
  readonly now: Instant
  readonly actor: Actor
}

/**
 * A business refusal: a stable code plus the data a person needs to act on it
 * (`CANCEL_WINDOW_ELAPSED { closedAt }`). Refusals are values; only bugs throw.
 */
export interface Rejection<C extends string = string> {
  readonly code: C
  readonly [data: string]: unknown
}

export interface Refused<R extends Rejection = Rejection> {
  readonly refused: R
}

/** The outcome of `decide`: the new facts, or why not. An empty list means "nothing to do". */
export type Decision<E, R extends Rejection = Rejection> = readonly E[] | Refused<R>

export const reject = <R extends Rejection>(rejection: R): Refused<R> => ({ refused: rejection })

export const isRefused = <E, R extends Rejection>(d: Decision<E, R>): d is Refused<R> =>
  !Array.isArray(d)

/** Legal status moves as data; `src/domain/transitions.test.ts` checks every table's reachability. */
export type Transitions<S extends string> = { readonly [K in S]: readonly S[] }

/** The one live deadline of an aggregate, derived from its state. */
export interface Deadline<K extends string = string> {
  readonly kind: K
  readonly dueAt: Instant
}

/** Fired by the scheduler; a decider ignores it unless it matches the live deadline and is due. */
export interface ExpireDeadline<K extends string = string> {
  readonly type: 'ExpireDeadline'
  readonly kind: K
  readonly dueAt: Instant
}

/**
 * A pure aggregate: `decide` turns a command into new facts (or a refusal)
 * given the current state and a context of inputs (time, actor, the frozen
 * policy, related aggregates); `evolve` folds a fact into the state.
 */
export interface Decider<C, E, S, Ctx, R extends Rejection = Rejection> {
  readonly initialState: S
  readonly evolve: (state: S, event: E) => S
  readonly decide: (command: C, state: S, context: Ctx) => Decision<E, R>
}

/** Folds a list of facts into a state. */
export const fold = <S, E>(evolve: (s: S, e: E) => S, state: S, events: readonly E[]): S =>
  events.reduce(evolve, state)

/**
 * A decider's dispatch as a table: each command type names the small
 * function that decides it. Like an exhaustive `switch`, a command type
 * without its function is a compile error.
 */
export type CommandHandlers<C extends { readonly type: string }, S, Ctx, D> = {
  readonly [T in C['type']]: (
    command: Extract<C, { readonly type: T }>,
    state: S,
    context: Ctx,
  ) => D
}

/** A `decide` that hands each command to its function in `handlers`. */
export const byCommandType =
  <C extends { readonly type: string }, S, Ctx, D>(handlers: CommandHandlers<C, S, Ctx, D>) =>
  (command: C, state: S, context: Ctx): D => {
    // The table pairs each type with its own command; TypeScript cannot follow
    // that through an index (a correlated union), so the lookup is widened here once.
    const handler = handlers[command.type as C['type']] as (command: C, state: S, context: Ctx) => D
    return handler(command, state, context)
  }

/**
 * Declares an aggregate's decider. The types come from the three functions,
 * which must agree: `evolve` folds the events `decide` emits into the state
 * `decide` reads, starting from `initialState`.
 */
export const defineDecider = <C, E, S, Ctx, R extends Rejection>(
  decider: Decider<C, E, S, Ctx, R>,
): Decider<C, E, S, Ctx, R> => decider
