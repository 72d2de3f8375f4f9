import { Type } from 'typebox'
import { Instant, Nullable, Uuid } from './common.ts'

export const ApiKeyView = Type.Object({
  id: Uuid,
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the secret, to tell keys apart' }),
  createdAt: Instant,
  revokedAt: Nullable(Instant),
})

export const ApiKeyWithSecret = Type.Intersect([
  ApiKeyView,
  Type.Object({
    secret: Type.String({
      description: 'rk_…: shown in this answer only; Recourse keeps just its SHA-256',
    }),
  }),
])

export const CreateApiKeyBody = Type.Object(
  {
    name: Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'What the key is for, e.g. "checkout backend"',
    }),
  },
  { additionalProperties: false },
)

export const ApiKeyList = Type.Object({ items: Type.Array(ApiKeyView) })

export const PersonView = Type.Object({
  id: Type.String(),
  role: Type.String({ description: 'buyer | seller | agent | admin' }),
  name: Type.String(),
  email: Nullable(Type.String()),
  locale: Type.String(),
  timeZone: Type.String(),
  createdAt: Instant,
  console: Type.Boolean({ description: 'Has a console password (agents and admins log in)' }),
})

export const PeopleQuery = Type.Object({
  role: Type.Optional(
    Type.Union([
      Type.Literal('buyer'),
      Type.Literal('seller'),
      Type.Literal('agent'),
      Type.Literal('admin'),
    ]),
  ),
  q: Type.Optional(
    Type.String({ minLength: 1, maxLength: 100, description: 'Part of the name, id or email' }),
  ),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
  cursor: Type.Optional(Type.String({ maxLength: 128 })),
})

export const PeoplePage = Type.Object({
  items: Type.Array(PersonView),
  nextCursor: Nullable(Type.String()),
})
