import { Type, type Static } from 'typebox'
import { Deadline, Instant, LongText, Minor, Nullable, Uuid, ParcelShipment } from './common.ts'

export const LegName = Type.Union([Type.Literal('a'), Type.Literal('b')], {
  description: '`a`: the parcel sent by the buyer of the case linked from; `b`: the other buyer’s',
})

const Fault = Type.Union([
  Type.Literal('seller'),
  Type.Literal('buyer'),
  Type.Literal('carrier'),
  Type.Literal('none'),
  Type.Literal('force_majeure'),
])

/** One parcel of a swap: who sends what to whom, its label and tracking. */
const SwapLegView = Type.Object({
  leg: LegName,
  caseId: Uuid,
  orderId: Uuid,
  fromBuyerId: Type.String(),
  toBuyerId: Type.String(),
  toCaseId: Uuid,
  toOrderId: Uuid,
  rma: Type.String({ description: 'Printed on the label, like a return’s RMA' }),
  currency: Type.String(),
  label: Type.Object({
    labelId: Type.String(),
    carrier: Type.String(),
    trackingNumber: Type.String(),
    cost: Minor,
  }),
  labelUrl: Type.String(),
  shipBy: Instant,
  status: Type.Union([
    Type.Literal('label_issued'),
    Type.Literal('in_transit'),
    Type.Literal('delivered'),
  ]),
  shipment: Nullable(ParcelShipment),
  deliveredAt: Nullable(Instant),
})

/** Swapped orders: two buyers forward each other's items; both cases close when both parcels arrive. */
export const SwapView = Type.Object(
  {
    id: Uuid,
    version: Type.Integer(),
    swapId: Uuid,
    status: Type.Union([Type.Literal('linked'), Type.Literal('completed'), Type.Literal('failed')]),
    agentId: Type.String(),
    rationale: Type.String(),
    fault: Fault,
    linkedAt: Instant,
    legs: Type.Array(SwapLegView, { minItems: 2, maxItems: 2 }),
    completedAt: Nullable(Instant),
    failedAt: Nullable(Instant),
    failedLegs: Type.Array(LegName),
    deadline: Deadline,
    availableActions: Type.Array(
      Type.Object({
        action: Type.Union([
          Type.Literal('download_label'),
          Type.Literal('ship'),
          Type.Literal('mark_delivered'),
        ]),
        leg: LegName,
        dueAt: Type.Optional(Instant),
      }),
    ),
  },
  { $id: 'Swap' },
)
export type SwapView = Static<typeof SwapView>

export const LinkSwapBody = Type.Object(
  {
    otherCaseId: Uuid,
    rationale: LongText,
    fault: Type.Optional(
      Type.Union([Type.Literal('seller'), Type.Literal('carrier'), Type.Literal('none')], {
        description:
          'Who mixed the parcels up; by default the seller when one seller shipped both orders, the carrier otherwise',
      }),
    ),
  },
  { additionalProperties: false },
)

export const SwapLegParams = Type.Object({ id: Uuid, leg: LegName })

export const ShipSwapLegBody = Type.Object(
  {
    carrier: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    trackingNumber: Type.Optional(Type.String({ minLength: 4, maxLength: 60 })),
  },
  { additionalProperties: false },
)

export const CaseSwap = Type.Object({ swap: Nullable(Type.Ref('Swap')) })
