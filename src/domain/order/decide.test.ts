import { describe, expect, it } from 'vitest'
import { presets } from '../../policy/presets.ts'
import { instant } from '../../policy/time.ts'
import { asId, type CancellationId, type CaseId, type OrderLineId } from '../shared/ids.ts'
import { minor, type Minor } from '../shared/money.ts'
import { specFor } from '../shared/spec.ts'
import {
  aLine,
  anOrder,
  buyer,
  cancellationId,
  caseId,
  daysAfter,
  expireOrderDeadline,
  hoursAfter,
  importOrder,
  integration,
  monday,
  orderAccepted,
  orderCancelled,
  orderCaseClosed,
  orderCaseOpened,
  orderDelivered,
  orderShipped,
  admin,
  orderContext,
  orderId,
  paid,
  scheduler,
  seller,
  strangerBuyer,
  strangerSeller,
} from './fixtures.ts'
import { orderDecider } from './index.ts'

const { given } = specFor(orderDecider)

const tuesday = daysAfter(monday, 1)
/** Default policy: 3 business days of handling from Monday 09:00 New York. */
const thursdayShipBy = instant('2026-11-26T14:00:00Z')
const ship = { type: 'ShipOrder', carrier: 'UPS', trackingNumber: '1Z999' } as const
const otherCase = asId<CaseId>('case-2')
const otherCancellation = asId<CancellationId>('cancellation-2')

describe('order decider', () => {
  describe('before the order is imported', () => {
    it('imports a paid order, deriving ship-by from the handling time and delivery from the transit', () => {
      given()
        .when(importOrder(), orderContext(integration, monday))
        .then(
          anOrder({
            shipBy: thursdayShipBy,
            estimatedDeliveryAt: instant('2026-12-01T14:00:00Z'),
          }),
        )
    })

    it('counts handling from the purchase, not from when the import arrives', () => {
      given()
        .when(importOrder(), orderContext(integration, daysAfter(monday, 2)))
        .thenMatch({ data: { shipBy: thursdayShipBy } })
    })

    it("keeps the marketplace's ship-by date when it sends one", () => {
      const shipBy = daysAfter(monday, 2)
      given()
        .when(importOrder({ shipBy }), orderContext(integration, monday))
        .thenMatch({ data: { shipBy, estimatedDeliveryAt: daysAfter(shipBy, 5) } })
    })

    it('uses the preset handling time (Poshmark: 7 days)', () => {
      given()
        .when(importOrder(), orderContext(integration, monday, presets.poshmark))
        .thenMatch({ data: { shipBy: daysAfter(monday, 7) } })
    })

    it('accepts an order paid partly with marketplace credit', () => {
      given()
        .when(importOrder({ payment: paid(3000, 1800) }), orderContext(integration, monday))
        .thenMatch({
          type: 'OrderImported',
          data: { payment: { method: 'mixed', card: 3000, credit: 1800 } },
        })
    })

    it('lets an admin import an order', () => {
      given().when(importOrder(), orderContext(admin, monday)).thenMatch({ type: 'OrderImported' })
    })

    it('refuses an import from a buyer', () => {
      given()
        .when(importOrder(), orderContext(buyer, monday))
        .thenRejects('ACTOR_NOT_ALLOWED', { actorKind: 'buyer', allowed: ['integration', 'admin'] })
    })

    it('refuses an order without lines', () => {
      given()
        .when(importOrder({ lines: [] }), orderContext(integration, monday))
        .thenRejects('ORDER_HAS_NO_LINES')
    })

    it('refuses the same line twice', () => {
      given()
        .when(
          importOrder({ lines: [aLine(), aLine()], total: minor(8800) }),
          orderContext(integration, monday),
        )
        .thenRejects('DUPLICATE_LINE', { lineId: 'line-1' })
    })

    it.each([0, -1, 1.5])('refuses a quantity of %s', (quantity) => {
      given()
        .when(importOrder({ lines: [aLine({ quantity })] }), orderContext(integration, monday))
        .thenRejects('INVALID_QUANTITY', { quantity })
    })

    it('refuses a negative unit price', () => {
      given()
        .when(
          importOrder({ lines: [aLine({ unitPrice: minor(-1) })] }),
          orderContext(integration, monday),
        )
        .thenRejects('INVALID_AMOUNT', { field: 'lines[line-1].unitPrice', amount: -1 })
    })

    it('refuses a fractional amount', () => {
      given()
        .when(importOrder({ shippingAmount: 4.5 as Minor }), orderContext(integration, monday))
        .thenRejects('INVALID_AMOUNT', { field: 'shippingAmount' })
    })

    it('refuses a currency that is not an ISO 4217 code', () => {
      given()
        .when(importOrder({ currency: 'usd' }), orderContext(integration, monday))
        .thenRejects('INVALID_CURRENCY', { currency: 'usd' })
    })

    it("refuses a total that is not the lines' sum plus shipping and tax", () => {
      given()
        .when(
          importOrder({ total: minor(4700), payment: paid(4700, 0) }),
          orderContext(integration, monday),
        )
        .thenRejects('ORDER_TOTAL_MISMATCH', { expected: 4800, actual: 4700 })
    })

    it('adds every line, by quantity', () => {
      const lines = [
        aLine({ quantity: 2 }),
        aLine({ lineId: asId<OrderLineId>('line-2'), unitPrice: minor(1000) }),
      ]
      given()
        .when(importOrder({ lines }), orderContext(integration, monday))
        .thenRejects('ORDER_TOTAL_MISMATCH', { expected: 9800, actual: 4800 })
    })

    it('refuses a payment that does not cover the total', () => {
      given()
        .when(importOrder({ payment: paid(4000, 0) }), orderContext(integration, monday))
        .thenRejects('PAYMENT_MISMATCH', { total: 4800, paid: 4000 })
    })

    it('refuses a card payment that carries credit', () => {
      given()
        .when(
          importOrder({ payment: { ...paid(4000, 800), method: 'card' } }),
          orderContext(integration, monday),
        )
        .thenRejects('PAYMENT_METHOD_MISMATCH', { method: 'card', card: 4000, credit: 800 })
    })

    it('refuses a mixed payment that is all card', () => {
      given()
        .when(
          importOrder({ payment: { ...paid(4800, 0), method: 'mixed' } }),
          orderContext(integration, monday),
        )
        .thenRejects('PAYMENT_METHOD_MISMATCH', { method: 'mixed' })
    })

    it('refuses a ship-by date before the purchase', () => {
      given()
        .when(importOrder({ shipBy: hoursAfter(monday, -1) }), orderContext(integration, monday))
        .thenRejects('SHIP_BY_BEFORE_PURCHASE')
    })

    it.each([
      { type: 'ShipOrder', carrier: 'UPS', trackingNumber: '1' },
      { type: 'MarkDelivered' },
      { type: 'AcceptOrder' },
      { type: 'CancelOrder', cancellationId },
      { type: 'NoteCaseOpened', caseId },
    ] as const)('refuses $type: there is no order', (command) => {
      given().when(command, orderContext(integration, monday)).thenRejects('ORDER_NOT_FOUND')
    })

    it('ignores a deadline', () => {
      given()
        .when(expireOrderDeadline('auto_accept', monday), orderContext(scheduler, monday))
        .thenNothing()
    })
  })

  describe('when imported', () => {
    it('refuses a second import', () => {
      given(anOrder())
        .when(importOrder(), orderContext(integration, monday))
        .thenRejects('ORDER_ALREADY_IMPORTED', { orderId })
    })
  })

  describe('when awaiting shipment', () => {
    it('records a shipment on time', () => {
      given(anOrder())
        .when(ship, orderContext(seller, tuesday))
        .then(orderShipped(tuesday, { late: false }))
    })

    it('records a late shipment after the ship-by date', () => {
      const friday = daysAfter(monday, 4)
      given(anOrder())
        .when(ship, orderContext(seller, friday))
        .then(orderShipped(friday, { late: true }))
    })

    it('lets the integration ship for the seller', () => {
      given(anOrder())
        .when(ship, orderContext(integration, tuesday))
        .thenMatch({ type: 'OrderShipped' })
    })

    it('refuses a shipment from the buyer', () => {
      given(anOrder()).when(ship, orderContext(buyer, tuesday)).thenRejects('ACTOR_NOT_ALLOWED')
    })

    it('refuses a shipment from another seller', () => {
      given(anOrder())
        .when(ship, orderContext(strangerSeller, tuesday))
        .thenRejects('NOT_A_PARTY', { required: 'seller' })
    })

    it('refuses a shipment without tracking', () => {
      given(anOrder())
        .when({ ...ship, trackingNumber: ' ' }, orderContext(seller, tuesday))
        .thenRejects('TRACKING_REQUIRED')
    })

    it('refuses a delivery before shipping', () => {
      given(anOrder())
        .when({ type: 'MarkDelivered' }, orderContext(integration, tuesday))
        .thenRejects('NOT_SHIPPED', { status: 'awaiting_shipment' })
    })

    it('refuses acceptance before delivery', () => {
      given(anOrder())
        .when({ type: 'AcceptOrder' }, orderContext(buyer, tuesday))
        .thenRejects('ORDER_NOT_DELIVERED', { status: 'awaiting_shipment' })
    })

    it('cancels for an approved cancellation', () => {
      given(anOrder())
        .when({ type: 'CancelOrder', cancellationId }, orderContext(seller, tuesday))
        .then(orderCancelled(tuesday))
    })

    it('cancels the payout with the order', () => {
      expect(given(anOrder(), orderCancelled(tuesday)).state).toMatchObject({
        status: 'cancelled',
        payout: 'cancelled',
      })
    })

    it('reminds the seller when the reminder is due', () => {
      const due = hoursAfter(thursdayShipBy, -24)
      given(anOrder())
        .when(expireOrderDeadline('ship_by_reminder', due), orderContext(scheduler, due))
        .then({ type: 'ShipByReminderDue', data: { at: due, shipBy: thursdayShipBy } })
    })

    it('ignores the reminder before it is due', () => {
      const due = hoursAfter(thursdayShipBy, -24)
      given(anOrder())
        .when(
          expireOrderDeadline('ship_by_reminder', due),
          orderContext(scheduler, hoursAfter(due, -1)),
        )
        .thenNothing()
    })

    it('ignores a reminder that was already sent', () => {
      const due = hoursAfter(thursdayShipBy, -24)
      given(anOrder(), { type: 'ShipByReminderDue', data: { at: due, shipBy: thursdayShipBy } })
        .when(expireOrderDeadline('ship_by_reminder', due), orderContext(scheduler, due))
        .thenNothing()
    })

    it("opens the buyer's right to cancel 7 days after purchase", () => {
      const due = daysAfter(monday, 7)
      given(
        anOrder(),
        { type: 'ShipByReminderDue', data: { at: tuesday, shipBy: thursdayShipBy } },
        {
          type: 'ShipmentLate',
          data: {
            at: thursdayShipBy,
            shipBy: thursdayShipBy,
            buyerCancelRightFrom: due,
            lateShipmentLimit: 0.1,
          },
        },
      )
        .when(expireOrderDeadline('buyer_cancel_right', due), orderContext(scheduler, due))
        .then({ type: 'BuyerCancelRightOpened', data: { at: due } })
    })

    it('ignores the right while the earlier reminder is still the live deadline', () => {
      const due = daysAfter(monday, 7)
      given(anOrder())
        .when(expireOrderDeadline('buyer_cancel_right', due), orderContext(scheduler, due))
        .thenNothing()
    })

    it('ignores the right under a policy without one (eBay)', () => {
      const due = daysAfter(monday, 7)
      given(anOrder(), { type: 'ShipByReminderDue', data: { at: tuesday, shipBy: thursdayShipBy } })
        .when(
          expireOrderDeadline('buyer_cancel_right', due),
          orderContext(scheduler, due, presets.ebay),
        )
        .thenNothing()
    })
  })

  describe('when the ship-by date passes unshipped', () => {
    const reminded = {
      type: 'ShipByReminderDue',
      data: { at: tuesday, shipBy: thursdayShipBy },
    } as const

    it('nudges once at the ship-by date, saying when the buyer may cancel and what it costs', () => {
      given(anOrder(), reminded)
        .when(
          expireOrderDeadline('late_shipment', thursdayShipBy),
          orderContext(scheduler, thursdayShipBy),
        )
        .then({
          type: 'ShipmentLate',
          data: {
            at: thursdayShipBy,
            shipBy: thursdayShipBy,
            buyerCancelRightFrom: daysAfter(monday, 7),
            lateShipmentLimit: 0.1,
          },
        })
    })

    it('says there is no right to cancel under a policy without one (eBay)', () => {
      const decision = given(anOrder(), reminded).when(
        expireOrderDeadline('late_shipment', thursdayShipBy),
        orderContext(scheduler, thursdayShipBy, presets.ebay),
      ).decision
      expect(decision).toMatchObject([
        { type: 'ShipmentLate', data: { buyerCancelRightFrom: null } },
      ])
    })

    it('does nothing before the ship-by date', () => {
      given(anOrder(), reminded)
        .when(
          expireOrderDeadline('late_shipment', thursdayShipBy),
          orderContext(scheduler, hoursAfter(thursdayShipBy, -1)),
        )
        .thenNothing()
    })

    it('nudges only once', () => {
      const nudged = {
        type: 'ShipmentLate',
        data: {
          at: thursdayShipBy,
          shipBy: thursdayShipBy,
          buyerCancelRightFrom: daysAfter(monday, 7),
          lateShipmentLimit: 0.1,
        },
      } as const
      given(anOrder(), reminded, nudged)
        .when(
          expireOrderDeadline('late_shipment', thursdayShipBy),
          orderContext(scheduler, hoursAfter(thursdayShipBy, 1)),
        )
        .thenNothing()
    })

    it('does nothing once the order shipped', () => {
      given(anOrder(), reminded, orderShipped(tuesday))
        .when(
          expireOrderDeadline('late_shipment', thursdayShipBy),
          orderContext(scheduler, thursdayShipBy),
        )
        .thenNothing()
    })
  })

  describe('when the estimated delivery date passes undelivered', () => {
    const eta = instant('2026-12-01T14:00:00Z')

    it('nudges once, saying from when a not-received case may be opened', () => {
      given(anOrder(), orderShipped(tuesday))
        .when(expireOrderDeadline('late_delivery', eta), orderContext(scheduler, eta))
        .then({
          type: 'DeliveryLate',
          data: { at: eta, estimatedDeliveryAt: eta, caseOpensAt: eta, caseRateLimit: 0.02 },
        })
    })

    it('nudges only once', () => {
      given(anOrder(), orderShipped(tuesday), {
        type: 'DeliveryLate',
        data: { at: eta, estimatedDeliveryAt: eta, caseOpensAt: eta, caseRateLimit: 0.02 },
      })
        .when(expireOrderDeadline('late_delivery', eta), orderContext(scheduler, daysAfter(eta, 1)))
        .thenNothing()
    })

    it('does nothing once delivered', () => {
      given(anOrder(), orderShipped(tuesday), orderDelivered(daysAfter(monday, 3)))
        .when(expireOrderDeadline('late_delivery', eta), orderContext(scheduler, eta))
        .thenNothing()
    })
  })

  describe('when shipped', () => {
    const shipped = [anOrder(), orderShipped(tuesday)] as const

    it('records the delivery', () => {
      const at = daysAfter(monday, 3)
      given(...shipped)
        .when({ type: 'MarkDelivered' }, orderContext(integration, at))
        .then(orderDelivered(at))
    })

    it('refuses a delivery from the seller', () => {
      given(...shipped)
        .when({ type: 'MarkDelivered' }, orderContext(seller, daysAfter(monday, 3)))
        .thenRejects('ACTOR_NOT_ALLOWED', { actorKind: 'seller', allowed: ['integration'] })
    })

    it('refuses a second shipment', () => {
      given(...shipped)
        .when(ship, orderContext(seller, tuesday))
        .thenRejects('ALREADY_SHIPPED', { shippedAt: tuesday })
    })

    it('refuses to cancel', () => {
      given(...shipped)
        .when({ type: 'CancelOrder', cancellationId }, orderContext(seller, tuesday))
        .thenRejects('ALREADY_SHIPPED', { shippedAt: tuesday })
    })

    it('refuses acceptance before delivery', () => {
      given(...shipped)
        .when({ type: 'AcceptOrder' }, orderContext(buyer, tuesday))
        .thenRejects('ORDER_NOT_DELIVERED', { status: 'shipped' })
    })

    it('notes a case (item not received)', () => {
      given(...shipped)
        .when({ type: 'NoteCaseOpened', caseId }, orderContext(buyer, daysAfter(monday, 9)))
        .then(orderCaseOpened(daysAfter(monday, 9)))
    })
  })

  describe('when delivered', () => {
    const deliveredAt = daysAfter(monday, 3)
    const delivered = [anOrder(), orderShipped(tuesday), orderDelivered(deliveredAt)] as const
    const autoAcceptAt = daysAfter(deliveredAt, 3)

    it('lets the buyer accept', () => {
      const at = daysAfter(monday, 4)
      given(...delivered)
        .when({ type: 'AcceptOrder' }, orderContext(buyer, at))
        .then(orderAccepted(at, 'buyer'))
    })

    it('releases the payout on acceptance', () => {
      expect(given(...delivered, orderAccepted(autoAcceptAt)).state).toMatchObject({
        payout: 'released',
      })
    })

    it('refuses acceptance by another buyer', () => {
      given(...delivered)
        .when({ type: 'AcceptOrder' }, orderContext(strangerBuyer, deliveredAt))
        .thenRejects('NOT_A_PARTY', { required: 'buyer' })
    })

    it('refuses acceptance by the seller', () => {
      given(...delivered)
        .when({ type: 'AcceptOrder' }, orderContext(seller, deliveredAt))
        .thenRejects('ACTOR_NOT_ALLOWED')
    })

    it('refuses a second delivery', () => {
      given(...delivered)
        .when({ type: 'MarkDelivered' }, orderContext(integration, deliveredAt))
        .thenRejects('ALREADY_DELIVERED', { deliveredAt })
    })

    it('accepts automatically when the acceptance window passes (3 days)', () => {
      given(...delivered)
        .when(
          expireOrderDeadline('auto_accept', autoAcceptAt),
          orderContext(scheduler, autoAcceptAt),
        )
        .then(orderAccepted(autoAcceptAt, 'auto'))
    })

    it('ignores the auto-acceptance before it is due', () => {
      given(...delivered)
        .when(
          expireOrderDeadline('auto_accept', autoAcceptAt),
          orderContext(scheduler, hoursAfter(autoAcceptAt, -1)),
        )
        .thenNothing()
    })

    it('ignores a deadline of another kind', () => {
      given(...delivered)
        .when(
          expireOrderDeadline('ship_by_reminder', autoAcceptAt),
          orderContext(scheduler, autoAcceptAt),
        )
        .thenNothing()
    })

    it('notes a case and freezes the payout', () => {
      const spec = given(...delivered, orderCaseOpened(daysAfter(deliveredAt, 1)))
      expect(spec.state).toMatchObject({ openCaseId: caseId, caseIds: [caseId], payout: 'frozen' })
    })

    it('notes the same case twice as once', () => {
      given(...delivered, orderCaseOpened(deliveredAt))
        .when({ type: 'NoteCaseOpened', caseId }, orderContext(buyer, deliveredAt))
        .thenNothing()
    })

    it('refuses a second case while one is open', () => {
      given(...delivered, orderCaseOpened(deliveredAt))
        .when({ type: 'NoteCaseOpened', caseId: otherCase }, orderContext(buyer, deliveredAt))
        .thenRejects('CASE_OPEN', { caseId })
    })
  })

  describe('when delivered with a case open', () => {
    const deliveredAt = daysAfter(monday, 3)
    const withCase = [
      anOrder(),
      orderShipped(tuesday),
      orderDelivered(deliveredAt),
      orderCaseOpened(deliveredAt),
    ] as const

    it('refuses acceptance while the case is open', () => {
      given(...withCase)
        .when({ type: 'AcceptOrder' }, orderContext(buyer, deliveredAt))
        .thenRejects('CASE_OPEN', { caseId })
    })

    it('holds the auto-acceptance', () => {
      const due = daysAfter(deliveredAt, 3)
      given(...withCase)
        .when(expireOrderDeadline('auto_accept', due), orderContext(scheduler, due))
        .thenNothing()
    })

    it('notes the case closing and holds the payout again', () => {
      const at = daysAfter(deliveredAt, 5)
      const spec = given(...withCase)
      spec
        .when({ type: 'NoteCaseClosed', caseId }, orderContext(buyer, at))
        .then(orderCaseClosed(at))
      expect(given(...withCase, orderCaseClosed(at)).state).toMatchObject({
        openCaseId: null,
        payout: 'held',
      })
    })

    it('refuses to close a case it never saw', () => {
      given(...withCase)
        .when({ type: 'NoteCaseClosed', caseId: otherCase }, orderContext(buyer, deliveredAt))
        .thenRejects('UNKNOWN_CASE', { caseId: otherCase })
    })

    it('accepts at once after the case closes if the window already passed', () => {
      const closedAt = daysAfter(deliveredAt, 10)
      given(...withCase, orderCaseClosed(closedAt))
        .when(expireOrderDeadline('auto_accept', closedAt), orderContext(scheduler, closedAt))
        .then(orderAccepted(closedAt, 'auto'))
    })
  })

  describe('when accepted', () => {
    const deliveredAt = daysAfter(monday, 3)
    const accepted = [
      anOrder(),
      orderShipped(tuesday),
      orderDelivered(deliveredAt),
      orderAccepted(deliveredAt),
    ] as const

    it('refuses a second acceptance', () => {
      given(...accepted)
        .when({ type: 'AcceptOrder' }, orderContext(buyer, deliveredAt))
        .thenRejects('ALREADY_ACCEPTED', { acceptedAt: deliveredAt })
    })

    it('still notes a case (the window may outlast acceptance); the released payout stays released', () => {
      const at = daysAfter(deliveredAt, 10)
      given(...accepted)
        .when({ type: 'NoteCaseOpened', caseId }, orderContext(buyer, at))
        .then(orderCaseOpened(at))
      expect(given(...accepted, orderCaseOpened(at)).state).toMatchObject({
        payout: 'released',
        openCaseId: caseId,
      })
    })

    it('ignores a closed case noted again', () => {
      const at = daysAfter(deliveredAt, 10)
      given(...accepted, orderCaseOpened(at), orderCaseClosed(at))
        .when({ type: 'NoteCaseClosed', caseId }, orderContext(buyer, at))
        .thenNothing()
    })
  })

  describe('when cancelled', () => {
    const cancelled = [anOrder(), orderCancelled(tuesday)] as const

    it('treats the same cancellation again as done', () => {
      given(...cancelled)
        .when({ type: 'CancelOrder', cancellationId }, orderContext(seller, tuesday))
        .thenNothing()
    })

    it('refuses another cancellation', () => {
      given(...cancelled)
        .when(
          { type: 'CancelOrder', cancellationId: otherCancellation },
          orderContext(seller, tuesday),
        )
        .thenRejects('ORDER_CANCELLED', { cancelledAt: tuesday, cancellationId })
    })

    it.each([
      { command: ship, actor: seller },
      { command: { type: 'MarkDelivered' }, actor: integration },
      { command: { type: 'AcceptOrder' }, actor: buyer },
      { command: { type: 'NoteCaseOpened', caseId }, actor: buyer },
    ] as const)('refuses $command.type', ({ command, actor }) => {
      given(...cancelled)
        .when(command, orderContext(actor, tuesday))
        .thenRejects('ORDER_CANCELLED')
    })

    it('has no deadline to fire', () => {
      const due = daysAfter(monday, 7)
      given(...cancelled)
        .when(expireOrderDeadline('buyer_cancel_right', due), orderContext(scheduler, due))
        .thenNothing()
    })
  })
})
