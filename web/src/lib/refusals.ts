import type { ProblemCode } from '../../../src/http/refusal-codes.ts'
import { caseReasonChoiceLabel, caseStatusLabel } from './labels.ts'
import { formatMoney } from './money.ts'
import { formatAt } from './time.ts'

/** A refusal from the API: a problem (`ApiError`) or an eligibility failure (`{ code, …data }`). */
export interface Refusal {
  readonly code: string
  readonly detail?: string
  readonly data: Readonly<Record<string, unknown>>
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null)
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)

/** "“It isn’t as described”": the reason as the buyer picked it. */
const reasonWords = (v: unknown): string => {
  const r = str(v)
  if (!r) return 'this reason'
  return `“${caseReasonChoiceLabel(r)}”`
}

const requiredText: Record<string, string> = {
  description: 'what went wrong',
  statement: 'your side of the story',
  body: 'a message',
  question: 'the question',
  text: 'your answer',
  rationale: 'the rationale: both sides read it',
  newInformation: 'what is new since the decision',
}

/** Without a user directory, people are named by whoever calls (the demo directory for now). */
export type NameOf = (userId: string) => string

/** What a sentence reads: the refusal's data, its instants in the viewer's zone, and people's names. */
interface Facts {
  readonly d: Readonly<Record<string, unknown>>
  readonly detail: string | undefined
  /** `at 2:03 PM today`, `on Mar 11`: an instant field in the viewer's zone, or null. */
  readonly at: (field: string) => string | null
  /** An amount field with the refusal's `currency`, or null. */
  readonly money: (field: string) => string | null
  readonly nameOf: NameOf
}

/** "at 2:03 PM" → "2:03 PM", for a sentence that puts its own preposition. */
const bare = (when: string): string => when.replace(/^(at|on) /, '')

const signedOut = (): string => 'Your session has ended. Sign in again to continue.'
const chooseFile = (): string => 'Choose a file to upload.'

/**
 * One sentence per code, typed on the codes the server declares
 * (src/http/refusal-codes.ts): a code it does not raise does not compile.
 */
const sentences: { readonly [C in ProblemCode]?: (f: Facts) => string } = {
  PASSWORD_TOO_SHORT: ({ d }) =>
    `Choose a password of at least ${num(d.minimum) ?? 12} characters.`,
  PASSWORD_TOO_COMMON: () => 'That password is one of the most common ones; choose another.',
  PASSWORD_CONTAINS_EMAIL: () => 'The password must not contain your e-mail address.',
  INVITATION_NOT_FOUND: () =>
    'This invitation link is not valid any more: it was used or replaced. Ask an admin for a new one.',
  INVITATION_EXPIRED: ({ at }) =>
    `This invitation expired${at('expiredAt') ? ` ${at('expiredAt')}` : ''}. Ask an admin for a new one.`,
  CANCEL_WINDOW_ELAPSED: ({ at }) => {
    const closed = at('closedAt')
    return closed
      ? `The cancellation window closed ${closed}.`
      : 'The cancellation window has closed.'
  },
  ALREADY_SHIPPED: ({ at }) => {
    const shipped = at('shippedAt')
    return `The seller shipped this order${shipped ? ` ${shipped}` : ''}, so it can no longer be cancelled.`
  },
  ORDER_CANCELLED: ({ at }) => {
    const when = at('cancelledAt')
    return when ? `This order was cancelled ${when}.` : 'This order is cancelled.'
  },
  CASE_OPEN: () => 'A case is open on this order; the case settles it now.',
  CANCELLATION_EXISTS: () =>
    'A cancellation request for this order is already waiting for an answer.',
  BUYER_RIGHT_NOT_OPEN: ({ at }) => {
    const opens = at('opensAt')
    return opens
      ? `If the seller still hasn’t shipped, you may cancel outright from ${bare(opens)}.`
      : 'This marketplace gives no right to cancel because the seller has not shipped.'
  },
  CANCELLATION_NOT_PENDING: ({ d }) =>
    `This request is already ${str(d.status) ?? 'answered'}; it no longer needs an answer.`,
  DECLINE_REASON_REQUIRED: () => 'Say why you decline, so the buyer understands.',
  ALREADY_DELIVERED: ({ at }) => {
    const when = at('deliveredAt')
    return `This order was already delivered${when ? ` ${when}` : ''}.`
  },
  ALREADY_ACCEPTED: ({ at }) => {
    const when = at('acceptedAt')
    return `This order was already accepted${when ? ` ${when}` : ''}; the sale is final.`
  },
  NOT_SHIPPED: () => 'The order has not shipped yet.',
  ORDER_NOT_DELIVERED: ({ at }) => {
    const eta = at('estimatedDeliveryAt')
    return eta
      ? `The order hasn’t been delivered yet. If it doesn’t arrive, you can report it missing after its estimated delivery, ${bare(eta)}.`
      : 'The order has not been delivered yet.'
  },
  NOT_A_PARTY: ({ d }) =>
    str(d.required)
      ? `Only the order’s ${str(d.required)} may do this.`
      : 'Only the buyer and the seller of this order can do this.',

  CASE_WINDOW_ELAPSED: ({ at }) => {
    const closed = at('closedAt')
    return closed
      ? `The time to open a case on this order ended ${closed}.`
      : 'The time to open a case on this order has ended.'
  },
  NOT_YET_OPENABLE: ({ at }) => {
    const opens = at('opensAt')
    return `The item may still be on its way. You can report it missing from ${opens ? bare(opens) : 'its estimated delivery date'}.`
  },
  REASON_NOT_COVERED: ({ d }) =>
    `This marketplace’s policy doesn’t cover ${reasonWords(d.reason)}, so a case can’t be opened for it. If something is wrong with the item itself, choose the reason that describes it.`,
  EVIDENCE_REQUIRED: ({ d }) =>
    `A case for ${reasonWords(d.reason)} needs at least one photo or document that shows the problem. Add one, then send again.`,
  CASE_ALREADY_OPEN: () => 'A case is already open on this order; carry on there.',
  ORDER_ACCEPTED: ({ at }) => {
    const when = at('acceptedAt')
    return `This order was accepted${when ? ` ${when}` : ''}, so the sale is final.`
  },
  INVALID_EVIDENCE: ({ d }) =>
    `One piece of evidence can’t be used${str(d.problem) ? `: ${str(d.problem)}` : ''}.`,
  EVIDENCE_ALREADY_ADDED: () => 'That evidence is already on the case.',
  FILE_NOT_FOUND: () => 'An uploaded file could not be found. Remove it and upload it again.',
  FILE_TYPE_NOT_ALLOWED: () =>
    'Only photos (JPEG, PNG, GIF, WebP) and PDF documents can be attached, judged by what the file contains rather than its name.',
  FILE_TOO_LARGE: ({ d }) => {
    const max = num(d.maxBytes)
    return `Files can be at most ${max ? Math.round(max / 1024 / 1024) : 10} MB. Try a smaller photo or a compressed PDF.`
  },
  FILE_EMPTY: () => 'This file is empty.',
  FILE_REQUIRED: chooseFile,
  MULTIPART_REQUIRED: chooseFile,
  TEXT_REQUIRED: ({ d }) => `Please write ${requiredText[str(d.field) ?? ''] ?? 'something'}.`,
  RETURN_NOT_APPLICABLE: ({ d }) =>
    `An item that was ${reasonWords(d.reason)} can’t be sent back; choose a refund instead.`,
  NOTHING_REFUNDABLE: () => 'Nothing on this order is left to refund.',
  INVALID_AMOUNT: ({ d }) =>
    str(d.problem) === 'missing'
      ? 'A partial refund needs an amount.'
      : str(d.problem) === 'not_applicable'
        ? 'An amount goes only with a partial refund.'
        : 'The amount must be more than zero.',
  OFFER_LIMIT_REACHED: ({ d }) => {
    const max = num(d.maxOffers) ?? 1
    return `This marketplace allows the seller ${max === 1 ? 'one offer' : `${max} offers`} per case, and ${max === 1 ? 'it has' : 'they have'} been made. The buyer can still accept, or ask Recourse to step in.`
  },
  OFFER_EXCEEDS_REFUNDABLE: ({ money }) => {
    const max = money('maximumRefundable')
    return max
      ? `An offer can refund at most ${max} on this case: what was claimed and not yet refunded.`
      : 'The offer is more than can still be refunded on this case.'
  },
  REFUND_EXCEEDS_REFUNDABLE: ({ money }) => {
    const max = money('maximumRefundable')
    return max
      ? `A refund on this case can be at most ${max}.`
      : 'The refund is more than can still be refunded on this case.'
  },
  OFFER_PENDING: () =>
    'An offer is still waiting for an answer. Answer it (a counter-offer answers it too), or wait for the other side.',
  OFFER_ALREADY_EXISTS: () => 'That offer was already made.',
  OFFER_NOT_FOUND: () => 'That offer isn’t on this case any more. Reload to see the latest.',
  OFFER_NOT_OPEN: ({ d }) =>
    `This offer was already ${str(d.status) ?? 'answered'}; it can’t be answered again.`,
  NOT_YOUR_OFFER_TO_ANSWER: () => 'This is your own offer; the other side answers it.',
  ESCALATION_NOT_YET_ALLOWED: ({ at }) => {
    const from = at('allowedFrom')
    return `The seller still has time to respond. You can ask Recourse to step in from ${from ? bare(from) : 'the end of the seller’s response time'}.`
  },
  ESCALATION_WINDOW_ELAPSED: ({ at }) => {
    const closed = at('closedAt')
    return `The time to ask Recourse to step in ended${closed ? ` ${closed}` : ''}.`
  },
  NOT_ASSIGNED_AGENT: ({ d, nameOf }) => {
    const holder = str(d.assignedAgentId)
    return `${holder ? nameOf(holder) : 'Another agent'} holds this case. Assign it to yourself first to act on it.`
  },
  NOT_ASKED_FOR_INFORMATION: ({ d }) =>
    `The agent asked the ${str(d.from) ?? 'other party'} for this information, not you.`,
  APPEAL_WINDOW_ELAPSED: ({ at }) => {
    const closed = at('closedAt')
    return `The time to appeal ended${closed ? ` ${closed}` : ''}; the decision is final.`
  },
  APPEAL_NEEDS_DIFFERENT_AGENT: ({ d, nameOf }) => {
    const first = str(d.originalAgentId)
    return `${first ? nameOf(first) : 'The agent who decided'} made the first decision, so a different agent must review the appeal. Leave it in the queue for a colleague.`
  },
  NOT_ALLOWED_IN_STATUS: ({ d }) => {
    const status = str(d.status)
    return status === 'none'
      ? 'There is no case here yet.'
      : `This case has moved on${status ? ` (it is now “${caseStatusLabel(status)[0].toLowerCase()}”)` : ''}. Reload to see what you can do now.`
  },
  ROLE_NOT_ALLOWED: () => 'This step belongs to someone else on the case.',
  DECISION_ID_REUSED: () => 'That decision was already recorded.',
  VERSION_MISMATCH: () =>
    'This changed while you were looking at it. Reload to see the latest, then try again.',
  NOT_FOUND: ({ d }) =>
    `This ${str(d.resource) ?? 'item'} doesn’t exist, or it isn’t yours to see.`,
  ROUTE_NOT_FOUND: () => 'This part of Recourse isn’t available on this server yet.',
  UNAUTHENTICATED: signedOut,
  INVALID_TOKEN: signedOut,
  FORBIDDEN: ({ detail }) =>
    detail ? `Your role can’t do this. ${detail}` : 'Your role can’t do this.',
  IDEMPOTENCY_KEY_IN_PROGRESS: () =>
    'That request is still being processed. Try again in a moment.',
  CLOCK_CANNOT_GO_BACK: ({ at }) => {
    const now = at('now')
    return `The sandbox clock only moves forward${now ? `; it is already ${bare(now)}` : ''}.`
  },
  RATE_LIMITED: () => 'Too many requests just now. Wait a moment and try again.',
  INTERNAL_ERROR: () => 'Something went wrong on our side; nothing was changed. Try again.',
}

/** A table typed on the server's codes, read with whatever code arrived (an unknown one reads as undefined). */
const byCode = <T>(table: { readonly [C in ProblemCode]?: T }, code: string): T | undefined => {
  const byAnyCode: Readonly<Record<string, T | undefined>> = table
  return Object.hasOwn(byAnyCode, code) ? byAnyCode[code] : undefined
}

/**
 * One sentence a person can act on, with every time in the viewer's zone
 * ("The cancellation window closed at 2:03 PM today."). Codes this app does
 * not know yet fall back to the server's own sentence, as it came.
 */
export const describeRefusal = (
  refusal: Refusal,
  nowMs: number,
  nameOf: NameOf = (id) => id,
): string => {
  const d = refusal.data
  const sentence = byCode(sentences, refusal.code)
  if (!sentence) return refusal.detail ?? 'That could not be done.'
  return sentence({
    d,
    detail: refusal.detail,
    at: (field) => {
      const v = str(d[field])
      return v ? formatAt(v, nowMs) : null
    },
    money: (field) => {
      const amount = num(d[field])
      const currency = str(d.currency)
      return amount !== null && currency ? formatMoney(amount, currency) : null
    },
    nameOf,
  })
}

/** Short headings for a refusal box, typed on the server's codes like the sentences. */
const titles: { readonly [C in ProblemCode]?: string } = {
  VERSION_MISMATCH: 'This changed meanwhile',
  UNAUTHENTICATED: 'Signed out',
  INVALID_TOKEN: 'Signed out',
  NOT_FOUND: 'Not found',
  FORBIDDEN: 'Not allowed',
  VALIDATION_FAILED: 'Check the form',
  TEXT_REQUIRED: 'Check the form',
  INVALID_AMOUNT: 'Check the form',
  CASE_WINDOW_ELAPSED: 'Too late to open a case',
  NOT_YET_OPENABLE: 'Too early to report it missing',
  REASON_NOT_COVERED: 'This reason isn’t covered',
  EVIDENCE_REQUIRED: 'Evidence needed',
  FILE_TYPE_NOT_ALLOWED: 'This file can’t be attached',
  FILE_TOO_LARGE: 'File too large',
  OFFER_EXCEEDS_REFUNDABLE: 'Amount too high',
  REFUND_EXCEEDS_REFUNDABLE: 'Amount too high',
  OFFER_LIMIT_REACHED: 'No more offers allowed',
  ESCALATION_NOT_YET_ALLOWED: 'Not yet',
  APPEAL_WINDOW_ELAPSED: 'Too late',
  ESCALATION_WINDOW_ELAPSED: 'Too late',
  APPEAL_NEEDS_DIFFERENT_AGENT: 'Another agent must decide this appeal',
  NOT_ASSIGNED_AGENT: 'Assigned to another agent',
}

export const refusalTitle = (code: string, status?: number): string => {
  if (status === 0) return 'Can’t reach Recourse'
  if (status !== undefined && status >= 500) return 'Something went wrong'
  return byCode(titles, code) ?? 'That didn’t go through'
}
