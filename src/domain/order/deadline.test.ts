import { describe, expect, it } from 'vitest'
import { defaultPolicy, presets } from '../../policy/presets.ts'
import { instant } from '../../policy/time.ts'
import { activeOrderDeadline } from './deadline.ts'
import {
  anOrder,
  daysAfter,
  hoursAfter,
  monday,
  orderAccepted,
  orderCancelled,
  orderCaseClosed,
  orderCaseOpened,
  orderDelivered,
  orderFrom,
  orderShipped,
} from './fixtures.ts'
import { initialOrderState } from './state.ts'

const shipBy = instant('2026-11-26T14:00:00Z')
const reminded = { type: 'ShipByReminderDue', data: { at: monday, shipBy } } as const
const nudged = {
  type: 'ShipmentLate',
  data: { at: shipBy, shipBy, buyerCancelRightFrom: null, lateShipmentLimit: 0.1 },
} as const

describe('the live order deadline', () => {
  it('is none before import', () => {
    expect(activeOrderDeadline(initialOrderState, defaultPolicy)).toBeNull()
  })

  describe('when awaiting shipment', () => {
    it('is the ship-by reminder first (24 hours before ship-by)', () => {
      expect(activeOrderDeadline(orderFrom(anOrder()), defaultPolicy)).toEqual({
        kind: 'ship_by_reminder',
        dueAt: hoursAfter(shipBy, -24),
      })
    })

    it('is then the late-shipment nudge, at the ship-by date', () => {
      expect(activeOrderDeadline(orderFrom(anOrder(), reminded), defaultPolicy)).toEqual({
        kind: 'late_shipment',
        dueAt: shipBy,
      })
    })

    it("is then the buyer's right to cancel, 7 days after purchase", () => {
      expect(activeOrderDeadline(orderFrom(anOrder(), reminded, nudged), defaultPolicy)).toEqual({
        kind: 'buyer_cancel_right',
        dueAt: daysAfter(monday, 7),
      })
    })

    it('is the earliest pending one: the right comes first when ship-by is far away', () => {
      const late = anOrder({ shipBy: daysAfter(monday, 10) })
      expect(activeOrderDeadline(orderFrom(late), defaultPolicy)).toEqual({
        kind: 'buyer_cancel_right',
        dueAt: daysAfter(monday, 7),
      })
    })

    it('is none once all three have fired', () => {
      const right = { type: 'BuyerCancelRightOpened', data: { at: daysAfter(monday, 7) } } as const
      expect(
        activeOrderDeadline(orderFrom(anOrder(), reminded, nudged, right), defaultPolicy),
      ).toBeNull()
    })

    it('has no right under eBay, which grants none', () => {
      expect(activeOrderDeadline(orderFrom(anOrder(), reminded, nudged), presets.ebay)).toBeNull()
    })

    it('counts the reminder back in business days when the policy says so', () => {
      const policy = {
        ...defaultPolicy,
        order: {
          ...defaultPolicy.order,
          shipByReminderBefore: { amount: 1, unit: 'business_days' },
        },
      } as const
      // Ship-by Monday 09:00 New York: one business day before is the Friday.
      const order = anOrder({ shipBy: instant('2026-11-30T14:00:00Z') })
      expect(activeOrderDeadline(orderFrom(order), policy)).toEqual({
        kind: 'ship_by_reminder',
        dueAt: instant('2026-11-27T14:00:00Z'),
      })
    })
  })

  it('is the late-delivery nudge while shipped, at the estimated delivery date', () => {
    expect(activeOrderDeadline(orderFrom(anOrder(), orderShipped(monday)), defaultPolicy)).toEqual({
      kind: 'late_delivery',
      dueAt: instant('2026-12-01T14:00:00Z'),
    })
  })

  it('is none while shipped once the late-delivery nudge went out', () => {
    const eta = instant('2026-12-01T14:00:00Z')
    const late = {
      type: 'DeliveryLate',
      data: { at: eta, estimatedDeliveryAt: eta, caseOpensAt: eta, caseRateLimit: 0.02 },
    } as const
    expect(
      activeOrderDeadline(orderFrom(anOrder(), orderShipped(monday), late), defaultPolicy),
    ).toBeNull()
  })

  describe('when delivered', () => {
    const deliveredAt = daysAfter(monday, 3)
    const delivered = [anOrder(), orderShipped(monday), orderDelivered(deliveredAt)] as const

    it('is the auto-acceptance, 3 days after delivery', () => {
      expect(activeOrderDeadline(orderFrom(...delivered), defaultPolicy)).toEqual({
        kind: 'auto_accept',
        dueAt: daysAfter(deliveredAt, 3),
      })
    })

    it('is none while a case is open', () => {
      expect(
        activeOrderDeadline(orderFrom(...delivered, orderCaseOpened(deliveredAt)), defaultPolicy),
      ).toBeNull()
    })

    it('is recomputed from delivery when the case closes', () => {
      const order = orderFrom(
        ...delivered,
        orderCaseOpened(deliveredAt),
        orderCaseClosed(daysAfter(deliveredAt, 9)),
      )
      expect(activeOrderDeadline(order, defaultPolicy)).toEqual({
        kind: 'auto_accept',
        dueAt: daysAfter(deliveredAt, 3),
      })
    })
  })

  it.each([
    ['accepted', [anOrder(), orderShipped(monday), orderDelivered(monday), orderAccepted(monday)]],
    ['cancelled', [anOrder(), orderCancelled(monday)]],
  ] as const)('is none when %s', (_status, events) => {
    expect(activeOrderDeadline(orderFrom(...events), defaultPolicy)).toBeNull()
  })
})
