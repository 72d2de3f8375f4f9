// The counters insights keep per seller-day, buyer-day and listing.
export const sellerCounters = [
  'orders',
  'shipped',
  'shippedLate',
  'shippedValidTracking',
  'delivered',
  'deliveredOnTime',
  'cancellations',
  'cancellationsSellerFault',
  'casesOpened',
  'casesClosed',
  'casesCounting',
  'casesEscalatedClosed',
  'casesLostAfterEscalation',
  'responses',
  'responsesOnTime',
  'responsesMissed',
  'responseMinutes',
] as const
export type SellerCounter = (typeof sellerCounters)[number]
export type SellerCounts = Record<SellerCounter, number>

export const buyerCounters = [
  'orders',
  'cancelRequests',
  'cancellations',
  'casesOpened',
  'casesRemorse',
  'casesGranted',
  'casesDenied',
  'casesSettled',
  'casesWithdrawn',
  'casesAbandoned',
  'returns',
  'returnsNotShipped',
] as const
export type BuyerCounter = (typeof buyerCounters)[number]
export type BuyerCounts = Record<BuyerCounter, number>

export const listingCounters = ['orders', 'cases', 'nad', 'returns'] as const
export type ListingCounter = (typeof listingCounters)[number]
export type ListingCounts = Record<ListingCounter, number>

export const zeroCounts = <K extends string>(names: readonly K[]): Record<K, number> =>
  Object.fromEntries(names.map((n) => [n, 0])) as Record<K, number>
