import { Type, type TSchema, type TSchemaOptions } from 'typebox'

export const Instant = Type.String({ format: 'date-time', description: 'ISO-8601 instant, UTC' })
export const Minor = Type.Integer({
  minimum: 0,
  maximum: 1e13,
  description: 'Money in integer minor units (cents)',
})
export const SignedMinor = Type.Integer({ minimum: -1e13, maximum: 1e13 })
export const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code' })
export const Uuid = Type.String({ format: 'uuid' })
export const UserRef = Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._:@-]+$' })
/** One line of text: besides the input rule for every string (`input-rules.ts`), no tab or line break. */
export const ShortText = Type.String({ minLength: 1, maxLength: 200, pattern: '^[^\\t\\n\\r]*$' })
export const LongText = Type.String({ minLength: 1, maxLength: 5000 })

/**
 * One value of a vocabulary the domain declares (`caseReasons`,
 * `decisionOutcomes`, …): an `enum` in the schema, never a list restated here.
 */
export const OneOf = <const T extends string>(values: readonly T[], options?: TSchemaOptions) =>
  Type.Enum(values, options)

/** `T` or `null`: a value the resource may not have yet (a shipment, a decision). */
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()])

/** A parcel on its way: the carrier and tracking reported, when, and whether after the ship-by date. */
export const ParcelShipment = Type.Object({
  carrier: Type.String(),
  trackingNumber: Type.String(),
  shippedAt: Instant,
  late: Type.Boolean(),
})

export const IdParams = Type.Object({ id: Uuid })

export const Deadline = Type.Union([
  Type.Object({ kind: Type.String(), dueAt: Instant }),
  Type.Null(),
])

export const Action = Type.Object({
  action: Type.String(),
  dueAt: Type.Optional(Instant),
})

/** Cursor-paged lists: `limit` is capped so one request cannot ask for the whole table. */
export const ListQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 25 }),
  cursor: Type.Optional(Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' })),
  status: Type.Optional(Type.String({ maxLength: 40, pattern: '^[a-z_]+$' })),
})

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) })

export const problemResponses = {
  400: Type.Ref('Problem'),
  401: Type.Ref('Problem'),
  403: Type.Ref('Problem'),
  404: Type.Ref('Problem'),
  // Another method on a path the API serves (with `Allow`).
  405: Type.Ref('Problem'),
  409: Type.Ref('Problem'),
  412: Type.Ref('Problem'),
  413: Type.Ref('Problem'),
  414: Type.Ref('Problem'),
  415: Type.Ref('Problem'),
  422: Type.Ref('Problem'),
  428: Type.Ref('Problem'),
  429: Type.Ref('Problem'),
}

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 255,
      description: 'Makes a retry safe: the first response is replayed.',
    }),
  ),
  'if-match': Type.Optional(
    Type.String({ description: 'ETag of the version the change is based on' }),
  ),
})
