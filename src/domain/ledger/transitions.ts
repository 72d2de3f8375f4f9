import type { Transitions } from '../shared/decider.ts'
import type { LedgerStatus, RefundStatus } from './state.ts'

/** The order's ledger: opened by the capture with the payout held, then released once. */
export const ledgerTransitions = {
  none: ['held'],
  held: ['released'],
  released: [],
} as const satisfies Transitions<LedgerStatus>

export const ledgerInitialStatuses = ['none'] as const satisfies readonly LedgerStatus[]
export const ledgerTerminalStatuses = ['released'] as const satisfies readonly LedgerStatus[]

/** A refund before it exists, for the table. */
export type RefundLifecycle = 'none' | RefundStatus

/**
 * A refund's card part. A refund paid wholly as credit goes `none` →
 * `succeeded` in one step; a card refund waits in `pending`; a failed one is
 * retried (back to `pending`) or switched to credit.
 */
export const refundTransitions = {
  none: ['pending', 'succeeded'],
  pending: ['succeeded', 'failed'],
  failed: ['pending', 'switched_to_credit'],
  succeeded: [],
  switched_to_credit: [],
} as const satisfies Transitions<RefundLifecycle>

export const refundInitialStatuses = ['none'] as const satisfies readonly RefundLifecycle[]
export const refundTerminalStatuses = [
  'succeeded',
  'switched_to_credit',
] as const satisfies readonly RefundLifecycle[]
