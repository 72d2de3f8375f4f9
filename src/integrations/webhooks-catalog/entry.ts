import { Type, type Static, type TSchema } from 'typebox'
import type { CaseEventOf } from '../../domain/case/events.ts'
import type { DomainEventOf, DomainEventType } from '../../domain/events.ts'
import type { Instant } from '../../policy/time.ts'

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

/** One public event type as the catalogue lists it. */
export interface Entry {
  readonly type: string
  readonly version: number
  /** The domain event it is made from. */
  readonly source: DomainEventType
  readonly description: string
  readonly schema: TSchema
  readonly map: (e: SourceEvent, order: OrderRef) => unknown
}

/** An entry as written: `map` reads the data of its own `source` event, typed. */
interface TypedEntry<T extends DomainEventType, S extends TSchema> {
  readonly type: string
  readonly version: number
  readonly source: T
  readonly description: string
  readonly schema: S
  readonly map: (data: DomainEventOf<T>['data'], order: OrderRef, e: SourceEvent) => Static<S>
}

/** A catalogue entry; a stored event of type `source` carries that event's data. */
export const entry = <T extends DomainEventType, S extends TSchema>(
  e: TypedEntry<T, S>,
): Entry => ({
  ...e,
  map: (event, order) => e.map(event.data as DomainEventOf<T>['data'], order, event),
})

export const Id = Type.String({ format: 'uuid' })
export const At = Type.String({ format: 'date-time' })
export const Amount = Type.Integer({ minimum: 0, description: 'Integer minor units (cents)' })
export const Currency = Type.String({ pattern: '^[A-Z]{3}$' })
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()])
export const Enum = <const V extends string[]>(...values: V) => Type.Enum(values)

export const orderFields = {
  orderId: Id,
  externalRef: Type.String({ description: 'The marketplace’s own order reference' }),
  buyerId: Type.String(),
  sellerId: Type.String(),
}
export const caseFields = { caseId: Id, ...orderFields }
export const Terms = Type.Object({
  kind: Enum('partial_refund', 'full_refund_keep_item', 'return_and_refund', 'replacement'),
  amount: Type.Optional(Amount),
})

export const data = <P extends Record<string, TSchema>>(props: P) =>
  Type.Object(props, { additionalProperties: false })

export const ref = (o: OrderRef) => ({
  orderId: o.orderId,
  externalRef: o.externalRef,
  buyerId: o.buyerId,
  sellerId: o.sellerId,
})
export const caseRef = (e: SourceEvent, o: OrderRef) => ({ caseId: e.streamId, ...ref(o) })

export const termsOf = (t: CaseEventOf<'OfferMade'>['data']['terms']) =>
  t.kind === 'partial_refund' ? { kind: t.kind, amount: t.amount } : { kind: t.kind }
