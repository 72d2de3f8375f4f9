import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Recourse } from '../../app/recourse.ts'
import { requireActor, requireRole } from '../auth.ts'
import { etag, ifMatchVersion, sendCommand } from '../command.ts'
import { notFound } from '../problems.ts'
import {
  IdParams,
  IdempotencyHeaders,
  ListQuery,
  Page,
  problemResponses,
} from '../schemas/common.ts'
import { ImportOrderBody, ShipmentBody } from '../schemas/order.ts'

const Order = Type.Ref('Order')
const tags = ['orders']

export const orderRoutes =
  (recourse: Recourse): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { runner, orders, database } = recourse

    app.post(
      '/orders',
      {
        schema: {
          tags,
          summary: 'Import a paid order from the marketplace (integration)',
          headers: IdempotencyHeaders,
          body: ImportOrderBody,
          response: { 201: Order, ...problemResponses },
        },
      },
      async (request, reply) => {
        requireRole(request, 'integration', 'admin')
        return sendCommand(runner, request, reply, (uow) => orders.import(uow, request.body), {
          successStatus: 201,
          etagOf: (o) => o.version,
        })
      },
    )

    app.get(
      '/orders',
      {
        schema: {
          tags,
          summary: "List the caller's orders, newest first",
          querystring: ListQuery,
          response: { 200: Page(Order), ...problemResponses },
        },
      },
      async (request) => {
        const actor = requireActor(request)
        return orders.list(database.db, actor, request.query, await recourse.clock.now())
      },
    )

    app.get(
      '/orders/:id',
      {
        schema: {
          tags,
          summary: 'An order with its deadline and what the caller may do next',
          params: IdParams,
          response: { 200: Order, ...problemResponses },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request)
        const view = await orders.get(
          database.db,
          actor,
          request.params.id,
          await recourse.clock.now(),
        )
        if (!view) throw notFound('order')
        return reply.header('etag', etag(view.version)).send(view)
      },
    )

    app.post(
      '/orders/:id/shipments',
      {
        schema: {
          tags,
          summary: 'Record the shipment with carrier and tracking (seller or integration)',
          params: IdParams,
          headers: IdempotencyHeaders,
          body: ShipmentBody,
          response: { 200: Order, ...problemResponses },
        },
      },
      async (request, reply) =>
        sendCommand(
          runner,
          request,
          reply,
          (uow) =>
            orders.execute(
              uow,
              request.params.id,
              { type: 'ShipOrder', ...request.body },
              ifMatchVersion(request),
            ),
          { etagOf: (o) => o.version },
        ),
    )

    app.post(
      '/orders/:id/delivery',
      {
        schema: {
          tags,
          summary: "Record the carrier's delivery (integration)",
          params: IdParams,
          headers: IdempotencyHeaders,
          response: { 200: Order, ...problemResponses },
        },
      },
      async (request, reply) =>
        sendCommand(
          runner,
          request,
          reply,
          (uow) =>
            orders.execute(
              uow,
              request.params.id,
              { type: 'MarkDelivered' },
              ifMatchVersion(request),
            ),
          { etagOf: (o) => o.version },
        ),
    )

    app.post(
      '/orders/:id/acceptance',
      {
        schema: {
          tags,
          summary: 'The buyer accepts the order: the sale is final and the payout released',
          params: IdParams,
          headers: IdempotencyHeaders,
          response: { 200: Order, ...problemResponses },
        },
      },
      async (request, reply) =>
        sendCommand(
          runner,
          request,
          reply,
          (uow) =>
            orders.execute(
              uow,
              request.params.id,
              { type: 'AcceptOrder' },
              ifMatchVersion(request),
            ),
          { etagOf: (o) => o.version },
        ),
    )
  }
