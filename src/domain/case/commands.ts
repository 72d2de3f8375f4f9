import type { CaseReason, Fault, Funder } from '../../policy/vocabulary.ts'
import type { ExpireDeadline } from '../shared/decider.ts'
import type { CaseId, MessageId, OfferId, OrderLineId, SwapId, UserId } from '../shared/ids.ts'
import type { Minor } from '../shared/money.ts'
import type {
  CaseDeadlineKind,
  DecisionId,
  DecisionOutcome,
  DesiredOutcome,
  EvidenceRef,
  OfferTerms,
  PartyRole,
} from './vocabulary.ts'

/** The buyer opens a case on the whole order (no `lines`) or on some lines and quantities. */
export interface OpenCase {
  readonly type: 'OpenCase'
  readonly caseId: CaseId
  readonly lines?: readonly { readonly lineId: OrderLineId; readonly quantity: number }[]
  readonly reason: CaseReason
  readonly desiredOutcome: DesiredOutcome
  readonly description: string
  readonly evidence?: readonly EvidenceRef[]
}

/** The seller accepts the buyer's claim: a full refund now, or a return and refund. */
export interface AcceptClaim {
  readonly type: 'AcceptClaim'
  readonly resolution: 'refund' | 'return'
}

/** The seller disputes the claim with a statement and evidence. */
export interface DisputeClaim {
  readonly type: 'DisputeClaim'
  readonly statement: string
  readonly evidence?: readonly EvidenceRef[]
}

/** Either party proposes a resolution; answering an offer with another one counters it. */
export interface MakeOffer {
  readonly type: 'MakeOffer'
  readonly offerId: OfferId
  readonly terms: OfferTerms
  readonly message?: string
}

/** The party an offer was made to accepts it. */
export interface AcceptOffer {
  readonly type: 'AcceptOffer'
  readonly offerId: OfferId
}

/** The party an offer was made to declines it. */
export interface DeclineOffer {
  readonly type: 'DeclineOffer'
  readonly offerId: OfferId
  readonly message?: string
}

/** A party or an agent adds evidence the app has already stored. */
export interface AddEvidence {
  readonly type: 'AddEvidence'
  readonly evidence: EvidenceRef
}

/** A party or an agent writes on the case (translation and moderation come with conversations). */
export interface PostMessage {
  readonly type: 'PostMessage'
  readonly messageId: MessageId
  readonly body: string
}

/** The buyer or the seller asks the marketplace to step in. */
export interface Escalate {
  readonly type: 'Escalate'
  readonly statement?: string
}

/** The buyer withdraws the case before a decision. */
export interface Withdraw {
  readonly type: 'Withdraw'
}

/** An agent takes the case or hands it to another agent. */
export interface AssignCase {
  readonly type: 'AssignCase'
  readonly agentId: UserId
}

/** An agent asks one party for information; the case waits for the answer or the deadline. */
export interface RequestInformation {
  readonly type: 'RequestInformation'
  readonly from: PartyRole
  readonly question: string
}

/** The party asked answers the agent. */
export interface ProvideInformation {
  readonly type: 'ProvideInformation'
  readonly text: string
  readonly evidence?: readonly EvidenceRef[]
}

/** What an agent's decision says, first instance or on appeal. */
export interface DecisionTerms {
  readonly decisionId: DecisionId
  readonly outcome: DecisionOutcome
  /** Required for `refund_partial`, refused otherwise. */
  readonly amount?: Minor
  readonly fault: Fault
  readonly rationale: string
  /** Who pays; default `policy.refunds.fundingByFault[fault]`. */
  readonly funding?: Funder
  readonly followUpInstructions?: string
}

/** The assigned agent (or any agent, when unassigned) decides. */
export interface Decide extends DecisionTerms {
  readonly type: 'Decide'
}

/** A party appeals the decision with new information. */
export interface Appeal {
  readonly type: 'Appeal'
  readonly newInformation: string
  readonly evidence?: readonly EvidenceRef[]
}

/** An agent other than the first decider decides the appeal; this is final. */
export interface DecideAppeal extends DecisionTerms {
  readonly type: 'DecideAppeal'
}

/** The return the resolution required was received (sent by the returns/money side). */
export interface NoteReturnCompleted {
  readonly type: 'NoteReturnCompleted'
}

/** The buyer missed the return's ship-by date. */
export interface NoteReturnNotShipped {
  readonly type: 'NoteReturnNotShipped'
}

/** The replacement arrived. */
export interface NoteReplacementDelivered {
  readonly type: 'NoteReplacementDelivered'
}

/** The replacement could not be delivered; the buyer is refunded instead. */
export interface NoteReplacementFailed {
  readonly type: 'NoteReplacementFailed'
}

/**
 * An agent links this case into a swap with another buyer's case
 * (`src/domain/swap`, sent by the swaps service in the same transaction).
 */
export interface JoinSwap {
  readonly type: 'JoinSwap'
  readonly swapId: SwapId
  readonly otherCaseId: CaseId
  readonly rationale: string
  /** Who mixed the parcels up (`SwapLinked.fault`). */
  readonly fault: Fault
}

/** Both parcels of the case's swap were delivered. */
export interface NoteSwapCompleted {
  readonly type: 'NoteSwapCompleted'
}

/** The case's swap fell through (a parcel not shipped in time): back to the agents. */
export interface NoteSwapFailed {
  readonly type: 'NoteSwapFailed'
}

/**
 * The buyer's bank opened a chargeback on the order and
 * `policy.refunds.onPaymentDispute` is `close_case`: the case closes (sent
 * by the payment-disputes service in the same transaction).
 */
export interface NotePaymentDispute {
  readonly type: 'NotePaymentDispute'
  readonly disputeId: string
}

export type ExpireCaseDeadline = ExpireDeadline<CaseDeadlineKind>

export type CaseCommand =
  | OpenCase
  | AcceptClaim
  | DisputeClaim
  | MakeOffer
  | AcceptOffer
  | DeclineOffer
  | AddEvidence
  | PostMessage
  | Escalate
  | Withdraw
  | AssignCase
  | RequestInformation
  | ProvideInformation
  | Decide
  | Appeal
  | DecideAppeal
  | NoteReturnCompleted
  | NoteReturnNotShipped
  | NoteReplacementDelivered
  | NoteReplacementFailed
  | JoinSwap
  | NoteSwapCompleted
  | NoteSwapFailed
  | ExpireCaseDeadline
  | NotePaymentDispute

export type CaseCommandType = CaseCommand['type']
