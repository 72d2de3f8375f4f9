import { defineDecider } from '../shared/decider.ts'
import { decidePaymentDispute } from './decide.ts'
import { evolvePaymentDispute, initialPaymentDisputeState } from './state.ts'

export const paymentDisputeDecider = defineDecider({
  initialState: initialPaymentDisputeState,
  evolve: evolvePaymentDispute,
  decide: decidePaymentDispute,
})
