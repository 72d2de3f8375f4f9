import { describe, expect, it } from 'vitest'
import { defaultPolicy, presets } from '../../policy/presets.ts'
import { instant, type Instant } from '../../policy/time.ts'
import type { Actor } from '../shared/actor.ts'
import { availableCaseActions, type CaseActionName } from './actions.ts'
import { initialCaseState } from './state.ts'
import {
  agent,
  agent2,
  agentId,
  aWorld,
  buyer,
  daysAfter,
  decide,
  fire,
  hoursAfter,
  makeOffer,
  offerId,
  openCase,
  partialRefund,
  seller,
  story,
  strangerBuyer,
  wednesday,
  type Story,
} from './fixtures.ts'

const opened = daysAfter(wednesday, 1)
const at = (h: number) => hoursAfter(opened, h)
const respondBy = instant('2026-12-01T14:00:00Z')
const world = aWorld()
const s0 = story(world).act(buyer, opened, openCase())

const actions = (s: Story, actor: Actor, now: Instant) =>
  availableCaseActions(s.state, actor, { ...s.world, now })
const names = (s: Story, actor: Actor, now: Instant): CaseActionName[] =>
  actions(s, actor, now).map((a) => a.action)

describe('available case actions', () => {
  describe('before a case exists', () => {
    it('offers the buyer to open one until the window closes', () => {
      expect(availableCaseActions(initialCaseState, buyer, { ...world, now: opened })).toEqual([
        { action: 'open_case', dueAt: daysAfter(wednesday, 30) },
      ])
      expect(
        availableCaseActions(initialCaseState, buyer, { ...world, now: daysAfter(wednesday, 31) }),
      ).toEqual([])
      expect(availableCaseActions(initialCaseState, seller, { ...world, now: opened })).toEqual([])
    })
  })

  describe('when awaiting the seller', () => {
    it('the seller’s responses are bound to the seller-response deadline', () => {
      expect(actions(s0, seller, at(1))).toEqual([
        { action: 'accept_claim', dueAt: respondBy },
        { action: 'dispute_claim', dueAt: respondBy },
        { action: 'make_offer', dueAt: respondBy },
        { action: 'add_evidence' },
        { action: 'post_message' },
      ])
    })

    it('the buyer may not escalate yet; a stranger may do nothing', () => {
      expect(names(s0, buyer, at(1))).toEqual(['add_evidence', 'post_message', 'withdraw'])
      expect(names(s0, strangerBuyer, at(1))).toEqual([])
      expect(names(s0, agent, at(1))).toEqual(['add_evidence', 'post_message'])
    })

    it('the buyer may escalate once the response time passed, when silence does nothing', () => {
      const patient = story(
        aWorld({
          policy: { ...defaultPolicy, cases: { ...defaultPolicy.cases, onSellerSilence: 'none' } },
        }),
      ).act(buyer, opened, openCase())
      expect(names(patient, buyer, respondBy)).toContain('escalate')
    })
  })

  describe('when an offer is open', () => {
    const offered = s0.act(seller, at(2), makeOffer(partialRefund(1500)))
    const offerDue = daysAfter(at(2), 3)

    it('the buyer answers, counters or escalates; the answer is bound to the offer deadline', () => {
      expect(actions(offered, buyer, at(3))).toEqual([
        { action: 'make_offer', dueAt: offerDue },
        { action: 'accept_offer', dueAt: offerDue },
        { action: 'decline_offer', dueAt: offerDue },
        { action: 'add_evidence' },
        { action: 'post_message' },
        { action: 'escalate' },
        { action: 'withdraw' },
      ])
    })

    it('the seller waits (and may escalate)', () => {
      expect(names(offered, seller, at(3))).toEqual([
        'accept_claim',
        'add_evidence',
        'post_message',
        'escalate',
      ])
    })

    it('Mercado Libre: after its one offer, the seller is offered no other', () => {
      const ml = story(aWorld({ policy: presets.mercadolibre }))
        .act(buyer, opened, openCase())
        .act(seller, at(2), makeOffer(partialRefund(1500)))
      const declined = ml.act(buyer, at(3), { type: 'DeclineOffer', offerId: offerId(1) })
      expect(names(declined, seller, at(4))).not.toContain('make_offer')
    })
  })

  describe('after the seller disputed', () => {
    const disputed = s0.act(seller, at(2), { type: 'DisputeClaim', statement: 'As listed.' })

    it('the buyer’s escalation is bound to the escalation window', () => {
      expect(actions(disputed, buyer, at(3))).toContainEqual({
        action: 'escalate',
        dueAt: daysAfter(at(2), 14),
      })
    })
  })

  describe('when escalated', () => {
    const escalated = s0
      .act(seller, at(2), { type: 'DisputeClaim', statement: 'As listed.' })
      .act(buyer, at(3), { type: 'Escalate' })

    it('agents assign, ask and decide by the SLA', () => {
      expect(actions(escalated, agent, at(4))).toEqual([
        { action: 'add_evidence' },
        { action: 'post_message' },
        { action: 'assign' },
        { action: 'request_information' },
        { action: 'decide', dueAt: at(51) },
        { action: 'link_swap' },
      ])
    })

    it('only the assignee decides; others may take the case over', () => {
      const assigned = escalated.act(agent, at(4), { type: 'AssignCase', agentId })
      expect(names(assigned, agent2, at(5))).toEqual(['add_evidence', 'post_message', 'assign'])
    })

    it('the party asked for information answers by the request deadline', () => {
      const asked = escalated.act(agent, at(4), {
        type: 'RequestInformation',
        from: 'seller',
        question: 'Tracking?',
      })
      expect(actions(asked, seller, at(5))).toContainEqual({
        action: 'provide_information',
        dueAt: daysAfter(at(4), 3),
      })
      expect(names(asked, buyer, at(5))).not.toContain('provide_information')
    })
  })

  describe('when decided and appealed', () => {
    const decided = s0
      .act(seller, at(2), { type: 'DisputeClaim', statement: 'As listed.' })
      .act(buyer, at(3), { type: 'Escalate' })
      .act(agent, at(4), decide({ outcome: 'seller_favor', fault: 'none' }))
    const appealDueAt = instant('2026-12-26T18:00:00Z')

    it('either party may appeal until the window closes', () => {
      expect(actions(decided, buyer, at(5))).toContainEqual({
        action: 'appeal',
        dueAt: appealDueAt,
      })
      expect(names(decided, seller, at(5))).toContain('appeal')
      expect(names(decided, buyer, appealDueAt)).not.toContain('appeal')
    })

    it('the first decider may not review the appeal', () => {
      const appealed = decided.act(buyer, at(6), { type: 'Appeal', newInformation: 'New photos.' })
      expect(names(appealed, agent, at(7))).not.toContain('decide_appeal')
      expect(names(appealed, agent2, at(7))).toContain('decide_appeal')
    })

    it('nothing is left once closed', () => {
      const closed = fire(decided)
      expect(closed.state.status).toBe('closed')
      for (const actor of [buyer, seller, agent]) expect(names(closed, actor, at(900))).toEqual([])
    })
  })
})
