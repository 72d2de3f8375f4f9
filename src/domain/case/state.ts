import type { Policy } from '../../policy/types.ts'
import type { Instant } from '../../policy/time.ts'
import type { CaseReason } from '../../policy/vocabulary.ts'
import type { CaseId, OfferId, OrderId, UserId } from '../shared/ids.ts'
import { addMinor, minor, type Currency, type Minor } from '../shared/money.ts'
import type { CaseEvent, CaseEventOf } from './events.ts'
import type {
  AppealRecord,
  CaseParty,
  CaseStatus,
  ClaimedLine,
  CloseReason,
  DecisionRecord,
  DesiredOutcome,
  EscalationReason,
  EvidenceRecord,
  EvidenceRef,
  FollowUp,
  InformationRequest,
  OfferRecord,
  Priority,
  RefundRecord,
  ReputationReason,
  Settlement,
} from './vocabulary.ts'

/**
 * Everything a case knows once opened. The status-keyed types below narrow
 * the fields each status guarantees; the queue sorts on `priority`,
 * `decisionDueAt`, `escalatedAt` and `assignedAgentId`.
 */
export interface CaseFile {
  readonly status: Exclude<CaseStatus, 'none'>
  readonly caseId: CaseId
  readonly orderId: OrderId
  readonly buyerId: UserId
  readonly sellerId: UserId
  readonly currency: Currency
  readonly reason: CaseReason
  readonly desiredOutcome: DesiredOutcome
  readonly description: string
  readonly lines: readonly ClaimedLine[]
  readonly wholeOrder: boolean
  readonly claimedShipping: Minor
  readonly claimedTax: Minor
  readonly claimedAmount: Minor
  /** The policy in force when the case opened; it governs the whole case. */
  readonly policy: Policy
  readonly openedAt: Instant
  readonly sellerRespondBy: Instant
  readonly evidence: readonly EvidenceRecord[]
  readonly messageCount: number
  /** The seller's first response (accept, dispute or offer). */
  readonly respondedAt: Instant | null
  readonly sellerResponse: 'accepted' | 'disputed' | 'offered' | null
  /**
   * The seller was reminded that the response is due (`SellerResponseReminderDue`).
   * Absent on cases stored before reminders existed.
   */
  readonly sellerResponseReminded?: boolean
  /** Offers whose answering party was reminded before they lapse (`OfferExpiryReminderDue`); absent on older cases. */
  readonly remindedOfferIds?: readonly OfferId[]
  /** Every offer and counter-offer, oldest first; at most one is `pending`. */
  readonly offers: readonly OfferRecord[]
  /** The buyer's escalation window runs from the latest move in the negotiation. */
  readonly escalationWindowFrom: Instant | null
  readonly escalatedAt: Instant | null
  readonly escalationReason: EscalationReason | null
  readonly assignedAgentId: UserId | null
  readonly priority: Priority
  readonly decisionDueAt: Instant | null
  readonly infoRequest: InformationRequest | null
  readonly decision: DecisionRecord | null
  readonly appealDueAt: Instant | null
  readonly appeal: AppealRecord | null
  readonly finalDecision: DecisionRecord | null
  readonly followUp: FollowUp | null
  /** Refunds this case made due, for caps and appeal deltas. */
  readonly refunds: readonly RefundRecord[]
  /** What the marketplace gave back to the seller after an appeal. */
  readonly reimbursed: Minor
  readonly settlement: Settlement | null
  readonly closedAt: Instant | null
  readonly closeReason: CloseReason | null
  readonly countsAgainstSeller: boolean | null
  readonly reputationReason: ReputationReason | null
}

export type AwaitingSellerCase = CaseFile & { readonly status: 'awaiting_seller' }
export type AwaitingBuyerCase = CaseFile & {
  readonly status: 'awaiting_buyer'
  readonly respondedAt: Instant
  readonly escalationWindowFrom: Instant
}
export type EscalatedCase = CaseFile & {
  readonly status: 'escalated'
  readonly escalatedAt: Instant
  readonly decisionDueAt: Instant
}
export type AwaitingInfoCase = CaseFile & {
  readonly status: 'awaiting_info'
  readonly escalatedAt: Instant
  readonly decisionDueAt: Instant
  readonly infoRequest: InformationRequest
}
export type DecidedCase = CaseFile & {
  readonly status: 'decided'
  readonly decision: DecisionRecord
  readonly appealDueAt: Instant
}
export type AppealedCase = CaseFile & {
  readonly status: 'appealed'
  readonly escalatedAt: Instant
  readonly decisionDueAt: Instant
  readonly decision: DecisionRecord
  readonly appeal: AppealRecord
}
export type AwaitingFollowUpCase = CaseFile & {
  readonly status: 'awaiting_follow_up'
  readonly followUp: FollowUp
}
export type ClosedCase = CaseFile & {
  readonly status: 'closed'
  readonly closedAt: Instant
  readonly closeReason: CloseReason
  readonly countsAgainstSeller: boolean
  readonly reputationReason: ReputationReason
}

export type Case =
  | AwaitingSellerCase
  | AwaitingBuyerCase
  | EscalatedCase
  | AwaitingInfoCase
  | DecidedCase
  | AppealedCase
  | AwaitingFollowUpCase
  | ClosedCase

/** A case stream: empty (`none`) until `CaseOpened`. */
export type CaseState = { readonly status: 'none' } | Case

export const initialCaseState: CaseState = { status: 'none' }

/** The offer waiting for an answer, if any. */
export const pendingOffer = (c: CaseFile): OfferRecord | null =>
  c.offers.find((o) => o.status === 'pending') ?? null

/** What this case has already made due to the buyer. */
export const refundedOnCase = (c: CaseFile): Minor =>
  minor(c.refunds.reduce((sum, r) => sum + r.amount, 0))

/** Offers the seller made; `policy.cases.maxOffersPerCase` caps them. */
export const sellerOfferCount = (c: CaseFile): number =>
  c.offers.filter((o) => o.by === 'seller').length

/** The decision that stands: the appeal's once decided, else the first. */
export const standingDecision = (c: CaseFile): DecisionRecord | null =>
  c.finalDecision ?? c.decision

const withEvidence = (c: CaseFile, by: CaseParty, at: Instant, added: readonly EvidenceRef[]) =>
  added.length === 0
    ? c.evidence
    : [...c.evidence, ...added.map((e) => ({ ...e, addedBy: by, addedAt: at }))]

const setOffer = (
  c: CaseFile,
  offerId: string,
  status: OfferRecord['status'],
): readonly OfferRecord[] => c.offers.map((o) => (o.offerId === offerId ? { ...o, status } : o))

const opened = (d: CaseEventOf<'CaseOpened'>['data']): AwaitingSellerCase => ({
  status: 'awaiting_seller',
  caseId: d.caseId,
  orderId: d.orderId,
  buyerId: d.buyerId,
  sellerId: d.sellerId,
  currency: d.currency,
  reason: d.reason,
  desiredOutcome: d.desiredOutcome,
  description: d.description,
  lines: d.lines,
  wholeOrder: d.wholeOrder,
  claimedShipping: d.claimedShipping,
  claimedTax: d.claimedTax,
  claimedAmount: d.claimedAmount,
  policy: d.policy,
  openedAt: d.at,
  sellerRespondBy: d.respondBy,
  evidence: d.evidence.map((e) => ({
    ...e,
    addedBy: { role: 'buyer', userId: d.buyerId },
    addedAt: d.at,
  })),
  messageCount: 0,
  respondedAt: null,
  sellerResponse: null,
  sellerResponseReminded: false,
  remindedOfferIds: [],
  offers: [],
  escalationWindowFrom: null,
  escalatedAt: null,
  escalationReason: null,
  assignedAgentId: null,
  priority: 'normal',
  decisionDueAt: null,
  infoRequest: null,
  decision: null,
  appealDueAt: null,
  appeal: null,
  finalDecision: null,
  followUp: null,
  refunds: [],
  reimbursed: minor(0),
  settlement: null,
  closedAt: null,
  closeReason: null,
  countsAgainstSeller: null,
  reputationReason: null,
})

const isNegotiating = (c: Case): c is AwaitingSellerCase | AwaitingBuyerCase =>
  c.status === 'awaiting_seller' || c.status === 'awaiting_buyer'

/** A case whose swap failed goes back to the agents (`NoteSwapFailed`). */
const swapFellThrough = (c: Case): boolean =>
  c.status === 'awaiting_follow_up' && c.followUp.kind === 'swap' && c.followUp.status !== 'running'

const backToBuyer = (
  c: AwaitingSellerCase | AwaitingBuyerCase,
  at: Instant,
  offers: readonly OfferRecord[],
): AwaitingBuyerCase => ({
  ...c,
  status: 'awaiting_buyer',
  offers,
  respondedAt: c.respondedAt ?? at,
  escalationWindowFrom: at,
})

/** Back to the agent after an information request: the appeal review or the first instance. */
const backToAgent = (c: AwaitingInfoCase, evidence: readonly EvidenceRecord[]): Case => {
  if (c.appeal !== null && c.decision !== null) {
    return {
      ...c,
      status: 'appealed',
      infoRequest: null,
      evidence,
      appeal: c.appeal,
      decision: c.decision,
    }
  }
  return { ...c, status: 'escalated', infoRequest: null, evidence }
}

const followUpKindOf = (outcome: DecisionRecord['outcome']): FollowUp['kind'] | null =>
  outcome === 'return_required' ? 'return' : outcome === 'replacement' ? 'replacement' : null

const startFollowUp = (c: Case, followUp: FollowUp): Case => {
  if (c.status === 'closed' || c.status === 'awaiting_follow_up') return c
  if (c.status === 'decided') return { ...c, followUp }
  return { ...c, status: 'awaiting_follow_up', followUp, infoRequest: null }
}

const evolveOpen = (c: Case, event: Exclude<CaseEvent, CaseEventOf<'CaseOpened'>>): Case => {
  switch (event.type) {
    case 'ClaimAccepted': {
      const { at } = event.data
      return {
        ...c,
        respondedAt: c.respondedAt ?? at,
        sellerResponse: c.sellerResponse ?? 'accepted',
        settlement: { at, via: 'claim', offeredAt: at },
      }
    }
    case 'ClaimDisputed': {
      if (c.status !== 'awaiting_seller') return c
      const { at, by } = event.data
      return {
        ...c,
        status: 'awaiting_buyer',
        respondedAt: at,
        sellerResponse: 'disputed',
        escalationWindowFrom: at,
        evidence: withEvidence(c, by, at, event.data.evidence),
      }
    }
    case 'OfferMade': {
      if (!isNegotiating(c)) return c
      const { offerId, by, at, terms, respondBy } = event.data
      const offers = [
        ...c.offers,
        {
          offerId,
          by: by.role === 'buyer' ? 'buyer' : 'seller',
          terms,
          madeAt: at,
          respondBy,
          status: 'pending',
        } as const,
      ]
      if (by.role === 'buyer') return { ...c, status: 'awaiting_seller', offers }
      return {
        ...c,
        status: 'awaiting_buyer',
        offers,
        respondedAt: c.respondedAt ?? at,
        sellerResponse: c.sellerResponse ?? 'offered',
        escalationWindowFrom: c.escalationWindowFrom ?? at,
      }
    }
    case 'OfferAccepted': {
      const offer = c.offers.find((o) => o.offerId === event.data.offerId)
      if (offer === undefined) return c
      return {
        ...c,
        offers: setOffer(c, offer.offerId, 'accepted'),
        settlement: { at: event.data.at, via: 'offer', offeredAt: offer.madeAt },
      }
    }
    case 'OfferDeclined': {
      const offers = setOffer(c, event.data.offerId, 'declined')
      return isNegotiating(c) ? backToBuyer(c, event.data.at, offers) : { ...c, offers }
    }
    case 'OfferLapsed': {
      const offers = setOffer(c, event.data.offerId, 'lapsed')
      return event.data.reason === 'expired' && isNegotiating(c)
        ? backToBuyer(c, event.data.at, offers)
        : { ...c, offers }
    }
    case 'SellerResponseReminderDue':
      return { ...c, sellerResponseReminded: true }
    case 'OfferExpiryReminderDue':
      return { ...c, remindedOfferIds: [...(c.remindedOfferIds ?? []), event.data.offerId] }
    case 'EvidenceAdded':
      return {
        ...c,
        evidence: withEvidence(c, event.data.by, event.data.at, [event.data.evidence]),
      }
    case 'CaseMessagePosted':
      return { ...c, messageCount: c.messageCount + 1 }
    case 'CaseEscalated': {
      if (!isNegotiating(c) && !swapFellThrough(c)) return c
      const { at, reason, decisionDueAt } = event.data
      return {
        ...c,
        status: 'escalated',
        escalatedAt: at,
        escalationReason: reason,
        decisionDueAt,
        priority: 'normal',
      }
    }
    case 'CaseAssigned':
      return { ...c, assignedAgentId: event.data.agentId }
    case 'InformationRequested': {
      if (c.status !== 'escalated' && c.status !== 'appealed') return c
      const { at, by, from, question, dueAt } = event.data
      return {
        ...c,
        status: 'awaiting_info',
        infoRequest: { from, question, requestedBy: by.userId, requestedAt: at, dueAt },
      }
    }
    case 'InformationProvided':
      if (c.status !== 'awaiting_info') return c
      return backToAgent(c, withEvidence(c, event.data.by, event.data.at, event.data.evidence))
    case 'InformationRequestExpired':
      return c.status === 'awaiting_info' ? backToAgent(c, c.evidence) : c
    case 'CaseDecisionOverdue':
      return { ...c, priority: 'breached' }
    case 'CaseDecided': {
      if (c.status !== 'escalated' && c.status !== 'awaiting_info') return c
      const { appealDueAt, currency: _currency, ...decision } = event.data
      return { ...c, status: 'decided', decision, appealDueAt, infoRequest: null }
    }
    case 'CaseAppealed': {
      if (c.status !== 'decided') return c
      const { at, by, newInformation, decisionDueAt } = event.data
      return {
        ...c,
        status: 'appealed',
        appeal: { by: by.role === 'buyer' ? 'buyer' : 'seller', at, newInformation },
        escalatedAt: c.escalatedAt ?? at,
        decisionDueAt,
        priority: 'normal',
        assignedAgentId: null,
        evidence: withEvidence(c, by, at, event.data.evidence),
      }
    }
    case 'AppealDecided': {
      if (c.status !== 'appealed' && c.status !== 'awaiting_info') return c
      if (
        c.decision === null ||
        c.appeal === null ||
        c.escalatedAt === null ||
        c.decisionDueAt === null
      )
        return c
      const {
        originalDecisionId: _original,
        upheld: _upheld,
        currency: _currency,
        ...finalDecision
      } = event.data
      const decided = {
        ...c,
        finalDecision,
        infoRequest: null,
        decision: c.decision,
        appeal: c.appeal,
      }
      const kept =
        c.followUp !== null &&
        c.followUp.status === 'running' &&
        followUpKindOf(finalDecision.outcome) === c.followUp.kind
      if (kept && c.followUp !== null)
        return { ...decided, status: 'awaiting_follow_up', followUp: c.followUp }
      return {
        ...decided,
        status: 'appealed',
        escalatedAt: c.escalatedAt,
        decisionDueAt: c.decisionDueAt,
      }
    }
    case 'DecisionBecameFinal':
      if (c.status !== 'decided' || c.followUp === null || c.followUp.status !== 'running') return c
      return { ...c, status: 'awaiting_follow_up', followUp: c.followUp }
    case 'RefundDue': {
      const { refundKey, amount, funding } = event.data
      return { ...c, refunds: [...c.refunds, { refundKey, amount, funding }] }
    }
    case 'ReturnRequired': {
      const d = event.data
      return startFollowUp(c, {
        kind: 'return',
        key: d.returnKey,
        status: 'running',
        startedAt: d.at,
        refundOnCompletion: d.refundOnCompletion,
        deliverBy: null,
        funding: d.funding,
      })
    }
    case 'ReplacementRequired': {
      const d = event.data
      return startFollowUp(c, {
        kind: 'replacement',
        key: d.replacementKey,
        status: 'running',
        startedAt: d.at,
        refundOnCompletion: null,
        deliverBy: d.deliverBy,
        funding: d.funding,
      })
    }
    case 'FollowUpCancelled':
      return c.followUp === null ? c : { ...c, followUp: { ...c.followUp, status: 'cancelled' } }
    case 'SellerReimbursementDue':
      return { ...c, reimbursed: addMinor(c.reimbursed, event.data.amount) }
    case 'CaseSwapLinked': {
      const d = event.data
      if (c.status !== 'escalated') return c
      return {
        ...c,
        status: 'awaiting_follow_up',
        followUp: {
          kind: 'swap',
          key: d.swapId,
          status: 'running',
          startedAt: d.at,
          refundOnCompletion: null,
          deliverBy: null,
          funding: 'marketplace',
          fault: d.fault,
        },
      }
    }
    case 'FollowUpEnded': {
      if (c.followUp === null) return c
      const status =
        event.data.outcome === 'return_completed' ||
        event.data.outcome === 'replacement_delivered' ||
        event.data.outcome === 'swap_completed'
          ? 'completed'
          : event.data.outcome === 'return_not_shipped'
            ? 'not_shipped'
            : 'failed'
      return { ...c, followUp: { ...c.followUp, status } }
    }
    case 'CaseClosed': {
      const { at, closeReason, countsAgainstSeller, reputationReason } = event.data
      return {
        ...c,
        status: 'closed',
        closedAt: at,
        closeReason,
        countsAgainstSeller,
        reputationReason,
        offers: c.offers.map((o) => (o.status === 'pending' ? { ...o, status: 'lapsed' } : o)),
        infoRequest: null,
      }
    }
  }
}

/** Folds one fact into the case. Total: a fact that does not apply to the state leaves it as it is. */
export const evolveCase = (state: CaseState, event: CaseEvent): CaseState => {
  if (event.type === 'CaseOpened') return state.status === 'none' ? opened(event.data) : state
  if (state.status === 'none') return state
  return evolveOpen(state, event)
}
