import { describe, expect, it } from 'vitest'
import { instant } from '../../policy/time.ts'
import {
  asId,
  type CaseId,
  type EvidenceId,
  type OfferId,
  type OrderLineId,
  type UserId,
} from '../shared/ids.ts'
import { minor } from '../shared/money.ts'
import { explainCaseRejection, type CaseRejection, type CaseRejectionCode } from './rejections.ts'
import type { DecisionId } from './vocabulary.ts'

const t = instant('2026-11-28T14:00:00Z')
const offer = asId<OfferId>('offer-1')

/** One refusal of every code; the mapped type fails to compile when a code is added without a sample. */
const samples: { readonly [C in CaseRejectionCode]: Extract<CaseRejection, { code: C }> } = {
  NOT_A_PARTY: { code: 'NOT_A_PARTY' },
  CASE_ALREADY_SWAPPED: {
    code: 'CASE_ALREADY_SWAPPED',
    caseId: asId<CaseId>('case-0'),
    swapId: 'swap-1',
  },
  SWAP_REASON_NOT_ALLOWED: {
    code: 'SWAP_REASON_NOT_ALLOWED',
    caseId: asId<CaseId>('case-0'),
    reason: 'damaged',
    allowed: ['wrong_item', 'not_as_described'],
  },
  ROLE_NOT_ALLOWED: { code: 'ROLE_NOT_ALLOWED', role: 'buyer', command: 'AcceptClaim' },
  NOT_ALLOWED_IN_STATUS: {
    code: 'NOT_ALLOWED_IN_STATUS',
    status: 'awaiting_follow_up',
    command: 'Withdraw',
  },
  ORDER_CANCELLED: { code: 'ORDER_CANCELLED', cancelledAt: t },
  ORDER_ACCEPTED: { code: 'ORDER_ACCEPTED', acceptedAt: t },
  ORDER_NOT_DELIVERED: { code: 'ORDER_NOT_DELIVERED', estimatedDeliveryAt: t },
  NOT_YET_OPENABLE: { code: 'NOT_YET_OPENABLE', opensAt: t },
  CASE_WINDOW_ELAPSED: { code: 'CASE_WINDOW_ELAPSED', closedAt: t },
  CASE_ALREADY_OPEN: { code: 'CASE_ALREADY_OPEN', caseId: asId<CaseId>('case-0') },
  REASON_NOT_COVERED: { code: 'REASON_NOT_COVERED', reason: 'changed_mind', preset: 'poshmark' },
  EVIDENCE_REQUIRED: { code: 'EVIDENCE_REQUIRED', reason: 'not_as_described' },
  INVALID_EVIDENCE: {
    code: 'INVALID_EVIDENCE',
    evidenceId: asId<EvidenceId>('e-1'),
    problem: 'the file is empty',
  },
  EVIDENCE_ALREADY_ADDED: { code: 'EVIDENCE_ALREADY_ADDED', evidenceId: asId<EvidenceId>('e-1') },
  INVALID_LINES: {
    code: 'INVALID_LINES',
    lineId: asId<OrderLineId>('line-1'),
    problem: 'invalid_quantity',
    maxQuantity: 2,
  },
  TEXT_REQUIRED: { code: 'TEXT_REQUIRED', field: 'rationale' },
  RETURN_NOT_APPLICABLE: { code: 'RETURN_NOT_APPLICABLE', reason: 'not_received' },
  NOTHING_REFUNDABLE: { code: 'NOTHING_REFUNDABLE' },
  INVALID_AMOUNT: { code: 'INVALID_AMOUNT', amount: null, problem: 'missing' },
  OFFER_LIMIT_REACHED: { code: 'OFFER_LIMIT_REACHED', maxOffers: 1 },
  OFFER_EXCEEDS_REFUNDABLE: {
    code: 'OFFER_EXCEEDS_REFUNDABLE',
    maximumRefundable: minor(4800),
    currency: 'USD',
  },
  PAYMENT_DISPUTE_OPEN: {
    code: 'PAYMENT_DISPUTE_OPEN',
    disputedAmount: minor(4000),
    maximumRefundable: minor(0),
  },
  REFUND_EXCEEDS_REFUNDABLE: {
    code: 'REFUND_EXCEEDS_REFUNDABLE',
    maximumRefundable: minor(1500),
    currency: 'BRL',
  },
  OFFER_PENDING: { code: 'OFFER_PENDING', offerId: offer },
  OFFER_ALREADY_EXISTS: { code: 'OFFER_ALREADY_EXISTS', offerId: offer },
  OFFER_NOT_FOUND: { code: 'OFFER_NOT_FOUND', offerId: offer },
  OFFER_NOT_OPEN: { code: 'OFFER_NOT_OPEN', offerId: offer, status: 'declined' },
  NOT_YOUR_OFFER_TO_ANSWER: { code: 'NOT_YOUR_OFFER_TO_ANSWER', offerId: offer },
  ESCALATION_NOT_YET_ALLOWED: { code: 'ESCALATION_NOT_YET_ALLOWED', allowedFrom: t },
  ESCALATION_WINDOW_ELAPSED: { code: 'ESCALATION_WINDOW_ELAPSED', closedAt: t },
  NOT_ASSIGNED_AGENT: { code: 'NOT_ASSIGNED_AGENT', assignedAgentId: asId<UserId>('agent-1') },
  NOT_ASKED_FOR_INFORMATION: { code: 'NOT_ASKED_FOR_INFORMATION', from: 'seller' },
  APPEAL_WINDOW_ELAPSED: { code: 'APPEAL_WINDOW_ELAPSED', closedAt: t },
  APPEAL_NEEDS_DIFFERENT_AGENT: {
    code: 'APPEAL_NEEDS_DIFFERENT_AGENT',
    originalAgentId: asId<UserId>('agent-1'),
  },
  NO_FOLLOW_UP_RUNNING: { code: 'NO_FOLLOW_UP_RUNNING', kind: 'return' },
  DECISION_ID_REUSED: { code: 'DECISION_ID_REUSED', decisionId: asId<DecisionId>('decision-1') },
}

describe('case refusals', () => {
  it.each(Object.values(samples))('explains $code in one sentence', (r) => {
    const sentence = explainCaseRejection(r)
    expect(sentence).toMatch(/^[A-Z"].*[.]$/)
    expect(sentence).not.toMatch(/undefined|null|\[object/)
  })

  it('names dates and money the way people read them', () => {
    expect(explainCaseRejection(samples.CASE_WINDOW_ELAPSED)).toBe(
      'The time to open a case ended on 2026-11-28 14:00 UTC.',
    )
    expect(explainCaseRejection(samples.REFUND_EXCEEDS_REFUNDABLE)).toBe(
      'A refund can be at most 15.00 BRL on this case.',
    )
    expect(explainCaseRejection(samples.ROLE_NOT_ALLOWED)).toBe(
      'A buyer cannot accept the claim on this case.',
    )
    expect(explainCaseRejection(samples.NOT_ALLOWED_IN_STATUS)).toBe(
      'You cannot withdraw the case while the case is awaiting follow up.',
    )
  })
})
