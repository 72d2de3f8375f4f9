import { Type } from 'typebox'
import type { AbuseAppealView } from '../../app/abuse-appeals/queries.ts'
import type { Recourse } from '../../app/recourse.ts'
import { etag, sendCommand } from '../command.ts'
import { aggregateCommands } from '../command-route.ts'
import { notFound } from '../problems.ts'
import { defineRoute, people, staff, type Caller, type Route } from '../route.ts'
import {
  AbuseAppealPage,
  AbuseAppealQuery,
  DecideAbuseAppealBody,
  FileAbuseAppealBody,
} from '../schemas/abuse-appeal.ts'
import { IdempotencyHeaders, IdParams } from '../schemas/common.ts'
import { UserParams } from '../schemas/insights.ts'

const AbuseAppeal = Type.Ref('AbuseAppeal')
const tags = ['abuse appeals']
const withEtag = { etagOf: (a: AbuseAppealView) => a.version }

/**
 * A buyer's appeals are its own and the staff's; another buyer or a seller
 * gets 404 (an integration is refused by the route's roles).
 */
const mayReadBuyer = (caller: Caller<(typeof people)[number]>, buyerId: string): boolean =>
  caller.kind === 'agent' ||
  caller.kind === 'admin' ||
  (caller.kind === 'buyer' && caller.id === buyerId)

/**
 * Appeals against abuse signals: the buyer files one from its record, agents
 * work the queue of open ones and clear or uphold them with a rationale.
 */
export const abuseAppealRoutes = (recourse: Recourse): Route[] => {
  const { runner, abuseAppeals, database } = recourse
  const appealCommand = aggregateCommands<AbuseAppealView>(runner, { tags, view: AbuseAppeal })
  const db = database.db

  return [
    defineRoute({
      method: 'POST',
      url: '/v1/buyers/:id/abuse-appeals',
      tags,
      summary: 'The buyer appeals the abuse signals raised on its own record',
      description:
        'Snapshots the signals the record raises now (codes and values, over the policy’s reputation window) with the buyer’s statement, and puts the appeal in the agents’ queue. One open appeal per buyer (`APPEAL_ALREADY_OPEN`); a record with no signal has nothing to appeal (`NO_ABUSE_SIGNALS`). Another buyer’s id answers 404.',
      // A buyer appeals its own record; another buyer's answers 404, as the record does.
      roles: ['buyer'],
      params: UserParams,
      headers: IdempotencyHeaders,
      body: FileAbuseAppealBody,
      response: { 201: AbuseAppeal },
      handler: ({ caller, request, params, body }, reply) => {
        if (caller.id !== params.id) throw notFound('buyer')
        const { statement } = body
        return sendCommand(
          runner,
          request,
          reply,
          (uow) => abuseAppeals.file(uow, params.id, { statement }),
          { successStatus: 201, ...withEtag },
        )
      },
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/buyers/:id/abuse-appeals',
      tags,
      summary: 'A buyer’s abuse appeals, newest first (the buyer itself and staff)',
      description:
        'Cursor-paged; `status` filters (`open`, `cleared`, `upheld`). Another buyer or a seller gets 404.',
      roles: people,
      params: UserParams,
      query: AbuseAppealQuery,
      response: { 200: AbuseAppealPage },
      handler: async ({ caller, params, query }) => {
        const buyerId = params.id
        if (!mayReadBuyer(caller, buyerId)) throw notFound('buyer')
        const { limit, cursor, status } = query
        return abuseAppeals.list(db, caller, { limit, cursor, status, buyerId })
      },
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/abuse-appeals',
      tags,
      summary: 'Abuse appeals across buyers, newest first: `status=open` is the agents’ queue',
      description:
        'Agents and admins. Cursor-paged like every list; each appeal carries the signals it covers, the buyer’s statement and a link to the buyer’s record as it is now.',
      roles: staff,
      query: AbuseAppealQuery,
      response: { 200: AbuseAppealPage },
      handler: async ({ caller, query }) => {
        const { limit, cursor, status } = query
        return abuseAppeals.list(db, caller, { limit, cursor, status })
      },
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/abuse-appeals/:id',
      tags,
      summary: 'One abuse appeal: the signals it covers, the statement, the decision',
      description:
        'Its buyer and staff; anyone else gets 404. The ETag is the version a decision’s If-Match names.',
      roles: people,
      params: IdParams,
      response: { 200: AbuseAppeal },
      handler: async ({ caller, params }, reply) => {
        const view = await abuseAppeals.get(db, caller, params.id)
        if (!view) throw notFound('abuse appeal')
        return reply.header('etag', etag(view.version)).send(view)
      },
    }),

    appealCommand({
      url: '/v1/abuse-appeals/:id/decision',
      summary: 'An agent or admin clears or upholds an open appeal, with a rationale',
      description:
        '`cleared`: the signals the appeal covers leave the buyer’s record and the return-abuse view until a value rises above the one cleared. `upheld`: they stay, and any earlier clearance of the same codes ends. The buyer is notified. Send `If-Match` with the appeal’s ETag to decide only what you read.',
      roles: staff,
      params: IdParams,
      body: DecideAbuseAppealBody,
      run: (uow, { params, body: { outcome, rationale } }, version) =>
        abuseAppeals.decide(uow, params.id, { outcome, rationale }, version),
    }),
  ]
}
