import { Type } from 'typebox'
import { Instant, Nullable, Uuid } from './common.ts'

const EventTypes = Type.Array(Type.String({ pattern: '^[a-z_]+\\.[a-z_]+$' }), {
  maxItems: 50,
  description: 'Public event types to send (docs/events.md); empty or absent: all of them',
})

export const CreateEndpointBody = Type.Object(
  {
    url: Type.String({
      minLength: 8,
      maxLength: 2000,
      description: 'http(s) URL that receives POSTs',
    }),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    eventTypes: Type.Optional(EventTypes),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)

export const UpdateEndpointBody = Type.Object(
  {
    url: Type.Optional(Type.String({ minLength: 8, maxLength: 2000 })),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    eventTypes: Type.Optional(EventTypes),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)

export const RotateSecretBody = Type.Object(
  {
    overlapHours: Type.Integer({
      minimum: 0,
      maximum: 168,
      default: 24,
      description: 'How long the previous secret keeps signing beside the new one',
    }),
  },
  { additionalProperties: false },
)

export const EndpointView = Type.Object({
  id: Uuid,
  url: Type.String(),
  description: Nullable(Type.String()),
  eventTypes: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  secrets: Type.Array(
    Type.Object({ hint: Type.String(), createdAt: Instant, expiresAt: Nullable(Instant) }),
  ),
  createdAt: Instant,
  updatedAt: Instant,
})

export const EndpointWithSecret = Type.Intersect([
  EndpointView,
  Type.Object({
    secret: Type.String({ description: 'whsec_…: shown here and at GET …/secret; keep it safe' }),
  }),
])

export const SecretsView = Type.Object({
  secrets: Type.Array(
    Type.Object({ secret: Type.String(), createdAt: Instant, expiresAt: Nullable(Instant) }),
  ),
})

export const DeliveryView = Type.Object({
  id: Uuid,
  endpointId: Uuid,
  eventId: Uuid,
  eventType: Type.String(),
  status: Type.String({ description: 'pending | delivered | dead | cancelled' }),
  attempts: Type.Integer(),
  nextAttemptAt: Nullable(Instant),
  lastAttemptAt: Nullable(Instant),
  lastStatusCode: Nullable(Type.Integer()),
  createdAt: Instant,
  deliveredAt: Nullable(Instant),
})

export const DeliveryDetail = Type.Intersect([
  DeliveryView,
  Type.Object({
    body: Type.Unknown({ description: 'The exact event body that is signed and sent' }),
    log: Type.Array(
      Type.Object({
        attempt: Type.Integer(),
        at: Instant,
        statusCode: Nullable(Type.Integer()),
        latencyMs: Type.Integer(),
        error: Nullable(Type.String()),
        responseExcerpt: Nullable(Type.String()),
      }),
    ),
  }),
])

export const DeliveryPage = Type.Object({
  items: Type.Array(DeliveryView),
  nextCursor: Nullable(Uuid),
})

export const DeliveryQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 25 }),
  cursor: Type.Optional(Uuid),
  status: Type.Optional(
    Type.Union([
      Type.Literal('pending'),
      Type.Literal('delivered'),
      Type.Literal('dead'),
      Type.Literal('cancelled'),
    ]),
  ),
})

export const DeliveryParams = Type.Object({ id: Uuid, deliveryId: Uuid })

export const EventFeedQuery = Type.Object({
  after: Type.Optional(Uuid),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  types: Type.Optional(
    Type.String({ maxLength: 1000, description: 'Comma-separated public event types' }),
  ),
})

const Envelope = Type.Object({
  id: Uuid,
  type: Type.String(),
  version: Type.Integer(),
  timestamp: Instant,
  marketplace: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown()),
})

export const EventFeedPage = Type.Object({
  items: Type.Array(Envelope),
  nextCursor: Nullable(Uuid),
})

export const EventTypeList = Type.Object({
  items: Type.Array(
    Type.Object({
      type: Type.String(),
      version: Type.Integer(),
      source: Type.String(),
      description: Type.String(),
      schema: Type.Unknown(),
    }),
  ),
})
