import { describe, expect, it } from 'vitest'
import { instant } from '../../policy/time.ts'
import { specFor } from '../shared/spec.ts'
import { activeCaseDeadline, pendingCaseReminder, scheduledCaseDeadline } from './deadline.ts'
import {
  aWorld,
  buyer,
  daysAfter,
  expire,
  hoursAfter,
  makeOffer,
  offerId,
  openCase,
  partialRefund,
  scheduler,
  seller,
  story,
  wednesday,
  type Story,
} from './fixtures.ts'
import { caseDecider } from './index.ts'

const { given } = specFor(caseDecider)

/** Thursday 2026-11-26 14:00 UTC, the day after delivery. */
const opened = daysAfter(wednesday, 1)
const at = (hours: number) => hoursAfter(opened, hours)
/** Default policy: the seller responds by Tuesday 2026-12-01 14:00 UTC (3 business days). */
const respondBy = instant('2026-12-01T14:00:00Z')
const dayBefore = hoursAfter(respondBy, -24)

const world = aWorld()
const openedCase = (): Story => story(world).act(buyer, opened, openCase())
const offeredCase = (): Story => openedCase().act(seller, at(2), makeOffer(partialRefund(1500)))
const offerDue = daysAfter(at(2), 3)

describe('case reminders', () => {
  describe('when awaiting the seller’s first response', () => {
    const s = openedCase()

    it('schedules the reminder 24 hours before the response is due, ahead of the deadline itself', () => {
      expect(pendingCaseReminder(s.state)).toEqual({
        kind: 'seller_response_reminder',
        dueAt: dayBefore,
      })
      expect(scheduledCaseDeadline(s.state)).toEqual({
        kind: 'seller_response_reminder',
        dueAt: dayBefore,
      })
      expect(activeCaseDeadline(s.state)).toEqual({ kind: 'seller_response', dueAt: respondBy })
    })

    it('reminds the seller once it is due, and not before', () => {
      given(...s.events)
        .when(expire('seller_response_reminder', dayBefore), s.context(scheduler, at(1)))
        .thenNothing()
      given(...s.events)
        .when(expire('seller_response_reminder', dayBefore), s.context(scheduler, dayBefore))
        .then({ type: 'SellerResponseReminderDue', data: { at: dayBefore, respondBy } })
    })

    it('fires once: after the reminder the response deadline is scheduled, and a replay changes nothing', () => {
      const reminded = s.act(scheduler, dayBefore, expire('seller_response_reminder', dayBefore))
      expect(pendingCaseReminder(reminded.state)).toBeNull()
      expect(scheduledCaseDeadline(reminded.state)).toEqual({
        kind: 'seller_response',
        dueAt: respondBy,
      })
      given(...reminded.events)
        .when(expire('seller_response_reminder', dayBefore), reminded.context(scheduler, dayBefore))
        .thenNothing()
    })

    it('the response deadline still acts when it fires before the reminder went out', () => {
      given(...s.events)
        .when(expire('seller_response', respondBy), s.context(scheduler, respondBy))
        .thenMatch({ type: 'CaseEscalated' })
    })

    it('a reminder fired only after the response deadline passed acts as the deadline', () => {
      given(...s.events)
        .when(expire('seller_response_reminder', dayBefore), s.context(scheduler, respondBy))
        .thenMatch({ type: 'CaseEscalated' })
    })

    it('a seller who answered gets no reminder', () => {
      const answered = s.act(seller, at(1), {
        type: 'DisputeClaim',
        statement: 'As listed.',
        evidence: [],
      })
      expect(pendingCaseReminder(answered.state)).toBeNull()
      given(...answered.events)
        .when(expire('seller_response_reminder', dayBefore), answered.context(scheduler, dayBefore))
        .thenNothing()
    })
  })

  describe('when an offer waits for an answer', () => {
    const s = offeredCase()
    const offerReminder = hoursAfter(offerDue, -24)

    it('reminds the party who must answer 24 hours before the offer lapses', () => {
      expect(scheduledCaseDeadline(s.state)).toEqual({
        kind: 'offer_expiry_reminder',
        dueAt: offerReminder,
      })
      given(...s.events)
        .when(expire('offer_expiry_reminder', offerReminder), s.context(scheduler, offerReminder))
        .then({
          type: 'OfferExpiryReminderDue',
          data: { at: offerReminder, offerId: offerId(1), to: 'buyer', respondBy: offerDue },
        })
    })

    it('once reminded, the offer’s own deadline is next', () => {
      const reminded = s.act(
        scheduler,
        offerReminder,
        expire('offer_expiry_reminder', offerReminder),
      )
      expect(scheduledCaseDeadline(reminded.state)).toEqual({
        kind: 'buyer_offer_response',
        dueAt: offerDue,
      })
    })

    it('a counter-offer gets its own reminder, sent to the seller', () => {
      const countered = s.act(buyer, at(3), makeOffer(partialRefund(3000), 2))
      const reminder = pendingCaseReminder(countered.state)
      expect(reminder?.kind).toBe('offer_expiry_reminder')
      if (reminder === null) return
      given(...countered.events)
        .when(
          expire('offer_expiry_reminder', reminder.dueAt),
          countered.context(scheduler, reminder.dueAt),
        )
        .thenMatch({ type: 'OfferExpiryReminderDue', data: { offerId: offerId(2), to: 'seller' } })
    })
  })
})
