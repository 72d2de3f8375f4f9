import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Static, TSchema } from 'typebox'
import type { Actor, ActorKind } from '../domain/shared/actor.ts'
import { forbidden, HttpProblem } from './problems.ts'
import { problemResponses } from './schemas/common.ts'

/** Who may call a route: actor kinds, or `public` for no credentials at all. */
export type RouteRole = Exclude<ActorKind, 'system'> | 'public'

/** The role lists most routes use. */
export const people = ['buyer', 'seller', 'agent', 'admin'] as const
export const parties = ['buyer', 'seller'] as const
export const staff = ['agent', 'admin'] as const
export const everyone = ['buyer', 'seller', 'agent', 'admin', 'integration'] as const

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/**
 * The caller a handler receives, already checked against the route's roles:
 * narrowed to those kinds, and null only on a public route.
 */
export type Caller<R extends RouteRole> = 'public' extends R
  ? Actor | null
  : Extract<Actor, { kind: R }>

type Parsed<S> = S extends TSchema ? Static<S> : undefined

/** What a handler gets: the checked caller and the request's parts, typed by their schemas. */
export interface RouteInput<R extends RouteRole, P, Q, B> {
  readonly caller: Caller<R>
  readonly params: Parsed<P>
  readonly query: Parsed<Q>
  readonly body: Parsed<B>
  /** The raw request, for what the parts above do not carry (headers, multipart, idempotency). */
  readonly request: FastifyRequest
}

/**
 * One HTTP route, declared once: method, path, summary, roles, schemas and a
 * handler with typed input. The role check and the OpenAPI operation (with
 * its `x-roles`, which the access tests walk, and the problem responses every
 * route can answer) are derived from this (ADR 0012).
 *
 * The roles are enforced before anything else runs (`enforceRouteRoles`): a
 * role outside the list gets 403 whatever the object, so the answer never
 * depends on whether the id exists. The handlers and deciders check again,
 * and keep objects scoped by party. The security suite
 * (test/resilience/security-access.test.ts) calls every operation with every
 * role and fails when a route carries no roles or a role outside its list
 * gets through. Where a role is served but sees only some objects (agents see
 * a conversation once its case is escalated), the handler answers 404 for the
 * others, as for any object not yours.
 */
export interface RouteDeclaration<R extends RouteRole, P, Q, B> {
  readonly method: HttpMethod
  /** The full path, Fastify style: `/v1/orders/:id`. */
  readonly url: string
  readonly summary: string
  readonly description?: string
  readonly tags: readonly string[]
  /** Who may call it; anyone else gets 401/403 before the body is read. */
  readonly roles: readonly R[]
  readonly params?: P
  readonly query?: Q
  readonly body?: B
  readonly headers?: TSchema
  /** Request media types other than JSON (`multipart/form-data`). */
  readonly consumes?: readonly string[]
  /** Response media types other than JSON (a PDF label, a downloaded file). */
  readonly produces?: readonly string[]
  /** Success responses by status; the problem responses are added. */
  readonly response?: Readonly<Record<number, TSchema>>
  /**
   * `false` leaves the problem responses out of the OpenAPI operation, for
   * the probes that answer none of their own (`/health`, `/ready`).
   */
  readonly problems?: false
  /**
   * The handler runs with an invalid body and reads `request.validationError`,
   * to word the refusal itself (`PUT /v1/policy` names the policy knob).
   */
  readonly attachValidation?: true
  /** A tighter limit than the principal's default (sign-in, uploads). */
  readonly rateLimit?: { readonly max: number; readonly timeWindow: string }
  /** Left out of the OpenAPI document. */
  readonly hide?: boolean
  readonly handler: (input: RouteInput<R, P, Q, B>, reply: FastifyReply) => Promise<unknown>
}

/** A declaration with its types erased, as the server registers it. */
export type Route = RouteDeclaration<RouteRole, TSchema, TSchema, TSchema>

export const defineRoute = <
  const R extends RouteRole,
  P extends TSchema | undefined = undefined,
  Q extends TSchema | undefined = undefined,
  B extends TSchema | undefined = undefined,
>(
  route: RouteDeclaration<R, P, Q, B>,
): Route => route as unknown as Route

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The roles of the route's declaration (`defineRoute`). */
    roles?: readonly RouteRole[]
  }
}

/**
 * Refuses a caller whose role the route does not serve: 401 without
 * credentials, else 403 — whatever the object, so the answer never depends on
 * whether an id exists. Runs on `onRequest`, before the body is parsed.
 */
export const enforceRouteRoles = async (request: FastifyRequest): Promise<void> => {
  const roles = request.routeOptions.config.roles
  if (!roles || roles.includes('public')) return
  const actor = request.actor
  if (!actor)
    throw new HttpProblem(
      401,
      'UNAUTHENTICATED',
      'Send a bearer token: a user token or an API key.',
    )
  if (actor.kind !== 'system' && !roles.includes(actor.kind))
    throw forbidden(`This needs one of: ${roles.join(', ')}.`)
}

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']

/**
 * A path that exists, called with a method it does not serve, answers 405
 * with `Allow` (instead of a 404 that suggests the path is wrong).
 */
const registerMethodNotAllowed = (app: FastifyInstance, routes: readonly Route[]): void => {
  const methodsByUrl = new Map<string, Set<HttpMethod>>()
  for (const route of routes) {
    const methods = methodsByUrl.get(route.url) ?? new Set<HttpMethod>()
    methods.add(route.method)
    methodsByUrl.set(route.url, methods)
  }
  for (const [url, methods] of methodsByUrl) {
    const allow = [...methods, ...(methods.has('GET') ? ['HEAD'] : [])].join(', ')
    const others = METHODS.filter((m) => !methods.has(m))
    if (others.length === 0) continue
    app.route({
      method: [...others],
      url,
      schema: { hide: true },
      handler: async (request, reply) => {
        reply.header('allow', allow)
        throw new HttpProblem(
          405,
          'METHOD_NOT_ALLOWED',
          `${request.method} is not served here; use ${allow}.`,
          { allow: allow.split(', ') },
        )
      },
    })
  }
}

/** Registers declared routes; each route's roles are enforced by `enforceRouteRoles`. */
export const registerRoutes = (app: FastifyInstance, routes: readonly Route[]): void => {
  registerMethodNotAllowed(app, routes)
  for (const route of routes) {
    const response = { ...route.response, ...(route.problems === false ? {} : problemResponses) }
    app.route({
      method: route.method,
      url: route.url,
      ...(route.attachValidation ? { attachValidation: true } : {}),
      schema: {
        tags: [...route.tags],
        summary: route.summary,
        ...(route.description ? { description: route.description } : {}),
        ...(route.params ? { params: route.params } : {}),
        ...(route.query ? { querystring: route.query } : {}),
        ...(route.body ? { body: route.body } : {}),
        ...(route.headers ? { headers: route.headers } : {}),
        ...(route.consumes ? { consumes: [...route.consumes] } : {}),
        ...(route.produces ? { produces: [...route.produces] } : {}),
        ...(route.hide ? { hide: true } : {}),
        ...(Object.keys(response).length ? { response } : {}),
        'x-roles': route.roles,
      },
      config: {
        roles: route.roles,
        ...(route.rateLimit ? { rateLimit: route.rateLimit } : {}),
      },
      handler: (request, reply) =>
        route.handler(
          {
            caller: request.actor,
            params: request.params,
            query: request.query,
            body: request.body,
            request,
          },
          reply,
        ),
    })
  }
}
