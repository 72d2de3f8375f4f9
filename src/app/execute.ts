import type { Actor } from '../domain/shared/actor.ts'
import type { Decision, Rejection } from '../domain/shared/decider.ts'
import { isRefused } from '../domain/shared/decider.ts'
import type { Queryable } from '../store/database.ts'
import type { AggregateType, Loaded, UnitOfWork } from '../store/event-store.ts'
import { loadAggregate } from '../store/event-store.ts'
import type { Outcome } from './command-runner.ts'
import { done, refused } from './command-runner.ts'

/**
 * Decides on loaded state and appends the facts: the heart of every command.
 * `If-Match` is checked against the version the decision was made on.
 */
export const decideAndAppend = async <S, E extends { type: string; data: unknown }, P>(
  uow: UnitOfWork,
  type: AggregateType<S, E, P>,
  id: string,
  loaded: Loaded<S>,
  decision: Decision<E, Rejection>,
  policy: P,
  expectedVersion?: number,
): Promise<Outcome<Loaded<S> & { events: readonly E[] }>> => {
  if (expectedVersion !== undefined && expectedVersion !== loaded.version) {
    return refused({ code: 'VERSION_MISMATCH', expectedVersion, currentVersion: loaded.version })
  }
  if (isRefused(decision)) return refused(decision.refused)
  const next = await uow.append(type, id, loaded, decision, policy)
  return done({ ...next, events: decision })
}

/** Whether the caller may see an object with these parties (a foreign object answers 404). */
export const canSee = (actor: Actor, parties: { buyerId: string; sellerId: string }): boolean => {
  switch (actor.kind) {
    case 'buyer':
      return actor.id === parties.buyerId
    case 'seller':
      return actor.id === parties.sellerId
    case 'agent':
    case 'admin':
    case 'integration':
    case 'system':
      return true
  }
}

/** An aggregate's state once it exists. */
type Existing<S> = Exclude<S, { readonly status: 'none' }>

/**
 * The aggregate if it exists and the caller may see it; a missing and a
 * foreign one are both `null`, so both answer 404.
 */
export const loadVisible = async <S extends { readonly status: string }>(
  q: Queryable,
  type: { readonly type: string; readonly initialState: S },
  id: string,
  visible: (state: Existing<S>) => boolean,
): Promise<Loaded<Existing<S>> | null> => {
  const loaded = await loadAggregate(q, type, id)
  if (loaded.state.status === 'none') return null
  const state = loaded.state as Existing<S>
  return visible(state) ? { state, version: loaded.version } : null
}
