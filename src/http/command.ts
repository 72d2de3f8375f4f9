import { createHash } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Outcome, StoredResponse } from '../app/command-runner.ts'
import type { CommandRunner } from '../app/command-runner.ts'
import type { UnitOfWork } from '../store/event-store.ts'
import { requireActor } from './auth.ts'
import { MAX_JSON_DEPTH } from './input-rules.ts'
import { HttpProblem, rejectionProblem } from './problems.ts'

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/

/** How deep `value` nests objects and arrays, counted without recursion, stopping past `limit`. */
const nestsDeeperThan = (value: unknown, limit: number): boolean => {
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 0 }]
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!
    if (!v || typeof v !== 'object') continue
    if (depth + 1 > limit) return true
    for (const child of Object.values(v as Record<string, unknown>))
      stack.push({ v: child, depth: depth + 1 })
  }
  return false
}

/**
 * Canonical JSON (sorted keys) so `{a,b}` and `{b,a}` hash alike. Bodies are
 * depth-limited by the parser (`input-rules.ts`); the check here keeps the
 * recursion of `JSON.stringify` bounded whatever reaches it (a 10,000-deep
 * body on a command that takes none overflowed the stack, issue #16).
 */
const canonical = (value: unknown): string => {
  if (nestsDeeperThan(value, MAX_JSON_DEPTH))
    throw new HttpProblem(
      400,
      'JSON_TOO_DEEP',
      `JSON bodies may nest objects and arrays at most ${MAX_JSON_DEPTH} levels deep.`,
      { maxDepth: MAX_JSON_DEPTH },
    )
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  )
}

export const requestHash = (request: FastifyRequest): string =>
  createHash('sha256')
    .update(
      `${request.method} ${request.routeOptions.url ?? request.url} ${canonical(request.params)} ${canonical(request.body ?? null)}`,
    )
    .digest('hex')

/** `If-Match: "3"` (or `W/"3"`) → 3; absent → undefined. */
export const ifMatchVersion = (request: FastifyRequest): number | undefined => {
  const header = request.headers['if-match']
  if (!header) return undefined
  const m = /^(?:W\/)?"(\d+)"$/.exec(header.trim())
  if (!m)
    throw new HttpProblem(
      400,
      'INVALID_IF_MATCH',
      'If-Match must be an ETag from a previous response, e.g. "3".',
    )
  return Number(m[1])
}

export const etag = (version: number): string => `"${version}"`

/**
 * Runs one command for a route: with an `Idempotency-Key`, the first response
 * is stored in the command's transaction and replayed on retries; the same
 * key with another request is refused (422); a duplicate still running gets 409.
 */
export const sendCommand = async <T>(
  runner: CommandRunner,
  request: FastifyRequest,
  reply: FastifyReply,
  handler: (uow: UnitOfWork) => Promise<Outcome<T>>,
  options: { successStatus?: number; etagOf?: (value: T) => number | undefined } = {},
): Promise<FastifyReply> => {
  const actor = requireActor(request)
  const render = (outcome: Outcome<T>): StoredResponse => {
    if (outcome.ok) return { statusCode: options.successStatus ?? 200, body: outcome.value }
    const problem = rejectionProblem(outcome.rejection)
    return { statusCode: problem.status, body: problem.body }
  }
  const send = (response: StoredResponse, replayed: boolean): FastifyReply => {
    if (response.statusCode >= 400) reply.type('application/problem+json')
    else if (options.etagOf) {
      const version = options.etagOf(response.body as T)
      if (version !== undefined) reply.header('etag', etag(version))
    }
    if (replayed) reply.header('idempotent-replayed', 'true')
    return reply.code(response.statusCode).send(response.body)
  }
  const key = request.headers['idempotency-key']
  if (key === undefined) return send(render(await runner.run(actor, handler)), false)
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
    throw new HttpProblem(
      400,
      'INVALID_IDEMPOTENCY_KEY',
      'Idempotency-Key must be 1–255 printable ASCII characters.',
    )
  }
  const result = await runner.runIdempotent(
    actor,
    { scope: `${actor.kind}:${actor.id}`, key, requestHash: requestHash(request), render },
    handler,
  )
  switch (result.kind) {
    case 'fresh':
      return send(result.response, false)
    case 'replayed':
      return send(result.response, true)
    case 'key_reused':
      throw new HttpProblem(
        422,
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was already used for a different request.',
      )
    case 'in_progress':
      throw new HttpProblem(
        409,
        'IDEMPOTENCY_KEY_IN_PROGRESS',
        'A request with this Idempotency-Key is still being processed; retry shortly.',
      )
  }
}
