import { describe, expect, it } from 'vitest'
import { defaultPolicy } from '../../policy/presets.ts'
import type { Policy } from '../../policy/types.ts'
import { fold } from '../shared/decider.ts'
import { minor } from '../shared/money.ts'
import { specFor } from '../shared/spec.ts'
import { daysAfter, monday, orderId, sellerId } from '../order/fixtures.ts'
import { marketplaceGuarantee, orderEscrow, sellerPayable } from './accounts.ts'
import type { ReimburseSeller } from './commands.ts'
import { sellerFundedOf } from './decide.ts'
import { ledgerContext, ledgerHistory, recordCapture, requestRefund } from './fixtures.ts'
import { ledgerDecider } from './index.ts'
import { balances, sumOfEntries } from './postings.ts'
import type { OrderLedger } from './state.ts'

const { given } = specFor(ledgerDecider)
const tuesday = daysAfter(monday, 1)

const reimburse = (amount = 4800, key = 'appeal-decision-1'): ReimburseSeller => ({
  type: 'ReimburseSeller',
  reimbursementKey: key,
  amount: minor(amount),
})

const ledgerOf = (events: ReturnType<typeof ledgerHistory>): OrderLedger => {
  const s = fold(ledgerDecider.evolve, ledgerDecider.initialState, events)
  if (s.status === 'none') throw new Error('not captured')
  return s
}

const withDebitLimit = (limit: number): Policy => ({
  ...defaultPolicy,
  refunds: { ...defaultPolicy.refunds, sellerDebitLimit: limit },
})

describe('reimbursing the seller (an appeal lifted the cost)', () => {
  describe('when the seller funded a refund from its held payout', () => {
    const history = ledgerHistory(
      recordCapture(),
      requestRefund({ amount: minor(3000), destination: 'marketplace_credit' }),
    )

    it('puts the money back into escrow, paid by the marketplace guarantee', () => {
      given(...history)
        .when(reimburse(3000), ledgerContext({ now: tuesday }))
        .thenMatch({
          type: 'SellerReimbursed',
          data: {
            orderId,
            sellerId,
            requested: 3000,
            amount: 3000,
            posting: {
              businessKey: 'reimburse:appeal-decision-1',
              kind: 'seller_reimbursed',
              entries: [
                { account: marketplaceGuarantee, amount: -3000 },
                { account: orderEscrow(orderId), amount: 3000 },
              ],
            },
          },
        })
    })

    it('never gives back more than the seller paid on the order', () => {
      const spec = given(...history).when(reimburse(9000), ledgerContext({ now: tuesday }))
      spec.thenMatch({ type: 'SellerReimbursed', data: { requested: 9000, amount: 3000 } })
    })

    it('pays once per reimbursement key', () => {
      const after = ledgerHistory(
        recordCapture(),
        requestRefund({ amount: minor(3000), destination: 'marketplace_credit' }),
        reimburse(3000),
      )
      given(...after)
        .when(reimburse(3000), ledgerContext())
        .thenNothing()
      // Nothing is left to give back under another key either.
      given(...after)
        .when(reimburse(3000, 'other'), ledgerContext())
        .thenNothing()
      expect(sellerFundedOf(ledgerOf(after))).toBe(0)
    })
  })

  it('credits the seller’s payable once the payout was released', () => {
    const history = ledgerHistory(
      recordCapture(),
      { type: 'ReleasePayout' },
      requestRefund({ amount: minor(1000), destination: 'marketplace_credit' }),
    )
    given(...history)
      .when(reimburse(1000), ledgerContext())
      .thenMatch({
        type: 'SellerReimbursed',
        data: {
          amount: 1000,
          posting: {
            entries: [
              { account: marketplaceGuarantee, amount: -1000 },
              { account: sellerPayable(sellerId), amount: 1000 },
            ],
          },
        },
      })
  })

  it('does not give back what the marketplace fronted past the seller’s debit limit', () => {
    const history = ledgerHistory(recordCapture(), { type: 'ReleasePayout' }, [
      requestRefund({ amount: minor(2000), destination: 'marketplace_credit' }),
      { policy: withDebitLimit(500), sellerPayableBalance: 0 },
    ])
    const l = ledgerOf(history)
    expect(sellerFundedOf(l)).toBe(500)
    given(...history)
      .when(reimburse(2000), ledgerContext())
      .thenMatch({ type: 'SellerReimbursed', data: { amount: 500 } })
  })

  it('does nothing when the seller paid nothing (a marketplace-funded refund)', () => {
    given(
      ...ledgerHistory(
        recordCapture(),
        requestRefund({ funding: 'marketplace', destination: 'marketplace_credit' }),
      ),
    )
      .when(reimburse(4800), ledgerContext())
      .thenNothing()
  })

  it('refuses before the capture and for a non-positive amount', () => {
    given().when(reimburse(), ledgerContext()).thenRejects('NOT_CAPTURED')
    given(...ledgerHistory(recordCapture()))
      .when(reimburse(0), ledgerContext())
      .thenRejects('INVALID_AMOUNT')
  })

  it('keeps every posting balanced and the balances equal to the entries', () => {
    const history = ledgerHistory(
      recordCapture(),
      requestRefund({ amount: minor(1200), destination: 'marketplace_credit' }),
      reimburse(1200),
      { type: 'ReleasePayout' },
    )
    const postings = history.flatMap((e) => (e.data.posting === null ? [] : [e.data.posting]))
    for (const p of postings) expect(sumOfEntries(p.entries)).toBe(0)
    const l = ledgerOf(history)
    expect(balances(postings)).toEqual(l.balances)
    // The seller ends with everything but the buyer's refund, which the marketplace bore.
    expect(l.balances[sellerPayable(sellerId)]).toBe(4800)
    expect(l.balances[marketplaceGuarantee]).toBe(-1200)
  })
})
