import { Type, type Static } from 'typebox'
import {
  Action,
  Deadline,
  Instant,
  LongText,
  Minor,
  Nullable,
  Uuid,
  ParcelShipment,
} from './common.ts'

const Condition = Type.Union([
  Type.Literal('as_described'),
  Type.Literal('used'),
  Type.Literal('damaged'),
  Type.Literal('different_item_returned'),
])

const Open = Type.Object({}, { additionalProperties: true })

/** What the seller found (or `timeout`: nobody inspected in time and the full refund went out). */
const InspectionView = Type.Object({
  by: Type.Union([Type.Literal('seller'), Type.Literal('timeout')]),
  condition: Nullable(Condition),
  deduction: Minor,
  deductionReason: Nullable(Type.String()),
  evidence: Type.Array(Type.String()),
  at: Instant,
})
const InspectionDisputeView = Type.Object({
  by: Type.Union([Type.Literal('seller'), Type.Literal('buyer')]),
  reason: Type.Union([Type.Literal('different_item_returned'), Type.Literal('deduction_disputed')]),
  statement: Type.String(),
  evidence: Type.Array(Type.String()),
  at: Instant,
})
const DisputeResolutionView = Type.Object({
  agentId: Type.String(),
  refundAmount: Minor,
  rationale: Type.String(),
  at: Instant,
})

/** A return as a party or agent sees it: its state, deadline and the caller's actions. */
export const ReturnView = Type.Object(
  {
    id: Uuid,
    version: Type.Integer(),
    returnId: Uuid,
    caseId: Uuid,
    orderId: Uuid,
    buyerId: Type.String(),
    sellerId: Type.String(),
    status: Type.String({
      description:
        'label_issued | in_transit | delivered_to_seller | inspected | refunded | inspection_disputed | closed | expired | cancelled',
    }),
    rma: Type.String({ description: 'Return merchandise authorisation, printed on the label' }),
    lines: Type.Array(Type.Object({ lineId: Type.String(), quantity: Type.Integer() })),
    currency: Type.String(),
    refundOnCompletion: Minor,
    destination: Type.String(),
    funding: Type.String(),
    label: Type.Object({ carrier: Type.String(), trackingNumber: Type.String(), cost: Minor }),
    labelUrl: Type.String(),
    labelId: Nullable(Type.String()),
    labelProvider: Nullable(Type.String()),
    shippingPaidBy: Type.String(),
    shippingPaidByRule: Type.String(),
    labelCharge: Minor,
    maximumDeduction: Type.Integer({
      minimum: 0,
      description:
        'The most the seller may keep back at inspection: `policy.returns.maxDeductionPercent` of the refund, never into the label charge',
    }),
    createdAt: Instant,
    shipBy: Instant,
    shipment: Nullable(ParcelShipment),
    deliveredAt: Nullable(Instant),
    inspectBy: Nullable(Instant),
    inspection: Nullable(InspectionView),
    dispute: Nullable(InspectionDisputeView),
    resolution: Nullable(DisputeResolutionView),
    refundDue: Nullable(Open),
    refunded: Minor,
    refundIds: Type.Array(Uuid),
    disputeBy: Nullable(Instant),
    closedAt: Nullable(Instant),
    closeReason: Nullable(Type.String()),
    expiredAt: Nullable(Instant),
    cancelledAt: Nullable(Instant),
    cancelReason: Nullable(Type.String()),
    deadline: Deadline,
    availableActions: Type.Array(Action),
  },
  { $id: 'Return' },
)
export type ReturnView = Static<typeof ReturnView>

export const ReturnPage = Type.Object({
  items: Type.Array(Type.Ref('Return')),
  nextCursor: Nullable(Type.String()),
})

export const ReturnList = Type.Object({ items: Type.Array(Type.Ref('Return')) })

const Evidence = Type.Optional(
  Type.Array(Uuid, {
    maxItems: 20,
    description: 'Ids of files the caller uploaded to POST /v1/files (photos of what came back)',
  }),
)

export const ShipReturnBody = Type.Object(
  {
    carrier: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    trackingNumber: Type.Optional(Type.String({ minLength: 4, maxLength: 60 })),
  },
  { additionalProperties: false },
)

export const InspectionBody = Type.Object(
  {
    condition: Condition,
    deduction: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 1e13,
        description: 'Minor units kept back for a used or damaged item (policy maximum applies)',
      }),
    ),
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    evidence: Evidence,
  },
  { additionalProperties: false },
)

export const ReturnDisputeBody = Type.Object(
  { statement: LongText, evidence: Evidence },
  { additionalProperties: false },
)

export const ResolutionBody = Type.Object(
  {
    refundAmount: Type.Integer({
      minimum: 0,
      maximum: 1e13,
      description: 'What the return refunds in total (never less than already refunded)',
    }),
    rationale: LongText,
  },
  { additionalProperties: false },
)

export const ReplacementView = Type.Object(
  {
    caseId: Uuid,
    replacementKey: Type.String(),
    status: Type.Union([
      Type.Literal('awaiting_shipment'),
      Type.Literal('shipped'),
      Type.Literal('delivered'),
      Type.Literal('failed'),
      Type.Literal('cancelled'),
    ]),
    deliverBy: Nullable(Instant),
    carrier: Nullable(Type.String()),
    trackingNumber: Nullable(Type.String()),
    shippedAt: Nullable(Instant),
    deliveredAt: Nullable(Instant),
  },
  { $id: 'Replacement' },
)

export const ReplacementShipmentBody = Type.Object(
  {
    carrier: Type.String({ minLength: 1, maxLength: 60 }),
    trackingNumber: Type.String({ minLength: 4, maxLength: 60 }),
  },
  { additionalProperties: false },
)
