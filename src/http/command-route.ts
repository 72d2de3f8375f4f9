import type { TSchema } from 'typebox'
import type { CommandRunner, Outcome } from '../app/command-runner.ts'
import type { UnitOfWork } from '../store/event-store.ts'
import { ifMatchVersion, sendCommand } from './command.ts'
import {
  defineRoute,
  type Route,
  type RouteDeclaration,
  type RouteInput,
  type RouteRole,
} from './route.ts'
import { IdempotencyHeaders } from './schemas/common.ts'

/**
 * A command's route, declared like any other but with `run` in place of the
 * handler: `run` turns the typed input into the command. It runs through
 * `sendCommand` — one transaction, the `Idempotency-Key` replay, refusals as
 * problems — and declares the `Idempotency-Key` and `If-Match` headers.
 */
export type CommandRouteDeclaration<R extends RouteRole, P, Q, B, T> = Omit<
  RouteDeclaration<R, P, Q, B>,
  'handler' | 'headers'
> & {
  readonly run: (uow: UnitOfWork, input: RouteInput<R, P, Q, B>) => Promise<Outcome<T>>
  /** 201 for a command that creates something; 200 otherwise. */
  readonly successStatus?: number
  /** The answer's version, sent as its `ETag`. */
  readonly etagOf?: (value: T) => number | undefined
}

/** Declares command routes that run on `runner`. */
export const commandRoutes =
  (runner: CommandRunner) =>
  <
    const R extends RouteRole,
    P extends TSchema | undefined = undefined,
    Q extends TSchema | undefined = undefined,
    B extends TSchema | undefined = undefined,
    T = unknown,
  >({
    run,
    successStatus,
    etagOf,
    ...route
  }: CommandRouteDeclaration<R, P, Q, B, T>): Route =>
    defineRoute<R, P, Q, B>({
      ...route,
      headers: IdempotencyHeaders,
      handler: (input, reply) =>
        sendCommand(runner, input.request, reply, (uow) => run(uow, input), {
          ...(successStatus === undefined ? {} : { successStatus }),
          ...(etagOf === undefined ? {} : { etagOf }),
        }),
    })

/**
 * A POST on one aggregate (a case, a return, a swap…), as its route declares
 * it: everything but the method, the tags and the answer, which the area
 * gives once; `run` receives the version `If-Match` names. Answers the
 * aggregate's view with its version as the `ETag`.
 */
export type AggregateCommandDeclaration<R extends RouteRole, P, B, V> = Omit<
  CommandRouteDeclaration<R, P, undefined, B, V>,
  'method' | 'tags' | 'response' | 'run' | 'etagOf' | 'successStatus'
> & {
  readonly run: (
    uow: UnitOfWork,
    input: RouteInput<R, P, undefined, B>,
    expectedVersion: number | undefined,
  ) => Promise<Outcome<V>>
}

/** Declares the POSTs on one kind of aggregate, answered with `view` (a schema). */
export const aggregateCommands = <V extends { readonly version: number }>(
  runner: CommandRunner,
  area: { readonly tags: readonly string[]; readonly view: TSchema },
) => {
  const command = commandRoutes(runner)
  return <
    const R extends RouteRole,
    P extends TSchema | undefined = undefined,
    B extends TSchema | undefined = undefined,
  >({
    run,
    ...route
  }: AggregateCommandDeclaration<R, P, B, V>): Route =>
    command<R, P, undefined, B, V>({
      ...route,
      method: 'POST',
      tags: area.tags,
      response: { 200: area.view },
      etagOf: (view) => view.version,
      run: (uow, input) => run(uow, input, ifMatchVersion(input.request)),
    })
}

/** `If-Match` as a command option: absent when the caller named no version. */
export const withVersion = (
  expectedVersion: number | undefined,
): { readonly expectedVersion?: number } =>
  expectedVersion === undefined ? {} : { expectedVersion }
