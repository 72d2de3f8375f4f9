import { Type, type Static } from 'typebox'
import {
  Currency,
  Deadline,
  Instant,
  Minor,
  Nullable,
  SignedMinor,
  UserRef,
  Uuid,
} from './common.ts'

const RefundStatus = Type.Union(
  [
    Type.Literal('pending'),
    Type.Literal('succeeded'),
    Type.Literal('failed'),
    Type.Literal('switched_to_credit'),
  ],
  {
    description:
      'The card part: pending with the payment provider, succeeded, failed (still owed), or switched to credit. A refund paid wholly as credit is succeeded at once.',
  },
)

const Destination = Type.Union([
  Type.Literal('original_payment'),
  Type.Literal('marketplace_credit'),
])

const Allocation = Type.Object({
  lines: Type.Array(Type.Object({ lineId: Type.String(), amount: Minor })),
  shipping: Minor,
  tax: Minor,
})

/** One refund, as the ledger holds it. */
export const RefundView = Type.Object(
  {
    refundId: Uuid,
    orderId: Uuid,
    refundKey: Type.String({
      description: 'The business fact that made it due (decision, offer, cancellation, return)',
    }),
    status: RefundStatus,
    amount: Minor,
    toCard: Minor,
    toCredit: Minor,
    currency: Type.String(),
    destination: Destination,
    funding: Type.String({ description: 'seller | marketplace | carrier' }),
    reason: Type.String({
      description: 'cancellation | case | return | replacement_failed | agent_adjustment',
    }),
    allocation: Nullable(Allocation),
    attempt: Type.Integer({ minimum: 0, description: 'Card attempts so far' }),
    providerReference: Nullable(Type.String()),
    failureReason: Nullable(Type.String()),
    requestedAt: Instant,
    settledAt: Nullable(Instant),
    availableActions: Type.Array(
      Type.Union([
        Type.Literal('confirm'),
        Type.Literal('retry'),
        Type.Literal('switch_to_credit'),
      ]),
    ),
  },
  { $id: 'Refund' },
)
export type RefundView = Static<typeof RefundView>

export const RefundPage = Type.Object({
  items: Type.Array(Type.Ref('Refund')),
  nextCursor: Nullable(Type.String()),
})

export const RefundListQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 25 }),
  cursor: Type.Optional(Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' })),
  status: Type.Optional(RefundStatus),
  orderId: Type.Optional(Uuid),
})

export const ConfirmationBody = Type.Object(
  {
    outcome: Type.Union([Type.Literal('succeeded'), Type.Literal('failed')]),
    providerReference: Type.String({
      minLength: 1,
      maxLength: 200,
      description: "The payment provider's id for the refund (or the failed attempt)",
    }),
    failureReason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    attempt: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1000,
        description:
          'The attempt the answer is about (from the refund.requested message); omitted: the current one',
      }),
    ),
  },
  { additionalProperties: false },
)

export const AdjustmentRefundBody = Type.Object(
  {
    amount: Type.Integer({ minimum: 1, maximum: 1e13 }),
    destination: Type.Optional(Destination),
    funding: Type.Union([
      Type.Literal('seller'),
      Type.Literal('marketplace'),
      Type.Literal('carrier'),
    ]),
    reference: Type.String({
      minLength: 1,
      maxLength: 120,
      pattern: '^[\\x21-\\x7e]+$',
      description:
        'Your key for this adjustment (a ticket id): the same reference never pays twice, whatever the Idempotency-Key',
    }),
  },
  { additionalProperties: false },
)

const Entry = Type.Object({ account: Type.String(), amount: SignedMinor })

/** An order's money, posting by posting. */
export const LedgerView = Type.Object(
  {
    orderId: Uuid,
    status: Type.Union([Type.Literal('none'), Type.Literal('held'), Type.Literal('released')]),
    currency: Type.String(),
    version: Type.Integer(),
    payout: Type.Object({
      status: Type.Union([Type.Literal('none'), Type.Literal('held'), Type.Literal('released')]),
      orderPayout: Type.String({ description: 'held | frozen | released | cancelled' }),
      releasedAt: Nullable(Instant),
      releasedAmount: Nullable(Minor),
    }),
    totals: Type.Object({
      captured: Minor,
      capturedByCard: Minor,
      capturedByCredit: Minor,
      refundedToCard: Minor,
      inFlight: Minor,
      failed: Minor,
      credited: Minor,
      labelCharges: Minor,
      chargebackHeld: Type.Integer({
        minimum: 0,
        description: 'Held for an open chargeback: not refundable until the card issuer decides',
      }),
      chargedBack: Type.Integer({
        minimum: 0,
        description: 'Chargebacks lost: back on the buyer’s card through the card network',
      }),
      refundable: Minor,
      escrow: SignedMinor,
    }),
    postings: Type.Array(
      Type.Object({
        postingId: Type.String(),
        businessKey: Type.String(),
        kind: Type.String(),
        at: Instant,
        currency: Type.String(),
        entries: Type.Array(Entry, { description: 'They sum to zero' }),
      }),
    ),
    balances: Type.Array(
      Type.Object({ account: Type.String(), kind: Type.String(), amount: SignedMinor }),
    ),
    refunds: Type.Array(Type.Ref('Refund')),
  },
  { $id: 'Ledger' },
)
export type LedgerView = Static<typeof LedgerView>

export const UserParams = Type.Object({ userId: UserRef })

const Lot = Type.Object({
  grantKey: Type.String(),
  amount: Minor,
  remaining: Minor,
  grantedAt: Instant,
  expiresAt: Nullable(Instant),
  orderId: Nullable(Type.String()),
  refundId: Nullable(Type.String()),
  status: Type.Union([Type.Literal('active'), Type.Literal('spent'), Type.Literal('expired')]),
})

const HistoryEntry = Type.Union([
  Type.Object({
    type: Type.Literal('granted'),
    at: Instant,
    amount: Minor,
    grantKey: Type.String(),
    expiresAt: Nullable(Instant),
    orderId: Nullable(Type.String()),
    refundId: Nullable(Type.String()),
  }),
  Type.Object({ type: Type.Literal('spent'), at: Instant, amount: Minor, debitKey: Type.String() }),
  Type.Object({ type: Type.Literal('expired'), at: Instant, amount: Minor }),
])

/** A buyer's marketplace credit. */
export const CreditsView = Type.Object(
  {
    userId: Type.String(),
    currency: Nullable(Type.String()),
    balance: Minor,
    available: Minor,
    granted: Minor,
    spent: Minor,
    expired: Minor,
    nextExpiry: Nullable(Type.Object({ at: Instant, amount: Minor })),
    deadline: Deadline,
    lots: Type.Array(Lot),
    history: Type.Array(HistoryEntry, { description: 'Newest first' }),
    version: Type.Integer(),
  },
  { $id: 'Credits' },
)
export type CreditsView = Static<typeof CreditsView>

export const DebitBody = Type.Object(
  {
    debitKey: Type.String({
      minLength: 1,
      maxLength: 200,
      pattern: '^[\\x21-\\x7e]+$',
      description: 'Your id for this spend (the checkout): the same key debits once',
    }),
    amount: Type.Integer({ minimum: 1, maximum: 1e13 }),
    currency: Currency,
  },
  { additionalProperties: false },
)
