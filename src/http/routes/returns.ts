import { Type } from 'typebox'
import type { Recourse } from '../../app/recourse.ts'
import type { ReturnView } from '../../app/returns/queries.ts'
import { minor } from '../../domain/shared/money.ts'
import { etag } from '../command.ts'
import { aggregateCommands, commandRoutes, withVersion } from '../command-route.ts'
import { BinaryBody, sendLabelPdf } from '../downloads.ts'
import { notFound } from '../problems.ts'
import { defineRoute, everyone, staff, type Route } from '../route.ts'
import { IdParams, ListQuery } from '../schemas/common.ts'
import {
  InspectionBody,
  ReplacementShipmentBody,
  ResolutionBody,
  ReturnDisputeBody,
  ReturnList,
  ReturnPage,
  ShipReturnBody,
} from '../schemas/return.ts'

const Return = Type.Ref('Return')
const Replacement = Type.Ref('Replacement')
const tags = ['returns']

/**
 * Returns and replacements: the buyer ships with the label, the carrier's
 * delivery comes through the integration, the seller inspects, an agent
 * settles a disputed inspection. Refunds follow on their own.
 */
export const returnRoutes = (recourse: Recourse): Route[] => {
  const { runner, returns, database } = recourse
  const returnCommand = aggregateCommands<ReturnView>(runner, { tags, view: Return })
  const command = commandRoutes(runner)

  return [
    defineRoute({
      method: 'GET',
      url: '/v1/returns',
      tags,
      summary:
        "The caller's returns, newest first (a seller filters status=delivered_to_seller for what to inspect)",
      roles: everyone,
      query: ListQuery,
      response: { 200: ReturnPage },
      handler: async ({ caller, query }) =>
        returns.list(database.db, caller, query, await recourse.clock.now()),
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/returns/:id',
      tags,
      summary: 'A return with its deadline and what the caller may do next',
      roles: everyone,
      params: IdParams,
      response: { 200: Return },
      handler: async ({ caller, params }, reply) => {
        const view = await returns.get(database.db, caller, params.id, await recourse.clock.now())
        if (!view) throw notFound('return')
        return reply.header('etag', etag(view.version)).send(view)
      },
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/returns/:id/label.pdf',
      tags,
      summary:
        'The return label: a 4×6 in PDF with the RMA and a Code 128 barcode (the buyer, staff)',
      roles: everyone,
      params: IdParams,
      produces: ['application/pdf'],
      response: { 200: BinaryBody },
      handler: async ({ caller, params }, reply) => {
        const pdf = await returns.labelPdf(database.db, caller, params.id)
        if (!pdf) throw notFound('return label')
        return sendLabelPdf(reply, pdf, `return-label-${params.id}`)
      },
    }),

    returnCommand({
      url: '/v1/returns/:id/shipments',
      summary:
        'The buyer sent the parcel (by default with the label’s carrier and tracking number)',
      roles: ['buyer', 'admin', 'integration'],
      params: IdParams,
      body: ShipReturnBody,
      run: (uow, { params, body: { carrier, trackingNumber } }, version) =>
        returns.execute(
          uow,
          params.id,
          () => ({
            type: 'ShipReturn',
            ...(carrier === undefined ? {} : { carrier }),
            ...(trackingNumber === undefined ? {} : { trackingNumber }),
          }),
          withVersion(version),
        ),
    }),

    returnCommand({
      url: '/v1/returns/:id/delivery',
      summary:
        'The parcel reached the seller (integration, from the carrier; or the seller): the inspection time starts',
      roles: ['seller', 'admin', 'integration'],
      params: IdParams,
      run: (uow, { params }, version) =>
        returns.execute(
          uow,
          params.id,
          () => ({ type: 'MarkReturnDelivered' }),
          withVersion(version),
        ),
    }),

    returnCommand({
      url: '/v1/returns/:id/inspection',
      summary:
        'The seller inspects what came back; the refund follows at once (a deduction needs a reason and photos)',
      roles: ['seller'],
      params: IdParams,
      body: InspectionBody,
      run: (uow, { params, body: { condition, deduction, note, evidence } }, version) =>
        returns.execute(
          uow,
          params.id,
          (files) => ({
            type: 'InspectReturn',
            condition,
            ...(deduction === undefined ? {} : { deduction: minor(deduction) }),
            ...(note === undefined ? {} : { note }),
            ...(files.length ? { evidence: files } : {}),
          }),
          { ...withVersion(version), ...(evidence ? { evidence } : {}) },
        ),
    }),

    returnCommand({
      url: '/v1/returns/:id/dispute',
      summary: 'The buyer disputes the deduction taken at inspection; an agent decides',
      roles: ['buyer'],
      params: IdParams,
      body: ReturnDisputeBody,
      run: (uow, { params, body: { statement, evidence } }, version) =>
        returns.execute(
          uow,
          params.id,
          (files) => ({
            type: 'DisputeInspection',
            statement,
            ...(files.length ? { evidence: files } : {}),
          }),
          { ...withVersion(version), ...(evidence ? { evidence } : {}) },
        ),
    }),

    returnCommand({
      url: '/v1/returns/:id/resolution',
      summary:
        'An agent decides what a disputed return refunds in total; what is still due is refunded at once',
      roles: staff,
      params: IdParams,
      body: ResolutionBody,
      run: (uow, { params, body: { refundAmount, rationale } }, version) =>
        returns.execute(
          uow,
          params.id,
          () => ({
            type: 'ResolveInspectionDispute',
            refundAmount: minor(refundAmount),
            rationale,
          }),
          withVersion(version),
        ),
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/cases/:id/returns',
      tags,
      summary: "The returns a case required (the case's parties and staff)",
      roles: everyone,
      params: IdParams,
      response: { 200: ReturnList },
      handler: async ({ caller, params }) => {
        const items = await returns.forCase(
          database.db,
          caller,
          params.id,
          await recourse.clock.now(),
        )
        if (!items) throw notFound('case')
        return { items }
      },
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/cases/:id/replacement',
      tags,
      summary: 'The replacement a case requires: its tracking and delivery',
      roles: everyone,
      params: IdParams,
      response: { 200: Replacement },
      handler: async ({ caller, params }) => {
        const view = await returns.replacement(database.db, caller, params.id)
        if (!view) throw notFound('replacement')
        return view
      },
    }),

    command({
      method: 'POST',
      url: '/v1/cases/:id/replacement/shipment',
      tags,
      summary: 'The seller shipped the replacement, with tracking',
      roles: ['seller'],
      params: IdParams,
      body: ReplacementShipmentBody,
      response: { 200: Replacement },
      run: (uow, { params, body }) => returns.shipReplacement(uow, params.id, body),
    }),

    command({
      method: 'POST',
      url: '/v1/cases/:id/replacement/delivery',
      tags,
      summary: 'The replacement was delivered (integration): the case’s follow-up is done',
      roles: ['integration', 'admin'],
      params: IdParams,
      response: { 200: Replacement },
      run: (uow, { params }) => returns.deliverReplacement(uow, params.id),
    }),
  ]
}
