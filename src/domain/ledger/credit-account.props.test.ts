import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type Instant, addHours, isBefore } from '../../policy/time.ts'
import { buyerId, integration, monday, scheduler } from '../order/fixtures.ts'
import { isRefused } from '../shared/decider.ts'
import { minor } from '../shared/money.ts'
import { fireLiveDeadline } from '../shared/walk.ts'
import {
  type CreditAccountCommand,
  type CreditAccountState,
  activeCreditDeadline,
  availableCredit,
  creditAccountDecider,
} from './credit-account.ts'
import { creditContext } from './fixtures.ts'
import { type Posting, balances, sumOfEntries } from './postings.ts'

type CreditOp =
  | {
      readonly kind: 'grant'
      readonly key: number
      readonly amount: number
      readonly expiresInHours: number | null
    }
  | { readonly kind: 'spend'; readonly key: number; readonly amount: number }
  | { readonly kind: 'fire' }
  | { readonly kind: 'wait'; readonly hours: number }

const creditOpArb: fc.Arbitrary<CreditOp> = fc.oneof(
  fc.record({
    kind: fc.constant('grant' as const),
    key: fc.integer({ min: 0, max: 6 }),
    amount: fc.integer({ min: 1, max: 5000 }),
    expiresInHours: fc.option(fc.integer({ min: 1, max: 200 }), { nil: null }),
  }),
  fc.record({
    kind: fc.constant('spend' as const),
    key: fc.integer({ min: 0, max: 6 }),
    amount: fc.integer({ min: 1, max: 6000 }),
  }),
  fc.constant<CreditOp>({ kind: 'fire' }),
  fc.record({ kind: fc.constant('wait' as const), hours: fc.integer({ min: 1, max: 72 }) }),
)

describe('credit account invariants', () => {
  it('never spends more than is available, and the balance is grants less spends and expiries', () => {
    fc.assert(
      fc.property(fc.array(creditOpArb, { maxLength: 40 }), (ops) => {
        let state: CreditAccountState = creditAccountDecider.initialState
        let now: Instant = monday
        const postings: Posting[] = []
        for (const op of ops) {
          if (op.kind === 'wait') {
            now = addHours(now, op.hours)
            continue
          }
          let command: CreditAccountCommand
          if (op.kind === 'fire') {
            const fired = fireLiveDeadline(activeCreditDeadline(state), now)
            if (fired === null) continue
            now = fired.now
            command = fired.command
          } else if (op.kind === 'grant') {
            command = {
              type: 'GrantCredit',
              buyerId,
              grantKey: `grant-${op.key}`,
              amount: minor(op.amount),
              currency: 'USD',
              expiresAt: op.expiresInHours === null ? null : addHours(now, op.expiresInHours),
            }
          } else {
            command = {
              type: 'SpendCredit',
              buyerId,
              debitKey: `debit-${op.key}`,
              amount: minor(op.amount),
              currency: 'USD',
            }
          }
          const actor = op.kind === 'fire' ? scheduler : integration
          const available = availableCredit(state, now)
          const decision = creditAccountDecider.decide(command, state, creditContext(actor, now))
          if (isRefused(decision)) {
            if (command.type === 'SpendCredit' && decision.refused.code === 'INSUFFICIENT_CREDIT')
              expect(command.amount).toBeGreaterThan(available)
            continue
          }
          for (const e of decision) {
            if (e.type === 'CreditSpent') expect(e.data.amount).toBeLessThanOrEqual(available)
            if (e.type !== 'CreditGranted') postings.push(e.data.posting)
            state = creditAccountDecider.evolve(state, e)
          }
          // The same command again changes nothing.
          expect(creditAccountDecider.decide(command, state, creditContext(actor, now))).toEqual([])
          if (state.status === 'none') continue
          const remaining = state.lots.reduce((s, l) => s + l.remaining, 0)
          expect(state.balance).toBe(remaining)
          expect(state.balance).toBe(state.granted - state.spent - state.expired)
          expect(state.lots.every((l) => l.remaining >= 0 && l.remaining <= l.amount)).toBe(true)
          expect(availableCredit(state, now)).toBeLessThanOrEqual(state.balance)
          for (const p of postings) expect(sumOfEntries(p.entries)).toBe(0)
          expect(balances(postings)[`buyer_credit:${buyerId}`] ?? 0).toBe(
            0 - state.spent - state.expired,
          )
          const live = activeCreditDeadline(state)
          if (live === null || isBefore(now, live.dueAt)) {
            const stale: CreditAccountCommand = {
              type: 'ExpireDeadline',
              kind: 'credit_expiry',
              dueAt: now,
            }
            expect(
              creditAccountDecider.decide(stale, state, creditContext(scheduler, now)),
            ).toEqual([])
          }
        }
      }),
      { numRuns: 300 },
    )
  })
})
