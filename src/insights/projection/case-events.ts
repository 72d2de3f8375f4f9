// Case events: response times, evidence, returns and how the case closed, for seller and buyer.
import type { CaseEvent } from '../../domain/case/events.ts'
import type { EvidenceRef } from '../../domain/case/vocabulary.ts'
import { type Instant, toMillis } from '../../policy/time.ts'
import { type BuyerCaseOutcome, amountBand, isNotAsDescribed } from '../vocabulary.ts'
import type { BuyerCounter } from './counters.ts'
import type { Effects } from './effects.ts'
import {
  caseFactKeys,
  type CaseRow,
  type OrderLineFacts,
  type OrderRow,
  type ProjectionInput,
} from './rows.ts'

const minutesBetween = (from: string, to: string): number =>
  Math.max(0, Math.round((toMillis(to as Instant) - toMillis(from as Instant)) / 60_000))

const fileEvidence = (
  fx: Effects,
  row: CaseRow,
  evidence: readonly EvidenceRef[],
  by: { readonly role: string; readonly userId: string },
  at: string,
): CaseRow => {
  if (evidence.length === 0) return row
  for (const e of evidence) {
    if (e.kind === 'file')
      fx.evidence.push({
        sha256: e.file.sha256,
        caseId: row.caseId,
        addedByRole: by.role,
        addedById: by.userId,
        at,
      })
  }
  const kinds = [...new Set([...row.evidenceKinds, ...evidence.map((e) => e.kind)])].sort()
  return kinds.length === row.evidenceKinds.length ? row : { ...row, evidenceKinds: kinds }
}

/** The seller's first response: on time if by the respond-by time frozen on the case. */
const firstResponse = (fx: Effects, row: CaseRow, at: string): CaseRow => {
  if (row.responseCounted) return row
  const onTime = toMillis(at as Instant) <= toMillis(row.respondBy as Instant)
  fx.seller(row.sellerId, at, {
    responses: 1,
    responsesOnTime: onTime ? 1 : 0,
    responseMinutes: minutesBetween(row.openedAt, at),
  })
  if (!onTime) {
    fx.fact({
      ...caseFactKeys(row),
      metric: 'late_response',
      at,
      counted: true,
      reason: 'responded_late',
      detail: `respond-by ${row.respondBy}`,
    })
  }
  return { ...row, respondedAt: at, responseCounted: true }
}

/** The seller never answered before the case moved on without it (escalated or granted for silence). */
const missedResponse = (fx: Effects, row: CaseRow, at: string): CaseRow => {
  if (row.responseCounted) return row
  fx.seller(row.sellerId, at, { responsesMissed: 1 })
  fx.fact({
    ...caseFactKeys(row),
    metric: 'late_response',
    at,
    counted: true,
    reason: 'no_response',
    detail: `respond-by ${row.respondBy}`,
  })
  return { ...row, responseCounted: true }
}

const buyerOutcome = (row: CaseRow, closeReason: string): BuyerCaseOutcome => {
  const decided: BuyerCaseOutcome | null =
    row.outcome === null ? null : row.outcome === 'seller_favor' ? 'denied' : 'granted'
  switch (closeReason) {
    case 'withdrawn':
      return 'withdrawn'
    case 'not_escalated':
    case 'return_not_shipped':
      return 'abandoned'
    case 'auto_granted':
    case 'replacement_failed':
      return decided ?? 'granted'
    default:
      return decided ?? 'settled'
  }
}

const outcomeCounter = {
  granted: 'casesGranted',
  denied: 'casesDenied',
  settled: 'casesSettled',
  withdrawn: 'casesWithdrawn',
  abandoned: 'casesAbandoned',
} as const satisfies Record<BuyerCaseOutcome, BuyerCounter>

/** The claimed lines as the order filed them (a case on the whole order claims every line). */
const claimedLines = (order: OrderRow | null, lineIds: readonly string[]): OrderLineFacts[] =>
  order === null ? [] : order.lines.filter((l) => lineIds.includes(l.lineId))

export const projectCase = (input: ProjectionInput, fx: Effects): void => {
  let row = input.caseRow
  let order = input.order
  for (const event of input.events as readonly CaseEvent[]) {
    if (event.type === 'CaseOpened') {
      if (row !== null) continue
      const d = event.data
      row = {
        caseId: d.caseId,
        orderId: d.orderId,
        sellerId: d.sellerId,
        buyerId: d.buyerId,
        reason: d.reason,
        remorse: d.policy.cases.remorseReasons.includes(d.reason),
        category: order?.category ?? 'unknown',
        claimedAmount: d.claimedAmount,
        currency: d.currency,
        amountBand: amountBand(d.claimedAmount),
        evidenceKinds: [],
        openedAt: d.at,
        respondBy: d.respondBy,
        respondedAt: null,
        responseCounted: false,
        escalatedAt: null,
        decidedAt: null,
        outcome: null,
        fault: null,
        funding: null,
        rationale: null,
        refunded: 0,
        closedAt: null,
        closeReason: null,
        countsAgainstSeller: null,
        reputationReason: null,
      }
      row = fileEvidence(fx, row, d.evidence, { role: 'buyer', userId: d.buyerId }, d.at)
      fx.seller(d.sellerId, d.at, { casesOpened: 1 })
      fx.buyer(d.buyerId, d.at, { casesOpened: 1, casesRemorse: row.remorse ? 1 : 0 })
      const lines = claimedLines(
        order,
        d.lines.map((l) => l.lineId),
      )
      const nad = isNotAsDescribed(d.reason)
      const newlyNad =
        nad && order !== null ? lines.filter((l) => !order?.nadLines.includes(l.lineId)) : []
      const seen = new Set<string>()
      for (const line of lines) {
        const first = !seen.has(line.listingId)
        seen.add(line.listingId)
        const counted = newlyNad.includes(line)
        if (first) fx.listing(line, d.sellerId, { cases: 1, nad: counted ? 1 : 0 })
        if (counted)
          for (const [attribute, value] of line.attributes)
            fx.attribute(line.category, attribute, value, 0, 1)
      }
      if (order !== null && newlyNad.length > 0) {
        order = { ...order, nadLines: [...order.nadLines, ...newlyNad.map((l) => l.lineId)] }
      }
      continue
    }
    if (row === null) continue
    switch (event.type) {
      case 'ClaimAccepted':
        row = firstResponse(fx, row, event.data.at)
        break
      case 'ClaimDisputed':
        row = firstResponse(fx, row, event.data.at)
        row = fileEvidence(fx, row, event.data.evidence, event.data.by, event.data.at)
        break
      case 'OfferMade':
        if (event.data.by.role === 'seller') row = firstResponse(fx, row, event.data.at)
        break
      case 'EvidenceAdded':
        row = fileEvidence(fx, row, [event.data.evidence], event.data.by, event.data.at)
        break
      case 'InformationProvided':
      case 'CaseAppealed':
        row = fileEvidence(fx, row, event.data.evidence, event.data.by, event.data.at)
        break
      case 'CaseEscalated': {
        const { at, reason } = event.data
        if (reason === 'seller_response_overdue') row = missedResponse(fx, row, at)
        if (row.escalatedAt === null) row = { ...row, escalatedAt: at }
        break
      }
      case 'CaseDecided':
      case 'AppealDecided': {
        const d = event.data
        row = {
          ...row,
          decidedAt: d.at,
          outcome: d.outcome,
          fault: d.fault,
          funding: d.funding,
          rationale: d.rationale,
        }
        break
      }
      case 'RefundDue':
        row = { ...row, refunded: row.refunded + event.data.amount }
        break
      case 'ReturnRequired': {
        const d = event.data
        fx.buyer(row.buyerId, d.at, { returns: 1 })
        fx.fact({
          ...caseFactKeys(row),
          metric: 'buyer_return',
          at: d.at,
          counted: true,
          reason: row.reason,
        })
        const seen = new Set<string>()
        for (const line of claimedLines(
          order,
          d.lines.map((l) => l.lineId),
        )) {
          if (!seen.has(line.listingId)) fx.listing(line, row.sellerId, { returns: 1 })
          seen.add(line.listingId)
        }
        break
      }
      case 'FollowUpEnded':
        if (event.data.outcome === 'return_not_shipped') {
          fx.buyer(row.buyerId, event.data.at, { returnsNotShipped: 1 })
          fx.fact({
            ...caseFactKeys(row),
            metric: 'buyer_return_not_shipped',
            at: event.data.at,
            counted: true,
            reason: 'return_not_shipped',
          })
        }
        break
      case 'CaseClosed': {
        if (row.closedAt !== null) break
        const d = event.data
        if (d.closeReason === 'auto_granted') row = missedResponse(fx, row, d.at)
        const escalated = row.escalatedAt !== null
        // eBay's "cases closed without seller resolution": escalated, and decided with the fault on the seller.
        const lost = escalated && d.reputationReason === 'seller_fault'
        fx.seller(row.sellerId, d.at, {
          casesClosed: 1,
          casesCounting: d.countsAgainstSeller ? 1 : 0,
          casesEscalatedClosed: escalated ? 1 : 0,
          casesLostAfterEscalation: lost ? 1 : 0,
        })
        const base = {
          ...caseFactKeys(row),
          at: d.at,
          detail: row.reason,
        }
        fx.fact({
          ...base,
          metric: 'case',
          counted: d.countsAgainstSeller,
          reason: d.reputationReason,
        })
        if (escalated) {
          fx.fact({
            ...base,
            metric: 'lost_after_escalation',
            counted: lost,
            reason: lost
              ? 'seller_fault'
              : d.countsAgainstSeller
                ? 'resolved_by_seller'
                : d.reputationReason,
          })
        }
        const outcome = buyerOutcome(row, d.closeReason)
        fx.buyer(row.buyerId, d.at, { [outcomeCounter[outcome]]: 1 })
        fx.fact({ ...base, metric: 'buyer_case', counted: true, reason: outcome })
        row = {
          ...row,
          closedAt: d.at,
          closeReason: d.closeReason,
          countsAgainstSeller: d.countsAgainstSeller,
          reputationReason: d.reputationReason,
        }
        break
      }
      // inertEvents: nothing to project
      case 'OfferAccepted':
      case 'OfferDeclined':
      case 'OfferLapsed':
      case 'CaseMessagePosted':
      case 'CaseAssigned':
      case 'InformationRequested':
      case 'InformationRequestExpired':
      case 'CaseDecisionOverdue':
      case 'DecisionBecameFinal':
      case 'CaseSwapLinked':
      case 'SellerResponseReminderDue':
      case 'OfferExpiryReminderDue':
      case 'ReplacementRequired':
      case 'FollowUpCancelled':
      case 'SellerReimbursementDue':
        break
    }
  }
  if (row !== input.caseRow) fx.caseRow = row
  if (order !== input.order) fx.order = order
}
