import type { Decider } from '../shared/decider.ts'
import type { PaymentDisputeCommand } from './commands.ts'
import { decidePaymentDispute, type PaymentDisputeContext } from './decide.ts'
import type { PaymentDisputeEvent } from './events.ts'
import type { PaymentDisputeRejection } from './rejections.ts'
import {
  evolvePaymentDispute,
  initialPaymentDisputeState,
  type PaymentDisputeState,
} from './state.ts'

export const paymentDisputeDecider = {
  initialState: initialPaymentDisputeState,
  evolve: evolvePaymentDispute,
  decide: decidePaymentDispute,
} satisfies Decider<
  PaymentDisputeCommand,
  PaymentDisputeEvent,
  PaymentDisputeState,
  PaymentDisputeContext,
  PaymentDisputeRejection
>

export * from './commands.ts'
export * from './deadline.ts'
export * from './decide.ts'
export * from './events.ts'
export * from './rejections.ts'
export * from './rules.ts'
export * from './state.ts'
export * from './transitions.ts'
export * from './vocabulary.ts'
