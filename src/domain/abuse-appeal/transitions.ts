import type { Transitions } from '../shared/decider.ts'
import type { AbuseAppealStatus } from './state.ts'

/** Legal appeal status moves: filed, then decided once, either way. */
export const abuseAppealTransitions = {
  none: ['open'],
  open: ['cleared', 'upheld'],
  cleared: [],
  upheld: [],
} as const satisfies Transitions<AbuseAppealStatus>

export const abuseAppealInitialStatuses = ['none'] as const satisfies readonly AbuseAppealStatus[]

export const abuseAppealTerminalStatuses = [
  'cleared',
  'upheld',
] as const satisfies readonly AbuseAppealStatus[]
