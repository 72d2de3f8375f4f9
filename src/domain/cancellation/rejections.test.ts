import { describe, expect, it } from 'vitest'
import { instant } from '../../policy/time.ts'
import { cancellationId, caseId } from '../order/fixtures.ts'
import {
  explainCancellationRejection,
  type CancellationRejection,
  type CancellationRejectionCode,
} from './rejections.ts'

/** One of each code; the mapped type fails to compile when a code is added without a sample. */
const samples: {
  readonly [C in CancellationRejectionCode]: Extract<CancellationRejection, { code: C }>
} = {
  NOT_A_PARTY: { code: 'NOT_A_PARTY', required: 'buyer' },
  REASON_NOT_ALLOWED_FOR_SIDE: {
    code: 'REASON_NOT_ALLOWED_FOR_SIDE',
    reason: 'out_of_stock',
    side: 'buyer',
    allowed: ['order_mistake'],
  },
  ORDER_CANCELLED: { code: 'ORDER_CANCELLED', cancelledAt: instant('2026-11-23T15:00:00Z') },
  ALREADY_SHIPPED: { code: 'ALREADY_SHIPPED', shippedAt: instant('2026-11-24T15:00:00Z') },
  CASE_OPEN: { code: 'CASE_OPEN', caseId },
  CANCELLATION_EXISTS: { code: 'CANCELLATION_EXISTS', cancellationId },
  CANCEL_WINDOW_ELAPSED: {
    code: 'CANCEL_WINDOW_ELAPSED',
    closedAt: instant('2026-11-23T14:03:00Z'),
  },
  BUYER_RIGHT_NOT_OPEN: { code: 'BUYER_RIGHT_NOT_OPEN', opensAt: null },
  CANCELLATION_NOT_FOUND: { code: 'CANCELLATION_NOT_FOUND' },
  CANCELLATION_NOT_PENDING: { code: 'CANCELLATION_NOT_PENDING', status: 'approved' },
  DECLINE_REASON_REQUIRED: { code: 'DECLINE_REASON_REQUIRED' },
  ESCALATION_NOT_YET_ALLOWED: {
    code: 'ESCALATION_NOT_YET_ALLOWED',
    allowedFrom: instant('2026-11-24T14:00:00Z'),
  },
  ESCALATION_WINDOW_ELAPSED: {
    code: 'ESCALATION_WINDOW_ELAPSED',
    closedAt: instant('2026-11-27T14:00:00Z'),
  },
  ESCALATION_NOT_OFFERED: { code: 'ESCALATION_NOT_OFFERED', status: 'approved', by: 'buyer' },
  TEXT_REQUIRED: { code: 'TEXT_REQUIRED', field: 'statement' },
  INVALID_EVIDENCE: { code: 'INVALID_EVIDENCE', evidenceId: 'ev-1', problem: 'the file is empty' },
  EVIDENCE_ALREADY_ADDED: { code: 'EVIDENCE_ALREADY_ADDED', evidenceId: 'ev-1' },
  CANCELLATION_NOT_UNDER_REVIEW: { code: 'CANCELLATION_NOT_UNDER_REVIEW', status: 'declined' },
  NOT_ASKED_FOR_INFORMATION: { code: 'NOT_ASKED_FOR_INFORMATION', from: 'seller' },
}

describe('cancellation refusals', () => {
  it.each(Object.values(samples))('explain $code in a sentence', (r) => {
    expect(explainCancellationRejection(r)).toMatch(/^[A-Z'].+\.$/)
  })

  it('put the data in the sentence', () => {
    expect(explainCancellationRejection(samples.CANCEL_WINDOW_ELAPSED)).toBe(
      'The cancellation window closed at 2026-11-23T14:03:00.000Z.',
    )
  })
})
