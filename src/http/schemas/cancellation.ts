import { Type, type Static } from 'typebox'
import { buyerCancelReasons, sellerCancelReasons } from '../../policy/vocabulary.ts'
import { Action, Deadline, Instant, Minor, Uuid } from './common.ts'

export const StartCancellationBody = Type.Object(
  {
    reason: Type.String({
      minLength: 1,
      maxLength: 40,
      // A string, not an enum: a reason of the other side is refused with REASON_NOT_ALLOWED_FOR_SIDE.
      description: `Buyer: ${buyerCancelReasons.join(' | ')}. Seller: ${sellerCancelReasons.join(' | ')}`,
    }),
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  },
  { additionalProperties: false },
)

export const DeclineCancellationBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 1000 }) },
  { additionalProperties: false },
)

const RefundDue = Type.Object({
  currency: Type.String(),
  total: Minor,
  toOriginalPayment: Minor,
  toCredit: Minor,
  destination: Type.String(),
})

export const CancellationView = Type.Object(
  {
    id: Uuid,
    version: Type.Integer(),
    cancellationId: Uuid,
    orderId: Uuid,
    policyVersionId: Uuid,
    status: Type.String({ description: 'requested | approved | declined | withdrawn' }),
    requestedBy: Type.String(),
    reason: Type.String(),
    note: Type.Union([Type.String(), Type.Null()]),
    requestedAt: Instant,
    mode: Type.String(),
    respondBy: Type.Union([Instant, Type.Null()]),
    approvedAt: Type.Optional(Instant),
    approvedBy: Type.Optional(Type.String()),
    refundDue: Type.Optional(RefundDue),
    countsAgainstSeller: Type.Optional(Type.Boolean()),
    faultReason: Type.Optional(Type.String()),
    declinedAt: Type.Optional(Instant),
    declinedBy: Type.Optional(Type.String()),
    declineReason: Type.Optional(Type.String()),
    withdrawnAt: Type.Optional(Instant),
    deadline: Deadline,
    availableActions: Type.Array(Action),
  },
  { $id: 'Cancellation' },
)
export type CancellationView = Static<typeof CancellationView>

const Refusal = Type.Object({ code: Type.String() }, { additionalProperties: true })

export const EligibilityView = Type.Object({
  orderId: Uuid,
  side: Type.String(),
  eligible: Type.Boolean(),
  mode: Type.Union([Type.Literal('immediate'), Type.Literal('seller_approval'), Type.Null()]),
  windowClosesAt: Instant,
  buyerRightFrom: Type.Union([Instant, Type.Null()]),
  allowedReasons: Type.Array(Type.String()),
  reasonModes: Type.Record(Type.String(), Type.String()),
  failures: Type.Array(Refusal, {
    description: 'Why not, each with a stable code and its data (e.g. closedAt)',
  }),
})
export type EligibilityView = Static<typeof EligibilityView>
