import { describe, expect, it } from 'vitest'
import { presetNames, presets } from '../../../policy/presets.ts'
import { instant } from '../../../policy/time.ts'
import { type CaseId, type OrderLineId, asId } from '../../shared/ids.ts'
import { minor } from '../../shared/money.ts'
import { specFor } from '../../shared/spec.ts'
import { activeCaseDeadline } from '../deadline.ts'
import {
  aWorld,
  agent,
  agent2,
  agentId,
  buyer,
  buyerId,
  caseContext,
  daysAfter,
  decide,
  decideAppeal,
  expire,
  fire,
  friday,
  hoursAfter,
  makeOffer,
  measured,
  offerId,
  openCase,
  openFor,
  partialRefund,
  scheduler,
  seller,
  story,
  wednesday,
} from '../fixtures.ts'
import { caseDecider } from '../index.ts'
import {
  accept,
  appeal,
  appealedCase,
  at,
  decidedCase,
  decline,
  dispute,
  escalate,
  escalatedCase,
  offeredCase,
  opened,
  openedCase,
  world,
} from './stories.ts'

const { given } = specFor(caseDecider)

describe('case decider', () => {
  describe.each(presetNames)('under the %s preset, the core lifecycle', (preset) => {
    const w = aWorld({ policy: presets[preset] })

    it('settles by an accepted offer, closing with reputation facts', () => {
      const s = offeredCase(w)
      given(...s.events)
        .when(accept(), s.context(buyer, at(3)))
        .thenMatch(
          { type: 'OfferAccepted' },
          {
            type: 'RefundDue',
            data: { amount: 1500, destination: presets[preset].refunds.caseRefundDestination },
          },
          { type: 'CaseClosed', data: { closeReason: 'settled' } },
        )
    })

    it('escalates, is decided, appealed and decided finally by another agent', () => {
      const s = appealedCase(w, { outcome: 'seller_favor', fault: 'none' })
      expect(s.state.status).toBe('appealed')
      given(...s.events)
        .when(
          decideAppeal({ outcome: 'refund_full', fault: 'seller' }),
          s.context(agent2, daysAfter(opened, 4)),
        )
        .thenMatch(
          { type: 'CaseAssigned' },
          { type: 'AppealDecided', data: { upheld: false } },
          {
            type: 'RefundDue',
            data: { amount: 4800, funding: presets[preset].refunds.fundingByFault.seller },
          },
          {
            type: 'CaseClosed',
            data: { closeReason: 'appeal_decided', countsAgainstSeller: true },
          },
        )
      given(...s.events)
        .when(decideAppeal(), s.context(agent, daysAfter(opened, 4)))
        .thenRejects('APPEAL_NEEDS_DIFFERENT_AGENT')
    })

    it('closes a decided case when its appeal window passes, and then nothing is live', () => {
      const closed = fire(decidedCase(w))
      expect(closed.state).toMatchObject({ status: 'closed', closeReason: 'decided' })
      expect(activeCaseDeadline(closed.state)).toBeNull()
    })
  })

  describe('under the Poshmark preset', () => {
    const posh = aWorld({ policy: presets.poshmark })
    const day4 = daysAfter(wednesday, 4)

    it('opens not-as-described within 3 days of delivery, with photos', () => {
      given()
        .when(openCase(), caseContext(posh, buyer, friday))
        .thenMatch({
          type: 'CaseOpened',
          data: { policy: { preset: 'poshmark' }, respondBy: daysAfter(friday, 3) },
        })
    })

    it('refuses on day 4: CASE_WINDOW_ELAPSED with the date the window closed', () => {
      given()
        .when(openCase(), caseContext(posh, buyer, day4))
        .thenRejects('CASE_WINDOW_ELAPSED', { closedAt: daysAfter(wednesday, 3) })
    })

    it('refuses changed mind and doesn’t fit: REASON_NOT_COVERED', () => {
      given()
        .when(openFor('changed_mind'), caseContext(posh, buyer, friday))
        .thenRejects('REASON_NOT_COVERED', { reason: 'changed_mind', preset: 'poshmark' })
      given()
        .when(openFor('doesnt_fit'), caseContext(posh, buyer, friday))
        .thenRejects('REASON_NOT_COVERED', { reason: 'doesnt_fit', preset: 'poshmark' })
    })

    it('needs photos of the problem: EVIDENCE_REQUIRED', () => {
      given()
        .when(openCase({ evidence: [measured()] }), caseContext(posh, buyer, friday))
        .thenRejects('EVIDENCE_REQUIRED', { reason: 'not_as_described' })
    })

    it('plays the whole case: dispute with measurements, escalation, return required at the marketplace’s cost', () => {
      const opened = story(posh).act(buyer, friday, openCase())
      const disputed = opened.act(seller, hoursAfter(friday, 5), dispute)
      expect(disputed.events.at(-1)).toMatchObject({
        type: 'ClaimDisputed',
        data: { evidence: [{ kind: 'measurements', measurements: { chest: '52 cm' } }] },
      })
      const escalated = disputed.act(buyer, daysAfter(friday, 1), escalate)
      expect(escalated.events.at(-1)).toMatchObject({
        type: 'CaseEscalated',
        data: { reason: 'buyer_requested' },
      })
      given(...escalated.events)
        .when(
          decide({ outcome: 'return_required', fault: 'seller' }),
          escalated.context(agent, daysAfter(friday, 2)),
        )
        .thenMatch(
          { type: 'CaseAssigned', data: { agentId } },
          {
            type: 'CaseDecided',
            data: { outcome: 'return_required', fault: 'seller', funding: 'seller' },
          },
          {
            type: 'ReturnRequired',
            data: {
              returnKey: 'decision-1',
              returnShippingPaidBy: 'marketplace',
              refundOnCompletion: 4800,
              destination: 'marketplace_credit',
              funding: 'seller',
              cause: 'decision',
            },
          },
        )
    })
  })

  describe('under the eBay preset', () => {
    const ebay = aWorld({ policy: presets.ebay })
    const s = story(ebay).act(buyer, friday, openCase())
    /** Friday 09:00 New York + 3 business days, over the weekend: Wednesday 09:00. */
    const wednesdayDue = instant('2026-12-02T14:00:00Z')

    it('gives the silent seller 3 business days, skipping the weekend', () => {
      expect(activeCaseDeadline(s.state)).toEqual({ kind: 'seller_response', dueAt: wednesdayDue })
    })

    it('escalates on its own at the right moment', () => {
      given(...s.events)
        .when(expire('seller_response', wednesdayDue), s.context(scheduler, wednesdayDue))
        .then({
          type: 'CaseEscalated',
          data: {
            at: wednesdayDue,
            by: null,
            reason: 'seller_response_overdue',
            statement: null,
            decisionDueAt: hoursAfter(wednesdayDue, 48),
          },
        })
    })

    it('does nothing an hour before', () => {
      given(...s.events)
        .when(
          expire('seller_response', wednesdayDue),
          s.context(scheduler, hoursAfter(wednesdayDue, -1)),
        )
        .thenNothing()
    })
  })

  describe('under the Mercado Libre preset', () => {
    const ml = aWorld({ policy: presets.mercadolibre })
    const s = openedCase(ml).act(seller, at(24), makeOffer(partialRefund(1500)))

    it('a partial refund offered and accepted within 72 h settles without counting against the seller', () => {
      given(...s.events)
        .when(accept(), s.context(buyer, at(48)))
        .then(
          {
            type: 'OfferAccepted',
            data: {
              offerId: offerId(1),
              by: { role: 'buyer', userId: buyerId },
              at: at(48),
              terms: partialRefund(1500),
              currency: 'USD',
            },
          },
          {
            type: 'RefundDue',
            data: {
              refundKey: 'offer-1',
              caseId: asId<CaseId>('case-1'),
              orderId: world.order.orderId,
              at: at(48),
              amount: minor(1500),
              currency: 'USD',
              destination: 'original_payment',
              funding: 'seller',
              allocation: {
                lines: [{ lineId: asId<OrderLineId>('line-1'), amount: minor(1250) }],
                shipping: minor(156),
                tax: minor(94),
              },
              cause: 'offer_accepted',
            },
          },
          {
            type: 'CaseClosed',
            data: {
              at: at(48),
              by: { role: 'buyer', userId: buyerId },
              closeReason: 'settled',
              countsAgainstSeller: false,
              reputationReason: 'settled_in_grace',
            },
          },
        )
    })

    it('accepted after 72 h, the settlement counts', () => {
      given(...s.events)
        .when(accept(), s.context(buyer, at(72)))
        .thenMatch(
          { type: 'OfferAccepted' },
          { type: 'RefundDue' },
          { type: 'CaseClosed', data: { countsAgainstSeller: true, reputationReason: 'settled' } },
        )
    })

    it('a second offer is refused: OFFER_LIMIT_REACHED', () => {
      const declined = s.act(buyer, at(30), decline())
      given(...declined.events)
        .when(makeOffer(partialRefund(2500), 2), declined.context(seller, at(31)))
        .thenRejects('OFFER_LIMIT_REACHED', { maxOffers: 1 })
      given(...s.events)
        .when(makeOffer(partialRefund(2500), 2), s.context(seller, at(25)))
        .thenRejects('OFFER_LIMIT_REACHED', { maxOffers: 1 })
    })
  })

  describe('under the Walmart preset', () => {
    const walmart = aWorld({ policy: presets.walmart })
    const s = openedCase(walmart)

    it('escalates a silent seller after 48 hours', () => {
      expect(activeCaseDeadline(s.state)).toEqual({ kind: 'seller_response', dueAt: at(48) })
      given(...s.events)
        .when(expire('seller_response', at(48)), s.context(scheduler, at(48)))
        .thenMatch({ type: 'CaseEscalated', data: { reason: 'seller_response_overdue' } })
    })

    it('plays a partial refund decided, then raised on appeal', () => {
      const decided = escalatedCase(walmart).act(
        agent,
        at(6),
        decide({ outcome: 'refund_partial', amount: minor(2000) }),
      )
      expect(decided.world.refundable).toBe(2800)
      const appealed = decided.act(buyer, at(30), appeal)
      given(...appealed.events)
        .when(decideAppeal({ outcome: 'refund_full' }), appealed.context(agent2, at(40)))
        .thenMatch(
          { type: 'CaseAssigned' },
          { type: 'AppealDecided' },
          { type: 'RefundDue', data: { amount: 2800 } },
          { type: 'CaseClosed' },
        )
    })
  })
})
