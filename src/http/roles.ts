import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ActorKind } from '../domain/shared/actor.ts'
import { forbidden, HttpProblem } from './problems.ts'

/** Who may call a route: actor kinds, or `public` for no credentials at all. */
export type RouteRole = Exclude<ActorKind, 'system'> | 'public'

const people = ['buyer', 'seller', 'agent', 'admin'] as const
const parties = ['buyer', 'seller'] as const
const staff = ['agent', 'admin'] as const
const everyone = ['buyer', 'seller', 'agent', 'admin', 'integration'] as const

/**
 * The roles each route serves, published as the `x-roles` extension of its
 * OpenAPI operation and enforced before anything else runs (`enforceRouteRoles`):
 * a role outside the list gets 403 whatever the object, so the answer never
 * depends on whether the id exists. The handlers and deciders check again,
 * and keep objects scoped by party. The security suite (test/resilience/security-access.test.ts) calls
 * every operation with every role and fails when a route is missing here or
 * a role outside its list gets through. Where a role is served but sees only
 * some objects (agents see a conversation once its case is escalated), the
 * handler answers 404 for the others, as for any object not yours.
 */
export const routeRoles: Readonly<Record<string, readonly RouteRole[]>> = {
  'GET /health': ['public'],
  'GET /ready': ['public'],
  'GET /v1/sandbox/clock': ['public'],
  'POST /v1/sandbox/clock': ['admin'],
  'GET /v1/demo/users': ['public'],
  'POST /v1/demo/tokens': ['public'],
  'POST /v1/demo/api-keys': ['public'],

  'GET /v1/orders/{id}/cancellation-eligibility': everyone,

  'POST /v1/orders/{id}/cancellations': parties,
  'GET /v1/cancellations': everyone,
  'GET /v1/cancellations/{id}': everyone,
  'POST /v1/cancellations/{id}/approve': ['seller'],
  'POST /v1/cancellations/{id}/decline': ['seller'],
  'POST /v1/cancellations/{id}/withdraw': ['buyer'],

  'POST /v1/orders/{id}/cases': ['buyer'],
  'GET /v1/cases': everyone,
  'GET /v1/cases/{id}': everyone,
  'GET /v1/queue': staff,
  'POST /v1/cases/{id}/accept-claim': ['seller'],
  'POST /v1/cases/{id}/dispute': ['seller'],
  'POST /v1/cases/{id}/offers': parties,
  'POST /v1/cases/{id}/offers/{offerId}/accept': parties,
  'POST /v1/cases/{id}/offers/{offerId}/decline': parties,
  'POST /v1/cases/{id}/evidence': ['buyer', 'seller', 'agent'],
  'POST /v1/cases/{id}/messages': ['buyer', 'seller', 'agent'],
  'POST /v1/cases/{id}/escalate': parties,
  'POST /v1/cases/{id}/withdraw': ['buyer'],
  'POST /v1/cases/{id}/assign': ['agent'],
  'POST /v1/cases/{id}/information-requests': ['agent'],
  'POST /v1/cases/{id}/information': parties,
  'POST /v1/cases/{id}/decision': ['agent'],
  'POST /v1/cases/{id}/appeal': parties,
  'POST /v1/cases/{id}/appeal-decision': ['agent'],
  'GET /v1/cases/{id}/returns': everyone,
  'GET /v1/cases/{id}/replacement': everyone,
  'POST /v1/cases/{id}/replacement/shipment': ['seller'],
  'POST /v1/cases/{id}/replacement/delivery': ['integration', 'admin'],
  'GET /v1/cases/{id}/precedents': staff,

  'POST /v1/files': ['buyer', 'seller', 'agent'],
  'GET /v1/files/{id}': everyone,
  'GET /v1/files/{id}/content': everyone,

  'GET /v1/sellers/{id}/scorecard': people,
  'GET /v1/buyers/{id}/record': people,
  'GET /v1/insights/late-shippers': staff,
  'GET /v1/insights/dispute-prone-listings': staff,
  'GET /v1/insights/dispute-prone-categories': staff,
  'GET /v1/insights/return-abuse': staff,
  'GET /v1/insights/reused-evidence': staff,
  'POST /v1/listings/review': ['seller', 'agent', 'admin'],
  'POST /v1/policy/simulations': ['admin'],
  'POST /v1/insights/rebuild': ['admin'],
  'GET /v1/insights/trends': staff,
  'GET /v1/policy': ['admin'],
  'PUT /v1/policy': ['admin'],
  'GET /v1/policy/versions': ['admin'],
  'GET /v1/policy/versions/{id}': ['admin'],
  'GET /v1/policy/presets': ['admin'],
  'GET /v1/policy/knobs': ['admin'],
  'GET /v1/api-keys': ['admin'],
  'POST /v1/api-keys': ['admin'],
  'POST /v1/api-keys/{id}/revoke': ['admin'],
  'GET /v1/users': ['admin'],

  'GET /v1/orders/{id}/conversation': everyone,
  'POST /v1/orders/{id}/conversation/messages': ['buyer', 'seller', 'agent'],
  'POST /v1/orders/{id}/conversation/read': ['buyer', 'seller', 'agent'],
  'POST /v1/orders/{id}/conversation/messages/{messageId}/review': ['agent'],
  'GET /v1/orders/{id}/conversation/attachments/{fileId}': everyone,
  'GET /v1/moderation/flagged-messages': staff,

  'GET /v1/notifications': people,
  'POST /v1/notifications/{id}/read': people,
  'POST /v1/notifications/read-all': people,
  'GET /v1/me/notification-preferences': people,
  'PUT /v1/me/notification-preferences': people,
  'GET /v1/me/profile': people,
  'PATCH /v1/me/profile': people,
  'PUT /v1/users/{userId}': ['integration', 'admin'],

  'POST /v1/webhook-endpoints': ['admin'],
  'GET /v1/webhook-endpoints': ['admin'],
  'GET /v1/webhook-endpoints/{id}': ['admin'],
  'PATCH /v1/webhook-endpoints/{id}': ['admin'],
  'DELETE /v1/webhook-endpoints/{id}': ['admin'],
  'POST /v1/webhook-endpoints/{id}/secret/rotate': ['admin'],
  'GET /v1/webhook-endpoints/{id}/secret': ['admin'],
  'GET /v1/webhook-endpoints/{id}/deliveries': ['admin'],
  'GET /v1/webhook-endpoints/{id}/deliveries/{deliveryId}': ['admin'],
  'POST /v1/webhook-endpoints/{id}/deliveries/{deliveryId}/redeliver': ['admin'],
  'GET /v1/events': ['integration', 'admin'],
  'GET /v1/event-types': everyone,

  'GET /v1/orders/{id}/ledger': everyone,
  'POST /v1/orders/{id}/refunds': staff,
  'GET /v1/refunds': ['agent', 'admin', 'integration'],
  'GET /v1/refunds/{id}': everyone,
  'POST /v1/refunds/{id}/confirmation': ['integration', 'admin'],
  'POST /v1/refunds/{id}/retry': staff,
  'POST /v1/refunds/{id}/switch-to-credit': staff,
  'GET /v1/accounts/{userId}/credits': everyone,
  'POST /v1/accounts/{userId}/credits/debits': ['integration', 'admin'],

  'GET /v1/returns': everyone,
  'GET /v1/returns/{id}': everyone,
  'GET /v1/returns/{id}/label.pdf': everyone,
  'POST /v1/returns/{id}/shipments': ['buyer', 'admin', 'integration'],
  'POST /v1/returns/{id}/delivery': ['seller', 'admin', 'integration'],
  'POST /v1/returns/{id}/inspection': ['seller'],
  'POST /v1/returns/{id}/dispute': ['buyer'],
  'POST /v1/returns/{id}/resolution': staff,

  'POST /v1/cases/{id}/swap': ['agent'],
  'GET /v1/cases/{id}/swap': everyone,
  'GET /v1/swaps/{id}': everyone,
  'GET /v1/swaps/{id}/legs/{leg}/label.pdf': everyone,
  'POST /v1/swaps/{id}/legs/{leg}/shipments': ['buyer', 'integration', 'admin'],
  'POST /v1/swaps/{id}/legs/{leg}/delivery': ['buyer', 'integration', 'admin'],

  // A buyer appeals its own record; another buyer's answers 404, as the record does.
  'POST /v1/buyers/{id}/abuse-appeals': ['buyer'],
  'GET /v1/buyers/{id}/abuse-appeals': people,
  'GET /v1/abuse-appeals': staff,
  'GET /v1/abuse-appeals/{id}': people,
  'POST /v1/abuse-appeals/{id}/decision': staff,
}

/** `GET /v1/orders/:id` → `GET /v1/orders/{id}`, the key of `routeRoles` and of the OpenAPI document. */
export const routeKey = (method: string, url: string): string =>
  `${method} ${url.replace(/:(\w+)/g, '{$1}')}`

/** Copies each route's roles into its schema, where @fastify/swagger publishes `x-` extensions. */
export const publishRouteRoles = (app: FastifyInstance): void => {
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    const roles = routeRoles[routeKey(String(methods[0]), route.url)]
    if (!roles || !route.schema) return
    ;(route.schema as Record<string, unknown>)['x-roles'] = roles
  })
}

/** Refuses a caller whose role the route does not serve: 401 without credentials, else 403. */
export const enforceRouteRoles = async (request: FastifyRequest): Promise<void> => {
  const url = request.routeOptions.url
  if (!url) return
  const method = request.method === 'HEAD' ? 'GET' : request.method
  const roles = routeRoles[routeKey(method, url)]
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
