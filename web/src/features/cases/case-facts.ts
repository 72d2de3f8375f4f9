import type { AvailableAction, Case, CaseTimelineEntry, Offer } from '../../api/types.ts'

/** The action if the case's `availableActions` offers it: the only source of buttons. */
export const caseAction = (c: Case, action: string): AvailableAction | undefined =>
  c.availableActions.find((a) => a.action === action)

/** Actions that are a duty (something waits on this viewer), not merely a right. */
const DUTIES = new Set([
  'accept_claim',
  'dispute_claim',
  'accept_offer',
  'decline_offer',
  'provide_information',
  'decide',
  'decide_appeal',
])
export const isMyMove = (c: Case): boolean => c.availableActions.some((a) => DUTIES.has(a.action))

/** The claimed items name a case: "Silk slip dress" or "Silk slip dress and 1 more". */
export const caseTitle = (c: Case): string => {
  const first = c.lines[0]?.title ?? 'Order'
  return c.lines.length > 1 ? `${first} and ${c.lines.length - 1} more` : first
}

export const pendingOffer = (c: Case): Offer | null =>
  c.offers.find((o) => o.status === 'pending') ?? null

export const isOpen = (c: Case): boolean => c.status !== 'closed'

/** Short headings for timeline entries; the entry's sentence follows below. */
const entryTitles: Record<CaseTimelineEntry['type'], string> = {
  CaseOpened: 'Case opened',
  ClaimAccepted: 'Claim accepted',
  ClaimDisputed: 'Claim disputed',
  OfferMade: 'Offer made',
  OfferAccepted: 'Offer accepted',
  OfferDeclined: 'Offer declined',
  OfferLapsed: 'Offer lapsed',
  SellerResponseReminderDue: 'Seller reminded',
  OfferExpiryReminderDue: 'Reminder to answer the offer',
  EvidenceAdded: 'Evidence added',
  CaseMessagePosted: 'Message',
  CaseEscalated: 'Escalated to Recourse',
  CaseAssigned: 'Agent assigned',
  InformationRequested: 'Information requested',
  InformationProvided: 'Information provided',
  InformationRequestExpired: 'No answer in time',
  CaseDecisionOverdue: 'Decision overdue',
  CaseDecided: 'Decided',
  CaseAppealed: 'Appealed',
  AppealDecided: 'Appeal decided',
  DecisionBecameFinal: 'Decision final',
  RefundDue: 'Refund due',
  ReturnRequired: 'Return required',
  ReplacementRequired: 'Replacement required',
  FollowUpCancelled: 'Follow-up cancelled',
  SellerReimbursementDue: 'Seller reimbursed',
  CaseSwapLinked: 'Linked as swapped orders',
  FollowUpEnded: 'Follow-up ended',
  CaseClosed: 'Case closed',
}
export const entryTitle = (e: CaseTimelineEntry): string =>
  e.type === 'OfferDeclined' && e.data.reason === 'countered'
    ? 'Counter-offer'
    : entryTitles[e.type]

export type EntryTone = 'done' | 'good' | 'warn' | 'quiet'
const tones: Partial<Record<CaseTimelineEntry['type'], EntryTone>> = {
  ClaimAccepted: 'good',
  OfferAccepted: 'good',
  CaseClosed: 'good',
  RefundDue: 'good',
  CaseEscalated: 'warn',
  CaseDecisionOverdue: 'warn',
  InformationRequestExpired: 'warn',
  CaseAppealed: 'warn',
  OfferLapsed: 'quiet',
  OfferDeclined: 'quiet',
  CaseAssigned: 'quiet',
}
export const entryTone = (e: CaseTimelineEntry): EntryTone => tones[e.type] ?? 'done'

/**
 * What a person said in their own words, if the entry carries any: a
 * message, the seller's dispute, an answer to the agent, an escalation's
 * statement, an appeal.
 */
export const spokenWords = (e: CaseTimelineEntry): string | null => {
  if (e.type === 'CaseMessagePosted') return e.data.body
  if (e.type === 'ClaimDisputed') return e.data.statement
  if (e.type === 'InformationProvided') return e.data.text
  if (e.type === 'CaseEscalated') return e.data.by === null ? null : e.data.statement
  if (e.type === 'CaseAppealed') return e.data.newInformation
  return null
}

/** Who did it, in words: a person's name, or Recourse for deadlines that fired. */
export const actorName = (
  actor: CaseTimelineEntry['actor'],
  nameOf: (id: string) => string,
): string => (actor.kind === 'system' ? 'Recourse' : nameOf(actor.id))
