import { Type } from 'typebox'
import type { ConversationServices, Recourse } from '../../app/recourse.ts'
import { commandRoutes } from '../command-route.ts'
import { notFound, registerExplainer } from '../problems.ts'
import { defineRoute, type Route } from '../route.ts'
import { IdParams } from '../schemas/common.ts'
import {
  CreateEndpointBody,
  DeliveryDetail,
  DeliveryPage,
  DeliveryParams,
  DeliveryQuery,
  DeliveryView,
  EndpointView,
  EndpointWithSecret,
  RotateSecretBody,
  SecretsView,
  UpdateEndpointBody,
} from '../schemas/webhook.ts'

registerExplainer((r) => {
  switch (r.code) {
    case 'INVALID_WEBHOOK_URL':
      return `A webhook URL is an absolute https URL without credentials, reaching a public address (${String(r.reason)}).`
    case 'UNKNOWN_EVENT_TYPE':
      return `Unknown event types: ${(r.unknown as string[]).join(', ')}. See GET /v1/event-types.`
    default:
      return undefined
  }
})

const tags = ['webhooks']

/** Admin: where events are pushed, their signing secrets, and every delivery attempt. */
export const webhookRoutes = (recourse: Recourse, services: ConversationServices): Route[] => {
  const { runner, database } = recourse
  const command = commandRoutes(runner)
  const { webhooks } = services
  const now = () => recourse.clock.now()

  return [
    command({
      method: 'POST',
      url: '/v1/webhook-endpoints',
      tags,
      summary: 'Register an endpoint; the answer holds its signing secret',
      roles: ['admin'],
      body: CreateEndpointBody,
      response: { 201: EndpointWithSecret },
      successStatus: 201,
      run: (uow, { body }) => webhooks.create(uow, body),
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/webhook-endpoints',
      tags,
      summary: 'Every endpoint',
      roles: ['admin'],
      response: { 200: Type.Object({ items: Type.Array(EndpointView) }) },
      handler: async () => ({ items: await webhooks.list(database.db, await now()) }),
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/webhook-endpoints/:id',
      tags,
      summary: 'One endpoint',
      roles: ['admin'],
      params: IdParams,
      response: { 200: EndpointView },
      handler: async ({ params }) => {
        const view = await webhooks.get(database.db, params.id, await now())
        if (!view) throw notFound('webhook endpoint')
        return view
      },
    }),

    command({
      method: 'PATCH',
      url: '/v1/webhook-endpoints/:id',
      tags,
      summary: 'Change the URL, event types, description, or switch it off and on',
      roles: ['admin'],
      params: IdParams,
      body: UpdateEndpointBody,
      response: { 200: EndpointView },
      run: (uow, { params, body }) => webhooks.update(uow, params.id, body),
    }),

    command({
      method: 'DELETE',
      url: '/v1/webhook-endpoints/:id',
      tags,
      summary: 'Remove an endpoint; queued deliveries to it are cancelled',
      roles: ['admin'],
      params: IdParams,
      response: { 200: Type.Object({ id: Type.String(), deleted: Type.Boolean() }) },
      run: (uow, { params }) => webhooks.remove(uow, params.id),
    }),

    command({
      method: 'POST',
      url: '/v1/webhook-endpoints/:id/secret/rotate',
      tags,
      summary: 'A new signing secret; the old one keeps signing for the overlap',
      roles: ['admin'],
      params: IdParams,
      body: Type.Optional(RotateSecretBody),
      response: { 200: EndpointWithSecret },
      run: (uow, { params, body }) =>
        webhooks.rotateSecret(uow, params.id, body?.overlapHours ?? 24),
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/webhook-endpoints/:id/secret',
      tags,
      summary: 'The secrets that sign now (during a rotation: both)',
      roles: ['admin'],
      params: IdParams,
      response: { 200: SecretsView },
      handler: async ({ params }) => {
        const secrets = await webhooks.secrets(database.db, params.id, await now())
        if (!secrets) throw notFound('webhook endpoint')
        return secrets
      },
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/webhook-endpoints/:id/deliveries',
      tags,
      summary: 'Deliveries to the endpoint, newest first (status=dead: the dead letters)',
      roles: ['admin'],
      params: IdParams,
      query: DeliveryQuery,
      response: { 200: DeliveryPage },
      handler: async ({ params, query }) => {
        const page = await webhooks.deliveries(database.db, params.id, query)
        if (!page) throw notFound('webhook endpoint')
        return page
      },
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/webhook-endpoints/:id/deliveries/:deliveryId',
      tags,
      summary: 'One delivery with its body and every attempt (status, latency, response)',
      roles: ['admin'],
      params: DeliveryParams,
      response: { 200: DeliveryDetail },
      handler: async ({ params }) => {
        const d = await webhooks.delivery(database.db, params.id, params.deliveryId)
        if (!d) throw notFound('delivery')
        return d
      },
    }),

    command({
      method: 'POST',
      url: '/v1/webhook-endpoints/:id/deliveries/:deliveryId/redeliver',
      tags,
      summary: 'Send it again now (a dead letter starts a fresh retry schedule)',
      roles: ['admin'],
      params: DeliveryParams,
      response: { 202: DeliveryView },
      successStatus: 202,
      run: (uow, { params }) => webhooks.redeliver(uow, params.id, params.deliveryId),
    }),
  ]
}
