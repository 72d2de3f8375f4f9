import type { Transitions } from '../shared/decider.ts'
import type { CaseStatus } from './vocabulary.ts'

/**
 * Legal case status moves; the docs' state diagram is generated from this.
 * Settling (accepted claim or offer) closes the case or, when a return or
 * replacement must finish first, waits in `awaiting_follow_up`.
 */
export const caseTransitions = {
  none: ['awaiting_seller'],
  // Seller's turn: first response or the buyer's counter-offer.
  awaiting_seller: ['awaiting_buyer', 'escalated', 'awaiting_follow_up', 'closed'],
  // Buyer's turn: the seller responded; counter-offers flip back to the seller.
  awaiting_buyer: ['awaiting_seller', 'escalated', 'awaiting_follow_up', 'closed'],
  // The seller may still accept the claim, the buyer may still withdraw.
  escalated: ['awaiting_info', 'decided', 'awaiting_follow_up', 'closed'],
  // Back to the first instance or to the appeal review; the agent may decide without the answer.
  awaiting_info: ['escalated', 'appealed', 'decided', 'awaiting_follow_up', 'closed'],
  decided: ['appealed', 'awaiting_follow_up', 'closed'],
  appealed: ['awaiting_info', 'awaiting_follow_up', 'closed'],
  // A swap that falls through goes back to the agents.
  awaiting_follow_up: ['escalated', 'closed'],
  closed: [],
} as const satisfies Transitions<CaseStatus>

export const caseInitialStatuses = ['none'] as const satisfies readonly CaseStatus[]

export const caseTerminalStatuses = ['closed'] as const satisfies readonly CaseStatus[]
