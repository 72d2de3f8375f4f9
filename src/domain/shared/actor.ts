import type { UserId } from './ids.ts'

/**
 * Who issued a command. `integration` is the marketplace's backend (API key);
 * `system` is the scheduler firing a deadline.
 */
export type Actor =
  | { readonly kind: 'buyer'; readonly id: UserId }
  | { readonly kind: 'seller'; readonly id: UserId }
  | { readonly kind: 'agent'; readonly id: UserId }
  | { readonly kind: 'admin'; readonly id: UserId }
  | { readonly kind: 'integration'; readonly id: string }
  | { readonly kind: 'system'; readonly id: 'scheduler' }

export type ActorKind = Actor['kind']

export const systemActor: Actor = { kind: 'system', id: 'scheduler' }
