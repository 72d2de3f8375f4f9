import { Type, type Static, type TSchema } from 'typebox'
import type { CancellationEvent, CancellationEventType } from '../domain/cancellation/events.ts'
import type { CaseEventOf, CaseEventType } from '../domain/case/events.ts'
import type { LedgerEventOf, LedgerEventType } from '../domain/ledger/events.ts'
import type { OrderEvent } from '../domain/order/events.ts'
import type { Instant } from '../policy/time.ts'

/**
 * The public events: what the marketplace's systems hear about, by webhook
 * and on the `GET /v1/events` feed. Each is a stable, versioned contract
 * (`docs/events.md` is generated from this table) mapped from one domain
 * event; internal facts (deadlines, reminders, translations) never leave.
 */

/** The order an event is about, as the marketplace knows it. */
export interface OrderRef {
  readonly orderId: string
  readonly externalRef: string
  readonly buyerId: string
  readonly sellerId: string
  readonly currency: string
}

/** A stored domain event with what the mappers need around it. */
export interface SourceEvent {
  readonly id: string
  readonly streamId: string
  readonly streamType: string
  readonly type: string
  readonly data: unknown
  readonly occurredAt: Instant
  readonly order: OrderRef | null
}

/** What a webhook body and a feed item look like. */
export const EventEnvelope = Type.Object(
  {
    id: Type.String({
      format: 'uuid',
      description: 'Unique per event; the `webhook-id` header. Deduplicate on it.',
    }),
    type: Type.String({ description: 'Public event type, e.g. `case.opened`' }),
    version: Type.Integer({ minimum: 1, description: 'Version of this type’s `data` schema' }),
    timestamp: Type.String({ format: 'date-time', description: 'When it happened' }),
    marketplace: Type.String({ description: 'Which Recourse installation sent it' }),
    data: Type.Object({}, { additionalProperties: true }),
  },
  { $id: 'Event' },
)
export type EventEnvelope = Static<typeof EventEnvelope>

const Id = Type.String({ format: 'uuid' })
const At = Type.String({ format: 'date-time' })
const Amount = Type.Integer({ minimum: 0, description: 'Integer minor units (cents)' })
const Currency = Type.String({ pattern: '^[A-Z]{3}$' })
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()])
const Enum = <const V extends string[]>(...values: V) => Type.Enum(values)

const orderFields = {
  orderId: Id,
  externalRef: Type.String({ description: 'The marketplace’s own order reference' }),
  buyerId: Type.String(),
  sellerId: Type.String(),
}
const caseFields = { caseId: Id, ...orderFields }
const Terms = Type.Object({
  kind: Enum('partial_refund', 'full_refund_keep_item', 'return_and_refund', 'replacement'),
  amount: Type.Optional(Amount),
})

const data = <P extends Record<string, TSchema>>(props: P) =>
  Type.Object(props, { additionalProperties: false })

interface Entry<S extends TSchema = TSchema> {
  readonly type: string
  readonly version: number
  /** The domain event it is made from. */
  readonly source: string
  readonly description: string
  readonly schema: S
  readonly map: (e: SourceEvent, order: OrderRef) => Static<S>
}

const entry = <S extends TSchema>(e: Entry<S>): Entry => e

const ref = (o: OrderRef) => ({
  orderId: o.orderId,
  externalRef: o.externalRef,
  buyerId: o.buyerId,
  sellerId: o.sellerId,
})
const caseRef = (e: SourceEvent, o: OrderRef) => ({ caseId: e.streamId, ...ref(o) })

type OrderData<T extends OrderEvent['type']> = Extract<OrderEvent, { type: T }>['data']
const orderData = <T extends OrderEvent['type']>(e: SourceEvent): OrderData<T> =>
  e.data as OrderData<T>
const caseData = <T extends CaseEventType>(e: SourceEvent): CaseEventOf<T>['data'] =>
  e.data as CaseEventOf<T>['data']
type CancellationData<T extends CancellationEventType> = Extract<
  CancellationEvent,
  { type: T }
>['data']
const cancellationData = <T extends CancellationEventType>(e: SourceEvent): CancellationData<T> =>
  e.data as CancellationData<T>
const ledgerData = <T extends LedgerEventType>(e: SourceEvent): LedgerEventOf<T>['data'] =>
  e.data as LedgerEventOf<T>['data']

const termsOf = (t: CaseEventOf<'OfferMade'>['data']['terms']) =>
  t.kind === 'partial_refund' ? { kind: t.kind, amount: t.amount } : { kind: t.kind }

/** Every public event type, the domain event it comes from, and its `data` schema. */
export const eventCatalog: readonly Entry[] = [
  entry({
    type: 'order.shipped',
    version: 1,
    source: 'OrderShipped',
    description: 'The seller handed the parcel to a carrier.',
    schema: data({
      ...orderFields,
      carrier: Type.String(),
      trackingNumber: Type.String(),
      shippedAt: At,
      late: Type.Boolean({ description: 'Shipped after the ship-by date' }),
    }),
    map: (e, o) => {
      const d = orderData<'OrderShipped'>(e)
      return {
        ...ref(o),
        carrier: d.carrier,
        trackingNumber: d.trackingNumber,
        shippedAt: d.shippedAt,
        late: d.late,
      }
    },
  }),
  entry({
    type: 'order.delivered',
    version: 1,
    source: 'OrderDelivered',
    description: 'The carrier delivered the order; the acceptance window starts.',
    schema: data({ ...orderFields, deliveredAt: At }),
    map: (e, o) => ({ ...ref(o), deliveredAt: orderData<'OrderDelivered'>(e).deliveredAt }),
  }),
  entry({
    type: 'order.accepted',
    version: 1,
    source: 'OrderAccepted',
    description: 'The sale is final: the buyer accepted or the acceptance window passed.',
    schema: data({ ...orderFields, acceptedAt: At, acceptedBy: Enum('buyer', 'auto') }),
    map: (e, o) => {
      const d = orderData<'OrderAccepted'>(e)
      return { ...ref(o), acceptedAt: d.at, acceptedBy: d.by }
    },
  }),
  entry({
    type: 'order.cancelled',
    version: 1,
    source: 'OrderCancelled',
    description: 'An approved cancellation ended the order.',
    schema: data({ ...orderFields, cancelledAt: At, cancellationId: Id }),
    map: (e, o) => {
      const d = orderData<'OrderCancelled'>(e)
      return { ...ref(o), cancelledAt: d.at, cancellationId: d.cancellationId }
    },
  }),
  entry({
    type: 'cancellation.requested',
    version: 1,
    source: 'CancellationRequested',
    description:
      'A buyer asked to cancel, or a seller cancelled. `mode: seller_approval` waits for the seller until `respondBy`.',
    schema: data({
      cancellationId: Id,
      ...orderFields,
      requestedBy: Enum('buyer', 'seller'),
      reason: Type.String(),
      note: Nullable(Type.String()),
      mode: Enum('immediate', 'seller_approval'),
      respondBy: Nullable(At),
    }),
    map: (e, o) => {
      const d = cancellationData<'CancellationRequested'>(e)
      return {
        cancellationId: d.cancellationId,
        ...ref(o),
        requestedBy: d.requestedBy,
        reason: d.reason,
        note: d.note,
        mode: d.mode,
        respondBy: d.respondBy,
      }
    },
  }),
  entry({
    type: 'cancellation.approved',
    version: 1,
    source: 'CancellationApproved',
    description:
      'The cancellation went through; the refund it makes due follows as `refund.requested`.',
    schema: data({
      cancellationId: Id,
      ...orderFields,
      approvedBy: Type.String({
        description: 'window | seller | seller_silence | buyer_right | seller_initiated',
      }),
      refund: data({
        total: Amount,
        toOriginalPayment: Amount,
        toCredit: Amount,
        currency: Currency,
        destination: Type.String(),
      }),
      countsAgainstSeller: Type.Boolean(),
    }),
    map: (e, o) => {
      const d = cancellationData<'CancellationApproved'>(e)
      return {
        cancellationId: d.cancellationId,
        ...ref(o),
        approvedBy: d.by,
        refund: {
          total: d.refundDue.total,
          toOriginalPayment: d.refundDue.toOriginalPayment,
          toCredit: d.refundDue.toCredit,
          currency: d.refundDue.currency,
          destination: d.refundDue.destination,
        },
        countsAgainstSeller: d.countsAgainstSeller,
      }
    },
  }),
  entry({
    type: 'cancellation.declined',
    version: 1,
    source: 'CancellationDeclined',
    description: 'The seller declined the request (or stayed silent where silence declines).',
    schema: data({
      cancellationId: Id,
      ...orderFields,
      declinedBy: Enum('seller', 'seller_silence'),
      reason: Type.String(),
    }),
    map: (e, o) => {
      const d = cancellationData<'CancellationDeclined'>(e)
      return { cancellationId: d.cancellationId, ...ref(o), declinedBy: d.by, reason: d.reason }
    },
  }),
  entry({
    type: 'cancellation.withdrawn',
    version: 1,
    source: 'CancellationWithdrawn',
    description: 'The buyer took the request back.',
    schema: data({ cancellationId: Id, ...orderFields }),
    map: (e, o) => ({
      cancellationId: cancellationData<'CancellationWithdrawn'>(e).cancellationId,
      ...ref(o),
    }),
  }),
  entry({
    type: 'case.opened',
    version: 1,
    source: 'CaseOpened',
    description: 'A buyer opened a case; the seller’s payout is held until it closes.',
    schema: data({
      ...caseFields,
      reason: Type.String(),
      desiredOutcome: Type.String(),
      wholeOrder: Type.Boolean(),
      claimedAmount: Amount,
      currency: Currency,
      respondBy: At,
    }),
    map: (e, o) => {
      const d = caseData<'CaseOpened'>(e)
      return {
        ...caseRef(e, o),
        reason: d.reason,
        desiredOutcome: d.desiredOutcome,
        wholeOrder: d.wholeOrder,
        claimedAmount: d.claimedAmount,
        currency: d.currency,
        respondBy: d.respondBy,
      }
    },
  }),
  entry({
    type: 'case.claim_accepted',
    version: 1,
    source: 'ClaimAccepted',
    description: 'The seller accepted the claim: a refund now, or a return and then a refund.',
    schema: data({ ...caseFields, resolution: Enum('refund', 'return') }),
    map: (e, o) => ({ ...caseRef(e, o), resolution: caseData<'ClaimAccepted'>(e).resolution }),
  }),
  entry({
    type: 'case.claim_disputed',
    version: 1,
    source: 'ClaimDisputed',
    description: 'The seller disputed the claim; the buyer may answer or escalate.',
    schema: data({ ...caseFields }),
    map: (e, o) => caseRef(e, o),
  }),
  entry({
    type: 'offer.made',
    version: 1,
    source: 'OfferMade',
    description: 'A party proposed a resolution; the other answers by `respondBy`.',
    schema: data({
      ...caseFields,
      offerId: Id,
      by: Enum('buyer', 'seller', 'agent'),
      terms: Terms,
      currency: Currency,
      respondBy: At,
    }),
    map: (e, o) => {
      const d = caseData<'OfferMade'>(e)
      return {
        ...caseRef(e, o),
        offerId: d.offerId,
        by: d.by.role,
        terms: termsOf(d.terms),
        currency: d.currency,
        respondBy: d.respondBy,
      }
    },
  }),
  entry({
    type: 'offer.accepted',
    version: 1,
    source: 'OfferAccepted',
    description: 'The other party accepted the offer: the case settles on its terms.',
    schema: data({
      ...caseFields,
      offerId: Id,
      by: Enum('buyer', 'seller', 'agent'),
      terms: Terms,
      currency: Currency,
    }),
    map: (e, o) => {
      const d = caseData<'OfferAccepted'>(e)
      return {
        ...caseRef(e, o),
        offerId: d.offerId,
        by: d.by.role,
        terms: termsOf(d.terms),
        currency: d.currency,
      }
    },
  }),
  entry({
    type: 'offer.declined',
    version: 1,
    source: 'OfferDeclined',
    description: 'The other party declined the offer or answered with a counter-offer.',
    schema: data({
      ...caseFields,
      offerId: Id,
      by: Enum('buyer', 'seller', 'agent'),
      reason: Enum('declined', 'countered'),
    }),
    map: (e, o) => {
      const d = caseData<'OfferDeclined'>(e)
      return { ...caseRef(e, o), offerId: d.offerId, by: d.by.role, reason: d.reason }
    },
  }),
  entry({
    type: 'case.escalated',
    version: 1,
    source: 'CaseEscalated',
    description:
      'The marketplace stepped in: the case is in the agents’ queue until `decisionDueAt`.',
    schema: data({
      ...caseFields,
      by: Nullable(Enum('buyer', 'seller', 'agent')),
      reason: Type.String({
        description: 'buyer_requested | seller_requested | seller_response_overdue',
      }),
      decisionDueAt: At,
    }),
    map: (e, o) => {
      const d = caseData<'CaseEscalated'>(e)
      return {
        ...caseRef(e, o),
        by: d.by?.role ?? null,
        reason: d.reason,
        decisionDueAt: d.decisionDueAt,
      }
    },
  }),
  entry({
    type: 'case.decided',
    version: 1,
    source: 'CaseDecided',
    description: 'An agent decided (binding); either party may appeal until `appealDueAt`.',
    schema: data({
      ...caseFields,
      decisionId: Type.String(),
      outcome: Type.String({
        description: 'refund_full | refund_partial | return_required | replacement | seller_favor',
      }),
      amount: Nullable(Amount),
      currency: Currency,
      fault: Type.String({ description: 'seller | buyer | carrier | none' }),
      funding: Nullable(Type.String()),
      appealDueAt: At,
    }),
    map: (e, o) => {
      const d = caseData<'CaseDecided'>(e)
      return {
        ...caseRef(e, o),
        decisionId: d.decisionId,
        outcome: d.outcome,
        amount: d.amount,
        currency: d.currency,
        fault: d.fault,
        funding: d.funding,
        appealDueAt: d.appealDueAt,
      }
    },
  }),
  entry({
    type: 'case.appealed',
    version: 1,
    source: 'CaseAppealed',
    description: 'A party appealed the decision; a different agent reviews by `decisionDueAt`.',
    schema: data({
      ...caseFields,
      by: Enum('buyer', 'seller', 'agent'),
      appealedDecisionId: Type.String(),
      decisionDueAt: At,
    }),
    map: (e, o) => {
      const d = caseData<'CaseAppealed'>(e)
      return {
        ...caseRef(e, o),
        by: d.by.role,
        appealedDecisionId: d.appealedDecisionId,
        decisionDueAt: d.decisionDueAt,
      }
    },
  }),
  entry({
    type: 'case.appeal_decided',
    version: 1,
    source: 'AppealDecided',
    description: 'The appeal was decided (final). `upheld` when the outcome did not change.',
    schema: data({
      ...caseFields,
      decisionId: Type.String(),
      originalDecisionId: Type.String(),
      outcome: Type.String(),
      amount: Nullable(Amount),
      currency: Currency,
      fault: Type.String(),
      upheld: Type.Boolean(),
    }),
    map: (e, o) => {
      const d = caseData<'AppealDecided'>(e)
      return {
        ...caseRef(e, o),
        decisionId: d.decisionId,
        originalDecisionId: d.originalDecisionId,
        outcome: d.outcome,
        amount: d.amount,
        currency: d.currency,
        fault: d.fault,
        upheld: d.upheld,
      }
    },
  }),
  entry({
    type: 'return.required',
    version: 1,
    source: 'ReturnRequired',
    description: 'The buyer must send the claimed items back; the refund follows the return.',
    schema: data({
      ...caseFields,
      returnKey: Type.String(),
      returnShippingPaidBy: Type.String(),
      refundOnCompletion: Amount,
      currency: Currency,
    }),
    map: (e, o) => {
      const d = caseData<'ReturnRequired'>(e)
      return {
        ...caseRef(e, o),
        returnKey: d.returnKey,
        returnShippingPaidBy: d.returnShippingPaidBy,
        refundOnCompletion: d.refundOnCompletion,
        currency: d.currency,
      }
    },
  }),
  entry({
    type: 'case.closed',
    version: 1,
    source: 'CaseClosed',
    description: 'The case is over, with whether it counts against the seller.',
    schema: data({
      ...caseFields,
      closeReason: Type.String(),
      countsAgainstSeller: Type.Boolean(),
      closedAt: At,
    }),
    map: (e, o) => {
      const d = caseData<'CaseClosed'>(e)
      return {
        ...caseRef(e, o),
        closeReason: d.closeReason,
        countsAgainstSeller: d.countsAgainstSeller,
        closedAt: d.at,
      }
    },
  }),
  entry({
    type: 'refund.requested',
    version: 1,
    source: 'RefundRequested',
    description:
      'Money goes back to the buyer: `toCard` is for the payment provider to refund (confirm with `POST /v1/refunds/{id}/confirmation`); `toCredit` is already on the buyer’s credit balance.',
    schema: data({
      refundId: Id,
      ...orderFields,
      refundKey: Type.String(),
      amount: Amount,
      currency: Currency,
      destination: Type.String(),
      reason: Type.String(),
      toCard: Amount,
      toCredit: Amount,
    }),
    map: (e, o) => {
      const d = ledgerData<'RefundRequested'>(e)
      return {
        refundId: d.refundId,
        ...ref(o),
        refundKey: d.refundKey,
        amount: d.amount,
        currency: d.currency,
        destination: d.destination,
        reason: d.reason,
        toCard: d.toCard,
        toCredit: d.toCredit,
      }
    },
  }),
  entry({
    type: 'refund.succeeded',
    version: 1,
    source: 'RefundSucceeded',
    description: 'The payment provider confirmed the card refund.',
    schema: data({
      refundId: Id,
      ...orderFields,
      amount: Amount,
      currency: Currency,
      providerReference: Type.String(),
    }),
    map: (e, o) => {
      const d = ledgerData<'RefundSucceeded'>(e)
      return {
        refundId: d.refundId,
        ...ref(o),
        amount: d.amount,
        currency: o.currency,
        providerReference: d.providerReference,
      }
    },
  }),
  entry({
    type: 'refund.failed',
    version: 1,
    source: 'RefundFailed',
    description:
      'The payment provider could not refund the card; the amount stays owed to the buyer.',
    schema: data({
      refundId: Id,
      ...orderFields,
      amount: Amount,
      currency: Currency,
      providerReference: Type.String(),
    }),
    map: (e, o) => {
      const d = ledgerData<'RefundFailed'>(e)
      return {
        refundId: d.refundId,
        ...ref(o),
        amount: d.amount,
        currency: o.currency,
        providerReference: d.providerReference,
      }
    },
  }),
  entry({
    type: 'payout.released',
    version: 1,
    source: 'PayoutReleased',
    description: 'The sale is final and no case holds the money: the seller’s payout is released.',
    schema: data({ ...orderFields, amount: Amount, currency: Currency }),
    map: (e, o) => {
      const d = ledgerData<'PayoutReleased'>(e)
      return { ...ref(o), amount: d.amount, currency: o.currency }
    },
  }),
]

const bySource = new Map(eventCatalog.map((e) => [e.source, e]))

export const publicEventTypes: readonly string[] = eventCatalog.map((e) => e.type)

/** The domain event types that become public events (the feed filters on them). */
export const publishedSources: readonly string[] = eventCatalog.map((e) => e.source)

export const catalogEntryFor = (domainType: string): Entry | undefined => bySource.get(domainType)

/** The public event for a stored domain event, or null when it stays internal. */
export const toPublicEvent = (e: SourceEvent, marketplace: string): EventEnvelope | null => {
  const entry = bySource.get(e.type)
  if (!entry || !e.order) return null
  return {
    id: e.id,
    type: entry.type,
    version: entry.version,
    timestamp: e.occurredAt,
    marketplace,
    data: entry.map(e, e.order) as Record<string, unknown>,
  }
}

/** The catalog as Markdown: one table, then each type’s JSON Schema (docs/events.md). */
export const renderEventCatalog = (): string => {
  const lines = [
    '| type | version | from domain event | meaning |',
    '|---|---|---|---|',
    ...eventCatalog.map(
      (e) =>
        `| \`${e.type}\` | ${e.version} | \`${e.source}\` | ${e.description.replaceAll('|', '\\|')} |`,
    ),
    '',
  ]
  for (const e of eventCatalog) {
    lines.push(
      `### \`${e.type}\` v${e.version}`,
      '',
      e.description,
      '',
      '```json',
      JSON.stringify(
        { $id: `https://recourse.dev/events/${e.type}/v${e.version}.json`, ...e.schema },
        null,
        2,
      ),
      '```',
      '',
    )
  }
  return lines.join('\n').trimEnd()
}
