import { describe, expect, it } from 'vitest'
import { instant } from '../../policy/time.ts'
import { appealId } from './fixtures.ts'
import {
  explainAbuseAppealRejection,
  type AbuseAppealRejection,
  type AbuseAppealRejectionCode,
} from './rejections.ts'

/** One of each code; the mapped type fails to compile when a code is added without a sample. */
const samples: {
  readonly [C in AbuseAppealRejectionCode]: Extract<AbuseAppealRejection, { code: C }>
} = {
  APPEAL_NOT_FOUND: { code: 'APPEAL_NOT_FOUND' },
  APPEAL_EXISTS: { code: 'APPEAL_EXISTS', appealId },
  ACTOR_NOT_ALLOWED: { code: 'ACTOR_NOT_ALLOWED', actorKind: 'seller', allowed: ['buyer'] },
  NO_ABUSE_SIGNALS: { code: 'NO_ABUSE_SIGNALS' },
  APPEAL_ALREADY_OPEN: { code: 'APPEAL_ALREADY_OPEN', appealId },
  APPEAL_ALREADY_DECIDED: {
    code: 'APPEAL_ALREADY_DECIDED',
    status: 'cleared',
    outcome: 'cleared',
    decidedAt: instant('2026-11-24T16:00:00Z'),
  },
  STATEMENT_REQUIRED: { code: 'STATEMENT_REQUIRED' },
  STATEMENT_TOO_LONG: { code: 'STATEMENT_TOO_LONG', maxLength: 2000, length: 2400 },
  RATIONALE_REQUIRED: { code: 'RATIONALE_REQUIRED' },
  RATIONALE_TOO_LONG: { code: 'RATIONALE_TOO_LONG', maxLength: 5000, length: 5001 },
}

describe('abuse appeal refusals', () => {
  it.each(Object.values(samples))('explain $code in a sentence', (r) => {
    expect(explainAbuseAppealRejection(r)).toMatch(/^[A-Z].+\.$/)
  })
})
