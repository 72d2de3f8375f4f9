import { describe, expect, it } from 'vitest'
import { defaultPolicy, presets } from '../../policy/presets.ts'
import { asId, type CancellationId } from '../shared/ids.ts'
import {
  anOrder,
  daysAfter,
  hoursAfter,
  minutesAfter,
  monday,
  orderCaseOpened,
  orderFrom,
  orderShipped,
} from '../order/fixtures.ts'
import { cancellationEligibility, eligibilityRefusalFor } from './eligibility.ts'

const order = orderFrom(anOrder())
/** Poshmark with purchases binding once its 3-hour window closed (no request to the seller after it). */
const bindingPosh = {
  ...presets.poshmark,
  cancellation: { ...presets.poshmark.cancellation, buyerMayRequestAfterWindow: false },
}
const ordinary = ['order_mistake', 'found_cheaper_price', 'no_longer_needed']

describe('cancellation eligibility', () => {
  it('lets the buyer cancel at once inside the default window, saying when it closes', () => {
    expect(cancellationEligibility(order, defaultPolicy, minutesAfter(monday, 5), 'buyer')).toEqual(
      {
        eligible: true,
        mode: 'immediate',
        windowClosesAt: hoursAfter(monday, 1),
        buyerRightFrom: daysAfter(monday, 7),
        allowedReasons: ordinary,
        reasonModes: {
          order_mistake: 'immediate',
          found_cheaper_price: 'immediate',
          no_longer_needed: 'immediate',
        },
        failures: [{ code: 'BUYER_RIGHT_NOT_OPEN', opensAt: daysAfter(monday, 7) }],
      },
    )
  })

  it("needs the seller's approval inside eBay's window", () => {
    const e = cancellationEligibility(order, presets.ebay, monday, 'buyer')
    expect(e).toMatchObject({
      eligible: true,
      mode: 'seller_approval',
      buyerRightFrom: null,
      allowedReasons: ordinary,
    })
  })

  it('says why not once a binding window closed', () => {
    const e = cancellationEligibility(order, bindingPosh, daysAfter(monday, 1), 'buyer')
    expect(e).toMatchObject({
      eligible: false,
      mode: null,
      allowedReasons: [],
      failures: [
        { code: 'CANCEL_WINDOW_ELAPSED', closedAt: hoursAfter(monday, 3) },
        { code: 'BUYER_RIGHT_NOT_OPEN', opensAt: daysAfter(monday, 7) },
      ],
    })
  })

  it("offers the right and the seller's approval together after 7 days under the default policy", () => {
    const e = cancellationEligibility(order, defaultPolicy, daysAfter(monday, 7), 'buyer')
    expect(e).toMatchObject({ eligible: true, mode: 'immediate', failures: [] })
    expect(e.reasonModes).toEqual({
      order_mistake: 'seller_approval',
      found_cheaper_price: 'seller_approval',
      no_longer_needed: 'seller_approval',
      seller_not_shipped: 'immediate',
    })
  })

  it('lists everything that blocks the order, and nothing about the window then', () => {
    const blocked = orderFrom(anOrder(), orderCaseOpened(monday), orderShipped(monday))
    const e = cancellationEligibility(
      blocked,
      defaultPolicy,
      monday,
      'buyer',
      asId<CancellationId>('cancellation-0'),
    )
    expect(e.failures.map((f) => f.code)).toEqual([
      'ALREADY_SHIPPED',
      'CASE_OPEN',
      'CANCELLATION_EXISTS',
    ])
    expect(e.eligible).toBe(false)
  })

  it('lets the seller cancel at once, for its own reasons, until shipping', () => {
    expect(
      cancellationEligibility(order, presets.poshmark, daysAfter(monday, 5), 'seller'),
    ).toMatchObject({
      eligible: true,
      mode: 'immediate',
      allowedReasons: ['out_of_stock', 'address_issue', 'buyer_asked', 'pricing_error'],
      failures: [],
    })
    const shipped = orderFrom(anOrder(), orderShipped(monday))
    expect(cancellationEligibility(shipped, defaultPolicy, monday, 'seller')).toMatchObject({
      eligible: false,
      failures: [{ code: 'ALREADY_SHIPPED', shippedAt: monday }],
    })
  })

  it("gives each reason its own refusal: the window, or the buyer's right", () => {
    const e = cancellationEligibility(order, bindingPosh, daysAfter(monday, 1), 'buyer')
    expect(eligibilityRefusalFor(e, 'order_mistake')).toMatchObject({
      code: 'CANCEL_WINDOW_ELAPSED',
    })
    expect(eligibilityRefusalFor(e, 'seller_not_shipped')).toMatchObject({
      code: 'BUYER_RIGHT_NOT_OPEN',
    })
    const open = cancellationEligibility(order, presets.poshmark, monday, 'buyer')
    expect(eligibilityRefusalFor(open, 'order_mistake')).toBeNull()
  })
})
