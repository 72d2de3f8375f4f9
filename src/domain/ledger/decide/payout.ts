// The seller's money: the payout released from escrow, and the marketplace paying the seller back.
import { type Minor, minor } from '../../shared/money.ts'
import { marketplaceGuarantee, orderEscrow, sellerPayable } from '../accounts.ts'
import type { ReimburseSeller, ReleasePayout } from '../commands.ts'
import type { LedgerState, OrderLedger } from '../state.ts'
import {
  type LedgerContext,
  type LedgerDecision,
  captured,
  capturedFor,
  posting,
  refuse,
} from './context.ts'

export const releasePayout = (
  _c: ReleasePayout,
  state: LedgerState,
  ctx: LedgerContext,
): LedgerDecision => {
  const l = captured(state)
  if ('code' in l) return refuse(l)
  if (l.status === 'released') return []
  if (ctx.heldByCase) return refuse({ code: 'PAYOUT_HELD_BY_CASE' })
  const disputed = Object.values(l.chargebacks ?? {})
    .filter((cb) => cb.status === 'open')
    .reduce((s, cb) => s + cb.amount, 0)
  if (disputed > 0)
    return refuse({ code: 'PAYOUT_HELD_BY_PAYMENT_DISPUTE', disputedAmount: minor(disputed) })
  const amount = Math.max(0, l.balances[orderEscrow(l.orderId)] ?? 0)
  const { now } = ctx.meta
  return [
    {
      type: 'PayoutReleased',
      data: {
        orderId: l.orderId,
        sellerId: l.sellerId,
        amount: minor(amount),
        at: now,
        posting:
          amount === 0
            ? null
            : posting(l, `payout:${l.orderId}`, 'payout_released', now, [
                { account: orderEscrow(l.orderId), amount: minor(-amount) },
                { account: sellerPayable(l.sellerId), amount: minor(amount) },
              ]),
      },
    },
  ]
}

/**
 * What the seller has paid on this order net of reversals and earlier
 * reimbursements: the capture put `total` on the seller's side (escrow), and
 * every seller-funded leg took from escrow or the seller's payable. A payout
 * release moves money between the two and changes nothing here.
 */
export const sellerFundedOf = (l: OrderLedger): Minor =>
  minor(
    Math.max(
      0,
      l.captured.total -
        (l.balances[orderEscrow(l.orderId)] ?? 0) -
        (l.balances[sellerPayable(l.sellerId)] ?? 0),
    ),
  )

/**
 * The marketplace pays the seller back, at most what the seller funded on
 * this order: into escrow while the payout is held (released with it), else
 * onto the seller's payable.
 */
export const reimburseSeller = (
  c: ReimburseSeller,
  state: LedgerState,
  ctx: LedgerContext,
): LedgerDecision => {
  const l = capturedFor(state, c.amount)
  if ('code' in l) return refuse(l)
  const businessKey = `reimburse:${c.reimbursementKey}`
  if (businessKey in l.postedKeys) return []
  const amount = Math.min(c.amount, sellerFundedOf(l))
  if (amount === 0) return []
  const { now } = ctx.meta
  const to = l.status === 'held' ? orderEscrow(l.orderId) : sellerPayable(l.sellerId)
  return [
    {
      type: 'SellerReimbursed',
      data: {
        orderId: l.orderId,
        sellerId: l.sellerId,
        reimbursementKey: c.reimbursementKey,
        requested: c.amount,
        amount: minor(amount),
        at: now,
        posting: posting(l, businessKey, 'seller_reimbursed', now, [
          { account: marketplaceGuarantee, amount: minor(-amount) },
          { account: to, amount: minor(amount) },
        ]),
      },
    },
  ]
}
