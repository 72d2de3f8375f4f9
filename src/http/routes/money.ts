import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Recourse } from '../../app/recourse.ts'
import type { RefundId } from '../../domain/shared/ids.ts'
import { requireActor, requireRole } from '../auth.ts'
import { sendCommand } from '../command.ts'
import { notFound } from '../problems.ts'
import { IdParams, IdempotencyHeaders, problemResponses } from '../schemas/common.ts'
import {
  AdjustmentRefundBody,
  ConfirmationBody,
  DebitBody,
  RefundListQuery,
  RefundPage,
  UserParams,
} from '../schemas/money.ts'

const Refund = Type.Ref('Refund')
const Ledger = Type.Ref('Ledger')
const Credits = Type.Ref('Credits')

/**
 * The money side of the API: an order's ledger, refunds (the payment
 * integration's pull list and confirmations, the agents' retries), and buyers'
 * marketplace credit. Rules live in the ledger; these routes only check who
 * is calling and pass the request on.
 */
export const moneyRoutes =
  (recourse: Recourse): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { runner, ledger, credits, database } = recourse

    app.get(
      '/orders/:id/ledger',
      {
        schema: {
          tags: ['ledger'],
          summary:
            "The order's ledger: every posting and its entries, balances per account, totals and the payout",
          params: IdParams,
          response: { 200: Ledger, ...problemResponses },
        },
      },
      async (request) => {
        const actor = requireActor(request)
        const view = await ledger.view(database.db, actor, request.params.id)
        if (!view) throw notFound('order')
        return view
      },
    )

    app.post(
      '/orders/:id/refunds',
      {
        schema: {
          tags: ['refunds'],
          summary:
            "An agent's refund outside any case outcome (goodwill, a correction); refused above what the order can still refund",
          params: IdParams,
          headers: IdempotencyHeaders,
          body: AdjustmentRefundBody,
          response: { 201: Refund, ...problemResponses },
        },
        // Per caller: a runaway script or a stolen key pays out at most 10 a second. Paying
        // twice is prevented by the Idempotency-Key and the refund `reference`, not by this.
        config: { rateLimit: { max: 600, timeWindow: '1 minute' } },
      },
      async (request, reply) => {
        requireRole(request, 'agent', 'admin')
        return sendCommand(
          runner,
          request,
          reply,
          (uow) => ledger.adjust(uow, request.params.id, request.body),
          { successStatus: 201 },
        )
      },
    )

    app.get(
      '/refunds',
      {
        schema: {
          tags: ['refunds'],
          summary:
            'Refunds by status, oldest first: `status=pending` is what the payment integration must refund on the card (the pull alternative to the refund.requested webhook); `status=failed` is what agents must retry or switch to credit',
          querystring: RefundListQuery,
          response: { 200: RefundPage, ...problemResponses },
        },
      },
      async (request) => {
        const actor = requireRole(request, 'integration', 'agent', 'admin')
        return ledger.listRefunds(database.db, actor, request.query)
      },
    )

    app.get(
      '/refunds/:id',
      {
        schema: {
          tags: ['refunds'],
          summary: 'One refund with its status and what the caller may do with it',
          params: IdParams,
          response: { 200: Refund, ...problemResponses },
        },
      },
      async (request) => {
        const actor = requireActor(request)
        const view = await ledger.getRefund(database.db, actor, request.params.id)
        if (!view) throw notFound('refund')
        return view
      },
    )

    app.post(
      '/refunds/:id/confirmation',
      {
        schema: {
          tags: ['refunds'],
          summary:
            "The payment provider's answer on a card refund (integration). The same answer twice gets the same response; a contradicting one is refused with REFUND_ALREADY_SETTLED",
          params: IdParams,
          headers: IdempotencyHeaders,
          body: ConfirmationBody,
          response: { 200: Refund, ...problemResponses },
        },
      },
      async (request, reply) => {
        requireRole(request, 'integration', 'admin')
        return sendCommand(runner, request, reply, (uow) =>
          ledger.confirm(uow, request.params.id, request.body),
        )
      },
    )

    app.post(
      '/refunds/:id/retry',
      {
        schema: {
          tags: ['refunds'],
          summary: 'Send a failed card refund to the payment provider again (agent)',
          params: IdParams,
          headers: IdempotencyHeaders,
          response: { 200: Refund, ...problemResponses },
        },
      },
      async (request, reply) => {
        requireRole(request, 'agent', 'admin')
        const refundId = request.params.id as RefundId
        return sendCommand(runner, request, reply, (uow) =>
          ledger.onRefund(uow, refundId, () => ({ type: 'RetryRefund', refundId })),
        )
      },
    )

    app.post(
      '/refunds/:id/switch-to-credit',
      {
        schema: {
          tags: ['refunds'],
          summary: 'Pay a failed card refund as marketplace credit instead (agent)',
          params: IdParams,
          headers: IdempotencyHeaders,
          response: { 200: Refund, ...problemResponses },
        },
      },
      async (request, reply) => {
        requireRole(request, 'agent', 'admin')
        const refundId = request.params.id as RefundId
        return sendCommand(runner, request, reply, (uow) =>
          ledger.onRefund(uow, refundId, () => ({ type: 'SwitchRefundToCredit', refundId })),
        )
      },
    )

    app.get(
      '/accounts/:userId/credits',
      {
        schema: {
          tags: ['credits'],
          summary:
            "A buyer's marketplace credit: balance, what is spendable now, each grant with its expiry, and the history (the buyer and staff)",
          params: UserParams,
          response: { 200: Credits, ...problemResponses },
        },
      },
      async (request) => {
        const actor = requireActor(request)
        const view = await credits.view(
          database.db,
          actor,
          request.params.userId,
          await recourse.clock.now(),
        )
        if (!view) throw notFound('credit account')
        return view
      },
    )

    app.post(
      '/accounts/:userId/credits/debits',
      {
        schema: {
          tags: ['credits'],
          summary:
            'The buyer spent credit at checkout (integration). Idempotent by debitKey; refused with INSUFFICIENT_CREDIT { available } beyond the unexpired balance',
          params: UserParams,
          headers: IdempotencyHeaders,
          body: DebitBody,
          response: { 201: Credits, ...problemResponses },
        },
      },
      async (request, reply) => {
        requireRole(request, 'integration', 'admin')
        return sendCommand(
          runner,
          request,
          reply,
          (uow) => credits.spend(uow, request.params.userId, request.body),
          { successStatus: 201 },
        )
      },
    )
  }
