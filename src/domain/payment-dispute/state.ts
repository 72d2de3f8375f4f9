import type { Instant } from '../../policy/time.ts'
import type { CaseId, OrderId, UserId } from '../shared/ids.ts'
import type { Currency, Minor } from '../shared/money.ts'
import type { PaymentDisputeEvent } from './events.ts'
import type {
  CaseOnChargeback,
  ChargebackBearer,
  ChargebackBearerReason,
  ChargebackCategory,
  NetworkReason,
  PaymentDisputeStatus,
  RefundReference,
} from './vocabulary.ts'

/** A chargeback on one order's card payment, as the payment provider reported it. */
export interface PaymentDispute {
  readonly status: PaymentDisputeStatus
  readonly disputeId: string
  readonly orderId: OrderId
  readonly caseId: CaseId | null
  readonly buyerId: UserId
  readonly sellerId: UserId
  readonly provider: string
  readonly providerReference: string
  readonly amount: Minor
  readonly fee: Minor
  readonly currency: Currency
  readonly networkReason: NetworkReason
  readonly category: ChargebackCategory
  readonly evidenceDueBy: Instant | null
  /** Refunds the order had made before the chargeback: "already refunded", with their references. */
  readonly alreadyRefunded: readonly RefundReference[]
  readonly caseAction: CaseOnChargeback | null
  /** The policy version in force when the dispute opened (the order's). */
  readonly policyVersionId: string
  readonly openedAt: Instant
  readonly updatedAt: Instant
  /** The evidence reminder went out for this deadline. */
  readonly remindedFor: Instant | null
  readonly closedAt: Instant | null
  readonly feeReturned: Minor
  readonly bearer: ChargebackBearer | null
  readonly bearerReason: ChargebackBearerReason | null
  readonly countsAgainstSeller: boolean
}

export type PaymentDisputeState = { readonly status: 'none' } | PaymentDispute

export const initialPaymentDisputeState: PaymentDisputeState = { status: 'none' }

/** Folds one fact in; total (it replays stored history), a fact that does not apply changes nothing. */
export const evolvePaymentDispute = (
  state: PaymentDisputeState,
  event: PaymentDisputeEvent,
): PaymentDisputeState => {
  switch (event.type) {
    case 'PaymentDisputeOpened': {
      if (state.status !== 'none') return state
      const d = event.data
      return {
        status: d.status,
        disputeId: d.disputeId,
        orderId: d.orderId,
        caseId: d.caseId,
        buyerId: d.buyerId,
        sellerId: d.sellerId,
        provider: d.provider,
        providerReference: d.providerReference,
        amount: d.amount,
        fee: d.fee,
        currency: d.currency,
        networkReason: d.networkReason,
        category: d.category,
        evidenceDueBy: d.evidenceDueBy,
        alreadyRefunded: d.alreadyRefunded,
        caseAction: d.caseAction,
        policyVersionId: d.policyVersionId,
        openedAt: d.at,
        updatedAt: d.at,
        remindedFor: null,
        closedAt: null,
        feeReturned: 0 as Minor,
        bearer: null,
        bearerReason: null,
        countsAgainstSeller: false,
      }
    }
    case 'PaymentDisputeUpdated':
      if (state.status === 'none') return state
      return {
        ...state,
        status: event.data.status,
        evidenceDueBy: event.data.evidenceDueBy,
        updatedAt: event.data.at,
      }
    case 'PaymentDisputeEvidenceReminderDue':
      if (state.status === 'none') return state
      return { ...state, remindedFor: event.data.evidenceDueBy }
    case 'PaymentDisputeClosed': {
      if (state.status === 'none') return state
      const d = event.data
      return {
        ...state,
        status: d.outcome,
        closedAt: d.at,
        updatedAt: d.at,
        feeReturned: d.feeReturned,
        bearer: d.bearer,
        bearerReason: d.bearerReason,
        countsAgainstSeller: d.countsAgainstSeller,
      }
    }
  }
}
