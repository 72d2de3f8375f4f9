import type { Policy } from '../../policy/types.ts'
import type { Instant } from '../../policy/time.ts'
import type { CaseReason } from '../../policy/vocabulary.ts'
import type { ActorKind } from '../shared/actor.ts'
import type { CaseId, EvidenceId, OfferId, OrderLineId, UserId } from '../shared/ids.ts'
import type { Currency, Minor } from '../shared/money.ts'
import type { CaseCommandType } from './commands.ts'
import { explainSwapRejection, type SwapCaseRejection } from '../swap/rejections.ts'
import { formatInstant, formatMoney, humanize } from './format.ts'
import type { CaseStatus, DecisionId, FollowUpKind, OfferStatus, PartyRole } from './vocabulary.ts'

/** A free-text field a command must not leave empty. */
export type RequiredText =
  'description' | 'statement' | 'body' | 'question' | 'text' | 'rationale' | 'newInformation'

/** Why the case decider refused a command: a stable code and the data to act on it. */
export type CaseRejection =
  /** The caller is not this case's buyer or seller (the API answers 404). */
  | { readonly code: 'NOT_A_PARTY' }
  /** The caller is a party, or an agent, but this command belongs to someone else. */
  | {
      readonly code: 'ROLE_NOT_ALLOWED'
      readonly role: ActorKind
      readonly command: CaseCommandType
    }
  | {
      readonly code: 'NOT_ALLOWED_IN_STATUS'
      readonly status: CaseStatus
      readonly command: CaseCommandType
    }
  | { readonly code: 'ORDER_CANCELLED'; readonly cancelledAt: Instant | null }
  | { readonly code: 'ORDER_ACCEPTED'; readonly acceptedAt: Instant }
  | { readonly code: 'ORDER_NOT_DELIVERED'; readonly estimatedDeliveryAt: Instant }
  | { readonly code: 'NOT_YET_OPENABLE'; readonly opensAt: Instant }
  | { readonly code: 'CASE_WINDOW_ELAPSED'; readonly closedAt: Instant }
  | { readonly code: 'CASE_ALREADY_OPEN'; readonly caseId: CaseId }
  | {
      readonly code: 'REASON_NOT_COVERED'
      readonly reason: CaseReason
      readonly preset: Policy['preset']
    }
  | { readonly code: 'EVIDENCE_REQUIRED'; readonly reason: CaseReason }
  | { readonly code: 'INVALID_EVIDENCE'; readonly evidenceId: EvidenceId; readonly problem: string }
  | { readonly code: 'EVIDENCE_ALREADY_ADDED'; readonly evidenceId: EvidenceId }
  | {
      readonly code: 'INVALID_LINES'
      readonly lineId: OrderLineId | null
      readonly problem: 'empty' | 'unknown_line' | 'duplicate_line' | 'invalid_quantity'
      readonly maxQuantity: number | null
    }
  | { readonly code: 'TEXT_REQUIRED'; readonly field: RequiredText }
  | { readonly code: 'RETURN_NOT_APPLICABLE'; readonly reason: CaseReason }
  | { readonly code: 'NOTHING_REFUNDABLE' }
  | {
      readonly code: 'INVALID_AMOUNT'
      readonly amount: number | null
      readonly problem: 'missing' | 'not_positive_integer' | 'not_applicable'
    }
  | { readonly code: 'OFFER_LIMIT_REACHED'; readonly maxOffers: number }
  | {
      readonly code: 'OFFER_EXCEEDS_REFUNDABLE'
      readonly maximumRefundable: Minor
      readonly currency: Currency
    }
  /**
   * A chargeback is open on the order (`src/domain/payment-dispute`): the
   * refund would pay the disputed money again. The same code and data as the
   * ledger's refusal.
   */
  | {
      readonly code: 'PAYMENT_DISPUTE_OPEN'
      readonly disputedAmount: Minor
      readonly maximumRefundable: Minor
    }
  | {
      readonly code: 'REFUND_EXCEEDS_REFUNDABLE'
      readonly maximumRefundable: Minor
      readonly currency: Currency
    }
  | { readonly code: 'OFFER_PENDING'; readonly offerId: OfferId }
  | { readonly code: 'OFFER_ALREADY_EXISTS'; readonly offerId: OfferId }
  | { readonly code: 'OFFER_NOT_FOUND'; readonly offerId: OfferId }
  | { readonly code: 'OFFER_NOT_OPEN'; readonly offerId: OfferId; readonly status: OfferStatus }
  | { readonly code: 'NOT_YOUR_OFFER_TO_ANSWER'; readonly offerId: OfferId }
  | { readonly code: 'ESCALATION_NOT_YET_ALLOWED'; readonly allowedFrom: Instant }
  | { readonly code: 'ESCALATION_WINDOW_ELAPSED'; readonly closedAt: Instant }
  | { readonly code: 'NOT_ASSIGNED_AGENT'; readonly assignedAgentId: UserId }
  | { readonly code: 'NOT_ASKED_FOR_INFORMATION'; readonly from: PartyRole }
  | { readonly code: 'APPEAL_WINDOW_ELAPSED'; readonly closedAt: Instant }
  | { readonly code: 'APPEAL_NEEDS_DIFFERENT_AGENT'; readonly originalAgentId: UserId }
  | { readonly code: 'NO_FOLLOW_UP_RUNNING'; readonly kind: FollowUpKind }
  | { readonly code: 'DECISION_ID_REUSED'; readonly decisionId: DecisionId }
  /** Linking into a swap (`JoinSwap`): the case was in a swap before, or its reason is not one a swap resolves. */
  | Extract<
      SwapCaseRejection,
      { readonly code: 'CASE_ALREADY_SWAPPED' | 'SWAP_REASON_NOT_ALLOWED' }
    >

export type CaseRejectionCode = CaseRejection['code']

const fieldNames: { readonly [F in RequiredText]: string } = {
  description: 'a description of the problem',
  statement: 'a statement',
  body: 'a message',
  question: 'a question',
  text: 'an answer',
  rationale: 'a rationale',
  newInformation: 'the new information',
}

const verbs: { readonly [C in CaseCommandType]: string } = {
  OpenCase: 'open a case',
  AcceptClaim: 'accept the claim',
  DisputeClaim: 'dispute the claim',
  MakeOffer: 'make an offer',
  AcceptOffer: 'accept this offer',
  DeclineOffer: 'decline this offer',
  AddEvidence: 'add evidence',
  PostMessage: 'post a message',
  Escalate: 'ask the marketplace to step in',
  Withdraw: 'withdraw the case',
  AssignCase: 'assign the case',
  RequestInformation: 'ask for information',
  ProvideInformation: 'answer the agent',
  Decide: 'decide the case',
  Appeal: 'appeal',
  DecideAppeal: 'decide the appeal',
  NoteReturnCompleted: 'report the return completed',
  NoteReturnNotShipped: 'report the return not shipped',
  NoteReplacementDelivered: 'report the replacement delivered',
  NoteReplacementFailed: 'report the replacement failed',
  JoinSwap: 'link the case into a swap',
  NoteSwapCompleted: 'report the swap completed',
  NoteSwapFailed: 'report the swap failed',
  NotePaymentDispute: 'close the case for a chargeback',
  ExpireDeadline: 'expire a deadline',
}

const explainLines = (r: Extract<CaseRejection, { code: 'INVALID_LINES' }>): string => {
  switch (r.problem) {
    case 'empty':
      return 'Choose at least one item of the order.'
    case 'unknown_line':
      return `Line ${r.lineId ?? ''} is not part of this order.`
    case 'duplicate_line':
      return `Line ${r.lineId ?? ''} is listed twice.`
    case 'invalid_quantity':
      return `The quantity for line ${r.lineId ?? ''} must be a whole number from 1 to ${r.maxQuantity ?? 1}.`
  }
}

/** One sentence a buyer, seller or agent can act on. Tests assert on codes, not on these. */
export const explainCaseRejection = (r: CaseRejection): string => {
  switch (r.code) {
    case 'NOT_A_PARTY':
      return 'Only the buyer and the seller of this order, or an agent, can act on this case.'
    case 'ROLE_NOT_ALLOWED':
      return `A ${r.role} cannot ${verbs[r.command]} on this case.`
    case 'NOT_ALLOWED_IN_STATUS':
      return r.status === 'none'
        ? `There is no case yet, so you cannot ${verbs[r.command]}.`
        : `You cannot ${verbs[r.command]} while the case is ${humanize(r.status)}.`
    case 'ORDER_CANCELLED':
      return 'The order was cancelled, so there is nothing to open a case about.'
    case 'ORDER_ACCEPTED':
      return `The order was accepted on ${formatInstant(r.acceptedAt)}; the sale is final.`
    case 'ORDER_NOT_DELIVERED':
      return `The order has not been delivered yet; if it does not arrive, open an item-not-received case after ${formatInstant(r.estimatedDeliveryAt)}.`
    case 'NOT_YET_OPENABLE':
      return `The item may still arrive; an item-not-received case can be opened from ${formatInstant(r.opensAt)}.`
    case 'CASE_WINDOW_ELAPSED':
      return `The time to open a case ended on ${formatInstant(r.closedAt)}.`
    case 'CASE_ALREADY_OPEN':
      return `Case ${r.caseId} is already open on this order.`
    case 'REASON_NOT_COVERED':
      return `"${humanize(r.reason)}" is not covered by this marketplace's policy.`
    case 'EVIDENCE_REQUIRED':
      return `Cases for "${humanize(r.reason)}" need a photo or document of the problem.`
    case 'INVALID_EVIDENCE':
      return `Evidence ${r.evidenceId} is not usable: ${r.problem}.`
    case 'EVIDENCE_ALREADY_ADDED':
      return `Evidence ${r.evidenceId} is already on the case.`
    case 'INVALID_LINES':
      return explainLines(r)
    case 'TEXT_REQUIRED':
      return `Please write ${fieldNames[r.field]}.`
    case 'RETURN_NOT_APPLICABLE':
      return `An item that was "${humanize(r.reason)}" cannot be returned.`
    case 'NOTHING_REFUNDABLE':
      return 'Nothing on this order is left to refund.'
    case 'INVALID_AMOUNT':
      return r.problem === 'missing'
        ? 'A partial refund needs an amount.'
        : r.problem === 'not_applicable'
          ? 'An amount is given only for a partial refund.'
          : 'The amount must be a positive whole number of minor units (cents).'
    case 'OFFER_LIMIT_REACHED':
      return `The seller may make at most ${r.maxOffers} offer${r.maxOffers === 1 ? '' : 's'} on a case.`
    case 'OFFER_EXCEEDS_REFUNDABLE':
      return `An offer can refund at most ${formatMoney(r.maximumRefundable, r.currency)} on this case.`
    case 'PAYMENT_DISPUTE_OPEN':
      return `A chargeback of ${String(r.disputedAmount)} is open on this order; at most ${String(r.maximumRefundable)} may be refunded until the card issuer decides.`
    case 'REFUND_EXCEEDS_REFUNDABLE':
      return `A refund can be at most ${formatMoney(r.maximumRefundable, r.currency)} on this case.`
    case 'OFFER_PENDING':
      return `Offer ${r.offerId} is still waiting for an answer.`
    case 'OFFER_ALREADY_EXISTS':
      return `Offer ${r.offerId} was already made.`
    case 'OFFER_NOT_FOUND':
      return `There is no offer ${r.offerId} on this case.`
    case 'OFFER_NOT_OPEN':
      return `Offer ${r.offerId} was already ${r.status}.`
    case 'NOT_YOUR_OFFER_TO_ANSWER':
      return `Offer ${r.offerId} is yours; the other party answers it.`
    case 'ESCALATION_NOT_YET_ALLOWED':
      return `The seller still has time to respond; you can ask the marketplace to step in from ${formatInstant(r.allowedFrom)}.`
    case 'ESCALATION_WINDOW_ELAPSED':
      return `The time to ask the marketplace to step in ended on ${formatInstant(r.closedAt)}.`
    case 'NOT_ASSIGNED_AGENT':
      return `The case is assigned to agent ${r.assignedAgentId}; reassign it first.`
    case 'NOT_ASKED_FOR_INFORMATION':
      return `The agent asked the ${r.from} for this information.`
    case 'APPEAL_WINDOW_ELAPSED':
      return `The time to appeal ended on ${formatInstant(r.closedAt)}.`
    case 'APPEAL_NEEDS_DIFFERENT_AGENT':
      return `Agent ${r.originalAgentId} made the first decision; another agent must review the appeal.`
    case 'NO_FOLLOW_UP_RUNNING':
      return `No ${r.kind} is under way on this case.`
    case 'DECISION_ID_REUSED':
      return `Decision ${r.decisionId} was already recorded on this case.`
    case 'CASE_ALREADY_SWAPPED':
    case 'SWAP_REASON_NOT_ALLOWED':
      return explainSwapRejection(r)
  }
}
