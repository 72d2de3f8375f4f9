import type { CaseTimelineEntry } from '../../api/types.ts'
import {
  caseReasonLabel,
  faultLabel,
  funderLabel,
  reputationReasonLabel,
} from '../../lib/labels.ts'
import { formatMoney } from '../../lib/money.ts'
import { formatWhen } from '../../lib/time.ts'

/** An entry's data, by its type. */
type DataOf<T extends CaseTimelineEntry['type']> = Extract<CaseTimelineEntry, { type: T }>['data']
type Party = DataOf<'ClaimAccepted'>['by']
type Evidence = DataOf<'EvidenceAdded'>['evidence']
type Terms = DataOf<'OfferMade'>['terms']
type Decision = DataOf<'CaseDecided'>

/** What a sentence needs besides the entry: the clock for "tomorrow at 2 PM", and people's names. */
export interface SentenceContext {
  readonly now: number
  readonly nameOf: (userId: string) => string
}

const lower = (label: string): string => label.charAt(0).toLowerCase() + label.slice(1)

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

/** Long words stay readable in a one-line entry; the full text is on the case and in the statements. */
const quote = (text: string): string => {
  const oneLine = text.replace(/\s+/g, ' ').trim()
  return `“${oneLine.length > 140 ? `${oneLine.slice(0, 139)}…` : oneLine}”`
}

/** Ends a sentence with a full stop, unless the quoted words already did ("…tape attached.”"). */
const stop = (text: string): string => (/[.!?…]”?$/.test(text) ? text : `${text}.`)

/** "Alex Kim (agent)": agents are named, with their role, since either party may read it. */
const agentName = (userId: string, nameOf: SentenceContext['nameOf']): string => {
  const name = nameOf(userId)
  return name === userId ? `Agent ${userId}` : `${name.replace(/\s*\(agent\)$/, '')} (agent)`
}

/** What the buyer asks for, inside a sentence ("asking for a return and refund"). */
const askedFor: Record<DataOf<'CaseOpened'>['desiredOutcome'], string> = {
  full_refund: 'a full refund',
  return_and_refund: 'a return and refund',
  replacement: 'a replacement',
  partial_refund_keep_item: 'a partial refund, keeping the item',
}

const lapsed: Record<DataOf<'OfferLapsed'>['reason'], string> = {
  expired: 'The offer lapsed: no answer came in time.',
  escalated: 'The open offer lapsed when the case was escalated.',
  withdrawn: 'The open offer lapsed when the case was withdrawn.',
  superseded: 'The open offer lapsed when the seller accepted the claim.',
}

const followUpEnded: Record<DataOf<'FollowUpEnded'>['outcome'], string> = {
  return_completed: 'The return was completed.',
  return_not_shipped: 'The buyer did not ship the return in time.',
  replacement_delivered: 'The replacement was delivered.',
  replacement_failed: 'The replacement did not arrive.',
  swap_completed: 'Both swapped parcels were delivered: each buyer has the item they bought.',
  swap_not_shipped: 'A swapped parcel was not shipped in time; the swap is off.',
}

const evidenceWords = (e: Evidence): string => {
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

const withEvidence = (evidence: readonly Evidence[]): string =>
  evidence.length === 0 ? '' : ` Evidence: ${stop(evidence.map(evidenceWords).join('; '))}`

const termsWords = (t: Terms, currency: string): string => {
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

const outcomeWords = (d: Pick<Decision, 'outcome' | 'amount' | 'currency'>): string => {
  switch (d.outcome) {
    case 'refund_full':
      return 'full refund to the buyer'
    case 'refund_partial':
      return `partial refund of ${formatMoney(d.amount ?? 0, d.currency)} to the buyer`
    case 'return_required':
      return 'the item goes back to the seller, then the buyer is refunded'
    case 'replacement':
      return 'the seller sends a replacement'
    case 'seller_favor':
      return 'in favour of the seller'
  }
}

const destinationWords = (destination: string): string =>
  destination === 'marketplace_credit' ? 'as marketplace credit' : 'to the original payment method'

/**
 * One timeline entry in a sentence, from its typed data: amounts in the
 * viewer's currency format, times in the viewer's zone ("by tomorrow at
 * 2:00 PM"), agents by name. The server's English `text` is never read.
 */
export const timelineSentence = (
  e: CaseTimelineEntry,
  { now, nameOf }: SentenceContext,
): string => {
  const when = (iso: string): string => formatWhen(iso, now)
  const who = (p: Party): string =>
    p.role === 'buyer'
      ? 'The buyer'
      : p.role === 'seller'
        ? 'The seller'
        : agentName(p.userId, nameOf)
  switch (e.type) {
    case 'CaseOpened': {
      const d = e.data
      const scope = d.wholeOrder ? 'the whole order' : plural(d.itemCount, 'item')
      return (
        `The buyer opened a case: ${lower(caseReasonLabel(d.reason))}, asking for ${askedFor[d.desiredOutcome]} on ${scope} ` +
        `(${formatMoney(d.claimedAmount, d.currency)}). The seller responds by ${when(d.respondBy)}.` +
        withEvidence(d.evidence)
      )
    }
    case 'ClaimAccepted':
      return `${who(e.data.by)} accepted the claim: ${e.data.resolution === 'refund' ? 'a full refund' : 'a return and refund'}.`
    case 'ClaimDisputed':
      return `${who(e.data.by)} disputed the claim: ${stop(quote(e.data.statement))}${withEvidence(e.data.evidence)}`
    case 'OfferMade':
      return `${who(e.data.by)} offered ${termsWords(e.data.terms, e.data.currency)}; answer by ${when(e.data.respondBy)}.`
    case 'OfferAccepted':
      return `${who(e.data.by)} accepted the offer of ${termsWords(e.data.terms, e.data.currency)}.`
    case 'OfferDeclined':
      return e.data.reason === 'countered'
        ? `${who(e.data.by)} answered the offer with a counter-offer.`
        : `${who(e.data.by)} declined the offer.${e.data.message === null ? '' : ` ${quote(e.data.message)}`}`
    case 'OfferLapsed':
      return lapsed[e.data.reason]
    case 'SellerResponseReminderDue':
      return `The seller was reminded to respond by ${when(e.data.respondBy)}.`
    case 'OfferExpiryReminderDue':
      return `The ${e.data.to} was reminded to answer the offer by ${when(e.data.respondBy)}.`
    case 'EvidenceAdded':
      return `${who(e.data.by)} added evidence: ${evidenceWords(e.data.evidence)}.`
    case 'CaseMessagePosted':
      return `${who(e.data.by)} wrote: ${quote(e.data.body)}`
    case 'CaseEscalated': {
      const d = e.data
      const opening =
        d.reason === 'swap_failed'
          ? 'The swap fell through, so the case is back with the marketplace'
          : d.by === null
            ? 'The seller did not respond in time, so the case went to the marketplace'
            : `${who(d.by)} asked the marketplace to step in${d.statement === null ? '' : `: ${quote(d.statement)}`}`
      return `${stop(opening)} An agent decides by ${when(d.decisionDueAt)}.`
    }
    case 'CaseAssigned': {
      const d = e.data
      return d.by.userId === d.agentId
        ? `${agentName(d.agentId, nameOf)} took the case.`
        : `${who(d.by)} assigned the case to ${agentName(d.agentId, nameOf)}.`
    }
    case 'InformationRequested':
      return `${who(e.data.by)} asked the ${e.data.from}: ${quote(e.data.question)} Answer by ${when(e.data.dueAt)}.`
    case 'InformationProvided':
      return `${who(e.data.by)} answered the agent: ${stop(quote(e.data.text))}${withEvidence(e.data.evidence)}`
    case 'InformationRequestExpired':
      return `No answer came from the ${e.data.from} by ${when(e.data.dueAt)}; the agent decides on the record.`
    case 'CaseDecisionOverdue':
      return `The decision was due by ${when(e.data.dueAt)}; the case now has priority in the queue.`
    case 'CaseDecided': {
      const d = e.data
      return (
        `${agentName(d.agentId, nameOf)} decided: ${outcomeWords(d)}; at fault: ${lower(faultLabel(d.fault))}. ` +
        `Rationale: ${quote(d.rationale)} Either party may appeal until ${when(d.appealDueAt)}.`
      )
    }
    case 'CaseAppealed':
      return (
        `${who(e.data.by)} appealed with new information: ${quote(e.data.newInformation)} ` +
        `A different agent reviews by ${when(e.data.decisionDueAt)}.${withEvidence(e.data.evidence)}`
      )
    case 'AppealDecided': {
      const d = e.data
      return (
        `${agentName(d.agentId, nameOf)} decided the appeal (final): ${outcomeWords(d)}; at fault: ${lower(faultLabel(d.fault))}; ` +
        `the first decision was ${d.upheld ? 'upheld' : 'changed'}. Rationale: ${quote(d.rationale)}`
      )
    }
    case 'DecisionBecameFinal':
      return 'No appeal came in time: the decision is final.'
    case 'RefundDue': {
      const d = e.data
      return `A refund of ${formatMoney(d.amount, d.currency)} is due to the buyer ${destinationWords(d.destination)}, paid by ${lower(funderLabel(d.funding))}.`
    }
    case 'ReturnRequired': {
      const d = e.data
      return (
        `The buyer returns ${plural(d.itemCount, 'item')}; return shipping is paid by ${lower(funderLabel(d.returnShippingPaidBy))}. ` +
        `${formatMoney(d.refundOnCompletion, d.currency)} is refunded when the return completes.`
      )
    }
    case 'ReplacementRequired':
      return `The seller sends a replacement, to arrive by ${when(e.data.deliverBy)}.`
    case 'FollowUpCancelled':
      return `The ${e.data.kind} is no longer required.`
    case 'SellerReimbursementDue':
      return `The marketplace reimburses the seller ${formatMoney(e.data.amount, e.data.currency)}.`
    case 'CaseSwapLinked':
      return (
        `${who(e.data.by)} found that this order and another buyer's were swapped: each received the other's item. ` +
        `Send the item you received on with the prepaid label (the marketplace pays); the case closes with no refund once both parcels are delivered. ` +
        `Rationale: ${quote(e.data.rationale)}`
      )
    case 'FollowUpEnded':
      return followUpEnded[e.data.outcome]
    case 'CaseClosed': {
      const d = e.data
      const reputation = d.countsAgainstSeller
        ? 'Counts against the seller'
        : 'Does not count against the seller'
      // The reason's own words ("settled", "appeal decided"); the case's outcome card says it in full.
      return `Case closed: ${d.closeReason.replaceAll('_', ' ')}. ${reputation} (${reputationReasonLabel(d.reputationReason)}).`
    }
  }
}
