/** Builders for abuse-appeal tests, on the order fixtures' fixed clock (Monday 2026-11-23 14:00 UTC). */
import type { Instant } from '../../policy/time.ts'
import { admin, agent, buyer, buyerId, hoursAfter, monday } from '../order/fixtures.ts'
import type { Actor } from '../shared/actor.ts'
import { asId, type AbuseAppealId, type UserId } from '../shared/ids.ts'
import type { DecideAbuseAppeal, FileAbuseAppeal } from './commands.ts'
import type { AbuseAppealContext, AppealableRecord } from './decide.ts'
import type { AbuseAppealEvent, AbuseAppealOutcome, AppealedSignal } from './events.ts'

export { admin, agent, buyer, buyerId, hoursAfter, monday }

export const appealId = asId<AbuseAppealId>('appeal-1')
export const otherAppealId = asId<AbuseAppealId>('appeal-2')
export const agentId = asId<UserId>(agent.id)
export const filedAt = monday
export const window = { from: '2026-08-26', to: '2026-11-23', days: 90 } as const

export const highReturnRate: AppealedSignal = {
  code: 'high_return_rate',
  value: 0.5,
  threshold: 0.3,
  text: '2 returns on 4 orders (50 %, limit 30 %).',
}
export const claimsDenied: AppealedSignal = {
  code: 'claims_denied',
  value: 2,
  threshold: 2,
  text: '2 cases were decided for the seller.',
}

export const aRecord = (overrides: Partial<AppealableRecord> = {}): AppealableRecord => ({
  signals: [highReturnRate, claimsDenied],
  window,
  openAppealId: null,
  ...overrides,
})

export const appealContext = (
  actor: Actor,
  now: Instant,
  record?: AppealableRecord,
): AbuseAppealContext =>
  record === undefined ? { meta: { actor, now } } : { meta: { actor, now }, record }

export const fileAppeal = (overrides: Partial<FileAbuseAppeal> = {}): FileAbuseAppeal => ({
  type: 'FileAbuseAppeal',
  appealId,
  statement: 'Both returns were sizes the seller listed wrong; see the cases.',
  ...overrides,
})

export const decideAppeal = (
  outcome: AbuseAppealOutcome,
  rationale = 'The listings gave the wrong sizes; the returns were the sellers’ fault.',
): DecideAbuseAppeal => ({ type: 'DecideAbuseAppeal', outcome, rationale })

export const appealFiled = (at: Instant = filedAt): AbuseAppealEvent => ({
  type: 'AbuseAppealFiled',
  data: {
    appealId,
    buyerId,
    statement: 'Both returns were sizes the seller listed wrong; see the cases.',
    signals: [highReturnRate, claimsDenied],
    window,
    at,
  },
})

export const appealDecided = (
  outcome: AbuseAppealOutcome,
  at: Instant = hoursAfter(filedAt, 26),
): AbuseAppealEvent => ({
  type: 'AbuseAppealDecided',
  data: {
    appealId,
    buyerId,
    outcome,
    rationale: 'The listings gave the wrong sizes; the returns were the sellers’ fault.',
    by: { role: 'agent', userId: agentId },
    at,
  },
})
