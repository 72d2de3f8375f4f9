// Offers between buyer and seller: make, counter, accept, decline.
import { addDuration } from '../../../policy/time.ts'
import type { AcceptOffer, CaseCommandType, DeclineOffer, MakeOffer } from '../commands.ts'
import type { CaseEvent } from '../events.ts'
import type { CaseRejection } from '../rejections.ts'
import { maxRefundable } from '../rules.ts'
import { type Case, pendingOffer, sellerOfferCount } from '../state.ts'
import type { CaseParty, OfferRecord, PartyRole } from '../vocabulary.ts'
import { inStatus, isRejection, optionalText, person, sideOf } from './checks.ts'
import { type CaseContext, type CaseDecision, type Events, refuse } from './context.ts'
import { closing, refundDue, replacementRequired, returnRequired } from './facts.ts'

/** Whether `role` may put an offer on the table now; answering the other side's offer counters it. */
const offerTurn = (c: Case, role: PartyRole, command: CaseCommandType): CaseRejection | null => {
  const pending = pendingOffer(c)
  if (c.status === 'awaiting_buyer') {
    return role === 'seller' && pending !== null
      ? { code: 'OFFER_PENDING', offerId: pending.offerId }
      : null
  }
  if (c.status === 'awaiting_seller') {
    if (role === 'seller') return null
    return pending !== null
      ? { code: 'OFFER_PENDING', offerId: pending.offerId }
      : { code: 'NOT_ALLOWED_IN_STATUS', status: c.status, command }
  }
  return { code: 'NOT_ALLOWED_IN_STATUS', status: c.status, command }
}

const offerTermsRejection = (
  c: Case,
  terms: MakeOffer['terms'],
  ctx: CaseContext,
): CaseRejection | null => {
  const maximum = maxRefundable(c, ctx.refundable)
  switch (terms.kind) {
    case 'partial_refund':
      if (!Number.isSafeInteger(terms.amount) || terms.amount <= 0) {
        return { code: 'INVALID_AMOUNT', amount: terms.amount, problem: 'not_positive_integer' }
      }
      return terms.amount > maximum
        ? { code: 'OFFER_EXCEEDS_REFUNDABLE', maximumRefundable: maximum, currency: c.currency }
        : null
    case 'return_and_refund':
      if (c.reason === 'not_received') return { code: 'RETURN_NOT_APPLICABLE', reason: c.reason }
      return maximum === 0 ? { code: 'NOTHING_REFUNDABLE' } : null
    case 'full_refund_keep_item':
      return maximum === 0 ? { code: 'NOTHING_REFUNDABLE' } : null
    case 'replacement':
      return null
  }
}

export const makeOffer = (cmd: MakeOffer, c: Case, ctx: CaseContext): CaseDecision => {
  const by = person(c, ctx, cmd.type, ['buyer', 'seller'])
  if (isRejection(by)) return refuse(by)
  const role = sideOf(by)
  const max = c.policy.cases.maxOffersPerCase
  // Mercado Libre: one offer per claim (`policy.cases.maxOffersPerCase` counts the seller's offers).
  if (
    role === 'seller' &&
    max !== null &&
    sellerOfferCount(c) >= max &&
    (c.status === 'awaiting_seller' || c.status === 'awaiting_buyer')
  ) {
    return refuse({ code: 'OFFER_LIMIT_REACHED', maxOffers: max })
  }
  const turn = offerTurn(c, role, cmd.type)
  if (turn) return refuse(turn)
  if (c.offers.some((o) => o.offerId === cmd.offerId))
    return refuse({ code: 'OFFER_ALREADY_EXISTS', offerId: cmd.offerId })
  const terms = offerTermsRejection(c, cmd.terms, ctx)
  if (terms) return refuse(terms)
  const pending = pendingOffer(c)
  const now = ctx.meta.now
  const respondTime =
    role === 'seller' ? c.policy.cases.buyerOfferResponseTime : c.policy.cases.sellerResponseTime
  const countered: Events =
    pending === null
      ? []
      : [
          {
            type: 'OfferDeclined',
            data: { offerId: pending.offerId, by, at: now, reason: 'countered', message: null },
          },
        ]
  return [
    ...countered,
    {
      type: 'OfferMade',
      data: {
        offerId: cmd.offerId,
        by,
        at: now,
        terms: cmd.terms,
        currency: c.currency,
        respondBy: addDuration(now, respondTime, c.policy.calendar),
        message: optionalText(cmd.message),
      },
    },
  ]
}

/** The pending offer the caller may answer, or why not. */
const answerableOffer = (
  c: Case,
  ctx: CaseContext,
  cmd: AcceptOffer | DeclineOffer,
): { readonly offer: OfferRecord; readonly by: CaseParty } | CaseRejection => {
  const who = person(c, ctx, cmd.type, ['buyer', 'seller'])
  if (isRejection(who)) return who
  const status = inStatus(c, cmd.type, ['awaiting_seller', 'awaiting_buyer'])
  if (status) return status
  const offer = c.offers.find((o) => o.offerId === cmd.offerId)
  if (offer === undefined) return { code: 'OFFER_NOT_FOUND', offerId: cmd.offerId }
  if (offer.status !== 'pending')
    return { code: 'OFFER_NOT_OPEN', offerId: offer.offerId, status: offer.status }
  if (offer.by === who.role) return { code: 'NOT_YOUR_OFFER_TO_ANSWER', offerId: offer.offerId }
  return { offer, by: who }
}

export const acceptOffer = (cmd: AcceptOffer, c: Case, ctx: CaseContext): CaseDecision => {
  const found = answerableOffer(c, ctx, cmd)
  if (isRejection(found)) return refuse(found)
  const { offer, by } = found
  const maximum = maxRefundable(c, ctx.refundable)
  const accepted: CaseEvent = {
    type: 'OfferAccepted',
    data: {
      offerId: offer.offerId,
      by,
      at: ctx.meta.now,
      terms: offer.terms,
      currency: c.currency,
    },
  }
  const key = offer.offerId
  switch (offer.terms.kind) {
    case 'partial_refund': {
      // What is refundable may have shrunk since the offer was made.
      if (offer.terms.amount > maximum) {
        return refuse({
          code: 'OFFER_EXCEEDS_REFUNDABLE',
          maximumRefundable: maximum,
          currency: c.currency,
        })
      }
      const refund = refundDue(c, ctx, key, offer.terms.amount, 'seller', 'offer_accepted')
      return closing(c, ctx, [accepted, refund], 'settled', by)
    }
    case 'full_refund_keep_item':
      if (maximum === 0) return refuse({ code: 'NOTHING_REFUNDABLE' })
      return closing(
        c,
        ctx,
        [accepted, refundDue(c, ctx, key, maximum, 'seller', 'offer_accepted')],
        'settled',
        by,
      )
    case 'return_and_refund':
      if (maximum === 0) return refuse({ code: 'NOTHING_REFUNDABLE' })
      return [accepted, returnRequired(c, ctx, key, maximum, 'seller', 'offer_accepted')]
    case 'replacement':
      return [accepted, replacementRequired(c, ctx, key, 'seller', 'offer_accepted')]
  }
}

export const declineOffer = (cmd: DeclineOffer, c: Case, ctx: CaseContext): CaseDecision => {
  const found = answerableOffer(c, ctx, cmd)
  if (isRejection(found)) return refuse(found)
  return [
    {
      type: 'OfferDeclined',
      data: {
        offerId: found.offer.offerId,
        by: found.by,
        at: ctx.meta.now,
        reason: 'declined',
        message: optionalText(cmd.message),
      },
    },
  ]
}
