/**
 * The wire contract, as the server declares it. Every type here comes from the
 * TypeBox schemas under src/http (the same ones that validate requests and
 * generate /openapi.json); nothing is redeclared by hand.
 */
import type { Static } from 'typebox'
import type { DemoUser } from '../../../src/cli/demo-users.ts'
import type { ProblemSchema } from '../../../src/http/problems.ts'
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
import type {
  AppealRecord,
  ClaimedLine,
  DecisionRecord,
  EvidenceRecord as EvidenceRecordDomain,
  FollowUp,
  InformationRequest,
  OfferRecord,
  RefundRecord,
  Settlement,
} from '../../../src/domain/case/vocabulary.ts'

export type { CancellationView, DemoUser, OrderView }
export type Order = OrderView
export type Cancellation = CancellationView
export type Eligibility = Static<typeof EligibilitySchema>
export type ListingSnapshot = Static<typeof ListingSnapshotSchema>
export type ShipmentInput = Static<typeof ShipmentBody>
export type StartCancellationInput = Static<typeof StartCancellationBody>
export type DeclineCancellationInput = Static<typeof DeclineCancellationBody>
export type Problem = Static<typeof ProblemSchema> & Record<string, unknown>

// Cases. CaseView declares its nested records (lines, evidence, offers, the
// decision…) as open objects, so their shapes come from the case vocabulary the
// server serializes them from: the same types, never redeclared here.
type CaseWire = CaseView
type CaseRecords = {
  readonly lines: readonly ClaimedLine[]
  readonly evidence: readonly EvidenceRecord[]
  readonly offers: readonly Offer[]
  readonly infoRequest: InformationRequest | null
  readonly decision: Decision | null
  readonly appeal: AppealRecord | null
  readonly finalDecision: Decision | null
  readonly followUp: FollowUp | null
  readonly refunds: readonly RefundRecord[]
  readonly settlement: Settlement | null
}
export type Case = Omit<CaseWire, keyof CaseRecords> & CaseRecords
export type CaseTimelineEntry = CaseWire['timeline'][number]
export type EvidenceRecord = EvidenceRecordDomain
export type Offer = OfferRecord
export type OfferTerms = OfferRecord['terms']
export type Decision = DecisionRecord
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
