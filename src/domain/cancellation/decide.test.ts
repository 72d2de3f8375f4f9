import { describe, expect, it } from 'vitest'
import { presets } from '../../policy/presets.ts'
import { instant, type Instant } from '../../policy/time.ts'
import { asId, type CancellationId } from '../shared/ids.ts'
import { minor } from '../shared/money.ts'
import { specFor } from '../shared/spec.ts'
import {
  anOrder,
  buyer,
  cancellationId,
  daysAfter,
  hoursAfter,
  minutesAfter,
  monday,
  orderCancelled,
  orderCaseOpened,
  orderFrom,
  orderId,
  orderShipped,
  paid,
  scheduler,
  seller,
  strangerBuyer,
} from '../order/fixtures.ts'
import type { CancellationEvent, RefundDue } from './events.ts'
import {
  cancelBySeller,
  cancellationContext,
  cancellationRequested,
  expireCancellationDeadline,
  requestCancellation,
} from './fixtures.ts'
import { cancellationDecider } from './index.ts'

const { given } = specFor(cancellationDecider)

const tuesday = daysAfter(monday, 1)
const byCard: RefundDue = {
  currency: 'USD',
  total: minor(4800),
  toOriginalPayment: minor(4800),
  toCredit: minor(0),
  destination: 'original_payment',
}
const asCredit: RefundDue = {
  ...byCard,
  toOriginalPayment: minor(0),
  toCredit: minor(4800),
  destination: 'marketplace_credit',
}
const buyersMistake = "The buyer asked to cancel ('order_mistake')."

const approved = (
  at: Instant,
  by: Extract<CancellationEvent, { type: 'CancellationApproved' }>['data']['by'],
  extra: { refundDue?: RefundDue; countsAgainstSeller?: boolean; faultReason?: string } = {},
): CancellationEvent => ({
  type: 'CancellationApproved',
  data: {
    cancellationId,
    orderId,
    at,
    by,
    refundDue: extra.refundDue ?? byCard,
    countsAgainstSeller: extra.countsAgainstSeller ?? false,
    faultReason: extra.faultReason ?? buyersMistake,
  },
})

describe('cancellation decider', () => {
  describe('when a buyer asks under the default policy (1-hour window, card refund, 7-day right)', () => {
    it('approves at once inside the window', () => {
      const now = minutesAfter(monday, 30)
      given()
        .when(
          requestCancellation('order_mistake', ' bought twice '),
          cancellationContext(buyer, now),
        )
        .then(
          cancellationRequested(now, now, {
            mode: 'immediate',
            respondBy: null,
            note: 'bought twice',
          }),
          approved(now, 'policy_window'),
        )
    })

    it('waits 2 business days for the seller after the window', () => {
      given()
        .when(requestCancellation('found_cheaper_price'), cancellationContext(buyer, tuesday))
        .then(
          cancellationRequested(tuesday, instant('2026-11-26T14:00:00Z'), {
            reason: 'found_cheaper_price',
          }),
        )
    })

    it('refunds a mixed payment to where it came from', () => {
      const mixed = orderFrom(anOrder({ payment: paid(3000, 1800) }))
      given()
        .when(
          requestCancellation('order_mistake'),
          cancellationContext(buyer, monday, { order: mixed }),
        )
        .thenMatch(
          { type: 'CancellationRequested' },
          { data: { refundDue: { ...byCard, toOriginalPayment: 3000, toCredit: 1800 } } },
        )
    })

    it("refuses 'seller not shipped' before the right opens", () => {
      given()
        .when(
          requestCancellation('seller_not_shipped'),
          cancellationContext(buyer, daysAfter(monday, 6)),
        )
        .thenRejects('BUYER_RIGHT_NOT_OPEN', { opensAt: daysAfter(monday, 7) })
    })

    it("approves 'seller not shipped' at once from day 7, against the seller", () => {
      const now = daysAfter(monday, 7)
      given()
        .when(requestCancellation('seller_not_shipped'), cancellationContext(buyer, now))
        .then(
          cancellationRequested(now, now, {
            reason: 'seller_not_shipped',
            mode: 'immediate',
            respondBy: null,
          }),
          approved(now, 'buyer_right', {
            countsAgainstSeller: true,
            faultReason: 'The seller did not ship within 7 days of the purchase.',
          }),
        )
    })

    it("refuses a seller's reason", () => {
      given()
        .when(requestCancellation('out_of_stock'), cancellationContext(buyer, monday))
        .thenRejects('REASON_NOT_ALLOWED_FOR_SIDE', { reason: 'out_of_stock', side: 'buyer' })
    })

    it('refuses a reason nobody may give', () => {
      given()
        .when(requestCancellation('bored'), cancellationContext(buyer, monday))
        .thenRejects('REASON_NOT_ALLOWED_FOR_SIDE', { reason: 'bored', side: 'buyer' })
    })

    it('refuses another buyer', () => {
      given()
        .when(requestCancellation('order_mistake'), cancellationContext(strangerBuyer, monday))
        .thenRejects('NOT_A_PARTY', { required: 'buyer' })
    })

    it('refuses the seller asking as a buyer', () => {
      given()
        .when(requestCancellation('order_mistake'), cancellationContext(seller, monday))
        .thenRejects('NOT_A_PARTY', { required: 'buyer' })
    })

    it('refuses a shipped order', () => {
      const shipped = orderFrom(anOrder(), orderShipped(minutesAfter(monday, 10)))
      given()
        .when(
          requestCancellation('order_mistake'),
          cancellationContext(buyer, minutesAfter(monday, 20), { order: shipped }),
        )
        .thenRejects('ALREADY_SHIPPED', { shippedAt: minutesAfter(monday, 10) })
    })

    it('refuses a cancelled order', () => {
      const cancelled = orderFrom(anOrder(), orderCancelled(minutesAfter(monday, 10)))
      given()
        .when(
          requestCancellation('order_mistake'),
          cancellationContext(buyer, minutesAfter(monday, 20), { order: cancelled }),
        )
        .thenRejects('ORDER_CANCELLED', { cancelledAt: minutesAfter(monday, 10) })
    })

    it('refuses while a case is open', () => {
      const withCase = orderFrom(anOrder(), orderCaseOpened(monday))
      given()
        .when(
          requestCancellation('order_mistake'),
          cancellationContext(buyer, monday, { order: withCase }),
        )
        .thenRejects('CASE_OPEN')
    })

    it('refuses while another cancellation is under way', () => {
      const other = asId<CancellationId>('cancellation-0')
      given()
        .when(
          requestCancellation('order_mistake'),
          cancellationContext(buyer, monday, { openCancellationId: other }),
        )
        .thenRejects('CANCELLATION_EXISTS', { cancellationId: other })
    })
  })

  describe('when a buyer asks under Poshmark (3-hour window, Posh credit, binding after)', () => {
    const posh = { policy: presets.poshmark }
    const binding = {
      policy: {
        ...presets.poshmark,
        cancellation: { ...presets.poshmark.cancellation, buyerMayRequestAfterWindow: false },
      },
    }

    it('approves at once inside 3 hours, refunding as credit', () => {
      const now = hoursAfter(monday, 2)
      given()
        .when(requestCancellation('order_mistake'), cancellationContext(buyer, now, posh))
        .then(
          cancellationRequested(now, now, { mode: 'immediate', respondBy: null }),
          approved(now, 'policy_window', { refundDue: asCredit }),
        )
    })

    it('asks the seller once the window closed, who may refuse (then the buyer may escalate)', () => {
      const now = hoursAfter(monday, 3)
      given()
        .when(requestCancellation('no_longer_needed'), cancellationContext(buyer, now, posh))
        .thenMatch({ data: { mode: 'seller_approval' } })
    })

    it('refuses once the window closed where the purchase is binding after it', () => {
      given()
        .when(
          requestCancellation('no_longer_needed'),
          cancellationContext(buyer, hoursAfter(monday, 3), binding),
        )
        .thenRejects('CANCEL_WINDOW_ELAPSED', { closedAt: hoursAfter(monday, 3) })
    })

    it("still refuses other reasons after 7 days where binding; 'seller not shipped' is the right", () => {
      const now = daysAfter(monday, 8)
      given()
        .when(requestCancellation('order_mistake'), cancellationContext(buyer, now, binding))
        .thenRejects('CANCEL_WINDOW_ELAPSED')
      given()
        .when(requestCancellation('seller_not_shipped'), cancellationContext(buyer, now, posh))
        .thenMatch(
          { data: { mode: 'immediate' } },
          { data: { by: 'buyer_right', refundDue: asCredit, countsAgainstSeller: true } },
        )
    })
  })

  describe('when a buyer asks under eBay (seller approves inside the 1-hour window; silence declines)', () => {
    const ebay = { policy: presets.ebay }

    it('asks the seller even inside the window, with 3 business days to answer', () => {
      const now = minutesAfter(monday, 30)
      given()
        .when(requestCancellation('found_cheaper_price'), cancellationContext(buyer, now, ebay))
        .then(
          cancellationRequested(now, instant('2026-11-26T14:30:00Z'), {
            reason: 'found_cheaper_price',
          }),
        )
    })

    it('refuses after the hour', () => {
      given()
        .when(
          requestCancellation('order_mistake'),
          cancellationContext(buyer, hoursAfter(monday, 1), ebay),
        )
        .thenRejects('CANCEL_WINDOW_ELAPSED', { closedAt: hoursAfter(monday, 1) })
    })

    it('has no right to cancel an unshipped order', () => {
      given()
        .when(
          requestCancellation('seller_not_shipped'),
          cancellationContext(buyer, daysAfter(monday, 20), ebay),
        )
        .thenRejects('BUYER_RIGHT_NOT_OPEN', { opensAt: null })
    })

    it('declines when the seller stays silent', () => {
      const respondBy = instant('2026-11-26T14:30:00Z')
      given(cancellationRequested(minutesAfter(monday, 30), respondBy))
        .when(
          expireCancellationDeadline(respondBy),
          cancellationContext(scheduler, respondBy, ebay),
        )
        .then({
          type: 'CancellationDeclined',
          data: {
            cancellationId,
            orderId,
            at: respondBy,
            by: 'seller_silence',
            reason: 'The seller did not answer by 2026-11-26T14:30:00.000Z.',
          },
        })
    })
  })

  describe('when the seller cancels', () => {
    it('approves at once, counting out-of-stock against the seller', () => {
      given()
        .when(cancelBySeller('out_of_stock'), cancellationContext(seller, tuesday))
        .then(
          cancellationRequested(tuesday, tuesday, {
            requestedBy: 'seller',
            reason: 'out_of_stock',
            mode: 'immediate',
            respondBy: null,
          }),
          approved(tuesday, 'seller', {
            countsAgainstSeller: true,
            faultReason:
              "The seller cancelled for 'out_of_stock', which this policy counts against the seller.",
          }),
        )
    })

    it("does not count a buyer's own ask against the seller", () => {
      given()
        .when(cancelBySeller('buyer_asked'), cancellationContext(seller, tuesday))
        .thenMatch(
          { data: { requestedBy: 'seller' } },
          { data: { by: 'seller', countsAgainstSeller: false } },
        )
    })

    it('refunds as the policy says (Poshmark: credit)', () => {
      given()
        .when(
          cancelBySeller('address_issue'),
          cancellationContext(seller, tuesday, { policy: presets.poshmark }),
        )
        .thenMatch({}, { data: { refundDue: asCredit } })
    })

    it("refuses a buyer's reason", () => {
      given()
        .when(cancelBySeller('found_cheaper_price'), cancellationContext(seller, tuesday))
        .thenRejects('REASON_NOT_ALLOWED_FOR_SIDE', { side: 'seller' })
    })

    it('refuses the buyer', () => {
      given()
        .when(cancelBySeller('out_of_stock'), cancellationContext(buyer, tuesday))
        .thenRejects('NOT_A_PARTY', { required: 'seller' })
    })

    it('refuses after shipping', () => {
      const shipped = orderFrom(anOrder(), orderShipped(monday))
      given()
        .when(
          cancelBySeller('out_of_stock'),
          cancellationContext(seller, tuesday, { order: shipped }),
        )
        .thenRejects('ALREADY_SHIPPED', { shippedAt: monday })
    })

    it("refuses while the buyer's request waits for an answer", () => {
      const pending = asId<CancellationId>('cancellation-0')
      given()
        .when(
          cancelBySeller('out_of_stock'),
          cancellationContext(seller, tuesday, { openCancellationId: pending }),
        )
        .thenRejects('CANCELLATION_EXISTS', { cancellationId: pending })
    })
  })

  describe('when requested (awaiting the seller)', () => {
    const respondBy = instant('2026-11-26T14:00:00Z')
    const requested = cancellationRequested(tuesday, respondBy)

    it('lets the seller approve', () => {
      const now = daysAfter(tuesday, 1)
      given(requested)
        .when({ type: 'ApproveCancellation' }, cancellationContext(seller, now))
        .then(approved(now, 'seller'))
    })

    it('refuses approval once the order shipped', () => {
      const shipped = orderFrom(anOrder(), orderShipped(tuesday))
      given(requested)
        .when(
          { type: 'ApproveCancellation' },
          cancellationContext(seller, tuesday, { order: shipped }),
        )
        .thenRejects('ALREADY_SHIPPED', { shippedAt: tuesday })
    })

    it('refuses approval by the buyer', () => {
      given(requested)
        .when({ type: 'ApproveCancellation' }, cancellationContext(buyer, tuesday))
        .thenRejects('NOT_A_PARTY', { required: 'seller' })
    })

    it('lets the seller decline, saying why', () => {
      given(requested)
        .when(
          { type: 'DeclineCancellation', reason: ' already packed ' },
          cancellationContext(seller, tuesday),
        )
        .then({
          type: 'CancellationDeclined',
          data: { cancellationId, orderId, at: tuesday, by: 'seller', reason: 'already packed' },
        })
    })

    it('refuses a decline without a reason', () => {
      given(requested)
        .when({ type: 'DeclineCancellation', reason: '  ' }, cancellationContext(seller, tuesday))
        .thenRejects('DECLINE_REASON_REQUIRED')
    })

    it('lets the buyer withdraw', () => {
      given(requested)
        .when({ type: 'WithdrawCancellation' }, cancellationContext(buyer, tuesday))
        .then({ type: 'CancellationWithdrawn', data: { cancellationId, orderId, at: tuesday } })
    })

    it('refuses a withdrawal by the seller', () => {
      given(requested)
        .when({ type: 'WithdrawCancellation' }, cancellationContext(seller, tuesday))
        .thenRejects('NOT_A_PARTY', { required: 'buyer' })
    })

    it('refuses a second request on the same cancellation', () => {
      given(requested)
        .when(requestCancellation('order_mistake'), cancellationContext(buyer, tuesday))
        .thenRejects('CANCELLATION_EXISTS', { cancellationId })
    })

    it('approves on seller silence under the default policy', () => {
      given(requested)
        .when(expireCancellationDeadline(respondBy), cancellationContext(scheduler, respondBy))
        .then(approved(respondBy, 'seller_silence'))
    })

    it('declines on silence when the order shipped meanwhile', () => {
      const shipped = orderFrom(anOrder(), orderShipped(tuesday))
      given(requested)
        .when(
          expireCancellationDeadline(respondBy),
          cancellationContext(scheduler, respondBy, { order: shipped }),
        )
        .thenMatch({ type: 'CancellationDeclined', data: { by: 'seller_silence' } })
    })

    it('ignores the deadline before it is due', () => {
      given(requested)
        .when(
          expireCancellationDeadline(respondBy),
          cancellationContext(scheduler, hoursAfter(respondBy, -1)),
        )
        .thenNothing()
    })

    it('fires on the live due time, whatever time the scheduler remembered', () => {
      given(requested)
        .when(expireCancellationDeadline(monday), cancellationContext(scheduler, respondBy))
        .thenMatch({ type: 'CancellationApproved' })
    })

    it('refuses a context for another order (a bug, so it throws)', () => {
      const other = orderFrom(anOrder({ orderId: asId('order-2') }))
      expect(() =>
        given(requested).when(
          { type: 'ApproveCancellation' },
          cancellationContext(seller, tuesday, { order: other }),
        ),
      ).toThrow(/belongs to order/)
    })
  })

  describe.each([
    ['approved', approved(tuesday, 'seller')],
    [
      'declined',
      {
        type: 'CancellationDeclined',
        data: { cancellationId, orderId, at: tuesday, by: 'seller', reason: 'no' },
      },
    ],
    [
      'withdrawn',
      { type: 'CancellationWithdrawn', data: { cancellationId, orderId, at: tuesday } },
    ],
  ] as const)('when %s', (status, outcome) => {
    const history = [
      cancellationRequested(monday, instant('2026-11-25T14:00:00Z')),
      outcome,
    ] as const

    it.each([
      [{ type: 'ApproveCancellation' }, seller],
      [{ type: 'DeclineCancellation', reason: 'no' }, seller],
      [{ type: 'WithdrawCancellation' }, buyer],
    ] as const)('refuses %o', (command, actor) => {
      given(...history)
        .when(command, cancellationContext(actor, tuesday))
        .thenRejects('CANCELLATION_NOT_PENDING', { status })
    })

    it('has no deadline to fire', () => {
      const due = instant('2026-11-25T14:00:00Z')
      given(...history)
        .when(expireCancellationDeadline(due), cancellationContext(scheduler, due))
        .thenNothing()
    })
  })

  describe('before any request', () => {
    it.each([
      [{ type: 'ApproveCancellation' }, seller],
      [{ type: 'DeclineCancellation', reason: 'no' }, seller],
      [{ type: 'WithdrawCancellation' }, buyer],
    ] as const)('refuses %o', (command, actor) => {
      given()
        .when(command, cancellationContext(actor, tuesday))
        .thenRejects('CANCELLATION_NOT_FOUND')
    })

    it('ignores a deadline', () => {
      given()
        .when(expireCancellationDeadline(monday), cancellationContext(scheduler, tuesday))
        .thenNothing()
    })
  })
})
