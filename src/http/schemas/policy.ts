import { Type, type Static } from 'typebox'
import type { Policy as PolicyType } from '../../policy/types.ts'
import { caseReasons, sellerCancelReasons } from '../../policy/vocabulary.ts'
import { Instant, Nullable, OneOf, Uuid } from './common.ts'

const Duration = Type.Object(
  {
    amount: Type.Number({ minimum: 0, maximum: 3650 }),
    unit: OneOf(['hours', 'calendar_days', 'business_days'] as const),
  },
  { additionalProperties: false, description: '`{ "amount": 3, "unit": "business_days" }`' },
)
const Rate = Type.Number({ minimum: 0, maximum: 1, description: 'A share, 0–1 (0.02 = 2 %)' })
const Reason = OneOf(caseReasons)
const Reasons = Type.Array(Reason, { maxItems: 20, uniqueItems: true })
const Funder = OneOf(['seller', 'marketplace', 'carrier', 'buyer'] as const)
const Destination = OneOf(['original_payment', 'marketplace_credit'] as const)
const closed = { additionalProperties: false } as const

/**
 * The whole policy document as the API takes it: the same shape as
 * `src/policy/types.ts` (a compile-time check below keeps them equal), with
 * the bounds a marketplace rule can sensibly have.
 */
export const PolicyDocument = Type.Object(
  {
    preset: OneOf(['poshmark', 'ebay', 'mercadolibre', 'walmart', 'default', 'custom'] as const),
    calendar: Type.Object(
      {
        timeZone: Type.String({ minLength: 1, maxLength: 64 }),
        weekend: Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), {
          maxItems: 6,
          uniqueItems: true,
        }),
        holidays: Type.Array(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), {
          maxItems: 400,
        }),
      },
      closed,
    ),
    order: Type.Object(
      {
        defaultHandlingTime: Duration,
        estimatedTransit: Duration,
        shipByReminderBefore: Duration,
        autoAcceptAfterDelivery: Duration,
      },
      closed,
    ),
    cancellation: Type.Object(
      {
        buyerWindow: Duration,
        sellerApprovalInsideWindow: Type.Boolean(),
        buyerMayRequestAfterWindow: Type.Boolean(),
        sellerResponseTime: Duration,
        onSellerSilence: OneOf(['approve', 'decline'] as const),
        buyerRightAfterUnshipped: Nullable(Duration),
        refundDestination: Destination,
        sellerFaultReasons: Type.Array(OneOf(sellerCancelReasons), {
          maxItems: 10,
          uniqueItems: true,
        }),
        escalationAfterNoAnswer: Nullable(Duration),
        escalationWindowAfterDecline: Nullable(Duration),
        agentDecisionSla: Duration,
        informationRequestTime: Duration,
        forcedRefundDestination: Destination,
        sellerRequestCountsBy: OneOf(['decision', 'reason'] as const),
      },
      closed,
    ),
    cases: Type.Object(
      {
        coveredReasons: Reasons,
        remorseReasons: Reasons,
        evidenceRequiredFor: Reasons,
        openWindowAfterDelivery: Duration,
        notReceivedWindowAfterEstimatedDelivery: Duration,
        sellerResponseTime: Duration,
        onSellerSilence: OneOf(['escalate', 'grant_buyer', 'none'] as const),
        buyerOfferResponseTime: Duration,
        escalationWindowAfterResponse: Duration,
        agentDecisionSla: Duration,
        informationRequestTime: Duration,
        appealWindow: Duration,
        acceptanceEndsCaseWindow: Type.Boolean(),
        maxOffersPerCase: Nullable(Type.Integer({ minimum: 1, maximum: 100 })),
        settlementGraceWindow: Nullable(Duration),
      },
      closed,
    ),
    returns: Type.Object(
      {
        buyerShipBy: Duration,
        sellerInspectionTime: Duration,
        maxDeductionPercent: Type.Number({ minimum: 0, maximum: 100 }),
        coveredReturnShippingPaidBy: Funder,
        remorseReturnShippingPaidBy: Funder,
        replacementDeliveryTime: Duration,
        deductionDisputeWindow: Duration,
      },
      closed,
    ),
    refunds: Type.Object(
      {
        caseRefundDestination: Destination,
        creditExpiry: Nullable(Duration),
        fundingByFault: Type.Object(
          {
            seller: Funder,
            buyer: Funder,
            carrier: Funder,
            none: Funder,
            force_majeure: Funder,
          },
          closed,
        ),
        sellerDebitLimit: Nullable(Type.Integer({ minimum: 0, maximum: 1e13 })),
        onPaymentDispute: Type.Union([Type.Literal('pause_case'), Type.Literal('close_case')]),
        chargebackLossBorneBy: Type.Union([Type.Literal('seller'), Type.Literal('marketplace')]),
        chargebackFraudBorneBy: Type.Union([Type.Literal('seller'), Type.Literal('marketplace')]),
        lostChargebackCountsAgainstSeller: Type.Boolean(),
        disputeEvidenceReminderBefore: Duration,
      },
      closed,
    ),
    reputation: Type.Object(
      {
        windowDays: Type.Integer({ minimum: 1, maximum: 730 }),
        maxCancellationRate: Rate,
        maxLateShipmentRate: Rate,
        minValidTrackingRate: Rate,
        minOnTimeDeliveryRate: Rate,
        maxCaseRate: Rate,
        maxLostAfterEscalationRate: Rate,
        minOnTimeResponseRate: Rate,
        warnAt: Rate,
        listingRequirements: Type.Array(
          Type.Object(
            {
              categoryPrefix: Type.String({ maxLength: 200 }),
              minPhotos: Type.Integer({ minimum: 0, maximum: 50 }),
              size: Type.Boolean(),
              measurements: Type.Boolean(),
              material: Type.Boolean(),
              conditionNotes: Type.Boolean(),
              flaws: Type.Boolean(),
            },
            closed,
          ),
          { maxItems: 200 },
        ),
      },
      closed,
    ),
    messaging: Type.Object(
      {
        lockAfterClose: Duration,
        redact: Type.Object(
          {
            emails: Type.Boolean(),
            phoneNumbers: Type.Boolean(),
            links: Type.Boolean(),
            offPlatformPayment: Type.Boolean(),
          },
          closed,
        ),
      },
      closed,
    ),
  },
  { ...closed, description: 'A whole policy: every knob of src/policy/types.ts (docs/policy.md)' },
)

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type Mutable<T> = T extends readonly (infer U)[]
  ? Mutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Mutable<T[K]> }
    : T
/** The wire schema and the TypeScript type describe the same document. */
export const policySchemaMatchesType: Same<
  Mutable<Static<typeof PolicyDocument>>,
  Mutable<PolicyType>
> = true

export const PolicyVersionView = Type.Object({
  id: Uuid,
  preset: Type.String({ description: 'The preset the version started from, or `custom`' }),
  createdBy: Type.String({ description: 'Who published it (`system` for the first version)' }),
  createdAt: Instant,
  note: Nullable(Type.String()),
  current: Type.Boolean({ description: 'Whether this version is in force now' }),
})

export const CurrentPolicy = Type.Intersect([
  PolicyVersionView,
  Type.Object({ policy: PolicyDocument }),
])

export const PublishPolicyBody = Type.Object(
  {
    policy: PolicyDocument,
    note: Type.Optional(
      Type.String({ maxLength: 500, description: 'Why it changed, for the version history' }),
    ),
  },
  closed,
)

export const PolicyIfMatch = Type.Object({
  'if-match': Type.Optional(
    Type.String({
      maxLength: 100,
      description: 'The ETag of the version the edit is based on (required): `"<version id>"`',
    }),
  ),
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
})

export const PolicyVersionPage = Type.Object({
  items: Type.Array(PolicyVersionView),
  nextCursor: Nullable(Uuid),
})

export const PolicyVersionQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 25 }),
  cursor: Type.Optional(Uuid),
})

export const PolicyVersionParams = Type.Object({ id: Uuid })

export const PresetList = Type.Object({
  items: Type.Array(
    Type.Object({
      name: Type.String(),
      policy: PolicyDocument,
    }),
  ),
})

export const KnobView = Type.Object({
  path: Type.String({
    description: 'Dotted path in the policy, e.g. `cases.openWindowAfterDelivery`',
  }),
  section: Type.String(),
  kind: OneOf([
    'duration',
    'boolean',
    'number',
    'rate',
    'choice',
    'reasons',
    'seller_reasons',
    'funding',
    'flags',
    'weekdays',
    'dates',
    'text',
    'listing_requirements',
  ] as const),
  nullable: Type.Boolean({ description: 'May be `null` ("no such rule")' }),
  choices: Type.Array(Type.String(), { description: 'For `choice`: the allowed values' }),
  help: Type.String({ description: "The knob's JSDoc: which marketplace rule it encodes" }),
  default: Type.Union([Type.String(), Type.Null()], { description: 'The `@default` tag' }),
})

export const SectionView = Type.Object({
  name: Type.String(),
  help: Type.String(),
})

export const KnobCatalog = Type.Object({
  sections: Type.Array(SectionView),
  knobs: Type.Array(KnobView),
})
