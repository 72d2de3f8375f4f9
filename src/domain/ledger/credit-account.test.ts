import { describe, expect, it } from 'vitest'
import { fold } from '../shared/decider.ts'
import { asId, type OrderId, type RefundId } from '../shared/ids.ts'
import { minor } from '../shared/money.ts'
import { specFor } from '../shared/spec.ts'
import { buyer, buyerId, daysAfter, monday, scheduler } from '../order/fixtures.ts'
import type {
  CreditAccountEvent,
  CreditAccountRejection,
  CreditAccountState,
  GrantCredit,
  SpendCredit,
} from './credit-account.ts'
import {
  activeCreditDeadline,
  availableCredit,
  creditAccountDecider,
  explainCreditAccountRejection,
} from './credit-account.ts'
import { creditContext, creditHistory } from './fixtures.ts'
import { postingIdOf } from './postings.ts'

const { given } = specFor(creditAccountDecider)

const inAWeek = daysAfter(monday, 7)
const inAMonth = daysAfter(monday, 30)

const grant = (
  grantKey: string,
  amount: number,
  expiresAt: GrantCredit['expiresAt'] = null,
): GrantCredit => ({
  type: 'GrantCredit',
  buyerId,
  grantKey,
  amount: minor(amount),
  currency: 'USD',
  expiresAt,
  orderId: asId<OrderId>('order-1'),
  refundId: asId<RefundId>('refund-1'),
})

const spend = (debitKey: string, amount: number): SpendCredit => ({
  type: 'SpendCredit',
  buyerId,
  debitKey,
  amount: minor(amount),
  currency: 'USD',
})

const stateOf = (events: readonly CreditAccountEvent[]): CreditAccountState =>
  fold(creditAccountDecider.evolve, creditAccountDecider.initialState, events)

describe("a buyer's credit account", () => {
  describe('with no credit yet', () => {
    it('records a grant mirrored from an order ledger, without posting it again', () => {
      given()
        .when(grant('refund:decision-1', 4800), creditContext())
        .then({
          type: 'CreditGranted',
          data: {
            buyerId,
            grantKey: 'refund:decision-1',
            amount: minor(4800),
            currency: 'USD',
            expiresAt: null,
            orderId: asId<OrderId>('order-1'),
            refundId: asId<RefundId>('refund-1'),
            at: monday,
          },
        })
    })

    it('refuses a spend with INSUFFICIENT_CREDIT and a zero grant with INVALID_AMOUNT', () => {
      given()
        .when(spend('checkout-1', 100), creditContext())
        .thenRejects('INSUFFICIENT_CREDIT', { available: 0 })
      given().when(grant('g', 0), creditContext()).thenRejects('INVALID_AMOUNT')
      given()
        .when({ ...grant('g', 10), currency: 'us' }, creditContext())
        .thenRejects('INVALID_CURRENCY')
    })
  })

  describe('with 48.00 granted', () => {
    const granted = creditHistory([grant('refund:decision-1', 4800), monday])

    it('posts a spend from the buyer credit to the credit redemptions clearing account', () => {
      given(...granted)
        .when(spend('checkout-1', 3000), creditContext())
        .then({
          type: 'CreditSpent',
          data: {
            buyerId,
            debitKey: 'checkout-1',
            amount: minor(3000),
            drawnFrom: [{ grantKey: 'refund:decision-1', amount: minor(3000) }],
            at: monday,
            posting: {
              postingId: postingIdOf(`credit:${buyerId}`, 1),
              businessKey: 'credit-debit:checkout-1',
              kind: 'credit_spent',
              at: monday,
              currency: 'USD',
              entries: [
                { account: `buyer_credit:${buyerId}`, amount: minor(-3000) },
                { account: 'credit_redemptions', amount: minor(3000) },
              ],
            },
          },
        })
    })

    it('refuses to spend more than the balance, saying what is available', () => {
      given(...granted)
        .when(spend('checkout-1', 4801), creditContext())
        .thenRejects('INSUFFICIENT_CREDIT', { available: 4800 })
    })

    it('debits a key once: the same debit again does nothing, another amount is refused', () => {
      const spent = creditHistory(
        [grant('refund:decision-1', 4800), monday],
        [spend('checkout-1', 1000), monday],
      )
      given(...spent)
        .when(spend('checkout-1', 1000), creditContext())
        .thenNothing()
      given(...spent)
        .when(spend('checkout-1', 2000), creditContext())
        .thenRejects('DEBIT_KEY_CONFLICT', { debitKey: 'checkout-1', amount: 1000 })
    })

    it('records a grant key once', () => {
      given(...granted)
        .when(grant('refund:decision-1', 4800), creditContext())
        .thenNothing()
      given(...granted)
        .when(grant('refund:decision-1', 100), creditContext())
        .thenRejects('GRANT_KEY_CONFLICT', { amount: 4800 })
    })

    it('refuses another currency and a spend reported by the buyer', () => {
      given(...granted)
        .when({ ...spend('checkout-1', 100), currency: 'EUR' }, creditContext())
        .thenRejects('CURRENCY_MISMATCH', { expected: 'USD', actual: 'EUR' })
      given(...granted)
        .when({ ...grant('g2', 100), currency: 'EUR' }, creditContext())
        .thenRejects('CURRENCY_MISMATCH')
      given(...granted)
        .when(spend('checkout-1', 100), creditContext(buyer))
        .thenRejects('ACTOR_NOT_ALLOWED', { actorKind: 'buyer' })
    })
  })

  describe('with grants that expire', () => {
    const history = creditHistory(
      [grant('never', 1000), monday],
      [grant('month', 2000, inAMonth), monday],
      [grant('week', 3000, inAWeek), monday],
    )

    it('spends the soonest-expiring credit first, credit that never expires last', () => {
      given(...history)
        .when(spend('checkout-1', 4500), creditContext())
        .thenMatch({
          data: {
            drawnFrom: [
              { grantKey: 'week', amount: 3000 },
              { grantKey: 'month', amount: 1500 },
            ],
          },
        })
    })

    it('has its one deadline at the soonest expiry with credit left', () => {
      expect(activeCreditDeadline(stateOf(history))).toEqual({
        kind: 'credit_expiry',
        dueAt: inAWeek,
      })
    })

    it('does not let expired credit be spent, even before the expiry is posted', () => {
      const state = stateOf(history)
      expect(availableCredit(state, inAWeek)).toBe(3000)
      given(...history)
        .when(spend('checkout-1', 3001), creditContext(undefined, inAWeek))
        .thenRejects('INSUFFICIENT_CREDIT', { available: 3000 })
    })

    it('expires what is left of a grant when its deadline fires, as breakage', () => {
      given(...history)
        .when(
          { type: 'ExpireDeadline', kind: 'credit_expiry', dueAt: inAWeek },
          creditContext(scheduler, inAWeek),
        )
        .thenMatch({
          type: 'CreditExpired',
          data: {
            amount: 3000,
            lots: [{ grantKey: 'week', amount: 3000 }],
            posting: {
              businessKey: 'credit-expiry:week',
              entries: [
                { account: `buyer_credit:${buyerId}`, amount: -3000 },
                { account: 'credit_expired', amount: 3000 },
              ],
            },
          },
        })
    })

    it('treats an early or repeated expiry as a no-op', () => {
      given(...history)
        .when(
          { type: 'ExpireDeadline', kind: 'credit_expiry', dueAt: inAWeek },
          creditContext(scheduler, monday),
        )
        .thenNothing()
      const expired = creditHistory(
        [grant('never', 1000), monday],
        [grant('month', 2000, inAMonth), monday],
        [grant('week', 3000, inAWeek), monday],
        [{ type: 'ExpireDeadline', kind: 'credit_expiry', dueAt: inAWeek }, inAWeek],
      )
      given(...expired)
        .when(
          { type: 'ExpireDeadline', kind: 'credit_expiry', dueAt: inAWeek },
          creditContext(scheduler, inAWeek),
        )
        .thenNothing()
      expect(activeCreditDeadline(stateOf(expired))).toEqual({
        kind: 'credit_expiry',
        dueAt: inAMonth,
      })
    })

    it('keeps the balance equal to grants less spends and expiries', () => {
      const all = creditHistory(
        [grant('never', 1000), monday],
        [grant('week', 3000, inAWeek), monday],
        [spend('checkout-1', 500), monday],
        [{ type: 'ExpireDeadline', kind: 'credit_expiry', dueAt: inAWeek }, inAWeek],
      )
      const state = stateOf(all)
      expect(state.status === 'open' && [state.balance, state.spent, state.expired]).toEqual([
        1000, 500, 2500,
      ])
      expect(activeCreditDeadline(state)).toBeNull()
    })
  })

  it('explains every refusal in a sentence', () => {
    const samples: CreditAccountRejection[] = [
      { code: 'INSUFFICIENT_CREDIT', available: minor(1) },
      { code: 'INVALID_AMOUNT', field: 'amount', amount: 0 },
      { code: 'INVALID_CURRENCY', currency: 'x' },
      { code: 'CURRENCY_MISMATCH', expected: 'USD', actual: 'EUR' },
      { code: 'DEBIT_KEY_CONFLICT', debitKey: 'k', amount: minor(1) },
      { code: 'GRANT_KEY_CONFLICT', grantKey: 'k', amount: minor(1) },
      { code: 'ACTOR_NOT_ALLOWED', actorKind: 'buyer', allowed: ['integration'] },
    ]
    for (const r of samples) expect(explainCreditAccountRejection(r)).toMatch(/^\S.*\.$/)
  })
})
