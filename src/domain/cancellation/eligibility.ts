import type { Policy } from '../../policy/types.ts'
import { addDuration, isAtOrAfter, isBefore, type Instant } from '../../policy/time.ts'
import { BuyerCancelReason, SellerCancelReason } from '../../policy/vocabulary.ts'
import type { CancellationId } from '../shared/ids.ts'
import { buyerCancelRightFrom } from '../order/deadline.ts'
import type { Order } from '../order/state.ts'
import type { CancellationMode, CancellationSide, CancelReason } from './events.ts'
import type { CancellationRejection } from './rejections.ts'

const buyerReasons: readonly CancelReason[] = Object.values(BuyerCancelReason)
const sellerReasons: readonly CancelReason[] = Object.values(SellerCancelReason)

/** The reasons a side may give; each reason belongs to exactly one side (eBay's CancelReasonEnum). */
export const cancelReasonsFor = (side: CancellationSide): readonly CancelReason[] =>
  side === 'buyer' ? buyerReasons : sellerReasons

export const isCancelReasonFor = (side: CancellationSide, reason: string): reason is CancelReason =>
  cancelReasonsFor(side).some((r) => r === reason)

/** Whether a side may cancel an order now, and if not, why not — with the data to show it. */
export interface CancellationEligibility {
  /** At least one reason is allowed now. */
  readonly eligible: boolean
  /** The fastest path open now: `immediate` if some allowed reason cancels at once; `null` when not eligible. */
  readonly mode: CancellationMode | null
  /** End of the buyer's window: purchase + `policy.cancellation.buyerWindow`. */
  readonly windowClosesAt: Instant
  /** Start of the buyer's right after an unshipped order (`policy.cancellation.buyerRightAfterUnshipped`); `null` if none. */
  readonly buyerRightFrom: Instant | null
  /** Reasons the side may give now. */
  readonly allowedReasons: readonly CancelReason[]
  /** How each allowed reason would proceed: `seller_not_shipped` is immediate, others follow the window. */
  readonly reasonModes: Readonly<Partial<Record<CancelReason, CancellationMode>>>
  /**
   * Why not: what blocks the order as a whole (cancelled, shipped, case open,
   * a cancellation under way), or else why the reasons not allowed are not
   * (`CANCEL_WINDOW_ELAPSED`, `BUYER_RIGHT_NOT_OPEN`).
   */
  readonly failures: readonly CancellationRejection[]
}

/** What keeps the order from being cancelled at all, most decisive first. */
const orderBlockers = (
  order: Order,
  openCancellationId: CancellationId | undefined,
): CancellationRejection[] => {
  const blockers: CancellationRejection[] = []
  if (order.status === 'cancelled')
    blockers.push({ code: 'ORDER_CANCELLED', cancelledAt: order.cancelledAt })
  const shippedAt = order.shipments[0]?.shippedAt
  if (shippedAt !== undefined) blockers.push({ code: 'ALREADY_SHIPPED', shippedAt })
  if (order.openCaseId !== null) blockers.push({ code: 'CASE_OPEN', caseId: order.openCaseId })
  if (openCancellationId !== undefined)
    blockers.push({ code: 'CANCELLATION_EXISTS', cancellationId: openCancellationId })
  return blockers
}

const bestMode = (modes: readonly CancellationMode[]): CancellationMode | null =>
  modes.includes('immediate')
    ? 'immediate'
    : modes.includes('seller_approval')
      ? 'seller_approval'
      : null

/**
 * Whether `side` may cancel `order` at `now` under the (frozen) `policy`.
 * The buyer: inside `buyerWindow` while unshipped, at once — or with the
 * seller's approval where `sellerApprovalInsideWindow` (eBay); after the
 * window only where `buyerMayRequestAfterWindow`, with the seller's approval;
 * `seller_not_shipped` at once from `buyerRightAfterUnshipped` (Poshmark: 7 days),
 * window or not. The seller: any time before shipping, at once.
 */
export const cancellationEligibility = (
  order: Order,
  policy: Policy,
  now: Instant,
  side: CancellationSide,
  openCancellationId?: CancellationId,
): CancellationEligibility => {
  const rules = policy.cancellation
  const windowClosesAt = addDuration(order.purchasedAt, rules.buyerWindow, policy.calendar)
  const buyerRightFrom = buyerCancelRightFrom(order, policy)
  const blockers = orderBlockers(order, openCancellationId)
  const modes: Partial<Record<CancelReason, CancellationMode>> = {}
  const failures: CancellationRejection[] = [...blockers]
  if (blockers.length === 0 && side === 'seller') {
    for (const r of sellerReasons) modes[r] = 'immediate'
  }
  if (blockers.length === 0 && side === 'buyer') {
    const inWindow = isBefore(now, windowClosesAt)
    const windowMode: CancellationMode | null = inWindow
      ? rules.sellerApprovalInsideWindow
        ? 'seller_approval'
        : 'immediate'
      : rules.buyerMayRequestAfterWindow
        ? 'seller_approval'
        : null
    if (windowMode === null)
      failures.push({ code: 'CANCEL_WINDOW_ELAPSED', closedAt: windowClosesAt })
    if (buyerRightFrom !== null && isAtOrAfter(now, buyerRightFrom))
      modes.seller_not_shipped = 'immediate'
    else failures.push({ code: 'BUYER_RIGHT_NOT_OPEN', opensAt: buyerRightFrom })
    for (const r of buyerReasons) {
      if (r !== 'seller_not_shipped' && windowMode !== null) modes[r] = windowMode
    }
  }
  const allowedReasons = cancelReasonsFor(side).filter((r) => modes[r] !== undefined)
  return {
    eligible: allowedReasons.length > 0,
    mode: bestMode(allowedReasons.map((r) => modes[r] ?? 'seller_approval')),
    windowClosesAt,
    buyerRightFrom,
    allowedReasons,
    reasonModes: modes,
    failures,
  }
}

/**
 * The refusal for one reason, or `null` if it is allowed: what blocks the
 * order, else the reason's own path (`seller_not_shipped` → the buyer's
 * right; the others → the window).
 */
export const eligibilityRefusalFor = (
  eligibility: CancellationEligibility,
  reason: CancelReason,
): CancellationRejection | null => {
  if (eligibility.reasonModes[reason] !== undefined) return null
  const ownPath = reason === 'seller_not_shipped' ? 'BUYER_RIGHT_NOT_OPEN' : 'CANCEL_WINDOW_ELAPSED'
  const refusal = eligibility.failures.find((f) => f.code === ownPath) ?? eligibility.failures[0]
  if (refusal === undefined) throw new Error(`eligibility disallows '${reason}' without saying why`)
  return refusal
}
