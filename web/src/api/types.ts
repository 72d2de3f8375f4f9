/**
 * The wire contract, as the server declares it. Every type here comes from the
 * TypeBox schemas under src/http (the same ones that validate requests and
 * generate /openapi.json); nothing is redeclared by hand.
 */
import type { Static } from 'typebox'
import type { DemoUser } from '../../../src/demo/demo-users.ts'
import type { ProblemSchema } from '../../../src/http/problems.ts'
import type {
  SessionList as SessionListSchema,
  SessionView as SessionViewSchema,
} from '../../../src/http/schemas/auth.ts'
import type {
  CancellationView,
  DeclineCancellationBody,
  EligibilityView as EligibilitySchema,
  StartCancellationBody,
} from '../../../src/http/schemas/cancellation.ts'
import type {
  ListingSnapshot as ListingSnapshotSchema,
  OrderView,
  ShipmentBody,
} from '../../../src/http/schemas/order.ts'
import type {
  AcceptClaimBody,
  AppealBody,
  CaseView,
  DecisionBody,
  DisputeBody,
  EscalateBody,
  EvidenceInput as EvidenceInputSchema,
  InformationBody,
  InformationRequestBody,
  MakeOfferBody,
  MessageBody,
  OpenCaseBody,
  PostMessageBody,
  QueueItem as QueueItemSchema,
  QueueQuery as QueueQuerySchema,
  StoredFileView,
} from '../../../src/http/schemas/case.ts'
import type { LedgerView, RefundView, CreditsView } from '../../../src/http/schemas/money.ts'
import type {
  InspectionBody,
  ReturnView,
  ShipReturnBody,
} from '../../../src/http/schemas/return.ts'
import type {
  ListingDraftBody,
  ListingReview as ListingReviewSchema,
  Precedents as PrecedentsSchema,
  Scorecard as ScorecardSchema,
} from '../../../src/http/schemas/insights.ts'

export type { CancellationView, DemoUser, OrderView }
export type Order = OrderView
export type Cancellation = CancellationView
export type Eligibility = Static<typeof EligibilitySchema>
export type ListingSnapshot = Static<typeof ListingSnapshotSchema>
export type ShipmentInput = Static<typeof ShipmentBody>
export type StartCancellationInput = Static<typeof StartCancellationBody>
export type DeclineCancellationInput = Static<typeof DeclineCancellationBody>
export type Problem = Static<typeof ProblemSchema> & Record<string, unknown>

// Cases: CaseView types its nested records (lines, evidence, offers, the
// decision…) field for field, so they come straight from the wire contract.
type CaseWire = CaseView
export type Case = CaseWire
export type CaseTimelineEntry = CaseWire['timeline'][number]
export type EvidenceRecord = CaseWire['evidence'][number]
export type Offer = CaseWire['offers'][number]
export type OfferTerms = Offer['terms']
export type Decision = NonNullable<CaseWire['decision']>
export type CaseReason = OpenCaseBody['reason']
export type DesiredOutcome = OpenCaseBody['desiredOutcome']
export type OpenCaseInput = OpenCaseBody
export type EvidenceInput = Static<typeof EvidenceInputSchema>
export type MakeOfferInput = Static<typeof MakeOfferBody>
export type AcceptClaimInput = Static<typeof AcceptClaimBody>
export type DisputeInput = Static<typeof DisputeBody>
export type DeclineOfferInput = Static<typeof MessageBody>
export type PostMessageInput = Static<typeof PostMessageBody>
export type EscalateInput = Static<typeof EscalateBody>
export type InformationRequestInput = Static<typeof InformationRequestBody>
export type InformationInput = Static<typeof InformationBody>
export type DecisionInput = Static<typeof DecisionBody>
export type AppealInput = Static<typeof AppealBody>
export type DecisionOutcome = DecisionInput['outcome']
export type Fault = DecisionInput['fault']
export type Funder = NonNullable<DecisionInput['funding']>
export type StoredFile = Static<typeof StoredFileView>
export type QueueItem = Static<typeof QueueItemSchema>
export type QueueFilter = Omit<Partial<Static<typeof QueueQuerySchema>>, 'limit' | 'cursor'>

// Returns, money and insights.
export type Return = ReturnView
export type ShipReturnInput = Static<typeof ShipReturnBody>
export type InspectionInput = Static<typeof InspectionBody>
export type ReturnCondition = InspectionInput['condition']
export type Refund = RefundView
/** The ledger's `refunds` are `$ref: Refund` in the schema; Static cannot follow a $ref. */
export type Ledger = Omit<LedgerView, 'refunds'> & { readonly refunds: readonly Refund[] }
export type Credits = CreditsView
export type Scorecard = Static<typeof ScorecardSchema>
export type ScorecardMetric = Scorecard['metrics'][number]
export type ScorecardFact = ScorecardMetric['links'][number]
export type ListingDraft = Static<typeof ListingDraftBody>
export type ListingReview = Static<typeof ListingReviewSchema>
export type Precedents = Static<typeof PrecedentsSchema>

/** A button the caller may press now (`availableActions`), and when the chance runs out. */
export type AvailableAction = OrderView['availableActions'][number]
export type Deadline = NonNullable<OrderView['deadline']>

/** Cursor-paged list, as `Page(item)` in src/http/schemas/common.ts. */
export interface Page<T> {
  readonly items: T[]
  readonly nextCursor: string | null
}

export type Role = DemoUser['role']

// The three shapes below are inline schemas in src/http/routes/system.ts and are
// not exported yet; they mirror those routes' response schemas field for field.
/** GET|POST /v1/sandbox/clock */
export interface SandboxClock {
  readonly now: string
  readonly sandbox: boolean
  readonly fired?: number
}
/** GET /v1/auth/session, POST /v1/demo/sessions (and every sign-in route) */
export type SessionView = Static<typeof SessionViewSchema>
/** GET /v1/auth/sessions */
export type SessionList = Static<typeof SessionListSchema>
/** POST /v1/demo/tokens */
export interface DemoToken {
  readonly token: string
  readonly userId: string
  readonly role: Role
}
/** GET /v1/demo/users */
export interface DemoUsers {
  readonly items: DemoUser[]
}
