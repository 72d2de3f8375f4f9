import type { FastifyRequest } from 'fastify'
import { done, refused } from '../../app/command-runner.ts'
import type { PolicyVersionSummary } from '../../app/policies/queries.ts'
import type { Recourse } from '../../app/recourse.ts'
import { defaultPolicy, presetNames, presets } from '../../policy/presets.ts'
import type { Policy } from '../../policy/types.ts'
import { HttpProblem, notFound, rejectionProblem } from '../problems.ts'
import { defineRoute, type Route } from '../route.ts'
import { policyKnobs } from '../schemas/policy-knobs.ts'
import {
  CurrentPolicy,
  KnobCatalog,
  PolicyIfMatch,
  PolicyVersionPage,
  PolicyVersionParams,
  PolicyVersionQuery,
  PresetList,
  PublishPolicyBody,
} from '../schemas/policy.ts'

const tags = ['policy']

/** `If-Match: "<version id>"` → the id; a missing header is refused, so no edit is made blind. */
const basedOn = (request: FastifyRequest): string => {
  const header = request.headers['if-match']
  if (!header)
    throw new HttpProblem(
      428,
      'IF_MATCH_REQUIRED',
      'Send If-Match with the ETag of the policy version you edited (GET /v1/policy), so a change made meanwhile is not overwritten.',
    )
  const m = /^(?:W\/)?"([0-9a-f-]{36})"$/i.exec(header.trim())
  if (!m)
    throw new HttpProblem(
      400,
      'INVALID_IF_MATCH',
      'If-Match must be the ETag of a policy version, e.g. "0192…-…".',
    )
  return m[1] as string
}

/**
 * The first validation error as a knob path (`cases.openWindowAfterDelivery`)
 * rather than a JSON pointer, so the editor can put the message beside the field.
 */
const invalidPolicy = (error: Error & { validation?: unknown }): HttpProblem => {
  const errors = Array.isArray(error.validation)
    ? (error.validation as { instancePath?: string; message?: string; params?: unknown }[])
    : []
  const first = errors[0]
  const pointer = (first?.instancePath ?? '').replace(/^\/policy\/?/, '')
  const extra = (first?.params as { additionalProperty?: string } | undefined)?.additionalProperty
  const segments = pointer.split('/').filter((s) => s !== '' && !/^\d+$/.test(s))
  const knob = [...segments.slice(0, 2), ...(extra && segments.length < 2 ? [extra] : [])].join('.')
  return new HttpProblem(
    400,
    'INVALID_POLICY',
    knob
      ? `The policy knob ${knob} is not valid: ${first?.message ?? 'wrong value'}.`
      : `The policy is not valid: ${first?.message ?? error.message}.`,
    { knob: knob || null, errors },
  )
}

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

/** Admin: the policy in force, its history, the presets to start from, and publishing a new version. */
export const policyRoutes = (recourse: Recourse): Route[] => {
  const { database, policies, runner } = recourse
  const db = database.db

  const view = (v: PolicyVersionSummary & { policy: Policy }, currentId: string | undefined) => ({
    ...v,
    current: v.id === currentId,
  })

  return [
    defineRoute({
      method: 'GET',
      url: '/v1/policy',
      tags,
      summary:
        'The policy version in force, with its ETag for If-Match on PUT (admin; cases keep the version they opened under)',
      roles: ['admin'],
      response: { 200: CurrentPolicy },
      handler: async (_input, reply) => {
        const head = await policies.head(db)
        if (!head) throw notFound('policy version')
        return reply.header('etag', `"${head.id}"`).send(view(head, head.id))
      },
    }),

    defineRoute({
      method: 'PUT',
      url: '/v1/policy',
      tags,
      summary:
        'Publish a new policy version over the one named by If-Match (admin). Open cases and cancellations keep theirs.',
      roles: ['admin'],
      headers: PolicyIfMatch,
      body: PublishPolicyBody,
      response: { 200: CurrentPolicy },
      attachValidation: true,
      handler: async ({ caller, request, body }, reply) => {
        if (request.validationError) {
          if (request.validationError.validationContext !== 'body') throw request.validationError
          throw invalidPolicy(request.validationError)
        }
        const expected = basedOn(request)
        const { policy, note } = body
        if (!isTimeZone(policy.calendar.timeZone))
          throw new HttpProblem(
            400,
            'INVALID_POLICY',
            `The policy knob calendar.timeZone is not valid: '${policy.calendar.timeZone}' is not an IANA time zone.`,
            { knob: 'calendar.timeZone', errors: [] },
          )
        const outcome = await runner.run(caller, async (uow) => {
          const published = await policies.publishOver(
            uow.tx,
            expected,
            policy,
            `${caller.kind}:${caller.id}`,
            uow.now,
            note,
          )
          return 'code' in published ? refused({ ...published }) : done(published)
        })
        if (!outcome.ok) {
          const problem = rejectionProblem(outcome.rejection)
          return reply.code(problem.status).type('application/problem+json').send(problem.body)
        }
        const head = await policies.version(db, outcome.value.id)
        if (!head) throw new Error('a policy version just published is missing')
        return reply.header('etag', `"${head.id}"`).send(view(head, head.id))
      },
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/policy/versions',
      tags,
      summary:
        'Every published policy version, newest first: who published it, when and why (admin)',
      roles: ['admin'],
      query: PolicyVersionQuery,
      response: { 200: PolicyVersionPage },
      handler: async ({ query }) => {
        const { limit, cursor } = query
        const head = await policies.head(db)
        const rows = await policies.history(db, { limit: limit + 1, before: cursor })
        const items = rows.slice(0, limit).map((r) => ({ ...r, current: r.id === head?.id }))
        return {
          items,
          nextCursor: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null,
        }
      },
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/policy/versions/:id',
      tags,
      summary: 'One policy version with its whole document (admin)',
      roles: ['admin'],
      params: PolicyVersionParams,
      response: { 200: CurrentPolicy },
      handler: async ({ params }) => {
        const version = await policies.version(db, params.id)
        if (!version) throw notFound('policy version')
        return view(version, (await policies.head(db))?.id)
      },
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/policy/presets',
      tags,
      summary: 'The presets a policy can start from, with every value (admin)',
      roles: ['admin'],
      response: { 200: PresetList },
      handler: async () => ({
        items: [
          { name: 'default', policy: defaultPolicy },
          ...presetNames.map((name) => ({ name, policy: presets[name] })),
        ],
      }),
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/policy/knobs',
      tags,
      summary:
        'Every policy knob with its kind, its JSDoc as help text and its @default, for editors (admin)',
      roles: ['admin'],
      response: { 200: KnobCatalog },
      handler: async () => policyKnobs,
    }),
  ]
}
