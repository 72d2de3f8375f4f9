/** Builders for payment-dispute specs, on the order fixtures' fixed clock (Monday 2026-11-23 14:00 UTC). */
import { defaultPolicy } from '../../policy/presets.ts'
import type { Instant } from '../../policy/time.ts'
import type { Policy } from '../../policy/types.ts'
import type { Fault } from '../../policy/vocabulary.ts'
import {
  buyerId,
  caseId,
  daysAfter,
  integration,
  monday,
  orderId,
  sellerId,
} from '../order/fixtures.ts'
import type { Actor } from '../shared/actor.ts'
import { asId, type CaseId, type RefundId } from '../shared/ids.ts'
import { minor } from '../shared/money.ts'
import type { OpenPaymentDispute } from './commands.ts'
import type { PaymentDisputeContext } from './decide.ts'
import type { RefundReference } from './vocabulary.ts'

export const disputeId = 'dispute-1'
export const dueBy = daysAfter(monday, 7)

export const openDispute = (overrides: Partial<OpenPaymentDispute> = {}): OpenPaymentDispute => ({
  type: 'OpenPaymentDispute',
  disputeId,
  provider: 'stripe',
  providerReference: 'du_1',
  amount: minor(4800),
  currency: 'USD',
  networkReason: 'product_not_received',
  evidenceDueBy: dueBy,
  fee: minor(1500),
  status: 'needs_response',
  ...overrides,
})

export const aRefund = (overrides: Partial<RefundReference> = {}): RefundReference => ({
  refundId: asId<RefundId>('refund-1'),
  refundKey: 'claim:case-1',
  amount: minor(4800),
  status: 'succeeded',
  destination: 'original_payment',
  providerReference: 're_1',
  requestedAt: monday,
  ...overrides,
})

export interface DisputeWorld {
  readonly actor?: Actor
  readonly now?: Instant
  readonly policy?: Policy
  readonly openCaseId?: CaseId | null
  readonly refunds?: readonly RefundReference[]
  readonly caseFault?: Fault | null
}

/** The integration acting Monday on the default 48.00 USD card order, a case open, nothing refunded. */
export const disputeContext = (w: DisputeWorld = {}): PaymentDisputeContext => ({
  meta: { actor: w.actor ?? integration, now: w.now ?? monday },
  policy: w.policy ?? defaultPolicy,
  order: {
    orderId,
    buyerId,
    sellerId,
    currency: 'USD',
    capturedByCard: minor(4800),
    policyVersionId: 'policy-1',
    openCaseId: w.openCaseId === undefined ? caseId : w.openCaseId,
  },
  refunds: w.refunds ?? [],
  caseFault: w.caseFault ?? null,
})
