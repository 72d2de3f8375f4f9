import type { RefundDestination } from '../../policy/vocabulary.ts'
import type { Currency } from '../shared/money.ts'
import type { CaseEvent, CaseEventOf, CaseEventType } from './events.ts'
import { formatInstant, formatMoney, humanize } from './format.ts'
import type { CaseParty, DecisionOutcome, EvidenceRef, OfferTerms } from './vocabulary.ts'

/**
 * What a reader of the case timeline sees of each event: the fields named
 * here, under the event's own names: codes, instants, and amounts in minor
 * units beside their currency. Ledger keys, refund allocations, the frozen
 * policy and stream ids stay inside; readers word the facts themselves (the
 * web in the viewer's language, `describeTimelineFact` in English).
 */
const shownFields = {
  CaseOpened: [
    'reason',
    'desiredOutcome',
    'wholeOrder',
    'claimedAmount',
    'currency',
    'respondBy',
    'evidence',
  ],
  ClaimAccepted: ['by', 'resolution'],
  ClaimDisputed: ['by', 'statement', 'evidence'],
  OfferMade: ['offerId', 'by', 'terms', 'currency', 'respondBy', 'message'],
  OfferAccepted: ['offerId', 'by', 'terms', 'currency'],
  OfferDeclined: ['offerId', 'by', 'reason', 'message'],
  OfferLapsed: ['offerId', 'reason'],
  SellerResponseReminderDue: ['respondBy'],
  OfferExpiryReminderDue: ['offerId', 'to', 'respondBy'],
  EvidenceAdded: ['by', 'evidence'],
  CaseMessagePosted: ['messageId', 'by', 'body'],
  CaseEscalated: ['by', 'reason', 'statement', 'decisionDueAt'],
  CaseAssigned: ['by', 'agentId', 'previousAgentId'],
  InformationRequested: ['by', 'from', 'question', 'dueAt'],
  InformationProvided: ['by', 'text', 'evidence'],
  InformationRequestExpired: ['from', 'dueAt'],
  CaseDecisionOverdue: ['dueAt'],
  CaseDecided: [
    'agentId',
    'outcome',
    'amount',
    'currency',
    'fault',
    'funding',
    'rationale',
    'followUpInstructions',
    'appealDueAt',
  ],
  CaseAppealed: ['by', 'newInformation', 'evidence', 'decisionDueAt'],
  AppealDecided: [
    'agentId',
    'outcome',
    'amount',
    'currency',
    'fault',
    'funding',
    'rationale',
    'followUpInstructions',
    'upheld',
  ],
  DecisionBecameFinal: [],
  RefundDue: ['amount', 'currency', 'destination', 'funding'],
  ReturnRequired: [
    'returnShippingPaidBy',
    'refundOnCompletion',
    'currency',
    'destination',
    'funding',
  ],
  ReplacementRequired: ['deliverBy', 'funding'],
  FollowUpCancelled: ['kind'],
  SellerReimbursementDue: ['amount', 'currency'],
  CaseSwapLinked: ['by', 'swapId', 'otherCaseId', 'rationale', 'fault'],
  FollowUpEnded: ['kind', 'outcome'],
  CaseClosed: ['closeReason', 'countsAgainstSeller', 'reputationReason'],
} as const satisfies { readonly [T in CaseEventType]: readonly (keyof CaseEventOf<T>['data'])[] }

/** The events about claimed items also say how many: "2 items", not the order's line ids. */
const countedTypes = ['CaseOpened', 'ReturnRequired', 'ReplacementRequired'] as const
type Counted = (typeof countedTypes)[number]
const isCounted = (event: CaseEvent): event is CaseEventOf<Counted> =>
  (countedTypes as readonly string[]).includes(event.type)

/** The data of one timeline entry, by event type. */
export type CaseTimelineData = {
  readonly [T in CaseEventType]: Pick<
    CaseEventOf<T>['data'],
    Extract<(typeof shownFields)[T][number], keyof CaseEventOf<T>['data']>
  > &
    (T extends Counted ? { readonly itemCount: number } : unknown)
}

/** One event as the timeline shows it: its type and its data, typed per type. */
export type CaseTimelineFact = {
  readonly [T in CaseEventType]: { readonly type: T; readonly data: CaseTimelineData[T] }
}[CaseEventType]

const itemCount = (lines: readonly { readonly quantity: number }[]): number =>
  lines.reduce((n, l) => n + l.quantity, 0)

/** The event's reader-facing facts (`shownFields`), plus the item count where items are claimed. */
export const caseTimelineFact = (event: CaseEvent): CaseTimelineFact => {
  const shown = new Set<string>(shownFields[event.type])
  const data: Record<string, unknown> = Object.fromEntries(
    Object.entries(event.data).filter(([field]) => shown.has(field)),
  )
  if (isCounted(event)) data.itemCount = itemCount(event.data.lines)
  // `shownFields` is checked against each event's data type above; `data` holds exactly those keys.
  return { type: event.type, data } as CaseTimelineFact
}

const who = (p: CaseParty): string =>
  p.role === 'buyer' ? 'The buyer' : p.role === 'seller' ? 'The seller' : `Agent ${p.userId}`

const quote = (text: string): string => {
  const oneLine = text.replace(/\s+/g, ' ').trim()
  return `“${oneLine.length > 140 ? `${oneLine.slice(0, 139)}…` : oneLine}”`
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

const describeTerms = (t: OfferTerms, currency: Currency): string => {
  switch (t.kind) {
    case 'partial_refund':
      return `a partial refund of ${formatMoney(t.amount, currency)}, keeping the item`
    case 'full_refund_keep_item':
      return 'a full refund, keeping the item'
    case 'return_and_refund':
      return 'a refund after the item is returned'
    case 'replacement':
      return 'a replacement'
  }
}

const describeEvidence = (e: EvidenceRef): string => {
  switch (e.kind) {
    case 'file':
      return `file "${e.file.name}" (${e.file.mediaType})`
    case 'tracking':
      return `tracking ${e.tracking.carrier} ${e.tracking.trackingNumber}`
    case 'measurements':
      return `measurements (${Object.entries(e.measurements)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')})`
    case 'note':
      return `a note ${quote(e.note)}`
  }
}

const withEvidence = (evidence: readonly EvidenceRef[]): string =>
  evidence.length === 0 ? '' : ` Evidence: ${evidence.map(describeEvidence).join('; ')}.`

const describeOutcome = (
  d: { readonly outcome: DecisionOutcome; readonly amount: number | null },
  currency: Currency,
): string => {
  switch (d.outcome) {
    case 'refund_full':
      return 'full refund to the buyer'
    case 'refund_partial':
      return `partial refund of ${formatMoney(d.amount ?? 0, currency)} to the buyer`
    case 'return_required':
      return 'the item goes back to the seller, then the buyer is refunded'
    case 'replacement':
      return 'the seller sends a replacement'
    case 'seller_favor':
      return 'in favour of the seller'
  }
}

const destination = (d: RefundDestination): string =>
  d === 'marketplace_credit' ? 'as marketplace credit' : 'to the original payment method'

const lapsed: { readonly [R in CaseEventOf<'OfferLapsed'>['data']['reason']]: string } = {
  expired: 'The offer lapsed: no answer came in time.',
  escalated: 'The open offer lapsed when the case was escalated.',
  withdrawn: 'The open offer lapsed when the case was withdrawn.',
  superseded: 'The open offer lapsed when the seller accepted the claim.',
}

const followUpEnded: { readonly [O in CaseEventOf<'FollowUpEnded'>['data']['outcome']]: string } = {
  return_completed: 'The return was completed.',
  return_not_shipped: 'The buyer did not ship the return in time.',
  replacement_delivered: 'The replacement was delivered.',
  replacement_failed: 'The replacement did not arrive.',
  swap_completed: 'Both swapped parcels were delivered: each buyer has the item they bought.',
  swap_not_shipped: 'A swapped parcel was not shipped in time; the swap is off.',
}

/** The timeline entry in one English line, for API readers and logs; the web words the data itself. */
export const describeTimelineFact = (event: CaseTimelineFact): string => {
  switch (event.type) {
    case 'CaseOpened': {
      const d = event.data
      const scope = d.wholeOrder ? 'the whole order' : plural(d.itemCount, 'item')
      return (
        `The buyer opened a case: ${humanize(d.reason)}, asking for ${humanize(d.desiredOutcome)} on ${scope} ` +
        `(${formatMoney(d.claimedAmount, d.currency)}). The seller responds by ${formatInstant(d.respondBy)}.` +
        withEvidence(d.evidence)
      )
    }
    case 'ClaimAccepted':
      return `${who(event.data.by)} accepted the claim: ${event.data.resolution === 'refund' ? 'a full refund' : 'a return and refund'}.`
    case 'ClaimDisputed':
      return `${who(event.data.by)} disputed the claim: ${quote(event.data.statement)}.${withEvidence(event.data.evidence)}`
    case 'OfferMade': {
      const d = event.data
      return `${who(d.by)} offered ${describeTerms(d.terms, d.currency)}; answer by ${formatInstant(d.respondBy)}.`
    }
    case 'OfferAccepted':
      return `${who(event.data.by)} accepted the offer of ${describeTerms(event.data.terms, event.data.currency)}.`
    case 'OfferDeclined':
      return event.data.reason === 'countered'
        ? `${who(event.data.by)} answered the offer with a counter-offer.`
        : `${who(event.data.by)} declined the offer.${event.data.message === null ? '' : ` ${quote(event.data.message)}`}`
    case 'OfferLapsed':
      return lapsed[event.data.reason]
    case 'SellerResponseReminderDue':
      return `The seller was reminded to respond by ${formatInstant(event.data.respondBy)}.`
    case 'OfferExpiryReminderDue':
      return `The ${event.data.to} was reminded to answer the offer by ${formatInstant(event.data.respondBy)}.`
    case 'EvidenceAdded':
      return `${who(event.data.by)} added evidence: ${describeEvidence(event.data.evidence)}.`
    case 'CaseMessagePosted':
      return `${who(event.data.by)} wrote: ${quote(event.data.body)}`
    case 'CaseEscalated': {
      const d = event.data
      const opening =
        d.reason === 'swap_failed'
          ? 'The swap fell through, so the case is back with the marketplace'
          : d.by === null
            ? 'The seller did not respond in time, so the case went to the marketplace'
            : `${who(d.by)} asked the marketplace to step in${d.statement === null ? '' : `: ${quote(d.statement)}`}`
      return `${opening}. An agent decides by ${formatInstant(d.decisionDueAt)}.`
    }
    case 'CaseAssigned': {
      const d = event.data
      return d.by.userId === d.agentId
        ? `Agent ${d.agentId} took the case.`
        : `${who(d.by)} assigned the case to agent ${d.agentId}.`
    }
    case 'InformationRequested':
      return `${who(event.data.by)} asked the ${event.data.from}: ${quote(event.data.question)} Answer by ${formatInstant(event.data.dueAt)}.`
    case 'InformationProvided':
      return `${who(event.data.by)} answered the agent: ${quote(event.data.text)}.${withEvidence(event.data.evidence)}`
    case 'InformationRequestExpired':
      return `No answer came from the ${event.data.from} by ${formatInstant(event.data.dueAt)}; the agent decides on the record.`
    case 'CaseDecisionOverdue':
      return `The decision was due by ${formatInstant(event.data.dueAt)}; the case now has priority in the queue.`
    case 'CaseDecided': {
      const d = event.data
      return (
        `Agent ${d.agentId} decided: ${describeOutcome(d, d.currency)}; fault: ${humanize(d.fault)}. ` +
        `Rationale: ${quote(d.rationale)} Either party may appeal until ${formatInstant(d.appealDueAt)}.`
      )
    }
    case 'CaseAppealed':
      return (
        `${who(event.data.by)} appealed with new information: ${quote(event.data.newInformation)} ` +
        `A different agent reviews by ${formatInstant(event.data.decisionDueAt)}.${withEvidence(event.data.evidence)}`
      )
    case 'AppealDecided': {
      const d = event.data
      return (
        `Agent ${d.agentId} decided the appeal (final): ${describeOutcome(d, d.currency)}; fault: ${humanize(d.fault)}; ` +
        `the first decision was ${d.upheld ? 'upheld' : 'changed'}. Rationale: ${quote(d.rationale)}`
      )
    }
    case 'DecisionBecameFinal':
      return 'No appeal came in time: the decision is final.'
    case 'RefundDue': {
      const d = event.data
      return `A refund of ${formatMoney(d.amount, d.currency)} is due to the buyer ${destination(d.destination)}, paid by the ${d.funding}.`
    }
    case 'ReturnRequired': {
      const d = event.data
      const items = plural(d.itemCount, 'item')
      return (
        `The buyer returns ${items}; return shipping is paid by the ${d.returnShippingPaidBy}. ` +
        `${formatMoney(d.refundOnCompletion, d.currency)} is refunded when the return completes.`
      )
    }
    case 'ReplacementRequired':
      return `The seller sends a replacement, to arrive by ${formatInstant(event.data.deliverBy)}.`
    case 'FollowUpCancelled':
      return `The ${event.data.kind} is no longer required.`
    case 'SellerReimbursementDue':
      return `The marketplace reimburses the seller ${formatMoney(event.data.amount, event.data.currency)}.`
    case 'CaseSwapLinked':
      return (
        `${who(event.data.by)} found that this order and another buyer's were swapped: each received the other's item. ` +
        `Send the item you received on with the prepaid label (the marketplace pays); the case closes with no refund once both parcels are delivered. ` +
        `Rationale: ${quote(event.data.rationale)}`
      )
    case 'FollowUpEnded':
      return followUpEnded[event.data.outcome]
    case 'CaseClosed': {
      const d = event.data
      const reputation = d.countsAgainstSeller
        ? 'Counts against the seller'
        : 'Does not count against the seller'
      return `Case closed: ${humanize(d.closeReason)}. ${reputation} (${humanize(d.reputationReason)}).`
    }
  }
}

/** One human-readable line for the case timeline. */
export const describeCaseEvent = (event: CaseEvent): string =>
  describeTimelineFact(caseTimelineFact(event))
