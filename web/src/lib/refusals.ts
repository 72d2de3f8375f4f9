import { formatAt, localizeInstants } from './time.ts'

/** A refusal from the API: a problem (`ApiError`) or an eligibility failure (`{ code, …data }`). */
export interface Refusal {
  readonly code: string
  readonly detail?: string
  readonly data: Readonly<Record<string, unknown>>
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null)

/**
 * One sentence a person can act on, with every time in the viewer's zone
 * ("The cancellation window closed at 2:03 PM today."). Codes this app does
 * not know yet fall back to the server's own sentence, with its ISO instants
 * rewritten into local time.
 */
export const describeRefusal = (refusal: Refusal, nowMs: number): string => {
  const d = refusal.data
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
    case 'ORDER_NOT_DELIVERED':
      return 'The order has not been delivered yet.'
    case 'NOT_A_PARTY':
      return `Only the order’s ${str(d.required) ?? 'party'} may do this.`
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
      return 'Check the form'
    default:
      return 'That didn’t go through'
  }
}
