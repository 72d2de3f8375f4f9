import { Type } from 'typebox'
import type { OrderView } from '../../app/orders/queries.ts'
import type { Recourse } from '../../app/recourse.ts'
import { etag } from '../command.ts'
import { aggregateCommands, commandRoutes } from '../command-route.ts'
import { notFound } from '../problems.ts'
import { defineRoute, everyone, type Route } from '../route.ts'
import { IdParams, ListQuery, Page } from '../schemas/common.ts'
import { orderTimeline } from '../../app/orders/timeline.ts'
import { ImportOrderBody, OrderTimeline, ShipmentBody } from '../schemas/order.ts'

const Order = Type.Ref('Order')
const tags = ['orders']

export const orderRoutes = (recourse: Recourse): Route[] => {
  const { runner, orders, database } = recourse
  const orderCommand = aggregateCommands<OrderView>(runner, { tags, view: Order })
  const command = commandRoutes(runner)

  return [
    command({
      method: 'POST',
      url: '/v1/orders',
      tags,
      summary: 'Import a paid order from the marketplace (integration)',
      roles: ['integration', 'admin'],
      body: ImportOrderBody,
      response: { 201: Order },
      successStatus: 201,
      etagOf: (o: OrderView) => o.version,
      run: (uow, { body }) => orders.import(uow, body),
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/orders',
      tags,
      summary: "List the caller's orders, newest first",
      roles: everyone,
      query: ListQuery,
      response: { 200: Page(Order) },
      handler: async ({ caller, query }) =>
        orders.list(database.db, caller, query, await recourse.clock.now()),
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/orders/:id',
      tags,
      summary: 'An order with its deadline and what the caller may do next',
      roles: everyone,
      params: IdParams,
      response: { 200: Order },
      handler: async ({ caller, params }, reply) => {
        const view = await orders.get(database.db, caller, params.id, await recourse.clock.now())
        if (!view) throw notFound('order')
        return reply.header('etag', etag(view.version)).send(view)
      },
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/orders/:id/timeline',
      tags,
      summary:
        'What happened to the order and its cancellations, oldest first, with who and when (late-order nudges included)',
      roles: everyone,
      params: IdParams,
      response: { 200: OrderTimeline },
      handler: async ({ caller, params }) => {
        const order = await orders.load(database.db, caller, params.id)
        if (!order) throw notFound('order')
        return { items: await orderTimeline(database.db, params.id) }
      },
    }),

    orderCommand({
      url: '/v1/orders/:id/shipments',
      summary: 'Record the shipment with carrier and tracking (seller or integration)',
      roles: ['seller', 'integration'],
      params: IdParams,
      body: ShipmentBody,
      run: (uow, { params, body }, version) =>
        orders.execute(uow, params.id, { type: 'ShipOrder', ...body }, version),
    }),

    orderCommand({
      url: '/v1/orders/:id/delivery',
      summary: "Record the carrier's delivery (integration)",
      roles: ['integration'],
      params: IdParams,
      run: (uow, { params }, version) =>
        orders.execute(uow, params.id, { type: 'MarkDelivered' }, version),
    }),

    orderCommand({
      url: '/v1/orders/:id/acceptance',
      summary: 'The buyer accepts the order: the sale is final and the payout released',
      roles: ['buyer'],
      params: IdParams,
      run: (uow, { params }, version) =>
        orders.execute(uow, params.id, { type: 'AcceptOrder' }, version),
    }),
  ]
}
