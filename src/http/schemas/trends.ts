import { Type } from 'typebox'
import { Nullable } from './common.ts'

const Day = Type.String({ format: 'date', description: 'UTC date YYYY-MM-DD' })
export const TrendsQuery = Type.Object({
  days: Type.Integer({ minimum: 7, maximum: 365, default: 90, description: 'Window length' }),
  bucket: Type.Union([Type.Literal('day'), Type.Literal('week')], { default: 'week' }),
})

export const TrendsView = Type.Object({
  window: Type.Object({ from: Day, to: Day, days: Type.Integer() }),
  bucket: Type.Union([Type.Literal('day'), Type.Literal('week')]),
  caseRate: Type.Array(
    Type.Object({
      from: Day,
      to: Day,
      orders: Type.Integer(),
      casesOpened: Type.Integer(),
      casesCounting: Type.Integer({ description: 'Cases counting against their seller' }),
      caseRate: Nullable(Type.Number({ description: 'casesOpened / orders' })),
      countingRate: Nullable(Type.Number({ description: 'casesCounting / orders' })),
    }),
  ),
  reasons: Type.Array(
    Type.Object({
      reason: Type.String(),
      opened: Type.Integer(),
      escalated: Type.Integer(),
      countingAgainstSeller: Type.Integer(),
      remorse: Type.Boolean({ description: "Buyer's remorse under the case's frozen policy" }),
    }),
  ),
  resolution: Type.Object({
    closed: Type.Integer({ description: 'Cases closed in the window' }),
    medianHours: Nullable(Type.Number()),
    p90Hours: Nullable(Type.Number()),
    buckets: Type.Array(
      Type.Object({
        label: Type.String(),
        fromHours: Type.Integer(),
        settledByParties: Type.Integer(),
        decidedByAgent: Type.Integer(),
      }),
    ),
  }),
})
