import { Type, type Static } from 'typebox'
import type { CaseView } from '../../app/cases/queries.ts'
import { newId } from '../../app/ids.ts'
import type { Recourse } from '../../app/recourse.ts'
import type { DecisionId } from '../../domain/case/vocabulary.ts'
import type { OfferId } from '../../domain/shared/ids.ts'
import { asId } from '../../domain/shared/ids.ts'
import { minor } from '../../domain/shared/money.ts'
import { etag } from '../command.ts'
import { aggregateCommands, commandRoutes } from '../command-route.ts'
import { notFound } from '../problems.ts'
import { defineRoute, everyone, parties, staff, type Route } from '../route.ts'
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
import { IdParams, Page } from '../schemas/common.ts'

const Case = Type.Ref('Case')
const tags = ['cases']

const decisionTerms = (body: Static<typeof DecisionBody>) => ({
  decisionId: newId<DecisionId>(),
  outcome: body.outcome,
  fault: body.fault,
  rationale: body.rationale,
  ...(body.amount !== undefined ? { amount: minor(body.amount) } : {}),
  ...(body.funding !== undefined ? { funding: body.funding } : {}),
  ...(body.followUpInstructions !== undefined
    ? { followUpInstructions: body.followUpInstructions }
    : {}),
})

export const caseRoutes = (recourse: Recourse): Route[] => {
  const { runner, cases, database } = recourse
  const caseCommand = aggregateCommands<CaseView>(runner, { tags, view: Case })
  const command = commandRoutes(runner)

  return [
    command({
      method: 'POST',
      url: '/v1/orders/:id/cases',
      tags,
      summary: 'The buyer opens a case on the order (or on some lines)',
      roles: ['buyer'],
      params: IdParams,
      body: OpenCaseBody,
      response: { 201: Case },
      rateLimit: { max: 20, timeWindow: '1 minute' },
      successStatus: 201,
      etagOf: (c: CaseView) => c.version,
      run: (uow, { params, body: { evidence, lines, ...rest } }) =>
        cases.open(uow, params.id, {
          ...rest,
          ...(lines
            ? { lines: lines.map((l) => ({ lineId: asId(l.lineId), quantity: l.quantity })) }
            : {}),
          evidence,
        }),
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/cases',
      tags,
      summary: "The caller's cases, newest first or by the caller's next deadline",
      roles: everyone,
      query: CaseListQuery,
      response: { 200: Page(Case) },
      handler: async ({ caller, query }) =>
        cases.list(database.db, caller, query, await recourse.clock.now()),
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/cases/:id',
      tags,
      summary: 'A case: state, deadlines, what the caller may do next, and the timeline',
      roles: everyone,
      params: IdParams,
      response: { 200: Case },
      handler: async ({ caller, params }, reply) => {
        const view = await cases.get(database.db, caller, params.id, await recourse.clock.now())
        if (!view) throw notFound('case')
        return reply.header('etag', etag(view.version)).send(view)
      },
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/queue',
      tags: ['agents'],
      summary:
        'Escalated and appealed cases for agents: SLA breaches first, then by decision due time',
      roles: staff,
      query: QueueQuery,
      response: { 200: QueuePage },
      handler: ({ caller, query }) => cases.queue(database.db, caller.id, query),
    }),

    caseCommand({
      url: '/v1/cases/:id/accept-claim',
      summary: "The seller accepts the buyer's claim: refund now, or return and refund",
      roles: ['seller'],
      params: IdParams,
      body: AcceptClaimBody,
      run: (uow, { params, body }, version) =>
        cases.execute(
          uow,
          params.id,
          { type: 'AcceptClaim', resolution: body.resolution },
          version,
        ),
    }),

    caseCommand({
      url: '/v1/cases/:id/dispute',
      summary: 'The seller disputes the claim with a statement and evidence',
      roles: ['seller'],
      params: IdParams,
      body: DisputeBody,
      run: (uow, { params, body }, version) =>
        cases.executeWithEvidence(
          uow,
          params.id,
          body.evidence,
          (evidence) => ({
            type: 'DisputeClaim',
            statement: body.statement,
            ...(evidence.length ? { evidence } : {}),
          }),
          version,
        ),
    }),

    caseCommand({
      url: '/v1/cases/:id/offers',
      summary: 'Make an offer or a counter-offer: partial refund, full refund, return, replacement',
      roles: parties,
      params: IdParams,
      body: MakeOfferBody,
      run: (uow, { params, body }, version) =>
        cases.execute(
          uow,
          params.id,
          {
            type: 'MakeOffer',
            offerId: newId<OfferId>(),
            terms:
              body.terms.kind === 'partial_refund'
                ? { kind: body.terms.kind, amount: minor(body.terms.amount) }
                : body.terms,
            ...(body.message ? { message: body.message } : {}),
          },
          version,
        ),
    }),

    caseCommand({
      url: '/v1/cases/:id/offers/:offerId/accept',
      summary: 'Accept the offer made to you',
      roles: parties,
      params: OfferParams,
      run: (uow, { params }, version) =>
        cases.execute(
          uow,
          params.id,
          { type: 'AcceptOffer', offerId: asId<OfferId>(params.offerId) },
          version,
        ),
    }),

    caseCommand({
      url: '/v1/cases/:id/offers/:offerId/decline',
      summary: 'Decline the offer made to you',
      roles: parties,
      params: OfferParams,
      body: MessageBody,
      run: (uow, { params, body }, version) =>
        cases.execute(
          uow,
          params.id,
          {
            type: 'DeclineOffer',
            offerId: asId<OfferId>(params.offerId),
            ...(body.message ? { message: body.message } : {}),
          },
          version,
        ),
    }),

    caseCommand({
      url: '/v1/cases/:id/evidence',
      summary: 'Add evidence: an uploaded file (POST /v1/files) or structured facts',
      roles: ['buyer', 'seller', 'agent'],
      params: IdParams,
      body: EvidenceBody,
      run: (uow, { params, body }, version) =>
        cases.executeWithEvidence(
          uow,
          params.id,
          [body],
          ([evidence]) => ({ type: 'AddEvidence', evidence: evidence! }),
          version,
        ),
    }),

    caseCommand({
      url: '/v1/cases/:id/messages',
      summary: 'Write on the case',
      roles: ['buyer', 'seller', 'agent'],
      params: IdParams,
      body: PostMessageBody,
      run: (uow, { params, body }, version) =>
        cases.execute(
          uow,
          params.id,
          { type: 'PostMessage', messageId: newId(), body: body.body },
          version,
        ),
    }),

    caseCommand({
      url: '/v1/cases/:id/escalate',
      summary: 'Ask the marketplace to step in',
      roles: parties,
      params: IdParams,
      body: EscalateBody,
      run: (uow, { params, body }, version) =>
        cases.execute(
          uow,
          params.id,
          { type: 'Escalate', ...(body.statement ? { statement: body.statement } : {}) },
          version,
        ),
    }),

    caseCommand({
      url: '/v1/cases/:id/withdraw',
      summary: 'The buyer withdraws the case',
      roles: ['buyer'],
      params: IdParams,
      run: (uow, { params }, version) =>
        cases.execute(uow, params.id, { type: 'Withdraw' }, version),
    }),

    caseCommand({
      url: '/v1/cases/:id/assign',
      summary: 'An agent takes the case (no agentId), or hands it to another agent (agentId)',
      roles: ['agent'],
      params: IdParams,
      body: AssignBody,
      run: (uow, { params, body }, version) => cases.assign(uow, params.id, body.agentId, version),
    }),

    caseCommand({
      url: '/v1/cases/:id/information-requests',
      summary: 'An agent asks a party for information, with a deadline',
      roles: ['agent'],
      params: IdParams,
      body: InformationRequestBody,
      run: (uow, { params, body }, version) =>
        cases.execute(
          uow,
          params.id,
          { type: 'RequestInformation', from: body.from, question: body.question },
          version,
        ),
    }),

    caseCommand({
      url: '/v1/cases/:id/information',
      summary: 'The party asked answers the agent',
      roles: parties,
      params: IdParams,
      body: InformationBody,
      run: (uow, { params, body }, version) =>
        cases.executeWithEvidence(
          uow,
          params.id,
          body.evidence,
          (evidence) => ({
            type: 'ProvideInformation',
            text: body.text,
            ...(evidence.length ? { evidence } : {}),
          }),
          version,
        ),
    }),

    caseCommand({
      url: '/v1/cases/:id/decision',
      summary: 'An agent decides: outcome, fault, who pays, rationale',
      roles: ['agent'],
      params: IdParams,
      body: DecisionBody,
      run: (uow, { params, body }, version) =>
        cases.execute(uow, params.id, { type: 'Decide', ...decisionTerms(body) }, version),
    }),

    caseCommand({
      url: '/v1/cases/:id/appeal',
      summary: 'A party appeals the decision with new information',
      roles: parties,
      params: IdParams,
      body: AppealBody,
      run: (uow, { params, body }, version) =>
        cases.executeWithEvidence(
          uow,
          params.id,
          body.evidence,
          (evidence) => ({
            type: 'Appeal',
            newInformation: body.newInformation,
            ...(evidence.length ? { evidence } : {}),
          }),
          version,
        ),
    }),

    caseCommand({
      url: '/v1/cases/:id/appeal-decision',
      summary: 'A different agent decides the appeal; final',
      roles: ['agent'],
      params: IdParams,
      body: DecisionBody,
      run: (uow, { params, body }, version) =>
        cases.execute(uow, params.id, { type: 'DecideAppeal', ...decisionTerms(body) }, version),
    }),
  ]
}
