import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Recourse } from '../../app/recourse.ts'
import type { ReturnView } from '../../app/returns.ts'
import { minor } from '../../domain/shared/money.ts'
import { requireActor, requireRole } from '../auth.ts'
import { etag, ifMatchVersion, sendCommand } from '../command.ts'
import { BinaryBody, sendLabelPdf } from '../downloads.ts'
import { notFound } from '../problems.ts'
import { IdParams, IdempotencyHeaders, ListQuery, problemResponses } from '../schemas/common.ts'
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
const withEtag = { etagOf: (r: ReturnView) => r.version }

/**
 * Returns and replacements: the buyer ships with the label, the carrier's
 * delivery comes through the integration, the seller inspects, an agent
 * settles a disputed inspection. Refunds follow on their own.
 */
export const returnRoutes =
  (recourse: Recourse): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { runner, returns, database } = recourse

    app.get(
      '/returns',
      {
        schema: {
          tags,
          summary:
            "The caller's returns, newest first (a seller filters status=delivered_to_seller for what to inspect)",
          querystring: ListQuery,
          response: { 200: ReturnPage, ...problemResponses },
        },
      },
      async (request) => {
        const actor = requireActor(request)
        return returns.list(database.db, actor, request.query, await recourse.clock.now())
      },
    )

    app.get(
      '/returns/:id',
      {
        schema: {
          tags,
          summary: 'A return with its deadline and what the caller may do next',
          params: IdParams,
          response: { 200: Return, ...problemResponses },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request)
        const view = await returns.get(
          database.db,
          actor,
          request.params.id,
          await recourse.clock.now(),
        )
        if (!view) throw notFound('return')
        return reply.header('etag', etag(view.version)).send(view)
      },
    )

    app.get(
      '/returns/:id/label.pdf',
      {
        schema: {
          tags,
          summary:
            'The return label: a 4×6 in PDF with the RMA and a Code 128 barcode (the buyer, staff)',
          params: IdParams,
          produces: ['application/pdf'],
          response: {
            200: BinaryBody,
            ...problemResponses,
          },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request)
        const pdf = await returns.labelPdf(database.db, actor, request.params.id)
        if (!pdf) throw notFound('return label')
        return sendLabelPdf(reply, pdf, `return-label-${request.params.id}`)
      },
    )

    app.post(
      '/returns/:id/shipments',
      {
        schema: {
          tags,
          summary:
            'The buyer sent the parcel (by default with the label’s carrier and tracking number)',
          params: IdParams,
          headers: IdempotencyHeaders,
          body: ShipReturnBody,
          response: { 200: Return, ...problemResponses },
        },
        preValidation: async (request) => {
          request.body ??= {}
        },
      },
      async (request, reply) => {
        requireRole(request, 'buyer', 'integration', 'admin')
        const { carrier, trackingNumber } = request.body
        return sendCommand(
          runner,
          request,
          reply,
          (uow) =>
            returns.execute(
              uow,
              request.params.id,
              () => ({
                type: 'ShipReturn',
                ...(carrier === undefined ? {} : { carrier }),
                ...(trackingNumber === undefined ? {} : { trackingNumber }),
              }),
              withVersion(ifMatchVersion(request)),
            ),
          withEtag,
        )
      },
    )

    app.post(
      '/returns/:id/delivery',
      {
        schema: {
          tags,
          summary:
            'The parcel reached the seller (integration, from the carrier; or the seller): the inspection time starts',
          params: IdParams,
          headers: IdempotencyHeaders,
          response: { 200: Return, ...problemResponses },
        },
      },
      async (request, reply) => {
        requireRole(request, 'integration', 'seller', 'admin')
        return sendCommand(
          runner,
          request,
          reply,
          (uow) =>
            returns.execute(
              uow,
              request.params.id,
              () => ({ type: 'MarkReturnDelivered' }),
              withVersion(ifMatchVersion(request)),
            ),
          withEtag,
        )
      },
    )

    app.post(
      '/returns/:id/inspection',
      {
        schema: {
          tags,
          summary:
            'The seller inspects what came back; the refund follows at once (a deduction needs a reason and photos)',
          params: IdParams,
          headers: IdempotencyHeaders,
          body: InspectionBody,
          response: { 200: Return, ...problemResponses },
        },
      },
      async (request, reply) => {
        requireRole(request, 'seller')
        const { condition, deduction, note, evidence } = request.body
        return sendCommand(
          runner,
          request,
          reply,
          (uow) =>
            returns.execute(
              uow,
              request.params.id,
              (files) => ({
                type: 'InspectReturn',
                condition,
                ...(deduction === undefined ? {} : { deduction: minor(deduction) }),
                ...(note === undefined ? {} : { note }),
                ...(files.length ? { evidence: files } : {}),
              }),
              { ...withVersion(ifMatchVersion(request)), ...(evidence ? { evidence } : {}) },
            ),
          withEtag,
        )
      },
    )

    app.post(
      '/returns/:id/dispute',
      {
        schema: {
          tags,
          summary: 'The buyer disputes the deduction taken at inspection; an agent decides',
          params: IdParams,
          headers: IdempotencyHeaders,
          body: ReturnDisputeBody,
          response: { 200: Return, ...problemResponses },
        },
      },
      async (request, reply) => {
        requireRole(request, 'buyer')
        const { statement, evidence } = request.body
        return sendCommand(
          runner,
          request,
          reply,
          (uow) =>
            returns.execute(
              uow,
              request.params.id,
              (files) => ({
                type: 'DisputeInspection',
                statement,
                ...(files.length ? { evidence: files } : {}),
              }),
              { ...withVersion(ifMatchVersion(request)), ...(evidence ? { evidence } : {}) },
            ),
          withEtag,
        )
      },
    )

    app.post(
      '/returns/:id/resolution',
      {
        schema: {
          tags,
          summary:
            'An agent decides what a disputed return refunds in total; what is still due is refunded at once',
          params: IdParams,
          headers: IdempotencyHeaders,
          body: ResolutionBody,
          response: { 200: Return, ...problemResponses },
        },
      },
      async (request, reply) => {
        requireRole(request, 'agent', 'admin')
        const { refundAmount, rationale } = request.body
        return sendCommand(
          runner,
          request,
          reply,
          (uow) =>
            returns.execute(
              uow,
              request.params.id,
              () => ({
                type: 'ResolveInspectionDispute',
                refundAmount: minor(refundAmount),
                rationale,
              }),
              withVersion(ifMatchVersion(request)),
            ),
          withEtag,
        )
      },
    )

    app.get(
      '/cases/:id/returns',
      {
        schema: {
          tags,
          summary: "The returns a case required (the case's parties and staff)",
          params: IdParams,
          response: { 200: ReturnList, ...problemResponses },
        },
      },
      async (request) => {
        const actor = requireActor(request)
        const items = await returns.forCase(
          database.db,
          actor,
          request.params.id,
          await recourse.clock.now(),
        )
        if (!items) throw notFound('case')
        return { items }
      },
    )

    app.get(
      '/cases/:id/replacement',
      {
        schema: {
          tags,
          summary: 'The replacement a case requires: its tracking and delivery',
          params: IdParams,
          response: { 200: Replacement, ...problemResponses },
        },
      },
      async (request) => {
        const actor = requireActor(request)
        const view = await returns.replacement(database.db, actor, request.params.id)
        if (!view) throw notFound('replacement')
        return view
      },
    )

    app.post(
      '/cases/:id/replacement/shipment',
      {
        schema: {
          tags,
          summary: 'The seller shipped the replacement, with tracking',
          params: IdParams,
          headers: IdempotencyHeaders,
          body: ReplacementShipmentBody,
          response: { 200: Replacement, ...problemResponses },
        },
      },
      async (request, reply) => {
        requireRole(request, 'seller')
        return sendCommand(runner, request, reply, (uow) =>
          returns.shipReplacement(uow, request.params.id, request.body),
        )
      },
    )

    app.post(
      '/cases/:id/replacement/delivery',
      {
        schema: {
          tags,
          summary: 'The replacement was delivered (integration): the case’s follow-up is done',
          params: IdParams,
          headers: IdempotencyHeaders,
          response: { 200: Replacement, ...problemResponses },
        },
      },
      async (request, reply) => {
        requireRole(request, 'integration', 'admin')
        return sendCommand(runner, request, reply, (uow) =>
          returns.deliverReplacement(uow, request.params.id),
        )
      },
    )
  }

const withVersion = (expectedVersion: number | undefined): { expectedVersion?: number } =>
  expectedVersion === undefined ? {} : { expectedVersion }
