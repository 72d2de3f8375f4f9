import { Type, type Static } from 'typebox'
import { APPEAL_STATEMENT_MAX_LENGTH } from '../../domain/abuse-appeal/rules.ts'
import { Instant, LongText, Nullable, Uuid } from './common.ts'

const AppealStatus = Type.Union(
  [Type.Literal('open'), Type.Literal('cleared'), Type.Literal('upheld')],
  {
    description:
      '`open`: waiting for an agent; `cleared`: the signals it covers leave the record until the numbers get worse; `upheld`: the signals stand',
  },
)

const Outcome = Type.Union([Type.Literal('cleared'), Type.Literal('upheld')], {
  description:
    '`cleared`: the signals were wrong or explained; `upheld`: they stand. The buyer reads the rationale either way.',
})

const AppealedSignal = Type.Object({
  code: Type.String({ description: 'The signal’s reason code, e.g. `high_return_rate`' }),
  value: Type.Number({
    description:
      'Its value when the appeal was filed (a rate or a count); a cleared signal flags again only above it',
  }),
  threshold: Type.Number(),
  text: Type.String(),
})

/** A buyer's appeal against the abuse signals on its record. */
export const AbuseAppealView = Type.Object(
  {
    id: Uuid,
    version: Type.Integer(),
    appealId: Uuid,
    buyerId: Type.String(),
    status: AppealStatus,
    statement: Type.String(),
    signals: Type.Array(AppealedSignal, {
      description: 'The signals raised on the record when the appeal was filed: what it covers',
    }),
    window: Type.Object({
      from: Type.String({ format: 'date' }),
      to: Type.String({ format: 'date' }),
      days: Type.Integer(),
    }),
    filedAt: Instant,
    decision: Nullable(
      Type.Object({
        outcome: Outcome,
        rationale: Type.String(),
        by: Type.Object({
          role: Type.Union([Type.Literal('agent'), Type.Literal('admin')]),
          userId: Type.String(),
        }),
        at: Instant,
      }),
    ),
    availableActions: Type.Array(
      Type.Object({ action: Type.Union([Type.Literal('clear'), Type.Literal('uphold')]) }),
    ),
    recordHref: Type.String({ description: 'The buyer’s record as it is now' }),
  },
  { $id: 'AbuseAppeal' },
)
export type AbuseAppealView = Static<typeof AbuseAppealView>

export const FileAbuseAppealBody = Type.Object(
  {
    statement: Type.String({
      minLength: 1,
      maxLength: APPEAL_STATEMENT_MAX_LENGTH,
      description:
        'Why the signals are wrong, in the buyer’s words; the agent reads it with the cases',
    }),
  },
  { additionalProperties: false },
)

export const DecideAbuseAppealBody = Type.Object(
  { outcome: Outcome, rationale: LongText },
  { additionalProperties: false },
)

export const AbuseAppealQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 25 }),
  cursor: Type.Optional(Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' })),
  status: Type.Optional(AppealStatus),
})

export const AbuseAppealPage = Type.Object({
  items: Type.Array(Type.Ref('AbuseAppeal')),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
})
