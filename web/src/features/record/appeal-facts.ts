import type { AbuseAppealStatus } from '../../api/abuse-appeals.ts'
import type { Tone } from '../../lib/labels.ts'

/** An appeal's status as its buyer and the agents read it. */
export const appealStatusLabel = (status: AbuseAppealStatus): [string, Tone] => {
  switch (status) {
    case 'open':
      return ['With an agent', 'info']
    case 'cleared':
      return ['Cleared', 'success']
    case 'upheld':
      return ['Upheld', 'warning']
  }
}

/** What each signal means, in a few words (the record's `text` carries the numbers). */
export const signalTitles: Readonly<Record<string, string>> = {
  high_return_rate: 'Many returns',
  high_claim_rate: 'Many cases',
  frequent_cancellations: 'Many cancellations',
  claims_denied: 'Cases decided for the seller',
  returns_not_shipped: 'Returns never sent back',
  evidence_reused: 'Photos used on other cases',
}

export const signalTitle = (code: string): string => signalTitles[code] ?? code.replaceAll('_', ' ')
