import { describe, expect, it } from 'vitest'
import { fold } from '../shared/decider.ts'
import { minor } from '../shared/money.ts'
import { specFor } from '../shared/spec.ts'
import { orderId, sellerId } from '../order/fixtures.ts'
import type { HoldForChargeback, SettleChargeback } from './commands.ts'
import type { LedgerEvent } from './events.ts'
import {
  confirmRefund,
  ledgerContext,
  ledgerHistory,
  recordCapture,
  requestRefund,
} from './fixtures.ts'
import { ledgerDecider } from './index.ts'
import { balances, sumOfEntries, type Posting } from './postings.ts'
import { chargebackHeldOf, type LedgerState, refundableOf } from './state.ts'

const { given } = specFor(ledgerDecider)

const hold = (amount = 4800, fee = 1500, disputeId = 'dispute-1'): HoldForChargeback => ({
  type: 'HoldForChargeback',
  disputeId,
  amount: minor(amount),
  fee: minor(fee),
})
const settle = (
  outcome: SettleChargeback['outcome'],
  bearer: SettleChargeback['bearer'] = null,
  feeReturned = 0,
): SettleChargeback => ({
  type: 'SettleChargeback',
  disputeId: 'dispute-1',
  outcome,
  bearer,
  feeReturned: minor(feeReturned),
})

const stateAfter = (events: readonly LedgerEvent[]): LedgerState =>
  fold(ledgerDecider.evolve, ledgerDecider.initialState, events)
const postingsOf = (events: readonly LedgerEvent[]): Posting[] =>
  events.flatMap((e) => (e.data.posting === null ? [] : [e.data.posting]))

/** captured = refunded + in flight + failed + credited + labels + held + charged back + refundable. */
const accountsFor = (s: LedgerState): number => {
  if (s.status === 'none') return 0
  return (
    s.refundedToCard +
    s.inFlight +
    s.failed +
    s.credited +
    s.chargedToBuyer +
    s.chargebackHeld +
    s.chargedBack +
    refundableOf(s)
  )
}

describe('ledger: chargebacks', () => {
  describe('when the order is captured and nothing refunded', () => {
    const captured = ledgerHistory(recordCapture())

    it('holds the disputed amount: the guarantee fronts amount and fee, the refundable drops by the amount', () => {
      given(...captured)
        .when(hold(), ledgerContext())
        .thenMatch({
          type: 'ChargebackHeld',
          data: {
            orderId,
            disputeId: 'dispute-1',
            amount: 4800,
            fee: 1500,
            reserved: 4800,
            posting: {
              businessKey: 'chargeback:dispute-1',
              kind: 'chargeback_held',
              entries: [
                { account: 'marketplace_guarantee', amount: -6300 },
                { account: `chargebacks_held:${orderId}`, amount: 4800 },
                { account: 'dispute_fees', amount: 1500 },
              ],
            },
          },
        })
      const after = stateAfter([...captured, ...ledgerHistory(recordCapture(), hold()).slice(1)])
      expect(refundableOf(after)).toBe(0)
      expect(chargebackHeldOf(after)).toBe(4800)
      expect(accountsFor(after)).toBe(4800)
    })

    it('is posted once per dispute: the same hold again is a no-op', () => {
      given(...ledgerHistory(recordCapture(), hold()))
        .when(hold(), ledgerContext())
        .thenNothing()
    })

    it('refuses any refund reaching into the held money with PAYMENT_DISPUTE_OPEN, and lets the rest through', () => {
      const partly = ledgerHistory(recordCapture(), hold(3000))
      given(...partly)
        .when(requestRefund({ amount: minor(2000) }), ledgerContext())
        .thenRejects('PAYMENT_DISPUTE_OPEN', { disputedAmount: 3000, maximumRefundable: 1800 })
      given(...partly)
        .when(requestRefund({ amount: minor(1800) }), ledgerContext())
        .thenMatch({ type: 'RefundRequested', data: { amount: 1800 } })
      // Beyond what even the dispute holds: the ordinary refusal.
      given(...partly)
        .when(requestRefund({ amount: minor(4801) }), ledgerContext())
        .thenRejects('REFUND_EXCEEDS_REFUNDABLE')
    })

    it('keeps the payout held while the dispute is open', () => {
      given(...ledgerHistory(recordCapture(), hold()))
        .when({ type: 'ReleasePayout' }, ledgerContext())
        .thenRejects('PAYOUT_HELD_BY_PAYMENT_DISPUTE', { disputedAmount: 4800 })
    })

    it('refuses a buyer or seller holding money', () => {
      given(...captured)
        .when(hold(), ledgerContext({ actor: { kind: 'seller', id: sellerId } }))
        .thenRejects('ACTOR_NOT_ALLOWED')
    })
  })

  describe('when the dispute is won', () => {
    const held = ledgerHistory(recordCapture(), hold())

    it('gives the money and the fee returned back to the guarantee; everything is refundable again', () => {
      const events = ledgerHistory(recordCapture(), hold(), settle('won', null, 1000))
      const last = events.at(-1)
      expect(last?.type).toBe('ChargebackSettled')
      expect(last?.data.posting?.entries).toEqual([
        { account: `chargebacks_held:${orderId}`, amount: -4800 },
        { account: 'dispute_fees', amount: -1000 },
        { account: 'marketplace_guarantee', amount: 5800 },
      ])
      const s = stateAfter(events)
      expect(refundableOf(s)).toBe(4800)
      expect(chargebackHeldOf(s)).toBe(0)
      const b = balances(postingsOf(events))
      expect(b.marketplace_guarantee).toBe(-500)
      expect(b.dispute_fees).toBe(500)
      expect(b[`chargebacks_held:${orderId}`]).toBe(0)
      given(...events)
        .when({ type: 'ReleasePayout' }, ledgerContext())
        .thenMatch({ type: 'PayoutReleased', data: { amount: 4800 } })
    })

    it('settles once: the same outcome again is a no-op, another one refused', () => {
      const won = ledgerHistory(recordCapture(), hold(), settle('won'))
      given(...won)
        .when(settle('won'), ledgerContext())
        .thenNothing()
      given(...won)
        .when(settle('lost', 'seller'), ledgerContext())
        .thenRejects('CHARGEBACK_NOT_HELD')
      given(...held)
        .when({ ...settle('won'), disputeId: 'dispute-9' }, ledgerContext())
        .thenRejects('CHARGEBACK_NOT_HELD')
    })
  })

  describe('when the dispute is lost', () => {
    it('seller bears it: the buyer’s card gets the amount, the seller pays the guarantee back amount and fee from escrow', () => {
      const events = ledgerHistory(recordCapture(), hold(), settle('lost', 'seller'))
      const settled = events.at(-1)
      expect(settled?.data.posting?.entries).toEqual([
        { account: `chargebacks_held:${orderId}`, amount: -4800 },
        { account: `buyer_card:${orderId}`, amount: 4800 },
        { account: `order_escrow:${orderId}`, amount: -4800 },
        { account: `seller_payable:${sellerId}`, amount: -1500 },
        { account: 'marketplace_guarantee', amount: 6300 },
      ])
      for (const p of postingsOf(events)) expect(sumOfEntries(p.entries)).toBe(0)
      const b = balances(postingsOf(events))
      expect(b.marketplace_guarantee).toBe(0)
      expect(b.dispute_fees).toBe(1500)
      expect(b[`buyer_card:${orderId}`]).toBe(0)
      const s = stateAfter(events)
      expect(refundableOf(s)).toBe(0)
      expect(s.status !== 'none' && s.chargedBack).toBe(4800)
      expect(accountsFor(s)).toBe(4800)
    })

    it('marketplace bears it: the guarantee keeps what it fronted and the seller’s escrow is untouched', () => {
      const events = ledgerHistory(recordCapture(), hold(), settle('lost', 'marketplace'))
      const b = balances(postingsOf(events))
      expect(b.marketplace_guarantee).toBe(-6300)
      expect(b[`order_escrow:${orderId}`]).toBe(4800)
      given(...events)
        .when({ type: 'ReleasePayout' }, ledgerContext())
        .thenMatch({ type: 'PayoutReleased', data: { amount: 4800 } })
    })
  })

  describe('when the order had refunded already', () => {
    const refunded = ledgerHistory(recordCapture(), requestRefund(), confirmRefund('succeeded'))

    it('reserves nothing more (there is nothing left to refund) and stays balanced', () => {
      given(...refunded)
        .when(hold(), ledgerContext())
        .thenMatch({ type: 'ChargebackHeld', data: { reserved: 0 } })
    })

    it('lost: the buyer was paid twice, the card account shows it, the invariant holds', () => {
      const events = [
        ...refunded,
        ...ledgerHistory(
          recordCapture(),
          requestRefund(),
          confirmRefund('succeeded'),
          hold(),
          settle('lost', 'marketplace'),
        ).slice(refunded.length),
      ]
      const b = balances(postingsOf(events))
      expect(b[`buyer_card:${orderId}`]).toBe(4800)
      const s = stateAfter(events)
      expect(refundableOf(s)).toBe(0)
      expect(accountsFor(s)).toBe(4800)
    })
  })
})
