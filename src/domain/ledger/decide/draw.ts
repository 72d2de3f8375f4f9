// Which accounts pay when a funder covers an amount: escrow, the seller's payable, the guarantee.
import type { Policy } from '../../../policy/types.ts'
import { minor } from '../../shared/money.ts'
import { carrierClaims, marketplaceGuarantee, orderEscrow, sellerPayable } from '../accounts.ts'
import type { RefundFunder } from '../funding.ts'
import type { Entry } from '../postings.ts'
import type { OrderLedger } from '../state.ts'
import type { LedgerContext } from './context.ts'

/** What funders can still draw on while one decision builds its posting. */
export interface Pool {
  escrow: number
  sellerPayable: number
}

export const poolOf = (l: OrderLedger, ctx: LedgerContext): Pool => ({
  escrow: l.balances[orderEscrow(l.orderId)] ?? 0,
  sellerPayable: ctx.sellerPayableBalance,
})

export interface Draw {
  /** The funding legs, negative amounts. */
  readonly entries: readonly Entry[]
  /** What the marketplace guarantee fronted for a seller past its debit limit. */
  readonly advancedByMarketplace: number
}

/**
 * Takes `amount` from a funder. The seller pays from the order's escrow while
 * it holds money (the payout is held), then from its payable balance (after
 * release), down to `policy.refunds.sellerDebitLimit` below zero; the
 * marketplace guarantee fronts anything beyond. The marketplace and carrier
 * claims pay in full.
 */
export const draw = (
  funder: RefundFunder,
  amount: number,
  pool: Pool,
  l: OrderLedger,
  policy: Policy,
): Draw => {
  const leg = (account: Entry['account'], n: number): Entry => ({
    account,
    amount: minor(-n),
  })
  switch (funder) {
    case 'marketplace':
      return { entries: [leg(marketplaceGuarantee, amount)], advancedByMarketplace: 0 }
    case 'carrier':
      return { entries: [leg(carrierClaims, amount)], advancedByMarketplace: 0 }
    case 'seller': {
      const fromEscrow = Math.min(amount, Math.max(0, pool.escrow))
      pool.escrow -= fromEscrow
      const rest = amount - fromEscrow
      // Policy documents stored before the knob existed read as "no limit".
      const limit = (policy.refunds.sellerDebitLimit as number | null | undefined) ?? null
      const headroom = limit === null ? rest : Math.max(0, pool.sellerPayable + limit)
      const fromSeller = Math.min(rest, headroom)
      pool.sellerPayable -= fromSeller
      const fronted = rest - fromSeller
      return {
        entries: [
          leg(orderEscrow(l.orderId), fromEscrow),
          leg(sellerPayable(l.sellerId), fromSeller),
          leg(marketplaceGuarantee, fronted),
        ].filter((e) => e.amount !== 0),
        advancedByMarketplace: fronted,
      }
    }
  }
}
