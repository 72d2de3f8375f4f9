// A return label paid for, and by whom.
import { minor } from '../../shared/money.ts'
import { returnShipping } from '../accounts.ts'
import type { PayReturnShipping } from '../commands.ts'
import { isRefundFunder } from '../funding.ts'
import { type LedgerState, refundableOf } from '../state.ts'
import { type LedgerContext, type LedgerDecision, capturedFor, posting, refuse } from './context.ts'
import { draw, poolOf } from './draw.ts'

/**
 * A buyer-paid label is charged against the buyer's refund, never to the
 * card: it counts against what the order can refund (up to what is left) and
 * the return's refund funder pays the carrier, so that the funder's total is
 * the same as if it had refunded in full and the buyer had bought the label.
 */
export const payReturnShipping = (
  c: PayReturnShipping,
  state: LedgerState,
  ctx: LedgerContext,
): LedgerDecision => {
  const l = capturedFor(state, c.amount)
  if ('code' in l) return refuse(l)
  const frontedBy = c.paidBy === 'buyer' ? c.refundFunding : c.paidBy
  if (!isRefundFunder(frontedBy))
    return refuse({ code: 'REFUND_FUNDER_INVALID', funding: frontedBy })
  const paid = l.labels[c.labelId]
  if (paid !== undefined) {
    return paid.amount === c.amount && paid.paidBy === c.paidBy
      ? []
      : refuse({
          code: 'LABEL_ALREADY_PAID',
          labelId: c.labelId,
          amount: paid.amount,
          paidBy: paid.paidBy,
        })
  }
  const chargedToBuyer = c.paidBy === 'buyer' ? Math.min(c.amount, refundableOf(l)) : 0
  const funds = draw(frontedBy, c.amount, poolOf(l, ctx), l, ctx.policy)
  const { now } = ctx.meta
  return [
    {
      type: 'ReturnShippingPaid',
      data: {
        orderId: l.orderId,
        labelId: c.labelId,
        amount: c.amount,
        paidBy: c.paidBy,
        frontedBy,
        chargedToBuyer: minor(chargedToBuyer),
        advancedByMarketplace: minor(funds.advancedByMarketplace),
        at: now,
        posting: posting(l, `return-label:${c.labelId}`, 'return_shipping', now, [
          ...funds.entries,
          { account: returnShipping, amount: c.amount },
        ]),
      },
    },
  ]
}
