import type { AbuseAppealEvent } from './abuse-appeal/events.ts'
import type { CancellationEvent } from './cancellation/events.ts'
import type { CaseEvent } from './case/events.ts'
import type { ConversationEvent } from './conversation/events.ts'
import type { CreditAccountEvent } from './ledger/credit-account.ts'
import type { LedgerEvent } from './ledger/events.ts'
import type { OrderEvent } from './order/events.ts'
import type { PaymentDisputeEvent } from './payment-dispute/events.ts'
import type { ReturnEvent } from './return/events.ts'
import type { SwapEvent } from './swap/events.ts'

/**
 * Every fact any aggregate records. Tables keyed on event types (the public
 * webhook catalogue, the notifications) are typed on `DomainEventType`, so a
 * misspelt or removed event type is a compile error, not a silent no-op.
 */
export type DomainEvent =
  | OrderEvent
  | CancellationEvent
  | CaseEvent
  | LedgerEvent
  | CreditAccountEvent
  | ReturnEvent
  | SwapEvent
  | ConversationEvent
  | AbuseAppealEvent
  | PaymentDisputeEvent

export type DomainEventType = DomainEvent['type']

/** The event of a given type, e.g. `DomainEventOf<'CaseOpened'>['data']`. */
export type DomainEventOf<T extends DomainEventType> = Extract<DomainEvent, { readonly type: T }>
