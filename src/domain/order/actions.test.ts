import { describe, expect, it } from 'vitest'
import { defaultPolicy, presets } from '../../policy/presets.ts'
import { availableOrderActions } from './actions.ts'
import {
  admin,
  agent,
  anOrder,
  buyer,
  cancellationId,
  daysAfter,
  hoursAfter,
  integration,
  minutesAfter,
  monday,
  orderCaseOpened,
  orderDelivered,
  orderFrom,
  orderShipped,
  seller,
  strangerBuyer,
} from './fixtures.ts'
import { initialOrderState } from './state.ts'

const awaiting = orderFrom(anOrder())
const shipBy = awaiting.shipBy

describe('available order actions', () => {
  it('offers nothing before import', () => {
    expect(availableOrderActions(initialOrderState, buyer, defaultPolicy, monday)).toEqual([])
  })

  describe('when awaiting shipment', () => {
    it('lets the buyer cancel inside the window, due when it closes', () => {
      expect(
        availableOrderActions(awaiting, buyer, defaultPolicy, minutesAfter(monday, 10)),
      ).toEqual([{ action: 'request_cancellation', dueAt: hoursAfter(monday, 1) }])
    })

    it('lets the buyer ask after the window where the policy allows it', () => {
      expect(availableOrderActions(awaiting, buyer, defaultPolicy, daysAfter(monday, 1))).toEqual([
        { action: 'request_cancellation' },
      ])
    })

    it('offers the buyer nothing after a binding window, until the 7-day right', () => {
      const binding = {
        ...presets.poshmark,
        cancellation: { ...presets.poshmark.cancellation, buyerMayRequestAfterWindow: false },
      }
      expect(availableOrderActions(awaiting, buyer, binding, daysAfter(monday, 1))).toEqual([])
      expect(availableOrderActions(awaiting, buyer, binding, daysAfter(monday, 7))).toEqual([
        { action: 'request_cancellation' },
      ])
    })

    it('lets a Poshmark buyer ask the seller after the window (a refusal may go to support)', () => {
      expect(
        availableOrderActions(awaiting, buyer, presets.poshmark, daysAfter(monday, 1)),
      ).toEqual([{ action: 'request_cancellation' }])
    })

    it('does not offer a second cancellation', () => {
      expect(availableOrderActions(awaiting, buyer, defaultPolicy, monday, cancellationId)).toEqual(
        [],
      )
      expect(
        availableOrderActions(awaiting, seller, defaultPolicy, monday, cancellationId),
      ).toEqual([{ action: 'ship', dueAt: shipBy }])
    })

    it('lets the seller ship by the ship-by date, or cancel', () => {
      expect(availableOrderActions(awaiting, seller, defaultPolicy, monday)).toEqual([
        { action: 'ship', dueAt: shipBy },
        { action: 'cancel' },
      ])
    })

    it('lets the integration ship', () => {
      expect(availableOrderActions(awaiting, integration, defaultPolicy, monday)).toEqual([
        { action: 'ship', dueAt: shipBy },
      ])
    })

    it('lets the buyer open an item-not-received case once the estimated delivery passed', () => {
      const actions = availableOrderActions(
        awaiting,
        buyer,
        presets.ebay,
        daysAfter(awaiting.estimatedDeliveryAt, 1),
      )
      expect(actions).toEqual([
        { action: 'open_case', dueAt: daysAfter(awaiting.estimatedDeliveryAt, 30) },
      ])
    })
  })

  describe('when shipped', () => {
    const shipped = orderFrom(anOrder(), orderShipped(monday))

    it('lets the integration mark it delivered', () => {
      expect(availableOrderActions(shipped, integration, defaultPolicy, monday)).toEqual([
        { action: 'mark_delivered' },
      ])
    })

    it('offers the buyer nothing before the estimated delivery', () => {
      expect(availableOrderActions(shipped, buyer, defaultPolicy, daysAfter(monday, 2))).toEqual([])
    })

    it('offers the seller nothing', () => {
      expect(availableOrderActions(shipped, seller, defaultPolicy, monday)).toEqual([])
    })
  })

  describe('when delivered', () => {
    const deliveredAt = daysAfter(monday, 3)
    const delivered = orderFrom(anOrder(), orderShipped(monday), orderDelivered(deliveredAt))

    it('lets the buyer accept (due at auto-acceptance) or open a case (due when the window closes)', () => {
      expect(availableOrderActions(delivered, buyer, defaultPolicy, deliveredAt)).toEqual([
        { action: 'accept', dueAt: daysAfter(deliveredAt, 3) },
        { action: 'open_case', dueAt: daysAfter(deliveredAt, 30) },
      ])
    })

    it('closes the Poshmark case window 3 days after delivery', () => {
      expect(
        availableOrderActions(delivered, buyer, presets.poshmark, daysAfter(deliveredAt, 4)),
      ).toEqual([{ action: 'accept', dueAt: daysAfter(deliveredAt, 3) }])
    })

    it('offers neither while a case is open', () => {
      const withCase = orderFrom(
        anOrder(),
        orderShipped(monday),
        orderDelivered(deliveredAt),
        orderCaseOpened(deliveredAt),
      )
      expect(availableOrderActions(withCase, buyer, defaultPolicy, deliveredAt)).toEqual([])
    })

    it.each([strangerBuyer, agent, admin])('offers $kind $id nothing', (actor) => {
      expect(availableOrderActions(delivered, actor, defaultPolicy, deliveredAt)).toEqual([])
    })
  })
})
