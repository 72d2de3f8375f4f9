import { Type, type Static } from 'typebox'
import {
  networkReasons,
  openPaymentDisputeStatuses,
  paymentDisputeStatuses,
} from '../../domain/payment-dispute/vocabulary.ts'
import { Currency, Deadline, Instant, Minor, Nullable } from './common.ts'

/** One of these strings, typed as their union (the vocabularies are declared once, in the domain). */
const literals = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>(
    Type.Union(
      values.map((v) => Type.Literal(v)),
      description === undefined ? {} : { description },
    ),
  )

const NetworkReason = literals(
  networkReasons,
  "The card network's reason, in Stripe's words (`dispute.reason`); other providers map onto it",
)
const Status = literals(paymentDisputeStatuses)
const ClosedStatus = literals(['won', 'lost', 'warning_closed'] as const)

export const OpenPaymentDisputeBody = Type.Object(
  {
    provider: Type.String({
      minLength: 1,
      maxLength: 40,
      pattern: '^[a-z0-9_-]+$',
      description: '`stripe`, `adyen`, …',
    }),
    providerReference: Type.String({
      minLength: 1,
      maxLength: 255,
      description:
        "The provider's id for the dispute (Stripe `du_…`); the same one twice is the same dispute",
    }),
    amount: Type.Integer({
      minimum: 1,
      maximum: 1e13,
      description: 'The disputed amount, in minor units',
    }),
    currency: Currency,
    networkReason: NetworkReason,
    evidenceDueBy: Type.Optional(Nullable(Instant)),
    fee: Type.Optional(Minor),
    status: Type.Optional(literals(openPaymentDisputeStatuses)),
  },
  { additionalProperties: false },
)
export type OpenPaymentDisputeBody = Static<typeof OpenPaymentDisputeBody>

export const UpdatePaymentDisputeBody = Type.Object(
  {
    status: Status,
    evidenceDueBy: Type.Optional(Nullable(Instant)),
    feeReturned: Type.Optional(Minor),
  },
  { additionalProperties: false },
)

export const ClosePaymentDisputeBody = Type.Object(
  { outcome: ClosedStatus, feeReturned: Type.Optional(Minor) },
  { additionalProperties: false },
)

const RefundReference = Type.Object({
  refundId: Type.String(),
  refundKey: Type.String(),
  amount: Minor,
  status: Type.String(),
  destination: Type.String(),
  providerReference: Nullable(Type.String()),
  requestedAt: Instant,
})

export const PaymentDisputeView = Type.Object(
  {
    id: Type.String(),
    disputeId: Type.String(),
    version: Type.Integer(),
    status: Status,
    open: Type.Boolean(),
    orderId: Type.String(),
    caseId: Nullable(Type.String()),
    buyerId: Type.String(),
    sellerId: Type.String(),
    provider: Type.String(),
    providerReference: Type.String(),
    amount: Minor,
    fee: Minor,
    feeReturned: Minor,
    currency: Type.String(),
    networkReason: NetworkReason,
    category: literals(['fraud', 'not_received', 'not_as_described', 'other'] as const),
    evidenceDueBy: Nullable(Instant),
    alreadyRefunded: Type.Array(RefundReference, {
      description:
        'Refunds the order had made before the chargeback: answer the issuer with their references',
    }),
    alreadyRefundedFlag: Type.Boolean(),
    caseAction: Nullable(literals(['paused', 'closed'] as const)),
    policyVersionId: Type.String(),
    openedAt: Instant,
    updatedAt: Instant,
    remindedFor: Nullable(Instant),
    closedAt: Nullable(Instant),
    bearer: Nullable(literals(['seller', 'marketplace'] as const)),
    bearerReason: Nullable(literals(['case_fault', 'already_refunded', 'policy'] as const)),
    countsAgainstSeller: Type.Boolean(),
    deadline: Nullable(Deadline),
  },
  { $id: 'PaymentDispute' },
)
