import type { Instant } from '../../policy/time.ts'
import type { Fault } from '../../policy/vocabulary.ts'
import type { EvidenceRef } from '../case/vocabulary.ts'
import type { CancellationId, MessageId, OrderId, PolicyVersionId, UserId } from '../shared/ids.ts'
import type {
  ApprovalSource,
  CancellationEvent,
  CancellationInfoRequest,
  CancellationMode,
  CancellationSide,
  CancelReason,
  EscalationCase,
  EscalationOutcome,
  RefundDue,
} from './events.ts'

/**
 * `none` → `requested` (awaiting the seller) → `approved` | `declined` |
 * `withdrawn` (the buyer took it back). A request the seller declined or left
 * unanswered may go to the marketplace (`escalated`, `awaiting_info` while a
 * party is asked), whose agent cancels (`approved`) or keeps the order
 * (`upheld`). `approved`, `withdrawn` and `upheld` are final.
 */
export type CancellationStatus =
  | 'none'
  | 'requested'
  | 'approved'
  | 'declined'
  | 'withdrawn'
  | 'escalated'
  | 'awaiting_info'
  | 'upheld'

/** What a party told the agent in answer to an information request. */
export interface CancellationAnswer {
  readonly at: Instant
  readonly by: CancellationSide
  readonly userId: UserId
  readonly text: string
  readonly evidence: readonly EvidenceRef[]
  readonly messageIds: readonly MessageId[]
}

/** The agent's binding decision. */
export interface AgentDecision {
  readonly at: Instant
  readonly agentId: UserId
  readonly outcome: EscalationOutcome
  readonly fault: Fault
  readonly rationale: string
  readonly countsAgainstSeller: boolean
  readonly reputationReason: string
}

/** The marketplace's file on an escalated cancellation. */
export interface Escalation extends EscalationCase {
  readonly at: Instant
  /** When the agent should have decided (`policy.cancellation.agentDecisionSla`). */
  readonly decisionDueAt: Instant
  /** `breached` once the SLA passed: first in the agents' queue. */
  readonly priority: 'normal' | 'breached'
  readonly infoRequest: CancellationInfoRequest | null
  readonly answers: readonly CancellationAnswer[]
  readonly decision: AgentDecision | null
}

interface CancellationBase {
  readonly cancellationId: CancellationId
  readonly orderId: OrderId
  readonly requestedBy: CancellationSide
  readonly reason: CancelReason
  readonly note: string | null
  readonly requestedAt: Instant
  readonly mode: CancellationMode
  /** When the seller must have answered (`policy.cancellation.sellerResponseTime`); `null` when immediate. */
  readonly respondBy: Instant | null
  /** The policy version frozen when the cancellation was requested. */
  readonly policyVersionId: PolicyVersionId
  /** The seller's refusal, kept once the request went on to the marketplace. */
  readonly declined?: {
    readonly at: Instant
    readonly by: 'seller' | 'seller_silence'
    readonly reason: string
  }
  /** The marketplace's file, from the escalation on; absent on rows stored before escalations existed. */
  readonly escalation?: Escalation
}

export type RequestedCancellation = CancellationBase & { readonly status: 'requested' }

export type ApprovedCancellation = CancellationBase & {
  readonly status: 'approved'
  readonly approvedAt: Instant
  readonly approvedBy: ApprovalSource
  readonly refundDue: RefundDue
  readonly countsAgainstSeller: boolean
  readonly faultReason: string
}

export type DeclinedCancellation = CancellationBase & {
  readonly status: 'declined'
  readonly declinedAt: Instant
  readonly declinedBy: 'seller' | 'seller_silence'
  readonly declineReason: string
}

export type WithdrawnCancellation = CancellationBase & {
  readonly status: 'withdrawn'
  readonly withdrawnAt: Instant
}

export type EscalatedCancellation = CancellationBase & {
  readonly status: 'escalated'
  readonly escalation: Escalation
}

export type AwaitingInfoCancellation = CancellationBase & {
  readonly status: 'awaiting_info'
  readonly escalation: Escalation & { readonly infoRequest: CancellationInfoRequest }
}

export type UpheldCancellation = CancellationBase & {
  readonly status: 'upheld'
  readonly upheldAt: Instant
  readonly escalation: Escalation & { readonly decision: AgentDecision }
}

export type Cancellation =
  | RequestedCancellation
  | ApprovedCancellation
  | DeclinedCancellation
  | WithdrawnCancellation
  | EscalatedCancellation
  | AwaitingInfoCancellation
  | UpheldCancellation

/** A cancellation in the marketplace's hands, waiting for an agent or a party's answer. */
export type UnderReview = EscalatedCancellation | AwaitingInfoCancellation

export type CancellationState = { readonly status: 'none' } | Cancellation

export const initialCancellationState: CancellationState = { status: 'none' }

/** Strips the status-specific fields, keeping what the request said (and the escalation file). */
const base = (c: Cancellation): CancellationBase => ({
  cancellationId: c.cancellationId,
  orderId: c.orderId,
  requestedBy: c.requestedBy,
  reason: c.reason,
  note: c.note,
  requestedAt: c.requestedAt,
  mode: c.mode,
  respondBy: c.respondBy,
  policyVersionId: c.policyVersionId,
  ...(c.declined === undefined ? {} : { declined: c.declined }),
  ...(c.escalation === undefined ? {} : { escalation: c.escalation }),
})

export const isUnderReview = (state: CancellationState): state is UnderReview =>
  state.status === 'escalated' || state.status === 'awaiting_info'

/**
 * Folds one fact into the cancellation. Total: it never throws, because it
 * replays stored history; a fact that does not apply to the current status
 * leaves the state as it is. `decide` keeps such facts out.
 */
export const evolveCancellation = (
  state: CancellationState,
  event: CancellationEvent,
): CancellationState => {
  switch (event.type) {
    case 'CancellationRequested': {
      if (state.status !== 'none') return state
      const { at, ...request } = event.data
      return { ...request, status: 'requested', requestedAt: at }
    }
    case 'CancellationApproved': {
      if (state.status !== 'requested' && !isUnderReview(state)) return state
      const { at, by, refundDue, countsAgainstSeller, faultReason } = event.data
      return {
        ...base(state),
        status: 'approved',
        approvedAt: at,
        approvedBy: by,
        refundDue,
        countsAgainstSeller,
        faultReason,
      }
    }
    case 'CancellationDeclined':
      if (state.status !== 'requested') return state
      return {
        ...base(state),
        status: 'declined',
        declinedAt: event.data.at,
        declinedBy: event.data.by,
        declineReason: event.data.reason,
      }
    case 'CancellationWithdrawn':
      if (state.status !== 'requested') return state
      return { ...base(state), status: 'withdrawn', withdrawnAt: event.data.at }
    case 'CancellationEscalated': {
      if (state.status !== 'requested' && state.status !== 'declined') return state
      const d = event.data
      const declined =
        state.status === 'declined'
          ? {
              declined: { at: state.declinedAt, by: state.declinedBy, reason: state.declineReason },
            }
          : {}
      return {
        ...base(state),
        ...declined,
        status: 'escalated',
        escalation: {
          by: d.by,
          userId: d.userId,
          statement: d.statement,
          evidence: d.evidence,
          messageIds: d.messageIds,
          at: d.at,
          decisionDueAt: d.decisionDueAt,
          priority: 'normal',
          infoRequest: null,
          answers: [],
          decision: null,
        },
      }
    }
    case 'CancellationInformationRequested': {
      if (state.status !== 'escalated') return state
      const d = event.data
      const infoRequest: CancellationInfoRequest = {
        from: d.from,
        question: d.question,
        dueAt: d.dueAt,
        askedAt: d.at,
        agentId: d.agentId,
      }
      return {
        ...base(state),
        status: 'awaiting_info',
        escalation: { ...state.escalation, infoRequest },
      }
    }
    case 'CancellationInformationProvided': {
      if (state.status !== 'awaiting_info') return state
      const { cancellationId: _c, orderId: _o, ...answer } = event.data
      return {
        ...base(state),
        status: 'escalated',
        escalation: {
          ...state.escalation,
          infoRequest: null,
          answers: [...state.escalation.answers, answer],
        },
      }
    }
    case 'CancellationInformationRequestExpired':
      if (state.status !== 'awaiting_info') return state
      return {
        ...base(state),
        status: 'escalated',
        escalation: { ...state.escalation, infoRequest: null },
      }
    case 'CancellationDecisionOverdue':
      if (state.status === 'escalated')
        return { ...state, escalation: { ...state.escalation, priority: 'breached' } }
      if (state.status === 'awaiting_info')
        return { ...state, escalation: { ...state.escalation, priority: 'breached' } }
      return state
    case 'CancellationDecided': {
      if (!isUnderReview(state)) return state
      const d = event.data
      const decision: AgentDecision = {
        at: d.at,
        agentId: d.agentId,
        outcome: d.outcome,
        fault: d.fault,
        rationale: d.rationale,
        countsAgainstSeller: d.countsAgainstSeller,
        reputationReason: d.reputationReason,
      }
      const escalation = { ...state.escalation, infoRequest: null, decision }
      // `cancel` stays under review for the `CancellationApproved` that follows in the same decision.
      return d.outcome === 'uphold'
        ? { ...base(state), status: 'upheld', upheldAt: d.at, escalation }
        : { ...base(state), status: 'escalated', escalation }
    }
  }
}
