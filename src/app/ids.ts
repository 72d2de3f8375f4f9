import { v5 as uuidv5, v7 as uuidv7 } from 'uuid'

/** New ids are UUIDv7: time-ordered for index locality, unguessable enough for URLs. */
export const newId = <T extends string>(): T => uuidv7() as T

const ORDER_NAMESPACE = '6b1e6f0e-3c55-4b8e-9a57-2f7d0d1c9a10'

/**
 * An order's id is derived from the marketplace's own order reference, so the
 * same order pushed twice (a retry, two workers) lands on the same stream and
 * is refused the second time instead of being imported twice.
 */
export const orderIdFor = <T extends string>(externalRef: string): T =>
  uuidv5(externalRef, ORDER_NAMESPACE) as T

const PAYMENT_DISPUTE_NAMESPACE = '0f4c2a8e-6d1b-4f3e-8b7a-5c9d2e1f4a60'

/**
 * A payment dispute's id is derived from the provider and its reference, so
 * the same chargeback reported twice (the route and the Stripe webhook, or a
 * redelivered event) lands on the same stream.
 */
export const paymentDisputeIdFor = (provider: string, providerReference: string): string =>
  uuidv5(`${provider}:${providerReference}`, PAYMENT_DISPUTE_NAMESPACE)
