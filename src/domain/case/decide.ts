import type { Policy } from '../../policy/types.ts'
import { addDuration, isAtOrAfter, isBefore, toMillis, type Instant } from '../../policy/time.ts'
import type { Funder } from '../../policy/vocabulary.ts'
import type { Order } from '../order/state.ts'
import type { Actor } from '../shared/actor.ts'
import type { CommandMeta, Deadline, Decision, Refused } from '../shared/decider.ts'
import { fold, reject } from '../shared/decider.ts'
import type { CaseId } from '../shared/ids.ts'
import { minor, type Minor } from '../shared/money.ts'
import type {
  AcceptClaim,
  AcceptOffer,
  AddEvidence,
  Appeal,
  AssignCase,
  CaseCommand,
  CaseCommandType,
  DeclineOffer,
  Decide,
  DecideAppeal,
  DecisionTerms,
  DisputeClaim,
  Escalate,
  ExpireCaseDeadline,
  JoinSwap,
  MakeOffer,
  NoteSwapCompleted,
  NoteSwapFailed,
  OpenCase,
  PostMessage,
  ProvideInformation,
  RequestInformation,
  Withdraw,
} from './commands.ts'
import { caseSwapRefusal, swappableStatuses } from '../swap/rules.ts'
import { activeCaseDeadline, escalationWindowClosesAt, pendingCaseReminder } from './deadline.ts'
import type { CaseEvent, FollowUpLines } from './events.ts'
import type { CaseRejection, RequiredText } from './rejections.ts'
import {
  allocateRefund,
  caseOpenWindow,
  evidenceProblem,
  followUpKindOf,
  maxRefundable,
  reputationOnClose,
  returnShippingPaidBy,
} from './rules.ts'
import {
  evolveCase,
  pendingOffer,
  refundedOnCase,
  sellerOfferCount,
  type Case,
  type CaseState,
} from './state.ts'
import type {
  CaseDeadlineKind,
  CaseParty,
  CaseStatus,
  ClaimedLine,
  CloseReason,
  DecisionRecord,
  EvidenceRef,
  MoneyCause,
  OfferRecord,
  PartyRole,
} from './vocabulary.ts'

/**
 * What `decide` needs besides the command. `policy` is the one frozen on the
 * case when it opened (for `OpenCase`: the one in force); after opening, the
 * case's own snapshot in its state governs, so the two cannot disagree.
 */
export interface CaseContext {
  readonly meta: CommandMeta
  readonly policy: Policy
  readonly order: Order
  /** What is still refundable on the order, from the ledger (`order.total` before any refund). */
  readonly refundable: Minor
  /** Another case already open on the order, if any. */
  readonly openCaseId?: CaseId
}

export type CaseDecision = Decision<CaseEvent, CaseRejection>

type Events = readonly CaseEvent[]

const refuse = (r: CaseRejection): Refused<CaseRejection> => reject(r)

/** Who the caller is on this case; `automation` is the scheduler or the marketplace's backend. */
type Role = PartyRole | 'agent' | 'automation'

const roleOf = (c: Case, actor: Actor): Role | null => {
  switch (actor.kind) {
    case 'buyer':
      return actor.id === c.buyerId ? 'buyer' : null
    case 'seller':
      return actor.id === c.sellerId ? 'seller' : null
    case 'agent':
      return 'agent'
    case 'system':
    case 'integration':
      return 'automation'
    case 'admin':
      return null
  }
}

/** The caller's role on the case, or why they may not issue `command`. */
const caller = (
  c: Case,
  ctx: CaseContext,
  command: CaseCommandType,
  allowed: readonly Role[],
): Role | CaseRejection => {
  const role = roleOf(c, ctx.meta.actor)
  if (role === null) return { code: 'NOT_A_PARTY' }
  return allowed.includes(role)
    ? role
    : { code: 'ROLE_NOT_ALLOWED', role: ctx.meta.actor.kind, command }
}

/** The caller as a person on the case (buyer, seller or agent), or why not. */
const person = (
  c: Case,
  ctx: CaseContext,
  command: CaseCommandType,
  allowed: readonly CaseParty['role'][],
): CaseParty | CaseRejection => {
  const role = caller(c, ctx, command, allowed)
  if (typeof role !== 'string') return role
  const { actor } = ctx.meta
  return actor.kind === 'buyer' || actor.kind === 'seller' || actor.kind === 'agent'
    ? { role: actor.kind, userId: actor.id }
    : { code: 'NOT_A_PARTY' }
}

/** A buyer or seller; agents act through their own commands. */
const sideOf = (p: CaseParty): PartyRole => (p.role === 'buyer' ? 'buyer' : 'seller')

const isRejection = (x: object | string): x is CaseRejection => typeof x === 'object' && 'code' in x

const inStatus = (
  c: Case,
  command: CaseCommandType,
  statuses: readonly CaseStatus[],
): CaseRejection | null =>
  statuses.includes(c.status) ? null : { code: 'NOT_ALLOWED_IN_STATUS', status: c.status, command }

const wrongStatus = (c: Case, command: CaseCommandType): Refused<CaseRejection> =>
  refuse({ code: 'NOT_ALLOWED_IN_STATUS', status: c.status, command })

const blank = (text: string | undefined): boolean => text === undefined || text.trim() === ''

const textRequired = (text: string | undefined, field: RequiredText): CaseRejection | null =>
  blank(text) ? { code: 'TEXT_REQUIRED', field } : null

const optionalText = (text: string | undefined): string | null =>
  text === undefined || blank(text) ? null : text

/** New evidence must be well-formed and not already on the case. */
const evidenceRejection = (
  c: Case | null,
  evidence: readonly EvidenceRef[],
): CaseRejection | null => {
  const seen = new Set<string>(c === null ? [] : c.evidence.map((e) => e.evidenceId))
  for (const e of evidence) {
    if (seen.has(e.evidenceId)) return { code: 'EVIDENCE_ALREADY_ADDED', evidenceId: e.evidenceId }
    seen.add(e.evidenceId)
    const problem = evidenceProblem(e)
    if (problem !== null) return { code: 'INVALID_EVIDENCE', evidenceId: e.evidenceId, problem }
  }
  return null
}

const followUpLines = (c: Case): FollowUpLines =>
  c.lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity }))

const refundDue = (
  c: Case,
  ctx: CaseContext,
  refundKey: string,
  amount: Minor,
  funding: Funder,
  cause: MoneyCause,
): CaseEvent => ({
  type: 'RefundDue',
  data: {
    refundKey,
    caseId: c.caseId,
    orderId: c.orderId,
    at: ctx.meta.now,
    amount,
    currency: c.currency,
    destination: c.policy.refunds.caseRefundDestination,
    funding,
    allocation: allocateRefund(c, amount),
    cause,
  },
})

const returnRequired = (
  c: Case,
  ctx: CaseContext,
  returnKey: string,
  refundOnCompletion: Minor,
  funding: Funder,
  cause: MoneyCause,
): CaseEvent => ({
  type: 'ReturnRequired',
  data: {
    returnKey,
    caseId: c.caseId,
    orderId: c.orderId,
    at: ctx.meta.now,
    lines: followUpLines(c),
    returnShippingPaidBy: returnShippingPaidBy(c),
    refundOnCompletion,
    currency: c.currency,
    destination: c.policy.refunds.caseRefundDestination,
    funding,
    cause,
  },
})

const replacementRequired = (
  c: Case,
  ctx: CaseContext,
  replacementKey: string,
  funding: Funder,
  cause: MoneyCause,
): CaseEvent => ({
  type: 'ReplacementRequired',
  data: {
    replacementKey,
    caseId: c.caseId,
    orderId: c.orderId,
    at: ctx.meta.now,
    lines: followUpLines(c),
    deliverBy: addDuration(
      ctx.meta.now,
      c.policy.returns.replacementDeliveryTime,
      c.policy.calendar,
    ),
    funding,
    cause,
  },
})

/** Appends `CaseClosed` with the reputation facts of the case as the earlier events leave it. */
const closing = (
  c: Case,
  ctx: CaseContext,
  prior: Events,
  closeReason: CloseReason,
  by: CaseParty | null,
): Events => {
  const after = fold<CaseState, CaseEvent>(evolveCase, c, prior)
  const facts = reputationOnClose(after.status === 'none' ? c : after, closeReason)
  return [...prior, { type: 'CaseClosed', data: { at: ctx.meta.now, by, closeReason, ...facts } }]
}

const lapsePending = (
  c: Case,
  ctx: CaseContext,
  reason: 'escalated' | 'withdrawn' | 'superseded',
): Events => {
  const offer = pendingOffer(c)
  return offer === null
    ? []
    : [{ type: 'OfferLapsed', data: { offerId: offer.offerId, at: ctx.meta.now, reason } }]
}

// ── Opening ────────────────────────────────────────────────────────────────

const claimedLines = (
  cmd: OpenCase,
  order: Order,
): { readonly lines: readonly ClaimedLine[]; readonly wholeOrder: boolean } | CaseRejection => {
  const price = (lineId: ClaimedLine['lineId'], quantity: number): ClaimedLine | null => {
    const line = order.lines.find((l) => l.lineId === lineId)
    return line === undefined
      ? null
      : {
          lineId,
          quantity,
          unitPrice: line.unitPrice,
          amount: minor(line.unitPrice * quantity),
          title: line.listing.title,
        }
  }
  if (cmd.lines === undefined) {
    return {
      lines: order.lines.map((l) => price(l.lineId, l.quantity)).filter((l) => l !== null),
      wholeOrder: true,
    }
  }
  if (cmd.lines.length === 0)
    return { code: 'INVALID_LINES', lineId: null, problem: 'empty', maxQuantity: null }
  const seen = new Set<string>()
  const lines: ClaimedLine[] = []
  for (const { lineId, quantity } of cmd.lines) {
    const ordered = order.lines.find((l) => l.lineId === lineId)
    if (ordered === undefined)
      return { code: 'INVALID_LINES', lineId, problem: 'unknown_line', maxQuantity: null }
    if (seen.has(lineId))
      return { code: 'INVALID_LINES', lineId, problem: 'duplicate_line', maxQuantity: null }
    seen.add(lineId)
    if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > ordered.quantity) {
      return {
        code: 'INVALID_LINES',
        lineId,
        problem: 'invalid_quantity',
        maxQuantity: ordered.quantity,
      }
    }
    const line = price(lineId, quantity)
    if (line !== null) lines.push(line)
  }
  const wholeOrder = order.lines.every((o) =>
    lines.some((l) => l.lineId === o.lineId && l.quantity === o.quantity),
  )
  return { lines, wholeOrder }
}

const openCase = (cmd: OpenCase, state: CaseState, ctx: CaseContext): CaseDecision => {
  const { order, policy, meta } = ctx
  const { actor, now } = meta
  if (state.status !== 'none')
    return refuse({ code: 'NOT_ALLOWED_IN_STATUS', status: state.status, command: cmd.type })
  if (actor.kind !== 'buyer' || actor.id !== order.buyerId) {
    const isSeller = actor.kind === 'seller' && actor.id === order.sellerId
    return refuse(
      isSeller || actor.kind === 'agent'
        ? { code: 'ROLE_NOT_ALLOWED', role: actor.kind, command: cmd.type }
        : { code: 'NOT_A_PARTY' },
    )
  }
  if (order.status === 'cancelled')
    return refuse({ code: 'ORDER_CANCELLED', cancelledAt: order.cancelledAt })
  const other = ctx.openCaseId ?? order.openCaseId
  if (other !== null && other !== cmd.caseId)
    return refuse({ code: 'CASE_ALREADY_OPEN', caseId: other })
  const claimed = claimedLines(cmd, order)
  if (isRejection(claimed)) return refuse(claimed)
  if (!policy.cases.coveredReasons.includes(cmd.reason)) {
    return refuse({ code: 'REASON_NOT_COVERED', reason: cmd.reason, preset: policy.preset })
  }
  const window = caseOpenWindow(cmd.reason, order, policy)
  if (window === null)
    return refuse({ code: 'ORDER_NOT_DELIVERED', estimatedDeliveryAt: order.estimatedDeliveryAt })
  if (isBefore(now, window.opensAt))
    return refuse({ code: 'NOT_YET_OPENABLE', opensAt: window.opensAt })
  if (isAtOrAfter(now, window.closesAt))
    return refuse({ code: 'CASE_WINDOW_ELAPSED', closedAt: window.closesAt })
  // Checked after the window, so a late buyer learns when it closed rather than that the sale auto-accepted.
  // Only where acceptance makes the sale final (`cases.acceptanceEndsCaseWindow`, Poshmark).
  if (order.acceptedAt !== null && policy.cases.acceptanceEndsCaseWindow === true)
    return refuse({ code: 'ORDER_ACCEPTED', acceptedAt: order.acceptedAt })
  const missing = textRequired(cmd.description, 'description')
  if (missing) return refuse(missing)
  const evidence = cmd.evidence ?? []
  const badEvidence = evidenceRejection(null, evidence)
  if (badEvidence) return refuse(badEvidence)
  // Poshmark: covered cases need photos of the problem (`policy.cases.evidenceRequiredFor`).
  if (
    policy.cases.evidenceRequiredFor.includes(cmd.reason) &&
    !evidence.some((e) => e.kind === 'file')
  ) {
    return refuse({ code: 'EVIDENCE_REQUIRED', reason: cmd.reason })
  }
  if (cmd.reason === 'not_received' && cmd.desiredOutcome === 'return_and_refund') {
    return refuse({ code: 'RETURN_NOT_APPLICABLE', reason: cmd.reason })
  }
  const claimedShipping = claimed.wholeOrder ? order.shippingAmount : minor(0)
  const claimedTax = claimed.wholeOrder ? order.taxAmount : minor(0)
  const claimedAmount = minor(
    claimed.lines.reduce((s, l) => s + l.amount, 0) + claimedShipping + claimedTax,
  )
  return [
    {
      type: 'CaseOpened',
      data: {
        caseId: cmd.caseId,
        orderId: order.orderId,
        buyerId: order.buyerId,
        sellerId: order.sellerId,
        at: now,
        reason: cmd.reason,
        desiredOutcome: cmd.desiredOutcome,
        description: cmd.description,
        evidence,
        lines: claimed.lines,
        wholeOrder: claimed.wholeOrder,
        claimedShipping,
        claimedTax,
        claimedAmount,
        currency: order.currency,
        respondBy: addDuration(now, policy.cases.sellerResponseTime, policy.calendar),
        policy,
      },
    },
  ]
}

// ── Seller's response and negotiation ──────────────────────────────────────

const firstInstance = (c: Case): boolean => c.appeal === null && c.decision === null

const acceptClaim = (cmd: AcceptClaim, c: Case, ctx: CaseContext): CaseDecision => {
  const who = person(c, ctx, cmd.type, ['seller'])
  if (isRejection(who)) return refuse(who)
  const status = inStatus(c, cmd.type, [
    'awaiting_seller',
    'awaiting_buyer',
    'escalated',
    'awaiting_info',
  ])
  if (status || !firstInstance(c)) return wrongStatus(c, cmd.type)
  if (cmd.resolution === 'return' && c.reason === 'not_received') {
    return refuse({ code: 'RETURN_NOT_APPLICABLE', reason: c.reason })
  }
  const amount = maxRefundable(c, ctx.refundable)
  if (amount === 0) return refuse({ code: 'NOTHING_REFUNDABLE' })
  const key = `claim:${c.caseId}`
  const accepted: Events = [
    ...lapsePending(c, ctx, 'superseded'),
    { type: 'ClaimAccepted', data: { by: who, at: ctx.meta.now, resolution: cmd.resolution } },
  ]
  if (cmd.resolution === 'return')
    return [...accepted, returnRequired(c, ctx, key, amount, 'seller', 'claim_accepted')]
  return closing(
    c,
    ctx,
    [...accepted, refundDue(c, ctx, key, amount, 'seller', 'claim_accepted')],
    'settled',
    who,
  )
}

const disputeClaim = (cmd: DisputeClaim, c: Case, ctx: CaseContext): CaseDecision => {
  const who = person(c, ctx, cmd.type, ['seller'])
  if (isRejection(who)) return refuse(who)
  if (c.status !== 'awaiting_seller' || c.respondedAt !== null) return wrongStatus(c, cmd.type)
  const problem =
    textRequired(cmd.statement, 'statement') ?? evidenceRejection(c, cmd.evidence ?? [])
  if (problem) return refuse(problem)
  return [
    {
      type: 'ClaimDisputed',
      data: { by: who, at: ctx.meta.now, statement: cmd.statement, evidence: cmd.evidence ?? [] },
    },
  ]
}

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

const makeOffer = (cmd: MakeOffer, c: Case, ctx: CaseContext): CaseDecision => {
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

const acceptOffer = (cmd: AcceptOffer, c: Case, ctx: CaseContext): CaseDecision => {
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

const declineOffer = (cmd: DeclineOffer, c: Case, ctx: CaseContext): CaseDecision => {
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

// ── Record ─────────────────────────────────────────────────────────────────

const addEvidence = (cmd: AddEvidence, c: Case, ctx: CaseContext): CaseDecision => {
  const who = person(c, ctx, cmd.type, ['buyer', 'seller', 'agent'])
  if (isRejection(who)) return refuse(who)
  if (c.status === 'closed') return wrongStatus(c, cmd.type)
  const problem = evidenceRejection(c, [cmd.evidence])
  if (problem) return refuse(problem)
  return [{ type: 'EvidenceAdded', data: { by: who, at: ctx.meta.now, evidence: cmd.evidence } }]
}

const postMessage = (cmd: PostMessage, c: Case, ctx: CaseContext): CaseDecision => {
  const who = person(c, ctx, cmd.type, ['buyer', 'seller', 'agent'])
  if (isRejection(who)) return refuse(who)
  if (c.status === 'closed') return wrongStatus(c, cmd.type)
  const missing = textRequired(cmd.body, 'body')
  if (missing) return refuse(missing)
  return [
    {
      type: 'CaseMessagePosted',
      data: { messageId: cmd.messageId, by: who, at: ctx.meta.now, body: cmd.body },
    },
  ]
}

// ── Escalation and withdrawal ──────────────────────────────────────────────

const escalated = (
  c: Case,
  ctx: CaseContext,
  by: CaseParty | null,
  statement: string | null,
): CaseEvent => ({
  type: 'CaseEscalated',
  data: {
    at: ctx.meta.now,
    by,
    reason:
      by === null
        ? 'seller_response_overdue'
        : by.role === 'seller'
          ? 'seller_requested'
          : 'buyer_requested',
    statement,
    decisionDueAt: addDuration(ctx.meta.now, c.policy.cases.agentDecisionSla, c.policy.calendar),
  },
})

/** When the buyer or seller may ask the marketplace to step in, or why not yet / no longer. */
const escalationRejection = (
  c: Case,
  role: PartyRole,
  now: Instant,
  command: CaseCommandType,
): CaseRejection | null => {
  const pending = pendingOffer(c)
  if (c.status === 'awaiting_seller') {
    if (pending !== null) return null
    if (role === 'seller') return { code: 'NOT_ALLOWED_IN_STATUS', status: c.status, command }
    // The seller first gets `policy.cases.sellerResponseTime` to respond.
    return isBefore(now, c.sellerRespondBy)
      ? { code: 'ESCALATION_NOT_YET_ALLOWED', allowedFrom: c.sellerRespondBy }
      : null
  }
  if (c.status === 'awaiting_buyer') {
    if (role === 'seller' || pending !== null) return null
    const closedAt = escalationWindowClosesAt(c, c.escalationWindowFrom)
    return isAtOrAfter(now, closedAt) ? { code: 'ESCALATION_WINDOW_ELAPSED', closedAt } : null
  }
  return { code: 'NOT_ALLOWED_IN_STATUS', status: c.status, command }
}

const escalate = (cmd: Escalate, c: Case, ctx: CaseContext): CaseDecision => {
  const who = person(c, ctx, cmd.type, ['buyer', 'seller'])
  if (isRejection(who)) return refuse(who)
  const problem = escalationRejection(c, sideOf(who), ctx.meta.now, cmd.type)
  if (problem) return refuse(problem)
  return [...lapsePending(c, ctx, 'escalated'), escalated(c, ctx, who, optionalText(cmd.statement))]
}

const withdraw = (cmd: Withdraw, c: Case, ctx: CaseContext): CaseDecision => {
  const who = person(c, ctx, cmd.type, ['buyer'])
  if (isRejection(who)) return refuse(who)
  const status = inStatus(c, cmd.type, [
    'awaiting_seller',
    'awaiting_buyer',
    'escalated',
    'awaiting_info',
  ])
  if (status || !firstInstance(c)) return wrongStatus(c, cmd.type)
  return closing(c, ctx, lapsePending(c, ctx, 'withdrawn'), 'withdrawn', who)
}

// ── Agents ─────────────────────────────────────────────────────────────────

const agentStatuses: readonly CaseStatus[] = ['escalated', 'awaiting_info', 'appealed']

/** On appeal, the agent who made the first decision may not review it (`APPEAL_NEEDS_DIFFERENT_AGENT`). */
const reviewerRejection = (c: Case, agentId: string): CaseRejection | null =>
  c.appeal !== null && c.decision !== null && c.decision.agentId === agentId
    ? { code: 'APPEAL_NEEDS_DIFFERENT_AGENT', originalAgentId: c.decision.agentId }
    : null

/** The acting agent must hold the case; an unassigned case is taken on the way (a `CaseAssigned` first). */
const takeCase = (c: Case, ctx: CaseContext, agent: CaseParty): Events | CaseRejection => {
  if (c.assignedAgentId === null) {
    return [
      {
        type: 'CaseAssigned',
        data: { at: ctx.meta.now, by: agent, agentId: agent.userId, previousAgentId: null },
      },
    ]
  }
  return c.assignedAgentId === agent.userId
    ? []
    : { code: 'NOT_ASSIGNED_AGENT', assignedAgentId: c.assignedAgentId }
}

const assignCase = (cmd: AssignCase, c: Case, ctx: CaseContext): CaseDecision => {
  const who = person(c, ctx, cmd.type, ['agent'])
  if (isRejection(who)) return refuse(who)
  const problem = inStatus(c, cmd.type, agentStatuses) ?? reviewerRejection(c, cmd.agentId)
  if (problem) return refuse(problem)
  if (c.assignedAgentId === cmd.agentId) return []
  return [
    {
      type: 'CaseAssigned',
      data: { at: ctx.meta.now, by: who, agentId: cmd.agentId, previousAgentId: c.assignedAgentId },
    },
  ]
}

const requestInformation = (cmd: RequestInformation, c: Case, ctx: CaseContext): CaseDecision => {
  const who = person(c, ctx, cmd.type, ['agent'])
  if (isRejection(who)) return refuse(who)
  const problem =
    inStatus(c, cmd.type, ['escalated', 'appealed']) ??
    reviewerRejection(c, who.userId) ??
    textRequired(cmd.question, 'question')
  if (problem) return refuse(problem)
  const taken = takeCase(c, ctx, who)
  if (isRejection(taken)) return refuse(taken)
  const now = ctx.meta.now
  return [
    ...taken,
    {
      type: 'InformationRequested',
      data: {
        at: now,
        by: who,
        from: cmd.from,
        question: cmd.question,
        dueAt: addDuration(now, c.policy.cases.informationRequestTime, c.policy.calendar),
      },
    },
  ]
}

const provideInformation = (cmd: ProvideInformation, c: Case, ctx: CaseContext): CaseDecision => {
  const who = person(c, ctx, cmd.type, ['buyer', 'seller'])
  if (isRejection(who)) return refuse(who)
  if (c.status !== 'awaiting_info') return wrongStatus(c, cmd.type)
  if (c.infoRequest.from !== who.role)
    return refuse({ code: 'NOT_ASKED_FOR_INFORMATION', from: c.infoRequest.from })
  const evidence = cmd.evidence ?? []
  const problem = textRequired(cmd.text, 'text') ?? evidenceRejection(c, evidence)
  if (problem) return refuse(problem)
  return [
    { type: 'InformationProvided', data: { at: ctx.meta.now, by: who, text: cmd.text, evidence } },
  ]
}

/** A decision's terms are complete and within what may still be refunded on the case. */
const decisionTermsRejection = (
  c: Case,
  cmd: DecisionTerms,
  ctx: CaseContext,
): CaseRejection | null => {
  const known = [c.decision, c.finalDecision].some(
    (d) => d !== null && d.decisionId === cmd.decisionId,
  )
  if (known) return { code: 'DECISION_ID_REUSED', decisionId: cmd.decisionId }
  const missing = textRequired(cmd.rationale, 'rationale')
  if (missing) return missing
  if (cmd.outcome !== 'refund_partial' && cmd.amount !== undefined) {
    return { code: 'INVALID_AMOUNT', amount: cmd.amount, problem: 'not_applicable' }
  }
  if (cmd.outcome === 'return_required' && c.reason === 'not_received') {
    return { code: 'RETURN_NOT_APPLICABLE', reason: c.reason }
  }
  const already = refundedOnCase(c)
  const maximum = maxRefundable(c, ctx.refundable)
  switch (cmd.outcome) {
    case 'refund_partial': {
      if (cmd.amount === undefined)
        return { code: 'INVALID_AMOUNT', amount: null, problem: 'missing' }
      if (!Number.isSafeInteger(cmd.amount) || cmd.amount <= 0) {
        return { code: 'INVALID_AMOUNT', amount: cmd.amount, problem: 'not_positive_integer' }
      }
      // On appeal the amount is the refund in total; what the first decision made due counts toward it.
      const ceiling = minor(already + maximum)
      return cmd.amount > ceiling
        ? { code: 'REFUND_EXCEEDS_REFUNDABLE', maximumRefundable: ceiling, currency: c.currency }
        : null
    }
    case 'refund_full':
    case 'return_required':
      return maximum === 0 && already === 0 ? { code: 'NOTHING_REFUNDABLE' } : null
    case 'replacement':
    case 'seller_favor':
      return null
  }
}

const decisionRecord = (
  cmd: DecisionTerms,
  c: Case,
  ctx: CaseContext,
  agent: CaseParty,
): DecisionRecord => ({
  decisionId: cmd.decisionId,
  agentId: agent.userId,
  at: ctx.meta.now,
  outcome: cmd.outcome,
  amount: cmd.outcome === 'refund_partial' && cmd.amount !== undefined ? cmd.amount : null,
  fault: cmd.fault,
  funding:
    cmd.outcome === 'seller_favor'
      ? null
      : (cmd.funding ?? c.policy.refunds.fundingByFault[cmd.fault]),
  rationale: cmd.rationale,
  followUpInstructions: optionalText(cmd.followUpInstructions),
})

/** The refund a decision grants in total: the claim for a full refund, the amount for a partial one. */
const refundTarget = (c: Case, d: DecisionRecord): number =>
  d.outcome === 'refund_full'
    ? c.claimedAmount
    : d.outcome === 'refund_partial'
      ? (d.amount ?? 0)
      : 0

/** Money facts for a decision, as deltas over what the case already made due. */
const decisionMoney = (c: Case, ctx: CaseContext, d: DecisionRecord, cause: MoneyCause): Events => {
  const funding = d.funding ?? 'seller'
  const already = refundedOnCase(c)
  const maximum = maxRefundable(c, ctx.refundable)
  const facts: CaseEvent[] = []
  const owed = Math.min(Math.max(0, refundTarget(c, d) - already), maximum)
  if (owed > 0) facts.push(refundDue(c, ctx, d.decisionId, minor(owed), funding, cause))
  const kind = followUpKindOf(d.outcome)
  const running = c.followUp
  const continues = running !== null && running.kind === kind && running.status !== 'cancelled'
  if (kind === 'return' && !continues)
    facts.push(returnRequired(c, ctx, d.decisionId, maximum, funding, cause))
  if (kind === 'replacement' && !continues)
    facts.push(replacementRequired(c, ctx, d.decisionId, funding, cause))
  return facts
}

const decide = (cmd: Decide, c: Case, ctx: CaseContext): CaseDecision => {
  const who = person(c, ctx, cmd.type, ['agent'])
  if (isRejection(who)) return refuse(who)
  const status = inStatus(c, cmd.type, ['escalated', 'awaiting_info'])
  if (status || c.appeal !== null) return wrongStatus(c, cmd.type)
  const taken = takeCase(c, ctx, who)
  if (isRejection(taken)) return refuse(taken)
  const problem = decisionTermsRejection(c, cmd, ctx)
  if (problem) return refuse(problem)
  const decision = decisionRecord(cmd, c, ctx, who)
  const appealDueAt = addDuration(ctx.meta.now, c.policy.cases.appealWindow, c.policy.calendar)
  return [
    ...taken,
    { type: 'CaseDecided', data: { ...decision, currency: c.currency, appealDueAt } },
    ...decisionMoney(c, ctx, decision, 'decision'),
  ]
}

const appeal = (cmd: Appeal, c: Case, ctx: CaseContext): CaseDecision => {
  const who = person(c, ctx, cmd.type, ['buyer', 'seller'])
  if (isRejection(who)) return refuse(who)
  if (c.status !== 'decided') return wrongStatus(c, cmd.type)
  // Appeals within `policy.cases.appealWindow` of the decision (eBay, Amazon: 30 days).
  if (isAtOrAfter(ctx.meta.now, c.appealDueAt))
    return refuse({ code: 'APPEAL_WINDOW_ELAPSED', closedAt: c.appealDueAt })
  const evidence = cmd.evidence ?? []
  const problem =
    textRequired(cmd.newInformation, 'newInformation') ?? evidenceRejection(c, evidence)
  if (problem) return refuse(problem)
  return [
    {
      type: 'CaseAppealed',
      data: {
        at: ctx.meta.now,
        by: who,
        newInformation: cmd.newInformation,
        evidence,
        appealedDecisionId: c.decision.decisionId,
        decisionDueAt: addDuration(
          ctx.meta.now,
          c.policy.cases.agentDecisionSla,
          c.policy.calendar,
        ),
      },
    },
  ]
}

const decideAppeal = (cmd: DecideAppeal, c: Case, ctx: CaseContext): CaseDecision => {
  const who = person(c, ctx, cmd.type, ['agent'])
  if (isRejection(who)) return refuse(who)
  const status = inStatus(c, cmd.type, ['appealed', 'awaiting_info'])
  const first = c.decision
  if (status || c.appeal === null || first === null) return wrongStatus(c, cmd.type)
  const reviewer = reviewerRejection(c, who.userId)
  if (reviewer) return refuse(reviewer)
  const taken = takeCase(c, ctx, who)
  if (isRejection(taken)) return refuse(taken)
  const problem = decisionTermsRejection(c, cmd, ctx)
  if (problem) return refuse(problem)
  const final = decisionRecord(cmd, c, ctx, who)
  const upheld = final.outcome === first.outcome && final.amount === first.amount
  const facts: CaseEvent[] = [
    ...taken,
    {
      type: 'AppealDecided',
      data: { ...final, currency: c.currency, originalDecisionId: first.decisionId, upheld },
    },
  ]
  const kind = followUpKindOf(final.outcome)
  if (c.followUp !== null && c.followUp.status === 'running' && c.followUp.kind !== kind) {
    facts.push({
      type: 'FollowUpCancelled',
      data: { at: ctx.meta.now, kind: c.followUp.kind, key: c.followUp.key },
    })
  }
  facts.push(...decisionMoney(c, ctx, final, 'appeal_decision'))
  // The marketplace makes the seller whole when the final decision lifts the cost from it.
  const sellerFunded =
    c.refunds.filter((r) => r.funding === 'seller').reduce((s, r) => s + r.amount, 0) - c.reimbursed
  if (final.funding !== 'seller' && sellerFunded > 0) {
    facts.push({
      type: 'SellerReimbursementDue',
      data: {
        reimbursementKey: final.decisionId,
        caseId: c.caseId,
        orderId: c.orderId,
        at: ctx.meta.now,
        amount: minor(sellerFunded),
        currency: c.currency,
        funding: 'marketplace',
      },
    })
  }
  const after = fold<CaseState, CaseEvent>(evolveCase, c, facts)
  if (after.status === 'awaiting_follow_up') return facts
  const notShipped =
    kind === 'return' && c.followUp?.kind === 'return' && c.followUp.status === 'not_shipped'
  return closing(c, ctx, facts, notShipped ? 'return_not_shipped' : 'appeal_decided', null)
}

// ── Follow-up (sent by the returns and money side) ─────────────────────────

type FollowUpNote =
  | 'NoteReturnCompleted'
  | 'NoteReturnNotShipped'
  | 'NoteReplacementDelivered'
  | 'NoteReplacementFailed'

const noteOutcome = {
  NoteReturnCompleted: {
    kind: 'return',
    outcome: 'return_completed',
    close: 'follow_up_completed',
  },
  NoteReturnNotShipped: {
    kind: 'return',
    outcome: 'return_not_shipped',
    close: 'return_not_shipped',
  },
  NoteReplacementDelivered: {
    kind: 'replacement',
    outcome: 'replacement_delivered',
    close: 'follow_up_completed',
  },
  NoteReplacementFailed: {
    kind: 'replacement',
    outcome: 'replacement_failed',
    close: 'replacement_failed',
  },
} as const satisfies Record<FollowUpNote, { kind: string; outcome: string; close: CloseReason }>

/** The follow-up ended; a waiting case closes, a case still in its appeal window records it and waits. */
const endFollowUp = (note: FollowUpNote, c: Case, ctx: CaseContext): Events => {
  const { kind, outcome, close } = noteOutcome[note]
  const facts: CaseEvent[] = [{ type: 'FollowUpEnded', data: { at: ctx.meta.now, kind, outcome } }]
  if (note === 'NoteReplacementFailed' && c.followUp !== null) {
    const amount = maxRefundable(c, ctx.refundable)
    if (amount > 0)
      facts.push(
        refundDue(
          c,
          ctx,
          `${c.followUp.key}:replacement_failed`,
          amount,
          c.followUp.funding,
          'replacement_failed',
        ),
      )
  }
  return c.status === 'awaiting_follow_up' ? closing(c, ctx, facts, close, null) : facts
}

const noteFollowUp = (
  cmd: { readonly type: FollowUpNote },
  c: Case,
  ctx: CaseContext,
): CaseDecision => {
  const who = caller(c, ctx, cmd.type, ['automation', 'agent'])
  if (isRejection(who)) return refuse(who)
  if (c.status === 'closed') return wrongStatus(c, cmd.type)
  const { kind } = noteOutcome[cmd.type]
  if (c.followUp === null || c.followUp.kind !== kind || c.followUp.status !== 'running') {
    return refuse({ code: 'NO_FOLLOW_UP_RUNNING', kind })
  }
  return endFollowUp(cmd.type, c, ctx)
}

// ── Swapped orders (sent by the swaps service, `src/domain/swap`) ──────────

/** An agent links the case into a swap: it waits for both parcels instead of a decision. */
const joinSwap = (cmd: JoinSwap, c: Case, ctx: CaseContext): CaseDecision => {
  const by = person(c, ctx, cmd.type, ['agent'])
  if (isRejection(by)) return refuse(by)
  if (c.followUp?.kind === 'swap' && c.followUp.key === cmd.swapId) return []
  const refused = caseSwapRefusal(c)
  if (refused !== null && refused.code !== 'CASE_NOT_SWAPPABLE') return refuse(refused)
  const wrong = inStatus(c, cmd.type, swappableStatuses)
  if (wrong) return refuse(wrong)
  const noText = textRequired(cmd.rationale, 'rationale')
  if (noText) return refuse(noText)
  // Like a decision, linking is the holding agent's move; an unassigned case is taken on the way.
  const taken = takeCase(c, ctx, by)
  if (isRejection(taken)) return refuse(taken)
  return [
    ...taken,
    {
      type: 'CaseSwapLinked',
      data: {
        at: ctx.meta.now,
        by,
        swapId: cmd.swapId,
        otherCaseId: cmd.otherCaseId,
        rationale: cmd.rationale.trim(),
        fault: cmd.fault,
      },
    },
  ]
}

/**
 * The swap ended. Delivered both ways, the case closes with no refund;
 * not shipped in time, it goes back to the agents' queue as an ordinary case.
 */
const noteSwap = (
  cmd: NoteSwapCompleted | NoteSwapFailed,
  c: Case,
  ctx: CaseContext,
): CaseDecision => {
  const who = caller(c, ctx, cmd.type, ['automation'])
  if (isRejection(who)) return refuse(who)
  if (
    c.status !== 'awaiting_follow_up' ||
    c.followUp.kind !== 'swap' ||
    c.followUp.status !== 'running'
  )
    return refuse({ code: 'NO_FOLLOW_UP_RUNNING', kind: 'swap' })
  const now = ctx.meta.now
  if (cmd.type === 'NoteSwapCompleted')
    return closing(
      c,
      ctx,
      [{ type: 'FollowUpEnded', data: { at: now, kind: 'swap', outcome: 'swap_completed' } }],
      'swapped',
      null,
    )
  return [
    { type: 'FollowUpEnded', data: { at: now, kind: 'swap', outcome: 'swap_not_shipped' } },
    {
      type: 'CaseEscalated',
      data: {
        at: now,
        by: null,
        reason: 'swap_failed',
        statement: null,
        decisionDueAt: addDuration(now, c.policy.cases.agentDecisionSla, c.policy.calendar),
      },
    },
  ]
}

// ── Deadlines ──────────────────────────────────────────────────────────────

/** A fired deadline acts only when it is the live one and due; anything else is stale and changes nothing. */
const expireDeadline = (cmd: ExpireCaseDeadline, c: Case, ctx: CaseContext): CaseDecision => {
  const reminder = pendingCaseReminder(c)
  const live = activeCaseDeadline(c)
  const now = ctx.meta.now
  if (reminder !== null && reminder.kind === cmd.kind) {
    // A reminder fired after the deadline it announced (the scheduler was down)
    // is moot: the deadline acts instead, so the row moves on.
    const late =
      live !== null &&
      toMillis(reminder.dueAt) === toMillis(cmd.dueAt) &&
      !isBefore(now, live.dueAt)
    return late
      ? expireDeadline({ ...cmd, kind: live.kind, dueAt: live.dueAt }, c, ctx)
      : remind(cmd, c, ctx, reminder)
  }
  if (live === null || live.kind !== cmd.kind || toMillis(live.dueAt) !== toMillis(cmd.dueAt))
    return []
  if (isBefore(now, live.dueAt)) return []
  switch (live.kind) {
    case 'seller_response': {
      if (c.policy.cases.onSellerSilence === 'escalate') return [escalated(c, ctx, null, null)]
      // Amazon A-to-z style (`onSellerSilence: 'grant_buyer'`): a full refund at the seller's cost.
      const amount = maxRefundable(c, ctx.refundable)
      const refund =
        amount > 0
          ? [refundDue(c, ctx, `auto_grant:${c.caseId}`, amount, 'seller', 'auto_granted')]
          : []
      return closing(c, ctx, refund, 'auto_granted', null)
    }
    case 'seller_offer_response':
    case 'buyer_offer_response': {
      const offer = pendingOffer(c)
      return offer === null
        ? []
        : [{ type: 'OfferLapsed', data: { offerId: offer.offerId, at: now, reason: 'expired' } }]
    }
    case 'escalation_window':
      return closing(c, ctx, [], 'not_escalated', null)
    case 'agent_decision_sla':
      return [
        { type: 'CaseDecisionOverdue', data: { at: now, dueAt: live.dueAt, priority: 'breached' } },
      ]
    case 'information_request':
      return c.infoRequest === null
        ? []
        : [
            {
              type: 'InformationRequestExpired',
              data: { at: now, from: c.infoRequest.from, dueAt: live.dueAt },
            },
          ]
    case 'appeal_window': {
      if (c.decision === null) return []
      const final: Events = [
        { type: 'DecisionBecameFinal', data: { at: now, decisionId: c.decision.decisionId } },
      ]
      if (c.followUp !== null && c.followUp.status === 'running') return final
      return closing(
        c,
        ctx,
        final,
        c.followUp?.status === 'not_shipped' ? 'return_not_shipped' : 'decided',
        null,
      )
    }
    case 'replacement_delivery':
      return endFollowUp('NoteReplacementFailed', c, ctx)
    case 'seller_response_reminder':
    case 'offer_expiry_reminder':
      // Reminders are handled above while pending; once sent they are stale.
      return []
  }
}

/** A reminder fires once, when it is the pending one and due; the deadline it announces is untouched. */
const remind = (
  cmd: ExpireCaseDeadline,
  c: Case,
  ctx: CaseContext,
  reminder: Deadline<CaseDeadlineKind>,
): CaseDecision => {
  const now = ctx.meta.now
  if (toMillis(reminder.dueAt) !== toMillis(cmd.dueAt) || isBefore(now, reminder.dueAt)) return []
  const offer = pendingOffer(c)
  if (reminder.kind === 'offer_expiry_reminder' && offer !== null) {
    const to = offer.by === 'buyer' ? 'seller' : 'buyer'
    return [
      {
        type: 'OfferExpiryReminderDue',
        data: { at: now, offerId: offer.offerId, to, respondBy: offer.respondBy },
      },
    ]
  }
  return [{ type: 'SellerResponseReminderDue', data: { at: now, respondBy: c.sellerRespondBy } }]
}

/** Decides a case command: the new facts, or a refusal with its data. Pure: time, actor and policy come in. */
export const decideCase = (
  command: CaseCommand,
  state: CaseState,
  context: CaseContext,
): CaseDecision => {
  if (command.type === 'OpenCase') return openCase(command, state, context)
  if (state.status === 'none') {
    return command.type === 'ExpireDeadline'
      ? []
      : refuse({ code: 'NOT_ALLOWED_IN_STATUS', status: 'none', command: command.type })
  }
  switch (command.type) {
    case 'AcceptClaim':
      return acceptClaim(command, state, context)
    case 'DisputeClaim':
      return disputeClaim(command, state, context)
    case 'MakeOffer':
      return makeOffer(command, state, context)
    case 'AcceptOffer':
      return acceptOffer(command, state, context)
    case 'DeclineOffer':
      return declineOffer(command, state, context)
    case 'AddEvidence':
      return addEvidence(command, state, context)
    case 'PostMessage':
      return postMessage(command, state, context)
    case 'Escalate':
      return escalate(command, state, context)
    case 'Withdraw':
      return withdraw(command, state, context)
    case 'AssignCase':
      return assignCase(command, state, context)
    case 'RequestInformation':
      return requestInformation(command, state, context)
    case 'ProvideInformation':
      return provideInformation(command, state, context)
    case 'Decide':
      return decide(command, state, context)
    case 'Appeal':
      return appeal(command, state, context)
    case 'DecideAppeal':
      return decideAppeal(command, state, context)
    case 'NoteReturnCompleted':
    case 'NoteReturnNotShipped':
    case 'NoteReplacementDelivered':
    case 'NoteReplacementFailed':
      return noteFollowUp(command, state, context)
    case 'JoinSwap':
      return joinSwap(command, state, context)
    case 'NoteSwapCompleted':
    case 'NoteSwapFailed':
      return noteSwap(command, state, context)
    case 'ExpireDeadline':
      return expireDeadline(command, state, context)
  }
}
