import type { Policy } from '../policy/types.ts'
import type { OrderEvent } from '../domain/order/events.ts'
import type { OrderState } from '../domain/order/state.ts'
import { evolveOrder, initialOrderState } from '../domain/order/state.ts'
import { activeOrderDeadline } from '../domain/order/deadline.ts'
import type { AggregateType } from '../store/event-store.ts'
import type { CancellationEvent } from '../domain/cancellation/events.ts'
import type { CancellationState } from '../domain/cancellation/state.ts'
import { evolveCancellation, initialCancellationState } from '../domain/cancellation/state.ts'
import { activeCancellationDeadline } from '../domain/cancellation/deadline.ts'
import type { CaseEvent } from '../domain/case/events.ts'
import type { CaseState } from '../domain/case/state.ts'
import { evolveCase, initialCaseState } from '../domain/case/state.ts'
import { scheduledCaseDeadline } from '../domain/case/deadline.ts'
import type { LedgerEvent } from '../domain/ledger/events.ts'
import type { LedgerState } from '../domain/ledger/state.ts'
import { evolveLedger, initialLedgerState } from '../domain/ledger/state.ts'
import type { CreditAccountEvent, CreditAccountState } from '../domain/ledger/credit-account.ts'
import {
  activeCreditDeadline,
  evolveCreditAccount,
  initialCreditAccountState,
} from '../domain/ledger/credit-account.ts'
import type { ReturnEvent } from '../domain/return/events.ts'
import type { ReturnState } from '../domain/return/state.ts'
import { evolveReturn, initialReturnState } from '../domain/return/state.ts'
import type { SwapEvent } from '../domain/swap/events.ts'
import type { SwapState } from '../domain/swap/state.ts'
import { evolveSwap, initialSwapState } from '../domain/swap/state.ts'
import { activeSwapDeadline } from '../domain/swap/deadline.ts'
import { scheduledReturnDeadline } from '../domain/return/deadline.ts'
import type { ConversationEvent } from '../domain/conversation/events.ts'
import type { ConversationState } from '../domain/conversation/state.ts'
import { evolveConversation, initialConversationState } from '../domain/conversation/state.ts'
import type { AbuseAppealEvent } from '../domain/abuse-appeal/events.ts'
import type { AbuseAppealState } from '../domain/abuse-appeal/state.ts'
import { evolveAbuseAppeal, initialAbuseAppealState } from '../domain/abuse-appeal/state.ts'
import type { PaymentDisputeEvent } from '../domain/payment-dispute/events.ts'
import type { PaymentDisputeState } from '../domain/payment-dispute/state.ts'
import {
  evolvePaymentDispute,
  initialPaymentDisputeState,
} from '../domain/payment-dispute/state.ts'
import { activePaymentDisputeDeadline } from '../domain/payment-dispute/deadline.ts'
import { chargebackPolicyOf } from '../domain/payment-dispute/rules.ts'

/** How each aggregate is stored: its type name, fold, list columns and live deadline. */
export const orderAggregate: AggregateType<OrderState, OrderEvent, Policy> = {
  type: 'order',
  initialState: initialOrderState,
  evolve: evolveOrder,
  index: (s) =>
    s.status === 'none'
      ? { status: 'none' }
      : { status: s.status, buyerId: s.buyerId, sellerId: s.sellerId, orderId: s.orderId },
  deadline: activeOrderDeadline,
}

/** A cancellation is listed by its order's parties, so a seller sees the requests waiting for it. */
export const cancellationAggregate = (parties: {
  buyerId: string
  sellerId: string
}): AggregateType<CancellationState, CancellationEvent, Policy> => ({
  type: 'cancellation',
  initialState: initialCancellationState,
  evolve: evolveCancellation,
  index: (s) =>
    s.status === 'none'
      ? { status: 'none' }
      : {
          status: s.status,
          orderId: s.orderId,
          buyerId: parties.buyerId,
          sellerId: parties.sellerId,
        },
  deadline: (s) => activeCancellationDeadline(s),
})

/** For loading: the type name and initial state are all a read needs. */
export const cancellationStream = { type: 'cancellation', initialState: initialCancellationState }

export const caseAggregate: AggregateType<CaseState, CaseEvent, unknown> = {
  type: 'case',
  initialState: initialCaseState,
  evolve: evolveCase,
  index: (s) =>
    s.status === 'none'
      ? { status: 'none' }
      : { status: s.status, orderId: s.orderId, buyerId: s.buyerId, sellerId: s.sellerId },
  // A case carries its frozen policy in its state, so its deadline needs nothing else.
  deadline: (s) => scheduledCaseDeadline(s),
}

/** One ledger stream per order (its id derived from the order's, `ledgerIdOf`); no deadline of its own. */
export const ledgerAggregate: AggregateType<LedgerState, LedgerEvent, unknown> = {
  type: 'ledger',
  initialState: initialLedgerState,
  evolve: evolveLedger,
  index: (s) =>
    s.status === 'none'
      ? { status: 'none' }
      : { status: s.status, orderId: s.orderId, buyerId: s.buyerId, sellerId: s.sellerId },
  deadline: () => null,
}

/** A buyer's marketplace credit across orders; its deadline is the soonest expiry. */
export const creditAccountAggregate: AggregateType<
  CreditAccountState,
  CreditAccountEvent,
  unknown
> = {
  type: 'credit_account',
  initialState: initialCreditAccountState,
  evolve: evolveCreditAccount,
  index: (s) => (s.status === 'none' ? { status: 'none' } : { status: 'open', buyerId: s.buyerId }),
  deadline: (s) => activeCreditDeadline(s),
}

/** A return, listed by its order's parties; its deadlines are fixed on its facts. */
export const returnAggregate: AggregateType<ReturnState, ReturnEvent, unknown> = {
  type: 'return',
  initialState: initialReturnState,
  evolve: evolveReturn,
  index: (s) =>
    s.status === 'none'
      ? { status: 'none' }
      : { status: s.status, orderId: s.orderId, buyerId: s.buyerId, sellerId: s.sellerId },
  deadline: (s) => scheduledReturnDeadline(s),
}

/** Swapped orders: listed under the first leg's buyer and order; its deadline is the legs' ship-by. */
export const swapAggregate: AggregateType<SwapState, SwapEvent, unknown> = {
  type: 'swap',
  initialState: initialSwapState,
  evolve: evolveSwap,
  index: (s) =>
    s.status === 'none'
      ? { status: 'none' }
      : { status: s.status, orderId: s.legs[0].orderId, buyerId: s.legs[0].fromBuyerId },
  deadline: (s) => activeSwapDeadline(s),
}

/** A buyer's appeal against its abuse signals: listed under the buyer; no deadline (agents work the queue). */
export const abuseAppealAggregate: AggregateType<AbuseAppealState, AbuseAppealEvent, unknown> = {
  type: 'abuse_appeal',
  initialState: initialAbuseAppealState,
  evolve: evolveAbuseAppeal,
  index: (s) =>
    s.status === 'none' ? { status: 'none' } : { status: s.status, buyerId: s.buyerId },
  deadline: () => null,
}

/** How threads are stored: listed by their order's parties; they have no deadline (`lock.ts`). */
export const conversationAggregate: AggregateType<ConversationState, ConversationEvent, unknown> = {
  type: 'conversation',
  initialState: initialConversationState,
  evolve: evolveConversation,
  index: (s) =>
    s.status === 'none'
      ? { status: 'none' }
      : { status: s.status, orderId: s.orderId, buyerId: s.buyerId, sellerId: s.sellerId },
  deadline: () => null,
}

/**
 * A chargeback on an order's card payment, listed by the order's parties; its
 * deadline is the evidence reminder, under the order's policy.
 */
export const paymentDisputeAggregate: AggregateType<
  PaymentDisputeState,
  PaymentDisputeEvent,
  Policy
> = {
  type: 'payment_dispute',
  initialState: initialPaymentDisputeState,
  evolve: evolvePaymentDispute,
  index: (s) =>
    s.status === 'none'
      ? { status: 'none' }
      : { status: s.status, orderId: s.orderId, buyerId: s.buyerId, sellerId: s.sellerId },
  deadline: (s, policy) =>
    activePaymentDisputeDeadline(
      s,
      chargebackPolicyOf(policy).disputeEvidenceReminderBefore,
      policy.calendar,
    ),
}
