import { Type, type Static, type TProperties } from 'typebox'
import {
  Action,
  Currency,
  Deadline,
  Instant,
  ListQuery,
  LongText,
  Minor,
  Nullable,
  OneOf,
  ShortText,
  Uuid,
} from './common.ts'
import { caseReasons } from '../../policy/vocabulary.ts'
import { decisionOutcomes, desiredOutcomes } from '../../domain/case/vocabulary.ts'

const Reason = OneOf(caseReasons, {
  description: 'What went wrong; the policy says which reasons are covered',
})
const DesiredOutcomeSchema = OneOf(desiredOutcomes)
const DecisionOutcomeSchema = OneOf(decisionOutcomes)

const Note = Type.Optional(Type.String({ minLength: 1, maxLength: 1000 }))

/** Evidence as a client sends it: a file uploaded to POST /v1/files, or structured facts. */
export const EvidenceInput = Type.Union([
  Type.Object(
    { kind: Type.Literal('file'), fileId: Uuid, note: Note },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('tracking'),
      tracking: Type.Object(
        {
          carrier: Type.String({ minLength: 1, maxLength: 60 }),
          trackingNumber: Type.String({ minLength: 4, maxLength: 60 }),
        },
        { additionalProperties: false },
      ),
      note: Note,
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('measurements'),
      measurements: Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 80 }), {
        minProperties: 1,
        maxProperties: 30,
      }),
      note: Note,
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('note'), note: Type.String({ minLength: 1, maxLength: 2000 }) },
    { additionalProperties: false },
  ),
])
const EvidenceList = Type.Optional(Type.Array(EvidenceInput, { maxItems: 20 }))

export const OpenCaseBody = Type.Object(
  {
    reason: Reason,
    desiredOutcome: DesiredOutcomeSchema,
    description: LongText,
    lines: Type.Optional(
      Type.Array(
        Type.Object(
          {
            lineId: Type.String({ minLength: 1, maxLength: 64 }),
            quantity: Type.Integer({ minimum: 1, maximum: 10000 }),
          },
          { additionalProperties: false },
        ),
        {
          minItems: 1,
          maxItems: 100,
          description: 'Claimed lines and quantities; the whole order when absent',
        },
      ),
    ),
    evidence: EvidenceList,
  },
  { additionalProperties: false },
)
export type OpenCaseBody = Static<typeof OpenCaseBody>

export const OfferTerms = Type.Union([
  Type.Object(
    { kind: Type.Literal('partial_refund'), amount: Type.Integer({ minimum: 1, maximum: 1e13 }) },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('full_refund_keep_item') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('return_and_refund') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('replacement') }, { additionalProperties: false }),
])

export const MakeOfferBody = Type.Object(
  { terms: OfferTerms, message: Type.Optional(LongText) },
  { additionalProperties: false },
)
export const AcceptClaimBody = Type.Object(
  { resolution: Type.Union([Type.Literal('refund'), Type.Literal('return')]) },
  { additionalProperties: false },
)
export const DisputeBody = Type.Object(
  { statement: LongText, evidence: EvidenceList },
  { additionalProperties: false },
)
export const MessageBody = Type.Object(
  { message: Type.Optional(LongText) },
  { additionalProperties: false },
)
export const PostMessageBody = Type.Object({ body: LongText }, { additionalProperties: false })
export const EscalateBody = Type.Object(
  { statement: Type.Optional(LongText) },
  { additionalProperties: false },
)
/**
 * Empty (or the caller's own id): the calling agent takes the case, from
 * nobody or from a colleague. Another agent's id: the caller hands it over.
 */
export const AssignBody = Type.Object(
  {
    agentId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 128,
        description:
          'The agent to hand the case to; omitted: the caller takes it. A buyer, seller or admin is refused with ASSIGNEE_NOT_AN_AGENT; the first decider of an appealed case with APPEAL_NEEDS_DIFFERENT_AGENT',
      }),
    ),
  },
  { additionalProperties: false },
)
export const InformationRequestBody = Type.Object(
  { from: Type.Union([Type.Literal('buyer'), Type.Literal('seller')]), question: LongText },
  { additionalProperties: false },
)
export const InformationBody = Type.Object(
  { text: LongText, evidence: EvidenceList },
  { additionalProperties: false },
)
export const DecisionBody = Type.Object(
  {
    outcome: DecisionOutcomeSchema,
    amount: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 1e13, description: 'For refund_partial' }),
    ),
    fault: Type.Union([
      Type.Literal('seller'),
      Type.Literal('buyer'),
      Type.Literal('carrier'),
      Type.Literal('none'),
      Type.Literal('force_majeure'),
    ]),
    rationale: LongText,
    funding: Type.Optional(
      Type.Union(
        [
          Type.Literal('seller'),
          Type.Literal('marketplace'),
          Type.Literal('carrier'),
          Type.Literal('buyer'),
        ],
        {
          description: 'Who pays; by default the policy’s funding for the fault',
        },
      ),
    ),
    followUpInstructions: Type.Optional(LongText),
  },
  { additionalProperties: false },
)
export const AppealBody = Type.Object(
  { newInformation: LongText, evidence: EvidenceList },
  { additionalProperties: false },
)
export const EvidenceBody = EvidenceInput

export const OfferParams = Type.Object({ id: Uuid, offerId: Uuid })

/** GET /v1/cases: the ordinary list query, and the order. */
export const CaseListQuery = Type.Object({
  ...ListQuery.properties,
  sort: Type.Union([Type.Literal('newest'), Type.Literal('deadline')], {
    default: 'newest',
    description:
      '`newest`: newest first. `deadline`: open cases whose live deadline is the caller’s to meet first (soonest first), then other open cases by deadline, then closed cases, newest first',
  }),
})

export const QueueQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 25 }),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  reason: Type.Optional(Reason),
  minAmount: Type.Optional(Minor),
  maxAmount: Type.Optional(Minor),
  assigned: Type.Optional(Type.Union([Type.Literal('me'), Type.Literal('unassigned')])),
})

/** One queue row, with what an agent needs to triage it without opening the case. */
export const QueueItem = Type.Object({
  caseId: Uuid,
  orderId: Uuid,
  status: Type.String(),
  priority: Type.Union([Type.Literal('breached'), Type.Literal('normal')]),
  decisionDueAt: Instant,
  assignedAgentId: Type.Union([Type.String(), Type.Null()]),
  reason: Reason,
  claimedAmount: Minor,
  currency: Type.String(),
  openedAt: Instant,
  buyerId: Type.String(),
  sellerId: Type.String(),
  title: Type.String({ description: 'The first claimed item’s listing title' }),
  claimedLines: Type.Integer({ minimum: 1, description: 'How many order lines the claim covers' }),
})
export const QueuePage = Type.Object({
  items: Type.Array(QueueItem),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
})

const PartyRole = Type.Union([Type.Literal('buyer'), Type.Literal('seller')])
const FaultSchema = Type.Union([
  Type.Literal('seller'),
  Type.Literal('buyer'),
  Type.Literal('carrier'),
  Type.Literal('none'),
  Type.Literal('force_majeure'),
])
const FunderSchema = Type.Union([
  Type.Literal('seller'),
  Type.Literal('marketplace'),
  Type.Literal('carrier'),
  Type.Literal('buyer'),
])

// The case's nested records, field for field as src/domain/case/vocabulary.ts
// declares them: the response serializer keeps only what is declared here, and
// the web app reads these shapes instead of redeclaring them.

/** A line (or part of one) the buyer claims for, priced as bought. */
export const ClaimedLineView = Type.Object({
  lineId: Type.String(),
  quantity: Type.Integer(),
  unitPrice: Minor,
  amount: Minor,
  title: Type.String(),
})

const CasePartyView = Type.Object({
  role: Type.Union([Type.Literal('buyer'), Type.Literal('seller'), Type.Literal('agent')]),
  userId: Type.String(),
})
const FileMetaView = Type.Object({
  sha256: Type.String(),
  mediaType: Type.String(),
  size: Type.Integer(),
  name: Type.String(),
})
const added = { evidenceId: Type.String(), addedBy: CasePartyView, addedAt: Instant }
const Caption = Type.Optional(Type.String())
const evidenceOf = <P extends TProperties>(header: P) =>
  Type.Union([
    Type.Object({ ...header, kind: Type.Literal('file'), file: FileMetaView, note: Caption }),
    Type.Object({
      ...header,
      kind: Type.Literal('tracking'),
      tracking: Type.Object({ carrier: Type.String(), trackingNumber: Type.String() }),
      note: Caption,
    }),
    Type.Object({
      ...header,
      kind: Type.Literal('measurements'),
      measurements: Type.Record(Type.String(), Type.String()),
      note: Caption,
    }),
    Type.Object({ ...header, kind: Type.Literal('note'), note: Type.String() }),
  ])

/** One piece of evidence on a case, with who added it and when. */
export const EvidenceRecordView = evidenceOf(added)
/** Evidence as an event on the timeline carries it (the entry says who and when). */
const EvidenceRefView = evidenceOf({ evidenceId: Type.String() })

/** An offer or counter-offer between the parties. */
export const OfferView = Type.Object({
  offerId: Uuid,
  by: PartyRole,
  terms: OfferTerms,
  madeAt: Instant,
  respondBy: Instant,
  status: Type.Union([
    Type.Literal('pending'),
    Type.Literal('accepted'),
    Type.Literal('declined'),
    Type.Literal('lapsed'),
  ]),
})

/** An agent's decision, first instance or on appeal. */
export const DecisionView = Type.Object({
  decisionId: Type.String(),
  agentId: Type.String(),
  at: Instant,
  outcome: DecisionOutcomeSchema,
  amount: Nullable(Minor),
  fault: FaultSchema,
  funding: Nullable(FunderSchema),
  rationale: Type.String(),
  followUpInstructions: Nullable(Type.String()),
})

const InformationRequestView = Type.Object({
  from: PartyRole,
  question: Type.String(),
  requestedBy: Type.String(),
  requestedAt: Instant,
  dueAt: Instant,
})
const AppealView = Type.Object({ by: PartyRole, at: Instant, newInformation: Type.String() })
const FollowUpView = Type.Object({
  kind: Type.Union([Type.Literal('return'), Type.Literal('replacement'), Type.Literal('swap')]),
  key: Type.String({ description: 'The offer, decision or claim key; for a swap, the swap id' }),
  status: Type.Union([
    Type.Literal('running'),
    Type.Literal('completed'),
    Type.Literal('not_shipped'),
    Type.Literal('failed'),
    Type.Literal('cancelled'),
  ]),
  startedAt: Instant,
  refundOnCompletion: Nullable(Minor),
  deliverBy: Nullable(Instant),
  funding: FunderSchema,
  fault: Type.Optional(
    Type.String({ description: 'Swaps: who mixed the parcels up (seller, carrier, …)' }),
  ),
})
const RefundRecordView = Type.Object({
  refundKey: Type.String(),
  amount: Minor,
  funding: FunderSchema,
})
const SettlementView = Type.Object({
  at: Instant,
  via: Type.Union([Type.Literal('claim'), Type.Literal('offer')]),
  offeredAt: Instant,
})

const Code = (description: string) => Type.String({ description })
const Evidence = Type.Array(EvidenceRefView)
const Statement = Type.String({ description: 'In the author’s words, as this reader may see them' })
const DecisionFacts = {
  agentId: Type.String(),
  outcome: DecisionOutcomeSchema,
  amount: Nullable(Minor),
  currency: Currency,
  fault: FaultSchema,
  funding: Nullable(FunderSchema),
  rationale: Type.String(),
  followUpInstructions: Nullable(Type.String()),
}

/** One timeline entry of `type`: who and when, its typed facts, and the same in an English line. */
const entry = <T extends string, D extends TProperties>(type: T, data: D) =>
  Type.Object({
    version: Type.Integer(),
    type: Type.Literal(type),
    at: Instant,
    actor: Type.Object({ kind: Type.String(), id: Type.String() }),
    data: Type.Object(data),
    text: Type.String({
      description: 'The entry in one English line, for logs and API readers; apps word `data`',
    }),
  })

/**
 * One event on a case's timeline, typed by `type` (the event's name), as
 * `caseTimelineFact` in src/domain/case/timeline.ts shows it: codes, instants,
 * and amounts in minor units beside their currency.
 */
export const CaseTimelineEntry = Type.Union([
  entry('CaseOpened', {
    reason: Reason,
    desiredOutcome: DesiredOutcomeSchema,
    wholeOrder: Type.Boolean(),
    itemCount: Type.Integer({ minimum: 1 }),
    claimedAmount: Minor,
    currency: Currency,
    respondBy: Instant,
    evidence: Evidence,
  }),
  entry('ClaimAccepted', {
    by: CasePartyView,
    resolution: AcceptClaimBody.properties.resolution,
  }),
  entry('ClaimDisputed', { by: CasePartyView, statement: Statement, evidence: Evidence }),
  entry('OfferMade', {
    offerId: Uuid,
    by: CasePartyView,
    terms: OfferTerms,
    currency: Currency,
    respondBy: Instant,
    message: Nullable(Statement),
  }),
  entry('OfferAccepted', {
    offerId: Uuid,
    by: CasePartyView,
    terms: OfferTerms,
    currency: Currency,
  }),
  entry('OfferDeclined', {
    offerId: Uuid,
    by: CasePartyView,
    reason: Type.Union([Type.Literal('declined'), Type.Literal('countered')]),
    message: Nullable(Statement),
  }),
  entry('OfferLapsed', {
    offerId: Uuid,
    reason: Type.Union([
      Type.Literal('expired'),
      Type.Literal('escalated'),
      Type.Literal('withdrawn'),
      Type.Literal('superseded'),
    ]),
  }),
  entry('SellerResponseReminderDue', { respondBy: Instant }),
  entry('OfferExpiryReminderDue', { offerId: Uuid, to: PartyRole, respondBy: Instant }),
  entry('EvidenceAdded', { by: CasePartyView, evidence: EvidenceRefView }),
  entry('CaseMessagePosted', { messageId: Type.String(), by: CasePartyView, body: Statement }),
  entry('CaseEscalated', {
    by: Nullable(CasePartyView),
    reason: Code('Why the marketplace stepped in (buyer_requested, seller_response_overdue, …)'),
    statement: Nullable(Statement),
    decisionDueAt: Instant,
  }),
  entry('CaseAssigned', {
    by: CasePartyView,
    agentId: Type.String(),
    previousAgentId: Nullable(Type.String()),
  }),
  entry('InformationRequested', {
    by: CasePartyView,
    from: PartyRole,
    question: Statement,
    dueAt: Instant,
  }),
  entry('InformationProvided', { by: CasePartyView, text: Statement, evidence: Evidence }),
  entry('InformationRequestExpired', { from: PartyRole, dueAt: Instant }),
  entry('CaseDecisionOverdue', { dueAt: Instant }),
  entry('CaseDecided', { ...DecisionFacts, appealDueAt: Instant }),
  entry('CaseAppealed', {
    by: CasePartyView,
    newInformation: Statement,
    evidence: Evidence,
    decisionDueAt: Instant,
  }),
  entry('AppealDecided', { ...DecisionFacts, upheld: Type.Boolean() }),
  entry('DecisionBecameFinal', {}),
  entry('RefundDue', {
    amount: Minor,
    currency: Currency,
    destination: Code('original_payment or marketplace_credit'),
    funding: FunderSchema,
  }),
  entry('ReturnRequired', {
    itemCount: Type.Integer({ minimum: 1 }),
    returnShippingPaidBy: FunderSchema,
    refundOnCompletion: Minor,
    currency: Currency,
    destination: Code('original_payment or marketplace_credit'),
    funding: FunderSchema,
  }),
  entry('ReplacementRequired', {
    itemCount: Type.Integer({ minimum: 1 }),
    deliverBy: Instant,
    funding: FunderSchema,
  }),
  entry('FollowUpCancelled', { kind: FollowUpView.properties.kind }),
  entry('SellerReimbursementDue', { amount: Minor, currency: Currency }),
  entry('CaseSwapLinked', {
    by: CasePartyView,
    swapId: Uuid,
    otherCaseId: Uuid,
    rationale: Statement,
    fault: FaultSchema,
  }),
  entry('FollowUpEnded', {
    kind: FollowUpView.properties.kind,
    outcome: Type.Union([
      Type.Literal('return_completed'),
      Type.Literal('return_not_shipped'),
      Type.Literal('replacement_delivered'),
      Type.Literal('replacement_failed'),
      Type.Literal('swap_completed'),
      Type.Literal('swap_not_shipped'),
    ]),
  }),
  entry('CaseClosed', {
    closeReason: Code('Why the case closed (settled, decided, withdrawn, …)'),
    countsAgainstSeller: Type.Boolean(),
    reputationReason: Code('Why it does or does not count against the seller'),
  }),
])

/** A case as a party or agent sees it: state, deadline, the caller's actions and the timeline. */
export const CaseView = Type.Object(
  {
    id: Uuid,
    version: Type.Integer(),
    caseId: Uuid,
    orderId: Uuid,
    buyerId: Type.String(),
    sellerId: Type.String(),
    status: Type.String(),
    reason: Reason,
    desiredOutcome: DesiredOutcomeSchema,
    description: Type.String(),
    currency: Type.String(),
    lines: Type.Array(ClaimedLineView),
    wholeOrder: Type.Boolean(),
    claimedAmount: Minor,
    openedAt: Instant,
    sellerRespondBy: Instant,
    respondedAt: Type.Union([Instant, Type.Null()]),
    sellerResponse: Type.Union([Type.String(), Type.Null()]),
    evidence: Type.Array(EvidenceRecordView),
    offers: Type.Array(OfferView),
    escalatedAt: Type.Union([Instant, Type.Null()]),
    escalationReason: Type.Union([Type.String(), Type.Null()]),
    assignedAgentId: Type.Union([Type.String(), Type.Null()]),
    priority: Type.String(),
    decisionDueAt: Type.Union([Instant, Type.Null()]),
    infoRequest: Nullable(InformationRequestView),
    decision: Nullable(DecisionView),
    appealDueAt: Type.Union([Instant, Type.Null()]),
    appeal: Nullable(AppealView),
    finalDecision: Nullable(DecisionView),
    followUp: Nullable(FollowUpView),
    refunds: Type.Array(RefundRecordView),
    settlement: Nullable(SettlementView),
    closedAt: Type.Union([Instant, Type.Null()]),
    closeReason: Type.Union([Type.String(), Type.Null()]),
    countsAgainstSeller: Type.Union([Type.Boolean(), Type.Null()]),
    reputationReason: Type.Union([Type.String(), Type.Null()]),
    deadline: Deadline,
    availableActions: Type.Array(Action),
    timeline: Type.Array(CaseTimelineEntry),
  },
  { $id: 'Case' },
)
export type CaseView = Static<typeof CaseView>

export const StoredFileView = Type.Object({
  fileId: Uuid,
  sha256: Type.String(),
  mediaType: Type.String(),
  size: Type.Integer(),
  name: ShortText,
})
