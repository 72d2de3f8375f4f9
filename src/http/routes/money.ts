import { Type } from 'typebox'
import type { Recourse } from '../../app/recourse.ts'
import type { RefundId } from '../../domain/shared/ids.ts'
import { commandRoutes } from '../command-route.ts'
import { notFound } from '../problems.ts'
import { defineRoute, everyone, staff, type Route } from '../route.ts'
import { IdParams } from '../schemas/common.ts'
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
export const moneyRoutes = (recourse: Recourse): Route[] => {
  const { runner, ledger, credits, database } = recourse
  const command = commandRoutes(runner)

  return [
    defineRoute({
      method: 'GET',
      url: '/v1/orders/:id/ledger',
      tags: ['ledger'],
      summary:
        "The order's ledger: every posting and its entries, balances per account, totals and the payout",
      roles: everyone,
      params: IdParams,
      response: { 200: Ledger },
      handler: async ({ caller, params }) => {
        const view = await ledger.view(database.db, caller, params.id)
        if (!view) throw notFound('order')
        return view
      },
    }),

    command({
      method: 'POST',
      url: '/v1/orders/:id/refunds',
      tags: ['refunds'],
      summary:
        "An agent's refund outside any case outcome (goodwill, a correction); refused above what the order can still refund",
      roles: staff,
      params: IdParams,
      body: AdjustmentRefundBody,
      response: { 201: Refund },
      // Per caller: a runaway script or a stolen key pays out at most 10 a second. Paying
      // twice is prevented by the Idempotency-Key and the refund `reference`, not by this.
      rateLimit: { max: 600, timeWindow: '1 minute' },
      successStatus: 201,
      run: (uow, { params, body }) => ledger.adjust(uow, params.id, body),
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/refunds',
      tags: ['refunds'],
      summary:
        'Refunds by status, oldest first: `status=pending` is what the payment integration must refund on the card (the pull alternative to the refund.requested webhook); `status=failed` is what agents must retry or switch to credit',
      roles: ['agent', 'admin', 'integration'],
      query: RefundListQuery,
      response: { 200: RefundPage },
      handler: ({ caller, query }) => ledger.listRefunds(database.db, caller, query),
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/refunds/:id',
      tags: ['refunds'],
      summary: 'One refund with its status and what the caller may do with it',
      roles: everyone,
      params: IdParams,
      response: { 200: Refund },
      handler: async ({ caller, params }) => {
        const view = await ledger.getRefund(database.db, caller, params.id)
        if (!view) throw notFound('refund')
        return view
      },
    }),

    command({
      method: 'POST',
      url: '/v1/refunds/:id/confirmation',
      tags: ['refunds'],
      summary:
        "The payment provider's answer on a card refund (integration). The same answer twice gets the same response; a contradicting one is refused with REFUND_ALREADY_SETTLED",
      roles: ['integration', 'admin'],
      params: IdParams,
      body: ConfirmationBody,
      response: { 200: Refund },
      run: (uow, { params, body }) => ledger.confirm(uow, params.id, body),
    }),

    command({
      method: 'POST',
      url: '/v1/refunds/:id/retry',
      tags: ['refunds'],
      summary: 'Send a failed card refund to the payment provider again (agent)',
      roles: staff,
      params: IdParams,
      response: { 200: Refund },
      run: (uow, { params }) => {
        const refundId = params.id as RefundId
        return ledger.onRefund(uow, refundId, () => ({ type: 'RetryRefund', refundId }))
      },
    }),

    command({
      method: 'POST',
      url: '/v1/refunds/:id/switch-to-credit',
      tags: ['refunds'],
      summary: 'Pay a failed card refund as marketplace credit instead (agent)',
      roles: staff,
      params: IdParams,
      response: { 200: Refund },
      run: (uow, { params }) => {
        const refundId = params.id as RefundId
        return ledger.onRefund(uow, refundId, () => ({ type: 'SwitchRefundToCredit', refundId }))
      },
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/accounts/:userId/credits',
      tags: ['credits'],
      summary:
        "A buyer's marketplace credit: balance, what is spendable now, each grant with its expiry, and the history (the buyer and staff)",
      roles: everyone,
      params: UserParams,
      response: { 200: Credits },
      handler: async ({ caller, params }) => {
        const view = await credits.view(
          database.db,
          caller,
          params.userId,
          await recourse.clock.now(),
        )
        if (!view) throw notFound('credit account')
        return view
      },
    }),

    command({
      method: 'POST',
      url: '/v1/accounts/:userId/credits/debits',
      tags: ['credits'],
      summary:
        'The buyer spent credit at checkout (integration). Idempotent by debitKey; refused with INSUFFICIENT_CREDIT { available } beyond the unexpired balance',
      roles: ['integration', 'admin'],
      params: UserParams,
      body: DebitBody,
      response: { 201: Credits },
      successStatus: 201,
      run: (uow, { params, body }) => credits.spend(uow, params.userId, body),
    }),
  ]
}
