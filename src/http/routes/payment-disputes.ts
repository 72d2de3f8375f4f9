import { Type } from 'typebox'
import type { Recourse } from '../../app/recourse.ts'
import { sendCommand } from '../command.ts'
import { notFound } from '../problems.ts'
import { defineRoute, type Route } from '../route.ts'
import { IdParams, IdempotencyHeaders } from '../schemas/common.ts'
import {
  ClosePaymentDisputeBody,
  OpenPaymentDisputeBody,
  UpdatePaymentDisputeBody,
} from '../schemas/payment-dispute.ts'

const PaymentDispute = Type.Ref('PaymentDispute')
/** The payment integration reports; staff read and, when the provider is silent, record by hand. */
const reporters = ['integration', 'admin'] as const
/** The order's seller reads its disputes (its payout is held); the buyer's side is the card issuer's. */
const readers = ['seller', 'agent', 'admin', 'integration'] as const

/**
 * Chargebacks (payment disputes) on an order's card payment. The rules live in
 * the payment-dispute decider and the ledger; these routes check who calls and
 * pass the report on.
 */
export const paymentDisputeRoutes = (recourse: Recourse): Route[] => {
  const { runner, paymentDisputes, database } = recourse
  return [
    defineRoute({
      method: 'POST',
      url: '/v1/orders/:id/payment-disputes',
      tags: ['payment disputes'],
      summary:
        "The payment integration reports a chargeback on the order's card payment: the disputed amount stops being refundable (PAYMENT_DISPUTE_OPEN), the payout stays held, the open case pauses or closes per policy. The same provider reference again is the same dispute",
      roles: reporters,
      params: IdParams,
      headers: IdempotencyHeaders,
      body: OpenPaymentDisputeBody,
      response: { 201: PaymentDispute },
      handler: ({ request, params, body }, reply) =>
        sendCommand(runner, request, reply, (uow) => paymentDisputes.open(uow, params.id, body), {
          successStatus: 201,
        }),
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/orders/:id/payment-disputes',
      tags: ['payment disputes'],
      summary: "The order's payment disputes, newest first",
      roles: readers,
      params: IdParams,
      response: { 200: Type.Object({ items: Type.Array(PaymentDispute) }) },
      handler: async ({ caller, params }) => {
        // Another party's order answers as if it did not exist, like the order itself.
        if (!(await recourse.orders.load(database.db, caller, params.id))) throw notFound('order')
        return { items: await paymentDisputes.listForOrder(database.db, caller, params.id) }
      },
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/payment-disputes/:id',
      tags: ['payment disputes'],
      summary:
        'One payment dispute: status, evidence deadline, "already refunded" with the refund references, who bore a loss',
      roles: readers,
      params: IdParams,
      response: { 200: PaymentDispute },
      handler: async ({ caller, params }) => {
        const view = await paymentDisputes.get(database.db, caller, params.id)
        if (!view) throw notFound('payment dispute')
        return view
      },
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/payment-disputes/:id/updates',
      tags: ['payment disputes'],
      summary:
        "The provider's later report: a new status (needs_response, under_review, or an outcome won / lost / warning_closed, which closes it), a new evidence deadline, the fee given back on a win",
      roles: reporters,
      params: IdParams,
      headers: IdempotencyHeaders,
      body: UpdatePaymentDisputeBody,
      response: { 200: PaymentDispute },
      handler: ({ request, params, body }, reply) =>
        sendCommand(runner, request, reply, (uow) => paymentDisputes.update(uow, params.id, body)),
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/payment-disputes/:id/close',
      tags: ['payment disputes'],
      summary:
        'The dispute is over: won (the money comes back), lost (the buyer keeps it; the seller or the marketplace bears it per policy and fault) or warning_closed',
      roles: reporters,
      params: IdParams,
      headers: IdempotencyHeaders,
      body: ClosePaymentDisputeBody,
      response: { 200: PaymentDispute },
      handler: ({ request, params, body }, reply) =>
        sendCommand(runner, request, reply, (uow) =>
          paymentDisputes.close(uow, params.id, body.outcome, body.feeReturned),
        ),
    }),
  ]
}
