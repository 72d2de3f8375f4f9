import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type, type TSchema } from 'typebox'
import type { Outcome } from '../../app/command-runner.ts'
import type { CaseView, EvidenceInput } from '../../app/cases.ts'
import { newId } from '../../app/ids.ts'
import type { Recourse } from '../../app/recourse.ts'
import type { DecisionId } from '../../domain/case/vocabulary.ts'
import type { OfferId } from '../../domain/shared/ids.ts'
import { asId } from '../../domain/shared/ids.ts'
import { minor } from '../../domain/shared/money.ts'
import type { UnitOfWork } from '../../store/event-store.ts'
import { requireActor, requireRole } from '../auth.ts'
import { etag, ifMatchVersion, sendCommand } from '../command.ts'
import { notFound } from '../problems.ts'
import {
  AcceptClaimBody,
  AppealBody,
  AssignBody,
  CaseListQuery,
  DecisionBody,
  DisputeBody,
  EscalateBody,
  EvidenceBody,
  InformationBody,
  InformationRequestBody,
  MakeOfferBody,
  MessageBody,
  OfferParams,
  OpenCaseBody,
  PostMessageBody,
  QueuePage,
  QueueQuery,
} from '../schemas/case.ts'
import { IdParams, IdempotencyHeaders, Page, problemResponses } from '../schemas/common.ts'

const Case = Type.Ref('Case')
const tags = ['cases']

const decisionTerms = (body: {
  outcome: string
  amount?: number | undefined
  fault: string
  rationale: string
  funding?: string | undefined
  followUpInstructions?: string | undefined
}) => ({
  decisionId: newId<DecisionId>(),
  outcome: body.outcome as 'refund_full',
  fault: body.fault as 'seller',
  rationale: body.rationale,
  ...(body.amount !== undefined ? { amount: minor(body.amount) } : {}),
  ...(body.funding !== undefined ? { funding: body.funding as 'seller' } : {}),
  ...(body.followUpInstructions !== undefined
    ? { followUpInstructions: body.followUpInstructions }
    : {}),
})

export const caseRoutes =
  (recourse: Recourse): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { runner, cases, database } = recourse
    const withEtag = { etagOf: (c: { version: number }) => c.version }

    /** One POST on a case: schema, idempotency, If-Match, and the handler. */
    const command = <B extends TSchema | undefined>(
      path: string,
      summary: string,
      body: B,
      roles: ('buyer' | 'seller' | 'agent' | 'admin')[],
      handle: (
        uow: UnitOfWork,
        request: FastifyRequest<{ Params: { id: string; offerId?: string }; Body: never }>,
        expectedVersion: number | undefined,
      ) => Promise<Outcome<CaseView>>,
    ): void => {
      app.post(
        path,
        {
          schema: {
            tags,
            summary,
            params: path.includes(':offerId') ? OfferParams : IdParams,
            headers: IdempotencyHeaders,
            ...(body ? { body } : {}),
            response: { 200: Case, ...problemResponses },
          },
        },
        async (request: FastifyRequest, reply: FastifyReply) => {
          requireRole(request, ...roles)
          const typed = request as FastifyRequest<{
            Params: { id: string; offerId?: string }
            Body: never
          }>
          return sendCommand(
            runner,
            request,
            reply,
            (uow) => handle(uow, typed, ifMatchVersion(request)),
            withEtag,
          )
        },
      )
    }

    app.post(
      '/orders/:id/cases',
      {
        schema: {
          tags,
          summary: 'The buyer opens a case on the order (or on some lines)',
          params: IdParams,
          headers: IdempotencyHeaders,
          body: OpenCaseBody,
          response: { 201: Case, ...problemResponses },
        },
        config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      },
      async (request, reply) => {
        requireRole(request, 'buyer')
        const { evidence, lines, ...rest } = request.body
        return sendCommand(
          runner,
          request,
          reply,
          (uow) =>
            cases.open(uow, request.params.id, {
              ...rest,
              ...(lines
                ? { lines: lines.map((l) => ({ lineId: asId(l.lineId), quantity: l.quantity })) }
                : {}),
              evidence,
            }),
          { successStatus: 201, ...withEtag },
        )
      },
    )

    app.get(
      '/cases',
      {
        schema: {
          tags,
          summary: "The caller's cases, newest first or by the caller's next deadline",
          querystring: CaseListQuery,
          response: { 200: Page(Case), ...problemResponses },
        },
      },
      async (request) =>
        cases.list(database.db, requireActor(request), request.query, await recourse.clock.now()),
    )

    app.get(
      '/cases/:id',
      {
        schema: {
          tags,
          summary: 'A case: state, deadlines, what the caller may do next, and the timeline',
          params: IdParams,
          response: { 200: Case, ...problemResponses },
        },
      },
      async (request, reply) => {
        const view = await cases.get(
          database.db,
          requireActor(request),
          request.params.id,
          await recourse.clock.now(),
        )
        if (!view) throw notFound('case')
        return reply.header('etag', etag(view.version)).send(view)
      },
    )

    app.get(
      '/queue',
      {
        schema: {
          tags: ['agents'],
          summary:
            'Escalated and appealed cases for agents: SLA breaches first, then by decision due time',
          querystring: QueueQuery,
          response: { 200: QueuePage, ...problemResponses },
        },
      },
      async (request) => {
        const agent = requireRole(request, 'agent', 'admin')
        return cases.queue(database.db, agent.id, request.query)
      },
    )

    command(
      '/cases/:id/accept-claim',
      "The seller accepts the buyer's claim: refund now, or return and refund",
      AcceptClaimBody,
      ['seller'],
      (uow, r, v) =>
        cases.execute(
          uow,
          r.params.id,
          {
            type: 'AcceptClaim',
            resolution: (r.body as { resolution: 'refund' | 'return' }).resolution,
          },
          v,
        ),
    )
    command(
      '/cases/:id/dispute',
      'The seller disputes the claim with a statement and evidence',
      DisputeBody,
      ['seller'],
      (uow, r, v) => {
        const body = r.body as { statement: string; evidence?: never[] }
        return cases.executeWithEvidence(
          uow,
          r.params.id,
          body.evidence,
          (evidence) => ({
            type: 'DisputeClaim',
            statement: body.statement,
            ...(evidence.length ? { evidence } : {}),
          }),
          v,
        )
      },
    )
    command(
      '/cases/:id/offers',
      'Make an offer or a counter-offer: partial refund, full refund, return, replacement',
      MakeOfferBody,
      ['seller', 'buyer'],
      (uow, r, v) => {
        const body = r.body as {
          terms:
            | { kind: 'partial_refund'; amount: number }
            | { kind: 'full_refund_keep_item' | 'return_and_refund' | 'replacement' }
          message?: string
        }
        const terms =
          body.terms.kind === 'partial_refund'
            ? { kind: body.terms.kind, amount: minor(body.terms.amount) }
            : body.terms
        return cases.execute(
          uow,
          r.params.id,
          {
            type: 'MakeOffer',
            offerId: newId<OfferId>(),
            terms,
            ...(body.message ? { message: body.message } : {}),
          },
          v,
        )
      },
    )
    command(
      '/cases/:id/offers/:offerId/accept',
      'Accept the offer made to you',
      undefined,
      ['seller', 'buyer'],
      (uow, r, v) =>
        cases.execute(
          uow,
          r.params.id,
          { type: 'AcceptOffer', offerId: asId<OfferId>(r.params.offerId ?? '') },
          v,
        ),
    )
    command(
      '/cases/:id/offers/:offerId/decline',
      'Decline the offer made to you',
      MessageBody,
      ['seller', 'buyer'],
      (uow, r, v) => {
        const message = (r.body as { message?: string } | undefined)?.message
        return cases.execute(
          uow,
          r.params.id,
          {
            type: 'DeclineOffer',
            offerId: asId<OfferId>(r.params.offerId ?? ''),
            ...(message ? { message } : {}),
          },
          v,
        )
      },
    )
    command(
      '/cases/:id/evidence',
      'Add evidence: an uploaded file (POST /v1/files) or structured facts',
      EvidenceBody,
      ['buyer', 'seller', 'agent'],
      (uow, r, v) =>
        cases.executeWithEvidence(
          uow,
          r.params.id,
          [r.body as EvidenceInput],
          ([evidence]) => ({ type: 'AddEvidence', evidence: evidence! }),
          v,
        ),
    )
    command(
      '/cases/:id/messages',
      'Write on the case',
      PostMessageBody,
      ['buyer', 'seller', 'agent'],
      (uow, r, v) =>
        cases.execute(
          uow,
          r.params.id,
          { type: 'PostMessage', messageId: newId(), body: (r.body as { body: string }).body },
          v,
        ),
    )
    command(
      '/cases/:id/escalate',
      'Ask the marketplace to step in',
      EscalateBody,
      ['buyer', 'seller'],
      (uow, r, v) => {
        const statement = (r.body as { statement?: string } | undefined)?.statement
        return cases.execute(
          uow,
          r.params.id,
          { type: 'Escalate', ...(statement ? { statement } : {}) },
          v,
        )
      },
    )
    command(
      '/cases/:id/withdraw',
      'The buyer withdraws the case',
      undefined,
      ['buyer'],
      (uow, r, v) => cases.execute(uow, r.params.id, { type: 'Withdraw' }, v),
    )
    command(
      '/cases/:id/assign',
      'An agent takes the case (no agentId), or hands it to another agent (agentId)',
      AssignBody,
      ['agent'],
      (uow, r, v) =>
        cases.assign(uow, r.params.id, (r.body as { agentId?: string } | undefined)?.agentId, v),
    )
    command(
      '/cases/:id/information-requests',
      'An agent asks a party for information, with a deadline',
      InformationRequestBody,
      ['agent'],
      (uow, r, v) => {
        const body = r.body as { from: 'buyer' | 'seller'; question: string }
        return cases.execute(
          uow,
          r.params.id,
          { type: 'RequestInformation', from: body.from, question: body.question },
          v,
        )
      },
    )
    command(
      '/cases/:id/information',
      'The party asked answers the agent',
      InformationBody,
      ['buyer', 'seller'],
      (uow, r, v) => {
        const body = r.body as { text: string; evidence?: never[] }
        return cases.executeWithEvidence(
          uow,
          r.params.id,
          body.evidence,
          (evidence) => ({
            type: 'ProvideInformation',
            text: body.text,
            ...(evidence.length ? { evidence } : {}),
          }),
          v,
        )
      },
    )
    command(
      '/cases/:id/decision',
      'An agent decides: outcome, fault, who pays, rationale',
      DecisionBody,
      ['agent'],
      (uow, r, v) =>
        cases.execute(
          uow,
          r.params.id,
          { type: 'Decide', ...decisionTerms(r.body as Parameters<typeof decisionTerms>[0]) },
          v,
        ),
    )
    command(
      '/cases/:id/appeal',
      'A party appeals the decision with new information',
      AppealBody,
      ['buyer', 'seller'],
      (uow, r, v) => {
        const body = r.body as { newInformation: string; evidence?: never[] }
        return cases.executeWithEvidence(
          uow,
          r.params.id,
          body.evidence,
          (evidence) => ({
            type: 'Appeal',
            newInformation: body.newInformation,
            ...(evidence.length ? { evidence } : {}),
          }),
          v,
        )
      },
    )
    command(
      '/cases/:id/appeal-decision',
      'A different agent decides the appeal; final',
      DecisionBody,
      ['agent'],
      (uow, r, v) =>
        cases.execute(
          uow,
          r.params.id,
          { type: 'DecideAppeal', ...decisionTerms(r.body as Parameters<typeof decisionTerms>[0]) },
          v,
        ),
    )
  }
