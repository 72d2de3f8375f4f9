import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { AbuseAppealView } from '../../app/abuse-appeals.ts'
import type { Recourse } from '../../app/recourse.ts'
import type { Actor } from '../../domain/shared/actor.ts'
import { requireActor, requireRole } from '../auth.ts'
import { etag, ifMatchVersion, sendCommand } from '../command.ts'
import { forbidden, notFound } from '../problems.ts'
import {
  AbuseAppealPage,
  AbuseAppealQuery,
  DecideAbuseAppealBody,
  FileAbuseAppealBody,
} from '../schemas/abuse-appeal.ts'
import { IdempotencyHeaders, IdParams, problemResponses } from '../schemas/common.ts'
import { UserParams } from '../schemas/insights.ts'

const AbuseAppeal = Type.Ref('AbuseAppeal')
const tags = ['abuse appeals']
const withEtag = { etagOf: (a: AbuseAppealView) => a.version }

/** A buyer's appeals are its own and the staff's; another buyer or a seller gets 404, an integration 403. */
const mayReadBuyer = (actor: Actor, buyerId: string): boolean => {
  if (actor.kind === 'agent' || actor.kind === 'admin') return true
  if (actor.kind === 'integration' || actor.kind === 'system') throw forbidden()
  return actor.kind === 'buyer' && actor.id === buyerId
}

/**
 * Appeals against abuse signals: the buyer files one from its record, agents
 * work the queue of open ones and clear or uphold them with a rationale.
 */
export const abuseAppealRoutes =
  (recourse: Recourse): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { runner, abuseAppeals, database } = recourse
    const db = database.db

    app.post(
      '/buyers/:id/abuse-appeals',
      {
        schema: {
          tags,
          summary: 'The buyer appeals the abuse signals raised on its own record',
          description:
            'Snapshots the signals the record raises now (codes and values, over the policy’s reputation window) with the buyer’s statement, and puts the appeal in the agents’ queue. One open appeal per buyer (`APPEAL_ALREADY_OPEN`); a record with no signal has nothing to appeal (`NO_ABUSE_SIGNALS`). Another buyer’s id answers 404.',
          params: UserParams,
          headers: IdempotencyHeaders,
          body: FileAbuseAppealBody,
          response: { 201: AbuseAppeal, ...problemResponses },
        },
      },
      async (request, reply) => {
        const actor = requireRole(request, 'buyer')
        if (actor.id !== request.params.id) throw notFound('buyer')
        const { statement } = request.body
        return sendCommand(
          runner,
          request,
          reply,
          (uow) => abuseAppeals.file(uow, request.params.id, { statement }),
          { successStatus: 201, ...withEtag },
        )
      },
    )

    app.get(
      '/buyers/:id/abuse-appeals',
      {
        schema: {
          tags,
          summary: 'A buyer’s abuse appeals, newest first (the buyer itself and staff)',
          description:
            'Cursor-paged; `status` filters (`open`, `cleared`, `upheld`). Another buyer or a seller gets 404.',
          params: UserParams,
          querystring: AbuseAppealQuery,
          response: { 200: AbuseAppealPage, ...problemResponses },
        },
      },
      async (request) => {
        const actor = requireActor(request)
        const buyerId = request.params.id
        if (!mayReadBuyer(actor, buyerId)) throw notFound('buyer')
        const { limit, cursor, status } = request.query
        return abuseAppeals.list(db, actor, { limit, cursor, status, buyerId })
      },
    )

    app.get(
      '/abuse-appeals',
      {
        schema: {
          tags,
          summary: 'Abuse appeals across buyers, newest first: `status=open` is the agents’ queue',
          description:
            'Agents and admins. Cursor-paged like every list; each appeal carries the signals it covers, the buyer’s statement and a link to the buyer’s record as it is now.',
          querystring: AbuseAppealQuery,
          response: { 200: AbuseAppealPage, ...problemResponses },
        },
      },
      async (request) => {
        const actor = requireRole(request, 'agent', 'admin')
        const { limit, cursor, status } = request.query
        return abuseAppeals.list(db, actor, { limit, cursor, status })
      },
    )

    app.get(
      '/abuse-appeals/:id',
      {
        schema: {
          tags,
          summary: 'One abuse appeal: the signals it covers, the statement, the decision',
          description:
            'Its buyer and staff; anyone else gets 404. The ETag is the version a decision’s If-Match names.',
          params: IdParams,
          response: { 200: AbuseAppeal, ...problemResponses },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request)
        const view = await abuseAppeals.get(db, actor, request.params.id)
        if (!view) throw notFound('abuse appeal')
        return reply.header('etag', etag(view.version)).send(view)
      },
    )

    app.post(
      '/abuse-appeals/:id/decision',
      {
        schema: {
          tags,
          summary: 'An agent or admin clears or upholds an open appeal, with a rationale',
          description:
            '`cleared`: the signals the appeal covers leave the buyer’s record and the return-abuse view until a value rises above the one cleared. `upheld`: they stay, and any earlier clearance of the same codes ends. The buyer is notified. Send `If-Match` with the appeal’s ETag to decide only what you read.',
          params: IdParams,
          headers: IdempotencyHeaders,
          body: DecideAbuseAppealBody,
          response: { 200: AbuseAppeal, ...problemResponses },
        },
      },
      async (request, reply) => {
        requireRole(request, 'agent', 'admin')
        const { outcome, rationale } = request.body
        return sendCommand(
          runner,
          request,
          reply,
          (uow) =>
            abuseAppeals.decide(
              uow,
              request.params.id,
              { outcome, rationale },
              ifMatchVersion(request),
            ),
          withEtag,
        )
      },
    )
  }
