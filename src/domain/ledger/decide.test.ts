import { describe, expect, it } from 'vitest'
import { defaultPolicy, presets } from '../../policy/presets.ts'
import { addDuration, days } from '../../policy/time.ts'
import type { Policy } from '../../policy/types.ts'
import { fold } from '../shared/decider.ts'
import { minor, type Minor } from '../shared/money.ts'
import { specFor } from '../shared/spec.ts'
import type { CaseEventOf } from '../case/events.ts'
import type { RequestRefund } from './commands.ts'
import {
  aLine,
  agent,
  buyer,
  caseId,
  daysAfter,
  monday,
  orderId,
  seller,
} from '../order/fixtures.ts'
import { availableRefundActions, failedRefunds, pendingRefunds } from './actions.ts'
import {
  confirmRefund,
  ledgerContext,
  ledgerHistory,
  otherRefundId,
  payLabel,
  recordCapture,
  refundId,
  requestRefund,
} from './fixtures.ts'
import { ledgerDecider } from './index.ts'
import { balances, postingIdOf, type Posting } from './postings.ts'
import type { LedgerEvent } from './events.ts'
import type { LedgerRejection } from './rejections.ts'
import { explainLedgerRejection } from './rejections.ts'
import { cardRefundableOf, refundableOf } from './state.ts'

const { given } = specFor(ledgerDecider)

const tuesday = daysAfter(monday, 1)
const ctx = ledgerContext
const asAgent = (now = tuesday) => ledgerContext({ actor: agent, now })
const withCreditExpiry: Policy = {
  ...defaultPolicy,
  refunds: { ...defaultPolicy.refunds, creditExpiry: days(365) },
}
const withDebitLimit = (limit: number): Policy => ({
  ...defaultPolicy,
  refunds: { ...defaultPolicy.refunds, sellerDebitLimit: limit },
})

const postingsOf = (events: readonly LedgerEvent[]): Posting[] =>
  events.flatMap((e) => (e.data.posting === null ? [] : [e.data.posting]))

const stateAfter = (events: readonly LedgerEvent[]) =>
  fold(ledgerDecider.evolve, ledgerDecider.initialState, events)

const captured = ledgerHistory(recordCapture())
const pending = ledgerHistory(recordCapture(), requestRefund())
const failedOnce = ledgerHistory(recordCapture(), requestRefund(), confirmRefund('failed'))

describe('ledger decider', () => {
  describe('before the payment is captured', () => {
    it('records a card capture: the card pays into the order escrow', () => {
      given()
        .when(recordCapture(), ctx())
        .then({
          type: 'PaymentCaptured',
          data: {
            orderId,
            buyerId: recordCapture().buyerId,
            sellerId: recordCapture().sellerId,
            currency: 'USD',
            card: minor(4800),
            credit: minor(0),
            total: minor(4800),
            at: monday,
            posting: {
              postingId: postingIdOf(orderId, 1),
              businessKey: `capture:${orderId}`,
              kind: 'capture',
              at: monday,
              currency: 'USD',
              entries: [
                { account: `buyer_card:${orderId}`, amount: minor(-4800) },
                { account: `order_escrow:${orderId}`, amount: minor(4800) },
              ],
            },
          },
        })
    })

    it('draws the credit part of a mixed payment from the credit redemptions clearing account', () => {
      const { decision } = given().when(recordCapture(3000, 1800), ctx())
      expect(postingsOf(decision as LedgerEvent[])[0]?.entries).toEqual([
        { account: `buyer_card:${orderId}`, amount: -3000 },
        { account: 'credit_redemptions', amount: -1800 },
        { account: `order_escrow:${orderId}`, amount: 4800 },
      ])
    })

    it('refuses a bad currency or amount', () => {
      given()
        .when({ ...recordCapture(), currency: 'usd' }, ctx())
        .thenRejects('INVALID_CURRENCY', { currency: 'usd' })
      given().when(recordCapture(-1), ctx()).thenRejects('INVALID_AMOUNT', { field: 'card' })
      given()
        .when({ ...recordCapture(), credit: 0.5 as Minor }, ctx())
        .thenRejects('INVALID_AMOUNT', { field: 'credit' })
    })

    it('refuses money commands with NOT_CAPTURED', () => {
      given().when(requestRefund(), ctx()).thenRejects('NOT_CAPTURED')
      given().when(confirmRefund('succeeded'), ctx()).thenRejects('NOT_CAPTURED')
      given().when({ type: 'ReleasePayout' }, ctx()).thenRejects('NOT_CAPTURED')
      given().when(payLabel('seller'), ctx()).thenRejects('NOT_CAPTURED')
      given().when({ type: 'RetryRefund', refundId }, asAgent()).thenRejects('NOT_CAPTURED')
    })
  })

  describe('when 48.00 is captured by card and the payout is held', () => {
    it('ignores the same capture again and refuses a different one', () => {
      given(...captured)
        .when(recordCapture(), ctx())
        .thenNothing()
      given(...captured)
        .when(recordCapture(4000), ctx())
        .thenRejects('ALREADY_CAPTURED', { card: 4800, credit: 0 })
    })

    it('sends a seller-funded card refund from the escrow to refunds in flight, and waits', () => {
      given(...captured)
        .when(requestRefund(), ctx({ now: tuesday }))
        .then({
          type: 'RefundRequested',
          data: {
            orderId,
            refundId,
            refundKey: 'decision-1',
            amount: minor(4800),
            currency: 'USD',
            destination: 'original_payment',
            funding: 'seller',
            reason: 'case',
            allocation: null,
            toCard: minor(4800),
            toCredit: minor(0),
            cardFunding: [{ account: `order_escrow:${orderId}`, amount: minor(-4800) }],
            credit: null,
            advancedByMarketplace: minor(0),
            at: tuesday,
            posting: {
              postingId: postingIdOf(orderId, 2),
              businessKey: 'refund:decision-1',
              kind: 'refund_requested',
              at: tuesday,
              currency: 'USD',
              entries: [
                { account: `order_escrow:${orderId}`, amount: minor(-4800) },
                { account: `refunds_in_flight:${orderId}`, amount: minor(4800) },
              ],
            },
          },
        })
    })

    it('posts a credit refund at once, with the expiry the policy sets', () => {
      const { decision } = given(...captured).when(
        requestRefund({ destination: 'marketplace_credit', amount: minor(1000) }),
        ctx({ now: tuesday, policy: withCreditExpiry }),
      )
      const [event] = decision as LedgerEvent[]
      expect(event).toMatchObject({
        type: 'RefundRequested',
        data: {
          toCard: 0,
          toCredit: 1000,
          credit: {
            grantKey: 'refund:decision-1',
            amount: 1000,
            currency: 'USD',
            expiresAt: addDuration(tuesday, days(365), defaultPolicy.calendar),
          },
          posting: {
            entries: [
              { account: `order_escrow:${orderId}`, amount: -1000 },
              { account: `buyer_credit:${recordCapture().buyerId}`, amount: 1000 },
            ],
          },
        },
      })
      const state = stateAfter([...captured, ...(decision as LedgerEvent[])])
      expect(state.status !== 'none' && state.refunds[refundId]?.status).toBe('succeeded')
      expect(refundableOf(state)).toBe(3800)
    })

    it('pays an original-payment refund of a mixed payment back to the card first, the rest as credit', () => {
      given(...ledgerHistory(recordCapture(3000, 1800)))
        .when(requestRefund(), ctx())
        .thenMatch({
          type: 'RefundRequested',
          data: {
            toCard: 3000,
            toCredit: 1800,
            credit: { amount: 1800, expiresAt: null },
            posting: {
              entries: [
                { account: `order_escrow:${orderId}`, amount: -4800 },
                { account: `refunds_in_flight:${orderId}`, amount: 3000 },
                { account: `buyer_credit:${recordCapture().buyerId}`, amount: 1800 },
              ],
            },
          },
        })
    })

    it('funds a marketplace refund from the guarantee and a carrier-fault refund from carrier claims', () => {
      given(...captured)
        .when(requestRefund({ funding: 'marketplace' }), ctx())
        .thenMatch({
          data: {
            posting: {
              entries: [
                { account: 'marketplace_guarantee', amount: -4800 },
                { account: `refunds_in_flight:${orderId}`, amount: 4800 },
              ],
            },
          },
        })
      given(...captured)
        .when(requestRefund({ funding: 'carrier' }), ctx())
        .thenMatch({
          data: { posting: { entries: [{ account: 'carrier_claims', amount: -4800 }, {}] } },
        })
    })

    it('records the allocation over lines when it adds up, and refuses it when it does not', () => {
      const allocation = {
        lines: [{ lineId: aLine().lineId, amount: minor(1500) }],
        shipping: minor(300),
        tax: minor(200),
      }
      given(...captured)
        .when(requestRefund({ amount: minor(2000), allocation }), ctx())
        .thenMatch({ data: { allocation } })
      given(...captured)
        .when(requestRefund({ amount: minor(2100), allocation }), ctx())
        .thenRejects('ALLOCATION_MISMATCH', { amount: 2100, allocated: 2000 })
    })

    it('refuses more than what is refundable, saying how much is left', () => {
      given(...ledgerHistory(recordCapture(), requestRefund({ amount: minor(3000) })))
        .when(
          requestRefund({ refundId: otherRefundId, refundKey: 'offer-2', amount: minor(1801) }),
          ctx(),
        )
        .thenRejects('REFUND_EXCEEDS_REFUNDABLE', { maximumRefundable: 1800 })
    })

    it('refuses a zero amount, another currency and a buyer as funder', () => {
      given(...captured)
        .when(requestRefund({ amount: minor(0) }), ctx())
        .thenRejects('INVALID_AMOUNT', { field: 'amount' })
      given(...captured)
        .when(requestRefund({ currency: 'EUR' }), ctx())
        .thenRejects('CURRENCY_MISMATCH', { expected: 'USD', actual: 'EUR' })
      given(...captured)
        .when(requestRefund({ funding: 'buyer' }), ctx())
        .thenRejects('REFUND_FUNDER_INVALID', { funding: 'buyer' })
    })

    it('pays a refund key once: the same request again does nothing, other terms are refused', () => {
      given(...pending)
        .when(requestRefund(), ctx())
        .thenNothing()
      // The app may make a new refund id on a redelivered RefundDue: still the same key, still nothing.
      given(...pending)
        .when(requestRefund({ refundId: otherRefundId }), ctx())
        .thenNothing()
      given(...pending)
        .when(requestRefund({ amount: minor(100) }), ctx())
        .thenRejects('REFUND_KEY_CONFLICT', { refundKey: 'decision-1', refundId })
    })

    it('refuses a refund id already used for another key', () => {
      given(...ledgerHistory(recordCapture(), requestRefund({ amount: minor(100) })))
        .when(requestRefund({ refundKey: 'decision-2', amount: minor(100) }), ctx())
        .thenRejects('REFUND_ID_IN_USE', { refundId, refundKey: 'decision-1' })
    })
  })

  describe('when a card refund is pending', () => {
    it('moves the money from refunds in flight to the card when the provider confirms', () => {
      given(...pending)
        .when(confirmRefund('succeeded'), ctx({ now: tuesday }))
        .then({
          type: 'RefundSucceeded',
          data: {
            orderId,
            refundId,
            attempt: 1,
            amount: minor(4800),
            providerReference: 're_succeeded',
            at: tuesday,
            posting: {
              postingId: postingIdOf(orderId, 3),
              businessKey: `refund-confirm:${refundId}`,
              kind: 'refund_succeeded',
              at: tuesday,
              currency: 'USD',
              entries: [
                { account: `refunds_in_flight:${orderId}`, amount: minor(-4800) },
                { account: `buyer_card:${orderId}`, amount: minor(4800) },
              ],
            },
          },
        })
    })

    it('reverses the funding with a new posting when the provider fails; the amount stays owed', () => {
      const { decision } = given(...pending).when(confirmRefund('failed'), ctx({ now: tuesday }))
      expect(decision).toMatchObject([
        {
          type: 'RefundFailed',
          data: {
            attempt: 1,
            posting: {
              businessKey: `refund-failed:${refundId}:1`,
              kind: 'refund_failed',
              entries: [
                { account: `refunds_in_flight:${orderId}`, amount: -4800 },
                { account: `order_escrow:${orderId}`, amount: 4800 },
              ],
            },
          },
        },
      ])
      const state = stateAfter(failedOnce)
      expect(refundableOf(state)).toBe(0)
      expect(failedRefunds(state).map((r) => r.refundId)).toEqual([refundId])
    })

    it('lists it as pending for the integration, which may confirm it', () => {
      const state = stateAfter(pending)
      expect(pendingRefunds(state).map((r) => r.refundId)).toEqual([refundId])
      expect(availableRefundActions(state, refundId, ledgerContext().meta.actor)).toEqual([
        'confirm',
      ])
      expect(availableRefundActions(state, refundId, agent)).toEqual([])
    })

    it('takes confirmations only from the integration, an admin or the system', () => {
      given(...pending)
        .when(confirmRefund('succeeded'), ctx({ actor: buyer }))
        .thenRejects('ACTOR_NOT_ALLOWED', { actorKind: 'buyer' })
    })

    it('refuses an unknown refund, an unknown attempt, and a retry of a refund that has not failed', () => {
      given(...pending)
        .when(confirmRefund('succeeded', { refundId: otherRefundId }), ctx())
        .thenRejects('REFUND_NOT_FOUND', { refundId: otherRefundId })
      given(...pending)
        .when(confirmRefund('succeeded', { attempt: 2 }), ctx())
        .thenRejects('REFUND_ATTEMPT_UNKNOWN', { attempt: 2, currentAttempt: 1 })
      given(...pending)
        .when({ type: 'RetryRefund', refundId }, asAgent())
        .thenRejects('REFUND_NOT_FAILED', { status: 'pending' })
      given(...pending)
        .when({ type: 'SwitchRefundToCredit', refundId }, asAgent())
        .thenRejects('REFUND_NOT_FAILED', { status: 'pending' })
    })
  })

  describe('when the card refund succeeded', () => {
    const succeeded = ledgerHistory(recordCapture(), requestRefund(), confirmRefund('succeeded'))

    it('ignores the same answer again and refuses a contradicting one', () => {
      given(...succeeded)
        .when(confirmRefund('succeeded'), ctx())
        .thenNothing()
      given(...succeeded)
        .when(confirmRefund('failed'), ctx())
        .thenRejects('REFUND_ALREADY_SETTLED', { status: 'succeeded' })
    })

    it('has given the buyer back exactly what the card paid', () => {
      const b = balances(postingsOf(succeeded))
      expect(b[`buyer_card:${orderId}`]).toBe(0)
      expect(b[`order_escrow:${orderId}`]).toBe(0)
      expect(b[`refunds_in_flight:${orderId}`]).toBe(0)
    })
  })

  describe('when the card refund failed', () => {
    it('ignores the same failure again and refuses a success for it', () => {
      given(...failedOnce)
        .when(confirmRefund('failed'), ctx())
        .thenNothing()
      given(...failedOnce)
        .when(confirmRefund('succeeded'), ctx())
        .thenRejects('REFUND_ALREADY_SETTLED', { status: 'failed' })
    })

    it('lets an agent retry it as a new attempt with a new posting', () => {
      given(...failedOnce)
        .when({ type: 'RetryRefund', refundId }, asAgent())
        .thenMatch({
          type: 'RefundRetried',
          data: {
            attempt: 2,
            amount: 4800,
            posting: {
              businessKey: `refund-retry:${refundId}:2`,
              entries: [
                { account: `order_escrow:${orderId}`, amount: -4800 },
                { account: `refunds_in_flight:${orderId}`, amount: 4800 },
              ],
            },
          },
        })
    })

    it('ignores a late failure of the first attempt after the retry, and refuses a late success of it', () => {
      const retried = ledgerHistory(recordCapture(), requestRefund(), confirmRefund('failed'), {
        type: 'RetryRefund',
        refundId,
      })
      given(...retried)
        .when(confirmRefund('failed', { attempt: 1 }), ctx())
        .thenNothing()
      given(...retried)
        .when(confirmRefund('succeeded', { attempt: 1 }), ctx())
        .thenRejects('REFUND_ALREADY_SETTLED', { status: 'failed' })
      given(...retried)
        .when(confirmRefund('succeeded', { attempt: 2 }), ctx())
        .thenMatch({ type: 'RefundSucceeded', data: { attempt: 2 } })
    })

    it('lets an agent pay it as marketplace credit instead', () => {
      given(...failedOnce)
        .when({ type: 'SwitchRefundToCredit', refundId }, asAgent())
        .thenMatch({
          type: 'RefundSwitchedToCredit',
          data: {
            amount: 4800,
            credit: { grantKey: `refund-switch:${refundId}`, amount: 4800, expiresAt: null },
            posting: {
              businessKey: `refund-switch:${refundId}`,
              entries: [
                { account: `order_escrow:${orderId}`, amount: -4800 },
                { account: `buyer_credit:${recordCapture().buyerId}`, amount: 4800 },
              ],
            },
          },
        })
    })

    it('offers retry and switch to agents only', () => {
      const state = stateAfter(failedOnce)
      expect(availableRefundActions(state, refundId, agent)).toEqual(['retry', 'switch_to_credit'])
      expect(availableRefundActions(state, refundId, seller)).toEqual([])
      given(...failedOnce)
        .when({ type: 'RetryRefund', refundId }, ctx({ actor: seller }))
        .thenRejects('ACTOR_NOT_ALLOWED', { actorKind: 'seller' })
    })

    it('refuses to switch twice', () => {
      const switched = ledgerHistory(recordCapture(), requestRefund(), confirmRefund('failed'), {
        type: 'SwitchRefundToCredit',
        refundId,
      })
      given(...switched)
        .when({ type: 'SwitchRefundToCredit', refundId }, asAgent())
        .thenRejects('REFUND_NOT_FAILED', { status: 'switched_to_credit' })
      given(...switched)
        .when(confirmRefund('failed'), ctx())
        .thenNothing()
    })
  })

  describe('when a refund was paid wholly as credit', () => {
    const credited = ledgerHistory(
      recordCapture(),
      requestRefund({ destination: 'marketplace_credit' }),
    )

    it('has nothing for the payment provider to confirm', () => {
      given(...credited)
        .when(confirmRefund('succeeded'), ctx())
        .thenRejects('REFUND_NOT_BY_CARD', { refundId })
      expect(availableRefundActions(stateAfter(credited), refundId, agent)).toEqual([])
    })
  })

  describe('the seller payout', () => {
    it('releases what is left in escrow to the seller payable', () => {
      given(...ledgerHistory(recordCapture(), requestRefund({ amount: minor(1000) })))
        .when({ type: 'ReleasePayout' }, ctx({ now: tuesday }))
        .thenMatch({
          type: 'PayoutReleased',
          data: {
            amount: 3800,
            posting: {
              businessKey: `payout:${orderId}`,
              entries: [
                { account: `order_escrow:${orderId}`, amount: -3800 },
                { account: `seller_payable:${recordCapture().sellerId}`, amount: 3800 },
              ],
            },
          },
        })
    })

    it('stays held while a case is open', () => {
      given(...captured)
        .when({ type: 'ReleasePayout' }, ctx({ heldByCase: true }))
        .thenRejects('PAYOUT_HELD_BY_CASE')
    })

    it('is released once: a second release does nothing', () => {
      given(...ledgerHistory(recordCapture(), { type: 'ReleasePayout' }))
        .when({ type: 'ReleasePayout' }, ctx())
        .thenNothing()
    })

    it('releases nothing, with no posting, when refunds took it all', () => {
      given(...ledgerHistory(recordCapture(), requestRefund({ destination: 'marketplace_credit' })))
        .when({ type: 'ReleasePayout' }, ctx())
        .thenMatch({ type: 'PayoutReleased', data: { amount: 0, posting: null } })
    })

    it('debits the seller payable for a seller-funded refund after release', () => {
      given(...ledgerHistory(recordCapture(), { type: 'ReleasePayout' }))
        .when(requestRefund({ amount: minor(2000) }), ctx({ sellerPayableBalance: 4800 }))
        .thenMatch({
          data: {
            advancedByMarketplace: 0,
            posting: {
              entries: [
                { account: `seller_payable:${recordCapture().sellerId}`, amount: -2000 },
                { account: `refunds_in_flight:${orderId}`, amount: 2000 },
              ],
            },
          },
        })
    })

    it('lets the marketplace front what a seller cannot owe beyond the policy debit limit', () => {
      given(...ledgerHistory(recordCapture(), { type: 'ReleasePayout' }))
        .when(
          requestRefund({ amount: minor(2000) }),
          ctx({ sellerPayableBalance: 500, policy: withDebitLimit(1000) }),
        )
        .thenMatch({
          data: {
            advancedByMarketplace: 500,
            posting: {
              entries: [
                { account: `seller_payable:${recordCapture().sellerId}`, amount: -1500 },
                { account: 'marketplace_guarantee', amount: -500 },
                { account: `refunds_in_flight:${orderId}`, amount: 2000 },
              ],
            },
          },
        })
    })

    it('reverses a failure after release into the legs that funded it, and retries from the seller', () => {
      const history = ledgerHistory(
        recordCapture(),
        requestRefund(),
        { type: 'ReleasePayout' },
        confirmRefund('failed'),
      )
      expect(postingsOf(history).at(-1)?.entries).toEqual([
        { account: `refunds_in_flight:${orderId}`, amount: -4800 },
        { account: `order_escrow:${orderId}`, amount: 4800 },
      ])
      // The reversal put the money back in escrow, so the retry draws it from there first.
      given(...history)
        .when({ type: 'RetryRefund', refundId }, asAgent())
        .thenMatch({
          data: {
            posting: { entries: [{ account: `order_escrow:${orderId}`, amount: -4800 }, {}] },
          },
        })
    })
  })

  describe('return labels', () => {
    it('debits the seller for a label the seller pays', () => {
      given(...captured)
        .when(payLabel('seller'), ctx())
        .thenMatch({
          type: 'ReturnShippingPaid',
          data: {
            chargedToBuyer: 0,
            frontedBy: 'seller',
            posting: {
              businessKey: 'return-label:label-1',
              entries: [
                { account: `order_escrow:${orderId}`, amount: -800 },
                { account: 'return_shipping', amount: 800 },
              ],
            },
          },
        })
    })

    it('pays a marketplace label from the guarantee (Poshmark covered returns)', () => {
      given(...captured)
        .when(payLabel('marketplace'), ctx({ policy: presets.poshmark }))
        .thenMatch({
          data: { posting: { entries: [{ account: 'marketplace_guarantee', amount: -800 }, {}] } },
        })
    })

    it("charges a buyer-paid label against the buyer's refund, never the card", () => {
      const history = ledgerHistory(recordCapture(), payLabel('buyer'))
      expect(history.at(-1)).toMatchObject({ data: { chargedToBuyer: 800, frontedBy: 'seller' } })
      const state = stateAfter(history)
      expect(refundableOf(state)).toBe(4000)
      expect(cardRefundableOf(state)).toBe(4800)
      given(...history)
        .when(requestRefund({ amount: minor(4001) }), ctx())
        .thenRejects('REFUND_EXCEEDS_REFUNDABLE', { maximumRefundable: 4000 })
    })

    it('pays a label once: the same label again does nothing, other terms are refused', () => {
      const history = ledgerHistory(recordCapture(), payLabel('seller'))
      given(...history)
        .when(payLabel('seller'), ctx())
        .thenNothing()
      given(...history)
        .when(payLabel('marketplace'), ctx())
        .thenRejects('LABEL_ALREADY_PAID', { labelId: 'label-1', amount: 800, paidBy: 'seller' })
    })

    it('refuses a buyer label fronted by the buyer, and a zero cost', () => {
      given(...captured)
        .when(
          {
            type: 'PayReturnShipping',
            labelId: 'label-1',
            amount: minor(800),
            paidBy: 'buyer',
            refundFunding: 'buyer',
          },
          ctx(),
        )
        .thenRejects('REFUND_FUNDER_INVALID', { funding: 'buyer' })
      given(...captured)
        .when(payLabel('seller', 0), ctx())
        .thenRejects('INVALID_AMOUNT', { field: 'amount' })
    })
  })

  it("takes a case's RefundDue as it is (the seam between cases and the ledger)", () => {
    const due: CaseEventOf<'RefundDue'>['data'] = {
      refundKey: 'decision-9',
      caseId,
      orderId,
      at: monday,
      amount: minor(1000),
      currency: 'USD',
      destination: 'marketplace_credit',
      funding: 'seller',
      allocation: {
        lines: [{ lineId: aLine().lineId, amount: minor(1000) }],
        shipping: minor(0),
        tax: minor(0),
      },
      cause: 'decision',
    }
    const command: RequestRefund = {
      type: 'RequestRefund',
      refundId,
      refundKey: due.refundKey,
      amount: due.amount,
      currency: due.currency,
      destination: due.destination,
      funding: due.funding,
      reason: 'case',
      allocation: due.allocation,
    }
    given(...captured)
      .when(command, ctx())
      .thenMatch({ type: 'RefundRequested', data: { toCredit: 1000, allocation: due.allocation } })
  })

  it('explains every refusal in a sentence', () => {
    const samples: LedgerRejection[] = [
      { code: 'NOT_CAPTURED' },
      { code: 'ALREADY_CAPTURED', card: minor(1), credit: minor(0) },
      { code: 'INVALID_AMOUNT', field: 'amount', amount: 0 },
      { code: 'INVALID_CURRENCY', currency: 'x' },
      { code: 'CURRENCY_MISMATCH', expected: 'USD', actual: 'EUR' },
      { code: 'ACTOR_NOT_ALLOWED', actorKind: 'buyer', allowed: ['agent'] },
      { code: 'REFUND_EXCEEDS_REFUNDABLE', maximumRefundable: minor(5) },
      { code: 'REFUND_FUNDER_INVALID', funding: 'buyer' },
      { code: 'ALLOCATION_MISMATCH', amount: minor(2), allocated: 1 },
      { code: 'REFUND_KEY_CONFLICT', refundKey: 'k', refundId },
      { code: 'REFUND_ID_IN_USE', refundId, refundKey: 'k' },
      { code: 'REFUND_NOT_FOUND', refundId },
      { code: 'REFUND_NOT_BY_CARD', refundId },
      { code: 'REFUND_ALREADY_SETTLED', refundId, status: 'switched_to_credit' },
      { code: 'REFUND_ATTEMPT_UNKNOWN', refundId, attempt: 3, currentAttempt: 1 },
      { code: 'REFUND_NOT_FAILED', refundId, status: 'pending' },
      { code: 'PAYOUT_HELD_BY_CASE' },
      { code: 'LABEL_ALREADY_PAID', labelId: 'l', amount: minor(1), paidBy: 'seller' },
    ]
    for (const r of samples) expect(explainLedgerRejection(r)).toMatch(/^\S.*\.$/)
  })
})
