import { describe, expect, it } from 'vitest'
import { instant } from '../../policy/time.ts'
import { asId, type OrderLineId } from '../shared/ids.ts'
import { cancellationId, caseId, orderId } from './fixtures.ts'
import {
  explainOrderRejection,
  type OrderRejection,
  type OrderRejectionCode,
} from './rejections.ts'

const at = instant('2026-11-24T15:00:00Z')
const lineId = asId<OrderLineId>('line-1')

/** One of each code; the mapped type fails to compile when a code is added without a sample. */
const samples: { readonly [C in OrderRejectionCode]: Extract<OrderRejection, { code: C }> } = {
  ORDER_NOT_FOUND: { code: 'ORDER_NOT_FOUND' },
  ORDER_ALREADY_IMPORTED: { code: 'ORDER_ALREADY_IMPORTED', orderId },
  ORDER_HAS_NO_LINES: { code: 'ORDER_HAS_NO_LINES' },
  DUPLICATE_LINE: { code: 'DUPLICATE_LINE', lineId },
  INVALID_QUANTITY: { code: 'INVALID_QUANTITY', lineId, quantity: 0 },
  INVALID_AMOUNT: { code: 'INVALID_AMOUNT', field: 'shippingAmount', amount: -5 },
  INVALID_CURRENCY: { code: 'INVALID_CURRENCY', currency: 'usd' },
  ORDER_TOTAL_MISMATCH: { code: 'ORDER_TOTAL_MISMATCH', expected: 4800, actual: 4700 },
  PAYMENT_MISMATCH: { code: 'PAYMENT_MISMATCH', total: 4800, paid: 4000 },
  PAYMENT_METHOD_MISMATCH: {
    code: 'PAYMENT_METHOD_MISMATCH',
    method: 'card',
    card: 4000,
    credit: 800,
  },
  SHIP_BY_BEFORE_PURCHASE: { code: 'SHIP_BY_BEFORE_PURCHASE', purchasedAt: at, shipBy: at },
  ACTOR_NOT_ALLOWED: {
    code: 'ACTOR_NOT_ALLOWED',
    actorKind: 'buyer',
    allowed: ['seller', 'integration'],
  },
  NOT_A_PARTY: { code: 'NOT_A_PARTY', required: 'seller' },
  TRACKING_REQUIRED: { code: 'TRACKING_REQUIRED' },
  ORDER_CANCELLED: { code: 'ORDER_CANCELLED', cancelledAt: at, cancellationId },
  ALREADY_SHIPPED: { code: 'ALREADY_SHIPPED', shippedAt: at },
  NOT_SHIPPED: { code: 'NOT_SHIPPED', status: 'awaiting_shipment' },
  ALREADY_DELIVERED: { code: 'ALREADY_DELIVERED', deliveredAt: at },
  ORDER_NOT_DELIVERED: { code: 'ORDER_NOT_DELIVERED', status: 'shipped' },
  ALREADY_ACCEPTED: { code: 'ALREADY_ACCEPTED', acceptedAt: at },
  CASE_OPEN: { code: 'CASE_OPEN', caseId },
  UNKNOWN_CASE: { code: 'UNKNOWN_CASE', caseId },
}

describe('order refusals', () => {
  it.each(Object.values(samples))('explain $code in a sentence', (r) => {
    expect(explainOrderRejection(r)).toMatch(/^[A-Z'].+\.$/)
  })

  it('put the data in the sentence', () => {
    expect(explainOrderRejection(samples.ORDER_TOTAL_MISMATCH)).toBe(
      'The total is 4700 but lines, shipping and tax add up to 4800.',
    )
  })
})
