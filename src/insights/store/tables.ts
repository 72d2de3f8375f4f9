// The insights tables and the streams they are projected from.
/** Every table the projector writes, in the order a rebuild empties them. */
export const insightTables = [
  'insight_orders',
  'insight_cases',
  'insight_seller_days',
  'insight_seller_reason_days',
  'insight_seller_months',
  'insight_buyer_days',
  'insight_listings',
  'insight_categories',
  'insight_listing_attributes',
  'insight_facts',
  'insight_evidence',
  'insight_evidence_hashes',
] as const

/** The aggregate types whose events the projector reads. */
export const projectedStreams = new Set(['order', 'cancellation', 'case'])
