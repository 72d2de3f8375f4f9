import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { ConversationServices } from '../../app/conversations.ts'
import type { Recourse } from '../../app/recourse.ts'
import { requireRole } from '../auth.ts'
import { sendCommand } from '../command.ts'
import { notFound, registerExplainer } from '../problems.ts'
import { IdParams, IdempotencyHeaders, problemResponses } from '../schemas/common.ts'
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
      return 'A webhook URL is an absolute http(s) URL without credentials in it.'
    case 'UNKNOWN_EVENT_TYPE':
      return `Unknown event types: ${(r.unknown as string[]).join(', ')}. See GET /v1/event-types.`
    default:
      return undefined
  }
})

const tags = ['webhooks']

/** Admin: where events are pushed, their signing secrets, and every delivery attempt. */
export const webhookRoutes =
  (recourse: Recourse, services: ConversationServices): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { runner, database } = recourse
    const { webhooks } = services
    const now = () => recourse.clock.now()

    app.post(
      '/webhook-endpoints',
      {
        schema: {
          tags,
          summary: 'Register an endpoint; the answer holds its signing secret',
          headers: IdempotencyHeaders,
          body: CreateEndpointBody,
          response: { 201: EndpointWithSecret, ...problemResponses },
        },
      },
      async (request, reply) => {
        requireRole(request, 'admin')
        return sendCommand(runner, request, reply, (uow) => webhooks.create(uow, request.body), {
          successStatus: 201,
        })
      },
    )

    app.get(
      '/webhook-endpoints',
      {
        schema: {
          tags,
          summary: 'Every endpoint',
          response: { 200: Type.Object({ items: Type.Array(EndpointView) }), ...problemResponses },
        },
      },
      async (request) => {
        requireRole(request, 'admin')
        return { items: await webhooks.list(database.db, await now()) }
      },
    )

    app.get(
      '/webhook-endpoints/:id',
      {
        schema: {
          tags,
          summary: 'One endpoint',
          params: IdParams,
          response: { 200: EndpointView, ...problemResponses },
        },
      },
      async (request) => {
        requireRole(request, 'admin')
        const view = await webhooks.get(database.db, request.params.id, await now())
        if (!view) throw notFound('webhook endpoint')
        return view
      },
    )

    app.patch(
      '/webhook-endpoints/:id',
      {
        schema: {
          tags,
          summary: 'Change the URL, event types, description, or switch it off and on',
          params: IdParams,
          headers: IdempotencyHeaders,
          body: UpdateEndpointBody,
          response: { 200: EndpointView, ...problemResponses },
        },
      },
      async (request, reply) => {
        requireRole(request, 'admin')
        return sendCommand(runner, request, reply, (uow) =>
          webhooks.update(uow, request.params.id, request.body),
        )
      },
    )

    app.delete(
      '/webhook-endpoints/:id',
      {
        schema: {
          tags,
          summary: 'Remove an endpoint; queued deliveries to it are cancelled',
          params: IdParams,
          headers: IdempotencyHeaders,
          response: {
            200: Type.Object({ id: Type.String(), deleted: Type.Boolean() }),
            ...problemResponses,
          },
        },
      },
      async (request, reply) => {
        requireRole(request, 'admin')
        return sendCommand(runner, request, reply, (uow) => webhooks.remove(uow, request.params.id))
      },
    )

    app.post(
      '/webhook-endpoints/:id/secret/rotate',
      {
        schema: {
          tags,
          summary: 'A new signing secret; the old one keeps signing for the overlap',
          params: IdParams,
          headers: IdempotencyHeaders,
          body: Type.Optional(RotateSecretBody),
          response: { 200: EndpointWithSecret, ...problemResponses },
        },
      },
      async (request, reply) => {
        requireRole(request, 'admin')
        return sendCommand(runner, request, reply, (uow) =>
          webhooks.rotateSecret(uow, request.params.id, request.body?.overlapHours ?? 24),
        )
      },
    )

    app.get(
      '/webhook-endpoints/:id/secret',
      {
        schema: {
          tags,
          summary: 'The secrets that sign now (during a rotation: both)',
          params: IdParams,
          response: { 200: SecretsView, ...problemResponses },
        },
      },
      async (request) => {
        requireRole(request, 'admin')
        const secrets = await webhooks.secrets(database.db, request.params.id, await now())
        if (!secrets) throw notFound('webhook endpoint')
        return secrets
      },
    )

    app.get(
      '/webhook-endpoints/:id/deliveries',
      {
        schema: {
          tags,
          summary: 'Deliveries to the endpoint, newest first (status=dead: the dead letters)',
          params: IdParams,
          querystring: DeliveryQuery,
          response: { 200: DeliveryPage, ...problemResponses },
        },
      },
      async (request) => {
        requireRole(request, 'admin')
        const page = await webhooks.deliveries(database.db, request.params.id, request.query)
        if (!page) throw notFound('webhook endpoint')
        return page
      },
    )

    app.get(
      '/webhook-endpoints/:id/deliveries/:deliveryId',
      {
        schema: {
          tags,
          summary: 'One delivery with its body and every attempt (status, latency, response)',
          params: DeliveryParams,
          response: { 200: DeliveryDetail, ...problemResponses },
        },
      },
      async (request) => {
        requireRole(request, 'admin')
        const d = await webhooks.delivery(database.db, request.params.id, request.params.deliveryId)
        if (!d) throw notFound('delivery')
        return d
      },
    )

    app.post(
      '/webhook-endpoints/:id/deliveries/:deliveryId/redeliver',
      {
        schema: {
          tags,
          summary: 'Send it again now (a dead letter starts a fresh retry schedule)',
          params: DeliveryParams,
          headers: IdempotencyHeaders,
          response: { 202: DeliveryView, ...problemResponses },
        },
      },
      async (request, reply) => {
        requireRole(request, 'admin')
        return sendCommand(
          runner,
          request,
          reply,
          (uow) => webhooks.redeliver(uow, request.params.id, request.params.deliveryId),
          { successStatus: 202 },
        )
      },
    )
  }
