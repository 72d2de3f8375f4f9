// The buyer opens a case on some or all lines of an order.
import { addDuration, isAtOrAfter, isBefore } from '../../../policy/time.ts'
import type { Order } from '../../order/state.ts'
import { minor } from '../../shared/money.ts'
import type { OpenCase } from '../commands.ts'
import type { CaseRejection } from '../rejections.ts'
import { caseOpenWindow } from '../rules.ts'
import type { CaseState } from '../state.ts'
import type { ClaimedLine } from '../vocabulary.ts'
import { evidenceRejection, isRejection, textRequired } from './checks.ts'
import { type CaseContext, type CaseDecision, refuse } from './context.ts'

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

export const openCase = (cmd: OpenCase, state: CaseState, ctx: CaseContext): CaseDecision => {
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
