// The payment captured at checkout: the order's money enters escrow.
import { minor } from '../../shared/money.ts'
import { buyerCard, creditRedemptions, orderEscrow } from '../accounts.ts'
import type { RecordCapture } from '../commands.ts'
import { makePosting, postingIdOf } from '../postings.ts'
import type { LedgerState } from '../state.ts'
import { type LedgerContext, type LedgerDecision, isWhole, refuse } from './context.ts'

export const recordCapture = (
  c: RecordCapture,
  state: LedgerState,
  ctx: LedgerContext,
): LedgerDecision => {
  if (!/^[A-Z]{3}$/.test(c.currency))
    return refuse({ code: 'INVALID_CURRENCY', currency: c.currency })
  if (!isWhole(c.card)) return refuse({ code: 'INVALID_AMOUNT', field: 'card', amount: c.card })
  if (!isWhole(c.credit))
    return refuse({ code: 'INVALID_AMOUNT', field: 'credit', amount: c.credit })
  if (state.status !== 'none') {
    if (state.orderId !== c.orderId)
      throw new Error(`ledger of order ${state.orderId} got a capture for ${c.orderId}`)
    const same =
      state.captured.card === c.card &&
      state.captured.credit === c.credit &&
      state.currency === c.currency &&
      state.buyerId === c.buyerId &&
      state.sellerId === c.sellerId
    return same
      ? []
      : refuse({
          code: 'ALREADY_CAPTURED',
          card: state.captured.card,
          credit: state.captured.credit,
        })
  }
  const total = minor(c.card + c.credit)
  const at = ctx.meta.now
  return [
    {
      type: 'PaymentCaptured',
      data: {
        orderId: c.orderId,
        buyerId: c.buyerId,
        sellerId: c.sellerId,
        currency: c.currency,
        card: c.card,
        credit: c.credit,
        total,
        at,
        posting: makePosting({
          postingId: postingIdOf(c.orderId, 1),
          businessKey: `capture:${c.orderId}`,
          kind: 'capture',
          at,
          currency: c.currency,
          entries: [
            { account: buyerCard(c.orderId), amount: minor(0 - c.card) },
            { account: creditRedemptions, amount: minor(0 - c.credit) },
            { account: orderEscrow(c.orderId), amount: total },
          ],
        }),
      },
    },
  ]
}
