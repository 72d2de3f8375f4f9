import { Type } from 'typebox'
import { Instant, UserRef, Uuid } from './common.ts'
import { sellerCounters } from '../../insights/projection.ts'
import { NEAR_DUPLICATE_MAX_DISTANCE } from '../../insights/vocabulary.ts'

// Wire contracts of the insights routes. Every figure carries the numbers
// behind it; every list item says why it is there.

const Rate = Type.Union([Type.Number(), Type.Null()], {
  description: 'numerator / denominator; null when there is nothing to measure yet',
})
const Status = Type.Union([Type.Literal('pass'), Type.Literal('warn'), Type.Literal('fail')])
const Day = Type.String({ format: 'date', description: 'UTC calendar date' })
const Window = Type.Object({ from: Day, to: Day, days: Type.Integer() })
const Reason = Type.Object({ code: Type.String(), text: Type.String() })

export const UserParams = Type.Object({ id: UserRef })

/** The reason codes a caller may leave out of a scorecard on top of the policy's own exclusions. */
const ReasonList = Type.String({
  maxLength: 400,
  pattern: '^[a-z_]+(,[a-z_]+)*$',
  description: 'Comma-separated reasons, e.g. `settled,auto_granted`',
})

export const ScorecardQuery = Type.Object({
  links: Type.Integer({
    minimum: 0,
    maximum: 100,
    default: 10,
    description: 'Facts listed per metric and per exclusion list (0: numbers only).',
  }),
  exclude: Type.Optional(ReasonList),
  days: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 730,
      description: "Window in days; default the policy's `reputation.windowDays`.",
    }),
  ),
})

const FactLink = Type.Object({
  metric: Type.String(),
  counted: Type.Boolean(),
  reason: Type.String(),
  detail: Type.Union([Type.String(), Type.Null()]),
  at: Instant,
  orderId: Uuid,
  caseId: Type.Union([Uuid, Type.Null()]),
  cancellationId: Type.Union([Uuid, Type.Null()]),
  href: Type.String({ description: 'API path of the case, or of the order' }),
})

const Metric = Type.Object({
  id: Type.String(),
  label: Type.String(),
  direction: Type.Union([Type.Literal('max'), Type.Literal('min')], {
    description:
      '`max`: a defect rate that must stay at or below the threshold; `min`: a rate that must reach it',
  }),
  numerator: Type.Integer(),
  denominator: Type.Integer(),
  rate: Rate,
  threshold: Type.Number(),
  warnFrom: Type.Number(),
  status: Status,
  linksShow: Type.Union([Type.Literal('counted'), Type.Literal('failures')]),
  linksTotal: Type.Integer(),
  links: Type.Array(FactLink),
  excluded: Type.Object({
    total: Type.Integer(),
    byReason: Type.Array(Type.Object({ reason: Type.String(), count: Type.Integer() })),
    items: Type.Array(FactLink),
  }),
})

const counters = (names: readonly string[]) =>
  Type.Object(Object.fromEntries(names.map((n) => [n, Type.Integer()])))

export const Scorecard = Type.Object({
  sellerId: Type.String(),
  preset: Type.String(),
  window: Window,
  status: Status,
  metrics: Type.Array(Metric),
  responseTime: Type.Object({
    responses: Type.Integer(),
    averageHours: Type.Union([Type.Number(), Type.Null()]),
  }),
  totals: counters(sellerCounters),
  alsoExcluded: Type.Array(Type.String()),
})

export const AbuseQuery = Type.Object({
  days: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 730,
      description: "Window; default the policy's `reputation.windowDays`",
    }),
  ),
  minOrders: Type.Integer({
    minimum: 0,
    maximum: 1000,
    default: 3,
    description: 'Rate signals need this many orders in the window',
  }),
  minEvents: Type.Integer({
    minimum: 1,
    maximum: 1000,
    default: 2,
    description:
      'Rate signals also need this many of the events they count (one return is never a pattern)',
  }),
  maxReturnRate: Type.Number({
    minimum: 0,
    maximum: 1,
    default: 0.3,
    description: 'Returns per order above this: `high_return_rate`',
  }),
  maxClaimRate: Type.Number({
    minimum: 0,
    maximum: 1,
    default: 0.3,
    description: 'Cases per order above this: `high_claim_rate`',
  }),
  maxCancellationRate: Type.Number({
    minimum: 0,
    maximum: 1,
    default: 0.4,
    description: 'Buyer cancellations per order above this: `frequent_cancellations`',
  }),
  deniedClaimsAtLeast: Type.Integer({
    minimum: 1,
    maximum: 1000,
    default: 2,
    description: 'Cases decided for the seller, this many or more: `claims_denied`',
  }),
  returnsNotShippedAtLeast: Type.Integer({
    minimum: 1,
    maximum: 1000,
    default: 2,
    description: 'Granted returns never shipped, this many or more: `returns_not_shipped`',
  }),
  reusedEvidenceAtLeast: Type.Integer({
    minimum: 1,
    maximum: 1000,
    default: 1,
    description:
      'Evidence files also on another case (same bytes or a near-duplicate image), this many or more: `evidence_reused`',
  }),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
})

export const BuyerRecordQuery = Type.Object({
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 730 })),
  links: Type.Integer({ minimum: 0, maximum: 100, default: 20 }),
})

const Signal = Type.Object({
  code: Type.String(),
  text: Type.String(),
  value: Type.Number(),
  threshold: Type.Number(),
  reflagged: Type.Optional(
    Type.Object(
      { appealId: Uuid, clearedValue: Type.Number(), clearedAt: Instant },
      {
        description:
          'An appeal had cleared this signal at `clearedValue`; the value has since risen above it, so it flags again',
      },
    ),
  ),
})

const Clearance = Type.Object(
  {
    appealId: Uuid,
    value: Type.Number({ description: 'The value cleared; the signal flags again above it' }),
    threshold: Type.Number(),
    at: Instant,
    by: Type.Object({ role: Type.String(), userId: Type.String() }),
    rationale: Type.String(),
  },
  { description: 'Cleared on appeal: when, by whom and why' },
)

const ClearedSignal = Type.Object({
  code: Type.String(),
  text: Type.String(),
  value: Type.Number(),
  threshold: Type.Number(),
  clearedOnAppeal: Clearance,
})

const AppealSummary = Type.Union(
  [
    Type.Object({
      appealId: Uuid,
      status: Type.Union([Type.Literal('open'), Type.Literal('cleared'), Type.Literal('upheld')]),
      filedAt: Instant,
      decidedAt: Type.Union([Instant, Type.Null()]),
      decidedBy: Type.Union([
        Type.Object({ role: Type.String(), userId: Type.String() }),
        Type.Null(),
      ]),
      rationale: Type.Union([Type.String(), Type.Null()]),
      href: Type.String(),
    }),
    Type.Null(),
  ],
  { description: 'The buyer’s latest abuse appeal; null when it never appealed' },
)

const Thresholds = Type.Object({
  minOrders: Type.Number(),
  minEvents: Type.Number(),
  maxReturnRate: Type.Number(),
  maxClaimRate: Type.Number(),
  maxCancellationRate: Type.Number(),
  deniedClaimsAtLeast: Type.Number(),
  returnsNotShippedAtLeast: Type.Number(),
  reusedEvidenceAtLeast: Type.Number(),
})

export const BuyerRecord = Type.Object({
  buyerId: Type.String(),
  window: Window,
  orders: Type.Integer(),
  cancellations: Type.Object({
    requested: Type.Integer(),
    approved: Type.Integer(),
    rate: Rate,
  }),
  cases: Type.Object({
    opened: Type.Integer(),
    remorse: Type.Integer(),
    rate: Rate,
    outcomes: Type.Object({
      granted: Type.Integer(),
      denied: Type.Integer(),
      settled: Type.Integer(),
      withdrawn: Type.Integer(),
      abandoned: Type.Integer(),
    }),
  }),
  returns: Type.Object({ required: Type.Integer(), notShipped: Type.Integer(), rate: Rate }),
  reusedEvidence: Type.Object({
    files: Type.Integer({
      description:
        'Files the buyer attached that are also on another case, as the same bytes or a near-duplicate image',
    }),
    nearDuplicates: Type.Integer({ description: 'Of those, found as near-duplicate images' }),
    otherCases: Type.Array(Uuid),
  }),
  signals: Type.Array(Signal, { description: 'The signals that flag the buyer now' }),
  cleared: Type.Array(ClearedSignal, {
    description:
      'Signals the numbers raise that an appeal cleared; they do not flag while the value stays at or below the cleared one',
  }),
  appeal: AppealSummary,
  thresholds: Thresholds,
  recent: Type.Array(FactLink),
  contest: Type.String(),
  availableActions: Type.Array(Type.Object({ action: Type.Literal('file_abuse_appeal') }), {
    description:
      '`file_abuse_appeal` when the caller is this buyer, a signal flags and no appeal is open (`POST /v1/buyers/{id}/abuse-appeals`)',
  }),
})

export const ReturnAbusePage = Type.Object({
  window: Window,
  thresholds: Thresholds,
  items: Type.Array(
    Type.Object({
      buyerId: Type.String(),
      orders: Type.Integer(),
      casesOpened: Type.Integer(),
      returns: Type.Integer(),
      cancellations: Type.Integer(),
      signals: Type.Array(Signal),
      cleared: Type.Array(ClearedSignal),
      appeal: AppealSummary,
      href: Type.String(),
    }),
  ),
})

export const LateShippersQuery = Type.Object({
  withinHours: Type.Integer({
    minimum: 1,
    maximum: 720,
    default: 48,
    description: 'Open orders due to ship within this many hours',
  }),
  overdueDays: Type.Integer({
    minimum: 0,
    maximum: 60,
    default: 7,
    description: 'Also list unshipped orders whose ship-by passed at most this many days ago',
  }),
  historyDays: Type.Integer({
    minimum: 1,
    maximum: 730,
    default: 90,
    description: 'Shipping history the late probability is measured on',
  }),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
})

export const LateShippersPage = Type.Object({
  now: Instant,
  items: Type.Array(
    Type.Object({
      sellerId: Type.String(),
      expectedLate: Type.Number(),
      overdue: Type.Integer(),
      dueSoon: Type.Integer(),
      history: Type.Object({
        shipped: Type.Integer(),
        late: Type.Integer(),
        lateProbability: Type.Number(),
      }),
      orders: Type.Array(Type.Object({ orderId: Uuid, shipBy: Instant, hoursLeft: Type.Number() })),
      reasons: Type.Array(Reason),
    }),
  ),
})

export const DisputeProneQuery = Type.Object({
  minOrders: Type.Integer({
    minimum: 1,
    maximum: 100000,
    default: 5,
    description: 'Leave out items with fewer orders',
  }),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
})

export const DisputePronePage = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      title: Type.Optional(Type.String()),
      sellerId: Type.Optional(Type.String()),
      category: Type.String(),
      orders: Type.Integer(),
      cases: Type.Integer(),
      notAsDescribed: Type.Integer(),
      returns: Type.Integer(),
      rate: Type.Number(),
      lowerBound: Type.Number({
        description: 'Wilson 95 % lower bound of the not-as-described rate (the ranking key)',
      }),
      upperBound: Type.Number(),
      reasons: Type.Array(Reason),
    }),
  ),
})

export const ReusedEvidenceQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  maxDistance: Type.Integer({
    minimum: 0,
    maximum: 16,
    default: NEAR_DUPLICATE_MAX_DISTANCE,
    description:
      'Two different images whose 64-bit perceptual hashes differ in at most this many bits are near-duplicates',
  }),
})

const ReusedEvidenceItem = Type.Object({
  kind: Type.Union([Type.Literal('same_file'), Type.Literal('near_duplicate')], {
    description:
      '`same_file`: identical bytes (SHA-256) on several cases; `near_duplicate`: different files, the same picture (perceptual hash)',
  }),
  sha256: Type.String({ description: 'The file (for a near-duplicate, the newer one)' }),
  distance: Type.Integer({
    description: 'Bits of 64 the perceptual hashes differ in (0 for the same file)',
  }),
  cases: Type.Array(
    Type.Object({
      caseId: Uuid,
      addedByRole: Type.String(),
      addedById: Type.String(),
      at: Instant,
      sha256: Type.String({ description: 'The file on this case' }),
    }),
  ),
  reasons: Type.Array(Reason),
})

export const ReusedEvidencePage = Type.Object({ items: Type.Array(ReusedEvidenceItem) })

const Condition = Type.Union([
  Type.Literal('new'),
  Type.Literal('new_with_tags'),
  Type.Literal('like_new'),
  Type.Literal('good'),
  Type.Literal('fair'),
  Type.Literal('used'),
])

export const ListingDraftBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.String({ maxLength: 5000 }),
    photos: Type.Array(Type.String({ minLength: 1, maxLength: 1000 }), { maxItems: 50 }),
    category: Type.String({
      minLength: 1,
      maxLength: 120,
      pattern: '^[a-z0-9_-]+(/[a-z0-9_-]+)*$',
    }),
    condition: Condition,
    brand: Type.Optional(Type.String({ maxLength: 120 })),
    size: Type.Optional(Type.String({ maxLength: 60 })),
    measurements: Type.Optional(
      Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 80 }), {
        maxProperties: 30,
      }),
    ),
    material: Type.Optional(Type.String({ maxLength: 120 })),
    flaws: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
)

const Group = Type.Object({
  orders: Type.Integer(),
  notAsDescribed: Type.Integer(),
  rate: Rate,
})

const Check = Type.Object({
  item: Type.String(),
  required: Type.Boolean(),
  ok: Type.Boolean(),
  text: Type.String(),
})

export const ListingReview = Type.Object({
  category: Type.String(),
  requirement: Type.Object({
    categoryPrefix: Type.String(),
    minPhotos: Type.Integer(),
    size: Type.Boolean(),
    measurements: Type.Boolean(),
    material: Type.Boolean(),
    conditionNotes: Type.Boolean(),
    flaws: Type.Boolean(),
  }),
  score: Type.Integer({ minimum: 0, maximum: 100 }),
  checks: Type.Array(Check),
  missing: Type.Array(
    Type.Object({
      item: Type.String(),
      required: Type.Boolean(),
      ok: Type.Boolean(),
      text: Type.String(),
      effect: Type.Union([
        Type.Object({
          item: Type.String(),
          without: Group,
          with: Group,
          ratio: Type.Union([Type.Number(), Type.Null()]),
          enoughData: Type.Boolean(),
          significant: Type.Boolean({
            description: 'The rates differ beyond chance (two-proportion z-test, 95 %)',
          }),
          text: Type.String(),
        }),
        Type.Null(),
      ]),
    }),
  ),
  categoryRate: Type.Object({
    prefix: Type.String(),
    orders: Type.Integer(),
    notAsDescribed: Type.Integer(),
    rate: Rate,
  }),
  relativeRisk: Type.Union([Type.Number(), Type.Null()]),
  summary: Type.String(),
})

export const PrecedentsQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 50, default: 5 }),
})

export const Precedents = Type.Object({
  caseId: Uuid,
  profile: Type.Object({
    caseId: Uuid,
    reason: Type.String(),
    category: Type.String(),
    amountBand: Type.Integer(),
    amountBandText: Type.String(),
    evidenceKinds: Type.Array(Type.String()),
  }),
  items: Type.Array(
    Type.Object({
      caseId: Uuid,
      similarity: Type.Number(),
      matched: Type.Array(Type.String()),
      reason: Type.String(),
      category: Type.String(),
      claimedAmount: Type.Integer(),
      currency: Type.String(),
      amountBand: Type.String(),
      evidenceKinds: Type.Array(Type.String()),
      outcome: Type.String(),
      fault: Type.Union([Type.String(), Type.Null()]),
      funding: Type.Union([Type.String(), Type.Null()]),
      rationale: Type.Union([Type.String(), Type.Null()]),
      escalated: Type.Boolean(),
      countsAgainstSeller: Type.Union([Type.Boolean(), Type.Null()]),
      closedAt: Instant,
      href: Type.String(),
    }),
  ),
  outcomes: Type.Array(Type.Object({ outcome: Type.String(), count: Type.Integer() })),
  summary: Type.String(),
  reusedEvidence: Type.Array(ReusedEvidenceItem),
})

const PolicySpec = Type.Union(
  [
    Type.String({
      minLength: 1,
      maxLength: 40,
      description:
        'A preset name (`poshmark`, `ebay`, `mercadolibre`, `walmart`, `default`) or `current`',
    }),
    Type.Object(
      {
        preset: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
        overrides: Type.Optional(
          Type.Object(
            {},
            {
              additionalProperties: true,
              description:
                'Knobs to change, shaped like the policy: `{ "cases": { "openWindowAfterDelivery": { "amount": 5, "unit": "calendar_days" } } }`',
            },
          ),
        ),
        label: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
      },
      { additionalProperties: false },
    ),
  ],
  {
    description:
      'A policy for the simulation: a preset or the current policy, with optional overrides',
  },
)

/** Simulations run in the request; the cap keeps one request to seconds, not minutes. */
export const MAX_HTTP_SIMULATION_ORDERS = 20_000

export const SimulationBody = Type.Object(
  {
    base: PolicySpec,
    candidate: PolicySpec,
    orders: Type.Integer({ minimum: 1, maximum: MAX_HTTP_SIMULATION_ORDERS, default: 2000 }),
    seed: Type.String({ minLength: 1, maxLength: 80, default: 'recourse' }),
  },
  { additionalProperties: false },
)

const RunMetrics = Type.Object(
  {},
  { additionalProperties: true, description: 'Everything one run counted (see docs/insights.md)' },
)

export const SimulationReport = Type.Object({
  seed: Type.String(),
  orders: Type.Integer(),
  from: Instant,
  base: Type.Object({ label: Type.String(), metrics: RunMetrics }),
  candidate: Type.Object({ label: Type.String(), metrics: RunMetrics }),
  rows: Type.Array(
    Type.Object({
      metric: Type.String(),
      base: Type.Union([Type.Number(), Type.Null()]),
      candidate: Type.Union([Type.Number(), Type.Null()]),
      delta: Type.Union([Type.Number(), Type.Null()]),
      deltaPercent: Type.Union([Type.Number(), Type.Null()]),
      unit: Type.String(),
    }),
  ),
  table: Type.String({ description: 'The comparison as a plain-text table' }),
})

export const RebuildResult = Type.Object({ events: Type.Integer(), ms: Type.Integer() })
