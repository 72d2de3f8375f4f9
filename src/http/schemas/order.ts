import { Type, type Static } from 'typebox'
import { Action, Currency, Deadline, Instant, Minor, ShortText, UserRef, Uuid } from './common.ts'

export const ListingSnapshot = Type.Object(
  {
    listingId: ShortText,
    title: ShortText,
    description: Type.String({ maxLength: 10000 }),
    photos: Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 50 }),
    category: Type.String({
      minLength: 1,
      maxLength: 120,
      description: 'Category path, e.g. apparel/dresses',
    }),
    condition: Type.Union([
      Type.Literal('new'),
      Type.Literal('new_with_tags'),
      Type.Literal('like_new'),
      Type.Literal('good'),
      Type.Literal('fair'),
      Type.Literal('used'),
    ]),
    brand: Type.Optional(ShortText),
    size: Type.Optional(Type.String({ maxLength: 40 })),
    measurements: Type.Optional(
      Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 80 }), {
        maxProperties: 30,
      }),
    ),
    material: Type.Optional(ShortText),
    flaws: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
)

const OrderLine = Type.Object(
  {
    lineId: Type.String({ minLength: 1, maxLength: 64 }),
    quantity: Type.Integer({ minimum: 1, maximum: 10000 }),
    unitPrice: Minor,
    listing: ListingSnapshot,
  },
  { additionalProperties: false },
)

const PaymentMethod = Type.Union([
  Type.Literal('card'),
  Type.Literal('marketplace_credit'),
  Type.Literal('mixed'),
])

export const ImportOrderBody = Type.Object(
  {
    externalRef: Type.String({
      minLength: 1,
      maxLength: 128,
      description: "The marketplace's own order id; importing it twice is refused",
    }),
    buyerId: UserRef,
    sellerId: UserRef,
    currency: Currency,
    lines: Type.Array(OrderLine, { minItems: 1, maxItems: 100 }),
    shippingAmount: Minor,
    taxAmount: Minor,
    total: Minor,
    payment: Type.Object(
      {
        method: PaymentMethod,
        card: Minor,
        credit: Minor,
        providerReference: Type.Optional(
          Type.String({
            minLength: 1,
            maxLength: 255,
            description:
              "The payment provider's id for the card payment (Stripe: the PaymentIntent `pi_…` or the Charge `ch_…`); chargeback events from the provider find the order by it",
          }),
        ),
      },
      { additionalProperties: false },
    ),
    purchasedAt: Type.Optional(Instant),
    shipBy: Type.Optional(Instant),
  },
  { additionalProperties: false },
)
export type ImportOrderBody = Static<typeof ImportOrderBody>

export const ShipmentBody = Type.Object(
  {
    carrier: Type.String({ minLength: 1, maxLength: 60 }),
    trackingNumber: Type.String({ minLength: 4, maxLength: 60, pattern: '^[A-Za-z0-9-]+$' }),
  },
  { additionalProperties: false },
)

export const OrderView = Type.Object(
  {
    id: Uuid,
    version: Type.Integer(),
    externalRef: Type.String(),
    status: Type.String(),
    buyerId: Type.String(),
    sellerId: Type.String(),
    currency: Type.String(),
    lines: Type.Array(
      Type.Object({
        lineId: Type.String(),
        quantity: Type.Integer(),
        unitPrice: Minor,
        listing: ListingSnapshot,
      }),
    ),
    shippingAmount: Minor,
    taxAmount: Minor,
    total: Minor,
    payment: Type.Object({
      method: PaymentMethod,
      card: Minor,
      credit: Minor,
      capturedAt: Instant,
      providerReference: Type.Optional(Type.String()),
    }),
    purchasedAt: Instant,
    shipBy: Instant,
    estimatedDeliveryAt: Instant,
    shipments: Type.Array(
      Type.Object({ carrier: Type.String(), trackingNumber: Type.String(), shippedAt: Instant }),
    ),
    shippedLate: Type.Boolean(),
    deliveredAt: Type.Union([Instant, Type.Null()]),
    acceptedAt: Type.Union([Instant, Type.Null()]),
    acceptedBy: Type.Union([Type.Literal('buyer'), Type.Literal('auto'), Type.Null()]),
    cancelledAt: Type.Union([Instant, Type.Null()]),
    cancellationId: Type.Union([Uuid, Type.Null()]),
    openCaseId: Type.Union([Uuid, Type.Null()]),
    caseIds: Type.Array(Uuid),
    shipByReminderSent: Type.Boolean(),
    buyerCancelRightOpen: Type.Boolean({
      description: 'The seller did not ship in time: the buyer may cancel outright',
    }),
    payout: Type.String({ description: 'held | frozen | released | cancelled' }),
    policyVersionId: Uuid,
    deadline: Deadline,
    availableActions: Type.Array(Action),
  },
  { $id: 'Order' },
)
export type OrderView = Static<typeof OrderView>

/** One fact of an order's timeline (its own and its cancellations'), with who did it and when. */
export const OrderTimelineEntry = Type.Object({
  at: Instant,
  type: Type.String({
    description: 'The domain event type, e.g. ShipmentLate, CancellationEscalated',
  }),
  stream: Type.Union([Type.Literal('order'), Type.Literal('cancellation')]),
  streamId: Uuid,
  actor: Type.Object({ kind: Type.String(), id: Type.String() }),
  data: Type.Unknown({ description: "The event's facts, as typed data" }),
})

export const OrderTimeline = Type.Object({ items: Type.Array(OrderTimelineEntry) })
