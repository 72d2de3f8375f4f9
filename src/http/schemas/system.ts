import { Type, type Static } from 'typebox'
import { Instant } from './common.ts'

export const ClockView = Type.Object({
  now: Instant,
  sandbox: Type.Boolean(),
  fired: Type.Optional(Type.Integer({ description: 'Deadlines fired by this move' })),
})
export type ClockView = Static<typeof ClockView>

export const AdvanceClockBody = Type.Object(
  {
    advanceBy: Type.Optional(
      Type.String({ description: 'ISO-8601 duration, e.g. P3D or PT2H', maxLength: 20 }),
    ),
    to: Type.Optional(Instant),
  },
  { additionalProperties: false },
)

export const DemoUser = Type.Object({
  id: Type.String(),
  role: Type.Union([
    Type.Literal('buyer'),
    Type.Literal('seller'),
    Type.Literal('agent'),
    Type.Literal('admin'),
  ]),
  name: Type.String(),
  email: Type.String(),
  locale: Type.String(),
  timeZone: Type.String(),
})
export const DemoUsers = Type.Object({ items: Type.Array(DemoUser) })
export type DemoUsers = Static<typeof DemoUsers>

export const DemoTokenBody = Type.Object(
  { userId: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
)
export const DemoToken = Type.Object({
  token: Type.String(),
  userId: Type.String(),
  role: Type.String(),
})
export type DemoToken = Static<typeof DemoToken>

export const DemoApiKeyBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 60 }) },
  { additionalProperties: false },
)
export const DemoApiKey = Type.Object({
  id: Type.String(),
  name: Type.String(),
  secret: Type.String(),
})
