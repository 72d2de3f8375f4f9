import { Type } from 'typebox'
import { canSee } from '../../app/execute.ts'
import type { Recourse } from '../../app/recourse.ts'
import type { SwapView } from '../../app/swaps/queries.ts'
import { caseAggregate } from '../../app/aggregates.ts'
import { loadAggregate } from '../../store/event-store.ts'
import { etag } from '../command.ts'
import { aggregateCommands, commandRoutes } from '../command-route.ts'
import { BinaryBody, sendLabelPdf } from '../downloads.ts'
import { notFound } from '../problems.ts'
import { defineRoute, everyone, type Route } from '../route.ts'
import { IdParams } from '../schemas/common.ts'
import { CaseSwap, LinkSwapBody, ShipSwapLegBody, SwapLegParams } from '../schemas/swap.ts'

const Swap = Type.Ref('Swap')
const tags = ['swaps']

/**
 * Swapped orders: an agent links two buyers' cases, each buyer downloads a
 * forwarding label and ships, the carrier's scans come through the
 * integration. Both cases close on their own when both parcels arrive.
 */
export const swapRoutes = (recourse: Recourse): Route[] => {
  const { runner, swaps, database } = recourse
  const swapCommand = aggregateCommands<SwapView>(runner, { tags, view: Swap })
  const command = commandRoutes(runner)

  return [
    command({
      method: 'POST',
      url: '/v1/cases/:id/swap',
      tags,
      summary:
        'An agent links this case with another buyer’s: each received the other’s item and forwards it with a prepaid label',
      roles: ['agent'],
      params: IdParams,
      body: LinkSwapBody,
      response: { 201: Swap },
      successStatus: 201,
      etagOf: (swap: SwapView) => swap.version,
      run: (uow, { params, body: { otherCaseId, rationale, fault } }) =>
        swaps.link(uow, params.id, {
          otherCaseId,
          rationale,
          ...(fault === undefined ? {} : { fault }),
        }),
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/cases/:id/swap',
      tags,
      summary: 'The swap this case was linked into, if any (its buyer and staff)',
      roles: everyone,
      params: IdParams,
      response: { 200: CaseSwap },
      handler: async ({ caller, params }) => {
        const c = await loadAggregate(database.db, caseAggregate, params.id)
        if (c.state.status === 'none' || !canSee(caller, c.state)) throw notFound('case')
        const swap = await swaps.forCase(database.db, caller, params.id, await recourse.clock.now())
        return { swap }
      },
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/swaps/:id',
      tags,
      summary: 'A swap: both parcels, the ship-by deadline and what the caller may do next',
      roles: everyone,
      params: IdParams,
      response: { 200: Swap },
      handler: async ({ caller, params }, reply) => {
        const view = await swaps.get(database.db, caller, params.id, await recourse.clock.now())
        if (!view) throw notFound('swap')
        return reply.header('etag', etag(view.version)).send(view)
      },
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/swaps/:id/legs/:leg/label.pdf',
      tags,
      summary:
        'A forwarding label: a 4×6 in PDF with the RMA and a Code 128 barcode (the buyer who sends this parcel, staff)',
      roles: everyone,
      params: SwapLegParams,
      produces: ['application/pdf'],
      response: { 200: BinaryBody },
      handler: async ({ caller, params }, reply) => {
        const { id, leg } = params
        const pdf = await swaps.labelPdf(database.db, caller, id, leg)
        if (!pdf) throw notFound('swap label')
        return sendLabelPdf(reply, pdf, `swap-label-${id}-${leg}`)
      },
    }),

    swapCommand({
      url: '/v1/swaps/:id/legs/:leg/shipments',
      summary:
        'The sender shipped this parcel (by default with the label’s carrier and tracking number)',
      roles: ['buyer', 'integration', 'admin'],
      params: SwapLegParams,
      body: ShipSwapLegBody,
      run: (uow, { params: { id, leg }, body: { carrier, trackingNumber } }, version) =>
        swaps.execute(
          uow,
          id,
          {
            type: 'ShipSwapLeg',
            leg,
            ...(carrier === undefined ? {} : { carrier }),
            ...(trackingNumber === undefined ? {} : { trackingNumber }),
          },
          version,
        ),
    }),

    swapCommand({
      url: '/v1/swaps/:id/legs/:leg/delivery',
      summary:
        'The parcel arrived (the carrier through the integration, or the buyer it was sent to); the second delivery closes both cases',
      roles: ['buyer', 'integration', 'admin'],
      params: SwapLegParams,
      run: (uow, { params: { id, leg } }, version) =>
        swaps.execute(uow, id, { type: 'MarkSwapLegDelivered', leg }, version),
    }),
  ]
}
