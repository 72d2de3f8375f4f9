import { describe, expect, it } from 'vitest'
import { integration, seller, strangerBuyer } from '../order/fixtures.ts'
import { specFor } from '../shared/spec.ts'
import { availableAbuseAppealActions, canFileAbuseAppeal } from './actions.ts'
import {
  admin,
  agent,
  agentId,
  appealContext,
  appealDecided,
  appealFiled,
  appealId,
  aRecord,
  buyer,
  buyerId,
  claimsDenied,
  decideAppeal,
  fileAppeal,
  filedAt,
  highReturnRate,
  hoursAfter,
  otherAppealId,
  window,
} from './fixtures.ts'
import { abuseAppealDecider } from './index.ts'
import { APPEAL_STATEMENT_MAX_LENGTH, isWorseThanCleared } from './rules.ts'

const { given } = specFor(abuseAppealDecider)
const later = hoursAfter(filedAt, 26)

describe('abuse appeal decider', () => {
  describe('when the buyer has signals on its record', () => {
    it('files the appeal with the statement and a snapshot of the signals raised now', () => {
      given()
        .when(
          fileAppeal({ statement: '  Both returns were the seller’s sizing.  ' }),
          appealContext(buyer, filedAt, aRecord()),
        )
        .then({
          type: 'AbuseAppealFiled',
          data: {
            appealId,
            buyerId,
            statement: 'Both returns were the seller’s sizing.',
            signals: [highReturnRate, claimsDenied],
            window,
            at: filedAt,
          },
        })
    })

    it('refuses a record with nothing to appeal', () => {
      given()
        .when(fileAppeal(), appealContext(buyer, filedAt, aRecord({ signals: [] })))
        .thenRejects('NO_ABUSE_SIGNALS')
      given().when(fileAppeal(), appealContext(buyer, filedAt)).thenRejects('NO_ABUSE_SIGNALS')
    })

    it('refuses a second appeal while one is open', () => {
      given()
        .when(
          fileAppeal({ appealId: otherAppealId }),
          appealContext(buyer, filedAt, aRecord({ openAppealId: appealId })),
        )
        .thenRejects('APPEAL_ALREADY_OPEN', { appealId })
    })

    it('needs a statement, and not a document', () => {
      given()
        .when(fileAppeal({ statement: '   ' }), appealContext(buyer, filedAt, aRecord()))
        .thenRejects('STATEMENT_REQUIRED')
      given()
        .when(
          fileAppeal({ statement: 'x'.repeat(APPEAL_STATEMENT_MAX_LENGTH + 1) }),
          appealContext(buyer, filedAt, aRecord()),
        )
        .thenRejects('STATEMENT_TOO_LONG', {
          maxLength: APPEAL_STATEMENT_MAX_LENGTH,
          length: APPEAL_STATEMENT_MAX_LENGTH + 1,
        })
    })

    it('is filed by the buyer only', () => {
      for (const actor of [seller, agent, admin, integration])
        given()
          .when(fileAppeal(), appealContext(actor, filedAt, aRecord()))
          .thenRejects('ACTOR_NOT_ALLOWED', { actorKind: actor.kind, allowed: ['buyer'] })
    })

    it('offers the buyer, and only the buyer, to appeal', () => {
      expect(canFileAbuseAppeal(buyer, buyerId, 2, null)).toBe(true)
      expect(canFileAbuseAppeal(buyer, buyerId, 0, null)).toBe(false)
      expect(canFileAbuseAppeal(buyer, buyerId, 2, appealId)).toBe(false)
      expect(canFileAbuseAppeal(strangerBuyer, buyerId, 2, null)).toBe(false)
      expect(canFileAbuseAppeal(agent, buyerId, 2, null)).toBe(false)
    })
  })

  describe('when the appeal is open', () => {
    it('is cleared by an agent with a rationale', () => {
      given(appealFiled())
        .when(decideAppeal('cleared'), appealContext(agent, later))
        .then(appealDecided('cleared', later))
    })

    it('is upheld by an admin too, who is named as the decider', () => {
      given(appealFiled())
        .when(decideAppeal('upheld', ' Four returns of worn items. '), appealContext(admin, later))
        .thenMatch({
          type: 'AbuseAppealDecided',
          data: {
            outcome: 'upheld',
            rationale: 'Four returns of worn items.',
            by: { role: 'admin', userId: admin.id },
          },
        })
    })

    it('needs a rationale the buyer can read', () => {
      given(appealFiled())
        .when(decideAppeal('cleared', ' '), appealContext(agent, later))
        .thenRejects('RATIONALE_REQUIRED')
    })

    it('is not decided by the buyer, a seller or the integration', () => {
      for (const actor of [buyer, seller, integration])
        given(appealFiled())
          .when(decideAppeal('cleared'), appealContext(actor, later))
          .thenRejects('ACTOR_NOT_ALLOWED', { allowed: ['agent', 'admin'] })
    })

    it('ignores the same filing repeated, and refuses another appeal under its id', () => {
      given(appealFiled())
        .when(fileAppeal(), appealContext(buyer, later, aRecord()))
        .thenNothing()
      given(appealFiled())
        .when(fileAppeal({ appealId: otherAppealId }), appealContext(buyer, later, aRecord()))
        .thenRejects('APPEAL_EXISTS', { appealId })
    })

    it('shows staff the decide buttons, and nobody else', () => {
      const { state } = given(appealFiled())
      expect(availableAbuseAppealActions(state, agent)).toEqual([
        { action: 'clear' },
        { action: 'uphold' },
      ])
      expect(availableAbuseAppealActions(state, buyer)).toEqual([])
    })
  })

  describe('when the appeal was decided', () => {
    it('refuses a second decision, saying how it went', () => {
      given(appealFiled(), appealDecided('upheld', later))
        .when(decideAppeal('cleared'), appealContext(agent, hoursAfter(later, 1)))
        .thenRejects('APPEAL_ALREADY_DECIDED', {
          status: 'upheld',
          outcome: 'upheld',
          decidedAt: later,
        })
    })

    it('keeps the decision and the snapshot it covers', () => {
      const { state } = given(appealFiled(), appealDecided('cleared', later))
      expect(state).toMatchObject({
        status: 'cleared',
        signals: [highReturnRate, claimsDenied],
        decision: { outcome: 'cleared', by: { role: 'agent', userId: agentId }, at: later },
      })
      expect(availableAbuseAppealActions(state, agent)).toEqual([])
    })
  })

  describe('when there is no appeal', () => {
    it('has nothing to decide', () => {
      given()
        .when(decideAppeal('cleared'), appealContext(agent, later))
        .thenRejects('APPEAL_NOT_FOUND')
    })
  })

  it('flags a cleared signal again only when its value rises above the cleared one', () => {
    expect(isWorseThanCleared(0.5, 0.5)).toBe(false)
    expect(isWorseThanCleared(2 / 4, 0.5)).toBe(false)
    expect(isWorseThanCleared(0.4, 0.5)).toBe(false)
    expect(isWorseThanCleared(3 / 5, 0.5)).toBe(true)
    expect(isWorseThanCleared(3, 2)).toBe(true)
  })
})
