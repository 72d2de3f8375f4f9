// A chargeback held against the order's refundable money, then settled won or lost.
import { minor } from '../../shared/money.ts'
import { buyerCard, chargebacksHeld, disputeFees, marketplaceGuarantee } from '../accounts.ts'
import type { HoldForChargeback, SettleChargeback } from '../commands.ts'
import type { Entry } from '../postings.ts'
import { type LedgerState, refundableOf } from '../state.ts'
import {
  type LedgerContext,
  type LedgerDecision,
  actorRejection,
  capturedFor,
  isWhole,
  posting,
  refuse,
} from './context.ts'
import { draw, poolOf } from './draw.ts'

const PROVIDER = ['integration', 'admin', 'system'] as const

/**
 * The provider took the disputed amount and its fee from the marketplace's
 * balance: the guarantee fronts both, the amount waits in
 * `chargebacks_held:<orderId>`. What the order could still refund, up to the
 * amount, stops being refundable (`reserved`); an order already refunded
 * reserves less (the excess is the double payment the dispute is about).
 */
export const holdForChargeback = (
  c: HoldForChargeback,
  state: LedgerState,
  ctx: LedgerContext,
): LedgerDecision => {
  const found = actorRejection(ctx, PROVIDER) ?? capturedFor(state, c.amount)
  if ('code' in found) return refuse(found)
  const l = found
  if (!isWhole(c.fee)) return refuse({ code: 'INVALID_AMOUNT', field: 'fee', amount: c.fee })
  if (l.chargebacks?.[c.disputeId] !== undefined) return []
  const reserved = Math.min(c.amount, refundableOf(l))
  const { now } = ctx.meta
  return [
    {
      type: 'ChargebackHeld',
      data: {
        orderId: l.orderId,
        disputeId: c.disputeId,
        amount: c.amount,
        fee: c.fee,
        reserved: minor(reserved),
        at: now,
        posting: posting(l, `chargeback:${c.disputeId}`, 'chargeback_held', now, [
          { account: marketplaceGuarantee, amount: minor(0 - c.amount - c.fee) },
          { account: chargebacksHeld(l.orderId), amount: c.amount },
          { account: disputeFees, amount: c.fee },
        ]),
      },
    },
  ]
}

/**
 * Won (or an inquiry closed): the held amount and the fee the provider gave
 * back return to the guarantee. Lost: the held amount goes to the buyer's
 * card; a seller bearer pays the guarantee back the amount and the fee,
 * drawn like a seller-funded refund (escrow, then its payable down to the
 * debit limit, the guarantee fronting the rest).
 */
export const settleChargeback = (
  c: SettleChargeback,
  state: LedgerState,
  ctx: LedgerContext,
): LedgerDecision => {
  const found = actorRejection(ctx, PROVIDER) ?? capturedFor(state, 1)
  if ('code' in found) return refuse(found)
  const l = found
  const cb = l.chargebacks?.[c.disputeId]
  if (cb === undefined) return refuse({ code: 'CHARGEBACK_NOT_HELD', disputeId: c.disputeId })
  if (cb.status !== 'open') {
    return cb.status === c.outcome
      ? []
      : refuse({ code: 'CHARGEBACK_NOT_HELD', disputeId: c.disputeId })
  }
  if (!isWhole(c.feeReturned) || c.feeReturned > cb.fee)
    return refuse({ code: 'INVALID_AMOUNT', field: 'feeReturned', amount: c.feeReturned })
  const { now } = ctx.meta
  const held = chargebacksHeld(l.orderId)
  let entries: Entry[]
  let advanced = 0
  let feeReturned = 0
  if (c.outcome === 'lost') {
    const loss = cb.amount + cb.fee
    const seller =
      c.bearer === 'seller' ? draw('seller', loss, poolOf(l, ctx), l, ctx.policy) : null
    advanced = seller?.advancedByMarketplace ?? 0
    entries = [
      { account: held, amount: minor(0 - cb.amount) },
      { account: buyerCard(l.orderId), amount: cb.amount },
      ...(seller === null
        ? []
        : [...seller.entries, { account: marketplaceGuarantee, amount: minor(loss) }]),
    ]
  } else {
    feeReturned = c.feeReturned
    entries = [
      { account: held, amount: minor(0 - cb.amount) },
      { account: disputeFees, amount: minor(0 - feeReturned) },
      { account: marketplaceGuarantee, amount: minor(cb.amount + feeReturned) },
    ]
  }
  return [
    {
      type: 'ChargebackSettled',
      data: {
        orderId: l.orderId,
        disputeId: c.disputeId,
        outcome: c.outcome,
        amount: cb.amount,
        fee: cb.fee,
        feeReturned: minor(feeReturned),
        reserved: cb.reserved,
        bearer: c.outcome === 'lost' ? c.bearer : null,
        advancedByMarketplace: minor(advanced),
        at: now,
        posting: posting(
          l,
          `chargeback-${c.outcome === 'lost' ? 'lost' : 'released'}:${c.disputeId}`,
          c.outcome === 'lost' ? 'chargeback_lost' : 'chargeback_released',
          now,
          entries,
        ),
      },
    },
  ]
}
