/** Identifiers are UUIDv7 strings made outside the domain and passed in on commands. */
type Id<B extends string> = string & { readonly __brand: B }

export type OrderId = Id<'OrderId'>
export type OrderLineId = Id<'OrderLineId'>
export type CancellationId = Id<'CancellationId'>
export type CaseId = Id<'CaseId'>
export type OfferId = Id<'OfferId'>
export type ReturnId = Id<'ReturnId'>
export type SwapId = Id<'SwapId'>
export type AbuseAppealId = Id<'AbuseAppealId'>
export type RefundId = Id<'RefundId'>
export type EvidenceId = Id<'EvidenceId'>
export type MessageId = Id<'MessageId'>
export type UserId = Id<'UserId'>
export type PolicyVersionId = Id<'PolicyVersionId'>

/** Marks a plain string as an id of the given kind (at the boundary, after validation). */
export const asId = <T extends Id<string>>(value: string): T => value as T
