import type { ImportOrderBody } from '../../src/http/schemas/order.ts'

let counter = 0

/** A paid one-line order body as the marketplace would push it; override any field. */
export const orderBody = (overrides: Partial<ImportOrderBody> = {}): ImportOrderBody => {
  counter++
  const unitPrice = overrides.lines?.[0]?.unitPrice ?? 4500
  const shippingAmount = overrides.shippingAmount ?? 700
  const taxAmount = overrides.taxAmount ?? 0
  const total = unitPrice + shippingAmount + taxAmount
  return {
    externalRef: `mkt-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`,
    buyerId: 'buyer-1',
    sellerId: 'seller-1',
    currency: 'USD',
    lines: [
      {
        lineId: 'line-1',
        quantity: 1,
        unitPrice,
        listing: {
          listingId: 'lst-1',
          title: 'Vintage denim jacket',
          description: 'Levi’s trucker jacket, size M, light wash.',
          photos: ['https://img.example/1.jpg'],
          category: 'apparel/jackets',
          condition: 'good',
          size: 'M',
          measurements: { chest: '52 cm', length: '63 cm' },
        },
      },
    ],
    shippingAmount,
    taxAmount,
    total,
    payment: { method: 'card', card: total, credit: 0 },
    ...overrides,
  }
}
