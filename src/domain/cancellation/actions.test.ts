import { describe, expect, it } from 'vitest'
import { defaultPolicy } from '../../policy/presets.ts'
import { instant } from '../../policy/time.ts'
import { fold } from '../shared/decider.ts'
import {
  anOrder,
  buyer,
  cancellationId,
  daysAfter,
  monday,
  orderFrom,
  orderShipped,
  seller,
  strangerSeller,
} from '../order/fixtures.ts'
import { availableCancellationActions } from './actions.ts'
import { cancellationRequested } from './fixtures.ts'
import { evolveCancellation, initialCancellationState } from './state.ts'

const respondBy = instant('2026-11-25T14:00:00Z')
const order = orderFrom(anOrder())
const requested = fold(evolveCancellation, initialCancellationState, [
  cancellationRequested(monday, respondBy),
])
const tuesday = daysAfter(monday, 1)

describe('available cancellation actions', () => {
  it('lets the seller approve or decline by the response deadline', () => {
    expect(availableCancellationActions(requested, seller, order, defaultPolicy, tuesday)).toEqual([
      { action: 'approve', dueAt: respondBy },
      { action: 'decline', dueAt: respondBy },
    ])
  })

  it('only lets the seller decline once the order shipped', () => {
    const shipped = orderFrom(anOrder(), orderShipped(monday))
    expect(
      availableCancellationActions(requested, seller, shipped, defaultPolicy, tuesday),
    ).toEqual([{ action: 'decline', dueAt: respondBy }])
  })

  it('lets the buyer withdraw', () => {
    expect(availableCancellationActions(requested, buyer, order, defaultPolicy, tuesday)).toEqual([
      { action: 'withdraw' },
    ])
  })

  it('offers strangers nothing, and nothing once decided', () => {
    expect(
      availableCancellationActions(requested, strangerSeller, order, defaultPolicy, tuesday),
    ).toEqual([])
    const withdrawn = evolveCancellation(requested, {
      type: 'CancellationWithdrawn',
      data: { cancellationId, orderId: order.orderId, at: tuesday },
    })
    expect(availableCancellationActions(withdrawn, buyer, order, defaultPolicy, tuesday)).toEqual(
      [],
    )
    expect(
      availableCancellationActions(initialCancellationState, buyer, order, defaultPolicy, tuesday),
    ).toEqual([])
  })
})
