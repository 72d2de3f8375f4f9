import { caseReasonChoice, caseStatusLabel, humanize } from './labels.ts'
import { formatMoney } from './money.ts'
import { formatAt, localizeInstants } from './time.ts'

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
  return `“${caseReasonChoice[r]?.label ?? humanize(r)}”`
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

/**
 * One sentence a person can act on, with every time in the viewer's zone
 * ("The cancellation window closed at 2:03 PM today."). Codes this app does
 * not know yet fall back to the server's own sentence, with its ISO instants
 * rewritten into local time.
 */
export const describeRefusal = (
  refusal: Refusal,
  nowMs: number,
  nameOf: NameOf = (id) => id,
): string => {
  const d = refusal.data
  const money = (field: string): string | null => {
    const amount = num(d[field])
    const currency = str(d.currency)
    return amount !== null && currency ? formatMoney(amount, currency) : null
  }
  const at = (field: string): string | null => {
    const v = str(d[field])
    return v ? formatAt(v, nowMs) : null
  }
  const fallback = (): string =>
    refusal.detail ? localizeInstants(refusal.detail, nowMs) : 'That could not be done.'

  switch (refusal.code) {
    case 'CANCEL_WINDOW_ELAPSED': {
      const closed = at('closedAt')
      return closed
        ? `The cancellation window closed ${closed}.`
        : 'The cancellation window has closed.'
    }
    case 'ALREADY_SHIPPED': {
      const shipped = at('shippedAt')
      return `The seller shipped this order${shipped ? ` ${shipped}` : ''}, so it can no longer be cancelled.`
    }
    case 'ORDER_CANCELLED': {
      const when = at('cancelledAt')
      return when ? `This order was cancelled ${when}.` : 'This order is cancelled.'
    }
    case 'CASE_OPEN':
      return 'A case is open on this order; the case settles it now.'
    case 'CANCELLATION_EXISTS':
      return 'A cancellation request for this order is already waiting for an answer.'
    case 'BUYER_RIGHT_NOT_OPEN': {
      const opens = at('opensAt')
      return opens
        ? `If the seller still hasn’t shipped, you may cancel outright from ${opens.replace(/^(at|on) /, '')}.`
        : 'This marketplace gives no right to cancel because the seller has not shipped.'
    }
    case 'CANCELLATION_NOT_PENDING':
      return `This request is already ${str(d.status) ?? 'answered'}; it no longer needs an answer.`
    case 'DECLINE_REASON_REQUIRED':
      return 'Say why you decline, so the buyer understands.'
    case 'ALREADY_DELIVERED': {
      const when = at('deliveredAt')
      return `This order was already delivered${when ? ` ${when}` : ''}.`
    }
    case 'ALREADY_ACCEPTED': {
      const when = at('acceptedAt')
      return `This order was already accepted${when ? ` ${when}` : ''}; the sale is final.`
    }
    case 'NOT_SHIPPED':
      return 'The order has not shipped yet.'
    case 'ORDER_NOT_DELIVERED': {
      const eta = at('estimatedDeliveryAt')
      return eta
        ? `The order hasn’t been delivered yet. If it doesn’t arrive, you can report it missing after its estimated delivery, ${eta.replace(/^(at|on) /, '')}.`
        : 'The order has not been delivered yet.'
    }
    case 'NOT_A_PARTY':
      return str(d.required)
        ? `Only the order’s ${str(d.required)} may do this.`
        : 'Only the buyer and the seller of this order can do this.'

    // ---------- cases ----------
    case 'CASE_WINDOW_ELAPSED': {
      const closed = at('closedAt')
      return closed
        ? `The time to open a case on this order ended ${closed}.`
        : 'The time to open a case on this order has ended.'
    }
    case 'NOT_YET_OPENABLE': {
      const opens = at('opensAt')
      return `The item may still be on its way. You can report it missing from ${opens ? opens.replace(/^(at|on) /, '') : 'its estimated delivery date'}.`
    }
    case 'REASON_NOT_COVERED':
      return `This marketplace’s policy doesn’t cover ${reasonWords(d.reason)}, so a case can’t be opened for it. If something is wrong with the item itself, choose the reason that describes it.`
    case 'EVIDENCE_REQUIRED':
      return `A case for ${reasonWords(d.reason)} needs at least one photo or document that shows the problem. Add one, then send again.`
    case 'CASE_ALREADY_OPEN':
      return 'A case is already open on this order; carry on there.'
    case 'ORDER_ACCEPTED': {
      const when = at('acceptedAt')
      return `This order was accepted${when ? ` ${when}` : ''}, so the sale is final.`
    }
    case 'INVALID_EVIDENCE':
      return `One piece of evidence can’t be used${str(d.problem) ? `: ${str(d.problem)}` : ''}.`
    case 'EVIDENCE_ALREADY_ADDED':
      return 'That evidence is already on the case.'
    case 'FILE_NOT_FOUND':
      return 'An uploaded file could not be found. Remove it and upload it again.'
    case 'FILE_TYPE_NOT_ALLOWED':
      return 'Only photos (JPEG, PNG, GIF, WebP) and PDF documents can be attached, judged by what the file contains rather than its name.'
    case 'FILE_TOO_LARGE': {
      const max = num(d.maxBytes)
      return `Files can be at most ${max ? Math.round(max / 1024 / 1024) : 10} MB. Try a smaller photo or a compressed PDF.`
    }
    case 'FILE_EMPTY':
      return 'This file is empty.'
    case 'FILE_REQUIRED':
    case 'MULTIPART_REQUIRED':
      return 'Choose a file to upload.'
    case 'TEXT_REQUIRED':
      return `Please write ${requiredText[str(d.field) ?? ''] ?? 'something'}.`
    case 'RETURN_NOT_APPLICABLE':
      return `An item that was ${reasonWords(d.reason)} can’t be sent back; choose a refund instead.`
    case 'NOTHING_REFUNDABLE':
      return 'Nothing on this order is left to refund.'
    case 'INVALID_AMOUNT':
      return str(d.problem) === 'missing'
        ? 'A partial refund needs an amount.'
        : str(d.problem) === 'not_applicable'
          ? 'An amount goes only with a partial refund.'
          : 'The amount must be more than zero.'
    case 'OFFER_LIMIT_REACHED': {
      const max = num(d.maxOffers) ?? 1
      return `This marketplace allows the seller ${max === 1 ? 'one offer' : `${max} offers`} per case, and ${max === 1 ? 'it has' : 'they have'} been made. The buyer can still accept, or ask Recourse to step in.`
    }
    case 'OFFER_EXCEEDS_REFUNDABLE': {
      const max = money('maximumRefundable')
      return max
        ? `An offer can refund at most ${max} on this case: what was claimed and not yet refunded.`
        : 'The offer is more than can still be refunded on this case.'
    }
    case 'REFUND_EXCEEDS_REFUNDABLE': {
      const max = money('maximumRefundable')
      return max
        ? `A refund on this case can be at most ${max}.`
        : 'The refund is more than can still be refunded on this case.'
    }
    case 'OFFER_PENDING':
      return 'An offer is still waiting for an answer. Answer it (a counter-offer answers it too), or wait for the other side.'
    case 'OFFER_ALREADY_EXISTS':
      return 'That offer was already made.'
    case 'OFFER_NOT_FOUND':
      return 'That offer isn’t on this case any more. Reload to see the latest.'
    case 'OFFER_NOT_OPEN':
      return `This offer was already ${str(d.status) ?? 'answered'}; it can’t be answered again.`
    case 'NOT_YOUR_OFFER_TO_ANSWER':
      return 'This is your own offer; the other side answers it.'
    case 'ESCALATION_NOT_YET_ALLOWED': {
      const from = at('allowedFrom')
      return `The seller still has time to respond. You can ask Recourse to step in from ${from ? from.replace(/^(at|on) /, '') : 'the end of the seller’s response time'}.`
    }
    case 'ESCALATION_WINDOW_ELAPSED': {
      const closed = at('closedAt')
      return `The time to ask Recourse to step in ended${closed ? ` ${closed}` : ''}.`
    }
    case 'NOT_ASSIGNED_AGENT': {
      const holder = str(d.assignedAgentId)
      return `${holder ? nameOf(holder) : 'Another agent'} holds this case. Assign it to yourself first to act on it.`
    }
    case 'NOT_ASKED_FOR_INFORMATION':
      return `The agent asked the ${str(d.from) ?? 'other party'} for this information, not you.`
    case 'APPEAL_WINDOW_ELAPSED': {
      const closed = at('closedAt')
      return `The time to appeal ended${closed ? ` ${closed}` : ''}; the decision is final.`
    }
    case 'APPEAL_NEEDS_DIFFERENT_AGENT': {
      const first = str(d.originalAgentId)
      return `${first ? nameOf(first) : 'The agent who decided'} made the first decision, so a different agent must review the appeal. Leave it in the queue for a colleague.`
    }
    case 'NOT_ALLOWED_IN_STATUS': {
      const status = str(d.status)
      return status === 'none'
        ? 'There is no case here yet.'
        : `This case has moved on${status ? ` (it is now “${caseStatusLabel(status)[0].toLowerCase()}”)` : ''}. Reload to see what you can do now.`
    }
    case 'ROLE_NOT_ALLOWED':
      return 'This step belongs to someone else on the case.'
    case 'DECISION_ID_REUSED':
      return 'That decision was already recorded.'
    case 'VERSION_MISMATCH':
      return 'This changed while you were looking at it. Reload to see the latest, then try again.'
    case 'NOT_FOUND':
      return `This ${str(d.resource) ?? 'item'} doesn’t exist, or it isn’t yours to see.`
    case 'ROUTE_NOT_FOUND':
      return 'This part of Recourse isn’t available on this server yet.'
    case 'UNAUTHENTICATED':
    case 'INVALID_TOKEN':
      return 'Your session has ended. Sign in again to continue.'
    case 'FORBIDDEN':
      return refusal.detail
        ? `Your role can’t do this. ${refusal.detail}`
        : 'Your role can’t do this.'
    case 'IDEMPOTENCY_KEY_IN_PROGRESS':
      return 'That request is still being processed. Try again in a moment.'
    case 'CLOCK_CANNOT_GO_BACK': {
      const now = at('now')
      return `The sandbox clock only moves forward${now ? `; it is already ${now.replace(/^(at|on) /, '')}` : ''}.`
    }
    case 'RATE_LIMITED':
      return 'Too many requests just now. Wait a moment and try again.'
    case 'INTERNAL_ERROR':
      return 'Something went wrong on our side; nothing was changed. Try again.'
    default:
      return fallback()
  }
}

/** Short headings for a refusal box. */
export const refusalTitle = (code: string, status?: number): string => {
  if (status === 0) return 'Can’t reach Recourse'
  if (status !== undefined && status >= 500) return 'Something went wrong'
  switch (code) {
    case 'VERSION_MISMATCH':
      return 'This changed meanwhile'
    case 'UNAUTHENTICATED':
    case 'INVALID_TOKEN':
      return 'Signed out'
    case 'NOT_FOUND':
      return 'Not found'
    case 'FORBIDDEN':
      return 'Not allowed'
    case 'VALIDATION_FAILED':
    case 'TEXT_REQUIRED':
    case 'INVALID_AMOUNT':
      return 'Check the form'
    case 'CASE_WINDOW_ELAPSED':
      return 'Too late to open a case'
    case 'NOT_YET_OPENABLE':
      return 'Too early to report it missing'
    case 'REASON_NOT_COVERED':
      return 'This reason isn’t covered'
    case 'EVIDENCE_REQUIRED':
      return 'Evidence needed'
    case 'FILE_TYPE_NOT_ALLOWED':
      return 'This file can’t be attached'
    case 'FILE_TOO_LARGE':
      return 'File too large'
    case 'OFFER_EXCEEDS_REFUNDABLE':
    case 'REFUND_EXCEEDS_REFUNDABLE':
      return 'Amount too high'
    case 'OFFER_LIMIT_REACHED':
      return 'No more offers allowed'
    case 'ESCALATION_NOT_YET_ALLOWED':
      return 'Not yet'
    case 'APPEAL_WINDOW_ELAPSED':
    case 'ESCALATION_WINDOW_ELAPSED':
      return 'Too late'
    case 'APPEAL_NEEDS_DIFFERENT_AGENT':
      return 'Another agent must decide this appeal'
    case 'NOT_ASSIGNED_AGENT':
      return 'Assigned to another agent'
    default:
      return 'That didn’t go through'
  }
}
