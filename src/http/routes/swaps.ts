import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { canSee } from '../../app/execute.ts'
import type { Recourse } from '../../app/recourse.ts'
import type { SwapView } from '../../app/swaps.ts'
import { caseAggregate } from '../../app/aggregates.ts'
import { loadAggregate } from '../../store/event-store.ts'
import { requireActor, requireRole } from '../auth.ts'
import { etag, ifMatchVersion, sendCommand } from '../command.ts'
import { BinaryBody, sendLabelPdf } from '../downloads.ts'
import { notFound } from '../problems.ts'
import { IdParams, IdempotencyHeaders, problemResponses } from '../schemas/common.ts'
import { CaseSwap, LinkSwapBody, ShipSwapLegBody, SwapLegParams } from '../schemas/swap.ts'

const Swap = Type.Ref('Swap')
const tags = ['swaps']
const withEtag = { etagOf: (s: SwapView) => s.version }

/**
 * Swapped orders: an agent links two buyers' cases, each buyer downloads a
 * forwarding label and ships, the carrier's scans come through the
 * integration. Both cases close on their own when both parcels arrive.
 */
export const swapRoutes =
  (recourse: Recourse): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { runner, swaps, database } = recourse

    app.post(
      '/cases/:id/swap',
      {
        schema: {
          tags,
          summary:
            'An agent links this case with another buyer’s: each received the other’s item and forwards it with a prepaid label',
          params: IdParams,
          headers: IdempotencyHeaders,
          body: LinkSwapBody,
          response: { 201: Swap, ...problemResponses },
        },
      },
      async (request, reply) => {
        requireRole(request, 'agent')
        const { otherCaseId, rationale, fault } = request.body
        return sendCommand(
          runner,
          request,
          reply,
          (uow) =>
            swaps.link(uow, request.params.id, {
              otherCaseId,
              rationale,
              ...(fault === undefined ? {} : { fault }),
            }),
          { successStatus: 201, ...withEtag },
        )
      },
    )

    app.get(
      '/cases/:id/swap',
      {
        schema: {
          tags,
          summary: 'The swap this case was linked into, if any (its buyer and staff)',
          params: IdParams,
          response: { 200: CaseSwap, ...problemResponses },
        },
      },
      async (request) => {
        const actor = requireActor(request)
        const c = await loadAggregate(database.db, caseAggregate, request.params.id)
        if (c.state.status === 'none' || !canSee(actor, c.state)) throw notFound('case')
        const swap = await swaps.forCase(
          database.db,
          actor,
          request.params.id,
          await recourse.clock.now(),
        )
        return { swap }
      },
    )

    app.get(
      '/swaps/:id',
      {
        schema: {
          tags,
          summary: 'A swap: both parcels, the ship-by deadline and what the caller may do next',
          params: IdParams,
          response: { 200: Swap, ...problemResponses },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request)
        const view = await swaps.get(
          database.db,
          actor,
          request.params.id,
          await recourse.clock.now(),
        )
        if (!view) throw notFound('swap')
        return reply.header('etag', etag(view.version)).send(view)
      },
    )

    app.get(
      '/swaps/:id/legs/:leg/label.pdf',
      {
        schema: {
          tags,
          summary:
            'A forwarding label: a 4×6 in PDF with the RMA and a Code 128 barcode (the buyer who sends this parcel, staff)',
          params: SwapLegParams,
          produces: ['application/pdf'],
          response: {
            200: BinaryBody,
            ...problemResponses,
          },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request)
        const { id, leg } = request.params
        const pdf = await swaps.labelPdf(database.db, actor, id, leg)
        if (!pdf) throw notFound('swap label')
        return sendLabelPdf(reply, pdf, `swap-label-${id}-${leg}`)
      },
    )

    app.post(
      '/swaps/:id/legs/:leg/shipments',
      {
        schema: {
          tags,
          summary:
            'The sender shipped this parcel (by default with the label’s carrier and tracking number)',
          params: SwapLegParams,
          headers: IdempotencyHeaders,
          body: ShipSwapLegBody,
          response: { 200: Swap, ...problemResponses },
        },
        preValidation: async (request) => {
          request.body ??= {}
        },
      },
      async (request, reply) => {
        requireRole(request, 'buyer', 'integration', 'admin')
        const { carrier, trackingNumber } = request.body
        const { id, leg } = request.params
        return sendCommand(
          runner,
          request,
          reply,
          (uow) =>
            swaps.execute(
              uow,
              id,
              {
                type: 'ShipSwapLeg',
                leg,
                ...(carrier === undefined ? {} : { carrier }),
                ...(trackingNumber === undefined ? {} : { trackingNumber }),
              },
              ifMatchVersion(request),
            ),
          withEtag,
        )
      },
    )

    app.post(
      '/swaps/:id/legs/:leg/delivery',
      {
        schema: {
          tags,
          summary:
            'The parcel arrived (the carrier through the integration, or the buyer it was sent to); the second delivery closes both cases',
          params: SwapLegParams,
          headers: IdempotencyHeaders,
          response: { 200: Swap, ...problemResponses },
        },
      },
      async (request, reply) => {
        requireRole(request, 'integration', 'buyer', 'admin')
        const { id, leg } = request.params
        return sendCommand(
          runner,
          request,
          reply,
          (uow) =>
            swaps.execute(uow, id, { type: 'MarkSwapLegDelivered', leg }, ifMatchVersion(request)),
          withEtag,
        )
      },
    )
  }
