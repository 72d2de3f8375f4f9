import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { defaultPolicy } from '../../policy/presets.ts'
import { addHours, days, type Instant } from '../../policy/time.ts'
import type { Policy } from '../../policy/types.ts'
import type { Funder, RefundDestination } from '../../policy/vocabulary.ts'
import type { Actor } from '../shared/actor.ts'
import { isRefused } from '../shared/decider.ts'
import { asId, type RefundId } from '../shared/ids.ts'
import { minor } from '../shared/money.ts'
import { isLegalMove } from '../shared/transitions-check.ts'
import { decideWithinTable, expectWalksReach } from '../shared/walk.ts'
import { agent, buyerId, integration, monday, orderId, sellerId } from '../order/fixtures.ts'
import { sellerPayable } from './accounts.ts'
import type { LedgerCommand } from './commands.ts'
import type { LedgerEvent } from './events.ts'
import { ledgerContext, recordCapture } from './fixtures.ts'
import { ledgerDecider } from './index.ts'
import { balances, sumOfEntries, type Posting } from './postings.ts'
import type { LedgerState } from './state.ts'
import { cardRefundableOf, refundableOf } from './state.ts'
import { ledgerTransitions, refundTransitions, type RefundLifecycle } from './transitions.ts'

/** Walks for the posting property; `npm run test:resilience` runs thousands. */
const LEDGER_WALKS = Number(process.env.RECOURSE_LEDGER_WALKS ?? 300)

const refundIds = [0, 1, 2].map((i) => asId<RefundId>(`refund-${i}`))
const funders: readonly Funder[] = ['seller', 'seller', 'marketplace', 'carrier', 'buyer']
const destinations: readonly RefundDestination[] = ['original_payment', 'marketplace_credit']

type Op =
  | { readonly kind: 'command'; readonly command: LedgerCommand; readonly heldByCase: boolean }
  /** The last accepted command again, as a redelivered message would. */
  | { readonly kind: 'repeat' }

const refundIdArb = fc.constantFrom(...refundIds)

const commandArb: fc.Arbitrary<LedgerCommand> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .record({
        refundId: refundIdArb,
        key: fc.integer({ min: 0, max: 4 }),
        amount: fc.oneof(fc.integer({ min: 1, max: 2500 }), fc.integer({ min: 0, max: 12_000 })),
        destination: fc.constantFrom(...destinations),
        funding: fc.constantFrom(...funders),
      })
      .map((r): LedgerCommand => ({
        type: 'RequestRefund',
        refundId: r.refundId,
        refundKey: `decision-${r.key}`,
        amount: minor(r.amount),
        currency: 'USD',
        destination: r.destination,
        funding: r.funding,
        reason: 'case',
      })),
  },
  {
    weight: 5,
    arbitrary: fc
      .record({
        refundId: refundIdArb,
        outcome: fc.constantFrom('succeeded' as const, 'failed' as const),
        attempt: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
      })
      .map(({ refundId, outcome, attempt }): LedgerCommand => ({
        type: 'ConfirmRefund',
        refundId,
        outcome,
        providerReference: `re_${outcome}`,
        ...(attempt === undefined ? {} : { attempt }),
      })),
  },
  {
    weight: 2,
    arbitrary: refundIdArb.map((refundId): LedgerCommand => ({ type: 'RetryRefund', refundId })),
  },
  {
    weight: 2,
    arbitrary: refundIdArb.map((refundId): LedgerCommand => ({
      type: 'SwitchRefundToCredit',
      refundId,
    })),
  },
  { weight: 2, arbitrary: fc.constant<LedgerCommand>({ type: 'ReleasePayout' }) },
  {
    weight: 2,
    arbitrary: fc
      .record({
        label: fc.integer({ min: 0, max: 2 }),
        amount: fc.integer({ min: 1, max: 1500 }),
        paidBy: fc.constantFrom(...funders),
        refundFunding: fc.constantFrom(...funders),
      })
      .map(({ label, amount, paidBy, refundFunding }): LedgerCommand =>
        paidBy === 'buyer'
          ? {
              type: 'PayReturnShipping',
              labelId: `label-${label}`,
              amount: minor(amount),
              paidBy,
              refundFunding,
            }
          : { type: 'PayReturnShipping', labelId: `label-${label}`, amount: minor(amount), paidBy },
      ),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        card: fc.integer({ min: 0, max: 6000 }),
        credit: fc.integer({ min: 0, max: 3000 }),
      })
      .map(({ card, credit }) => recordCapture(card, credit)),
  },
)

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .record({ command: commandArb, heldByCase: fc.boolean() })
      .map(({ command, heldByCase }): Op => ({ kind: 'command', command, heldByCase })),
  },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: 'repeat' }) },
)

const walkArb = fc.record({
  card: fc.integer({ min: 0, max: 8000 }),
  credit: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 4000 })),
  /** What the seller's payable holds from other orders when this walk starts. */
  sellerElsewhere: fc.integer({ min: -2000, max: 10_000 }),
  sellerDebitLimit: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: null }),
  creditExpiry: fc.boolean(),
  ops: fc.array(opArb, { minLength: 5, maxLength: 40, size: 'max' }),
})

type Walk = typeof walkArb extends fc.Arbitrary<infer W> ? W : never

interface Visit {
  readonly state: LedgerState
  readonly postings: readonly Posting[]
  readonly command: LedgerCommand
  readonly emitted: readonly LedgerEvent[]
  readonly context: ReturnType<typeof ledgerContext>
}

const actorFor = (c: LedgerCommand): Actor =>
  c.type === 'RetryRefund' || c.type === 'SwitchRefundToCredit' ? agent : integration

const refundStatus = (s: LedgerState, id: RefundId): RefundLifecycle =>
  s.status === 'none' ? 'none' : (s.refunds[id]?.status ?? 'none')

/** Runs a walk from the capture, checking every accepted decision, and hands each to `visit`. */
const walk = (w: Walk, visit: (v: Visit) => void = () => undefined): void => {
  const policy: Policy = {
    ...defaultPolicy,
    refunds: {
      ...defaultPolicy.refunds,
      sellerDebitLimit: w.sellerDebitLimit,
      creditExpiry: w.creditExpiry ? days(30) : null,
    },
  }
  let state = ledgerDecider.initialState
  const postings: Posting[] = []
  const snapshots: Posting[] = []
  let now: Instant = monday
  let last: { command: LedgerCommand; heldByCase: boolean } | null = null
  const ops: Op[] = [
    { kind: 'command', command: recordCapture(w.card, w.credit), heldByCase: false },
    ...w.ops,
  ]
  for (const op of ops) {
    const step: { command: LedgerCommand; heldByCase: boolean } | null =
      op.kind === 'repeat' ? last : op
    if (step === null) continue
    now = addHours(now, 1)
    const ownSeller = state.status === 'none' ? 0 : (state.balances[sellerPayable(sellerId)] ?? 0)
    const context = ledgerContext({
      actor: actorFor(step.command),
      now,
      policy,
      heldByCase: step.heldByCase,
      sellerPayableBalance: w.sellerElsewhere + ownSeller,
    })
    const stepped = decideWithinTable(
      ledgerDecider,
      ledgerTransitions,
      step.command,
      state,
      context,
      (before, after, event) => {
        for (const id of refundIds) {
          const from = refundStatus(before, id)
          const to = refundStatus(after, id)
          expect(isLegalMove(refundTransitions, from, to), `${id}: ${from} → ${to}`).toBe(true)
        }
        if (event.data.posting !== null) {
          postings.push(event.data.posting)
          snapshots.push(structuredClone(event.data.posting))
        }
      },
    )
    if (stepped === null) continue
    state = stepped.state
    last = step
    visit({ state, postings, command: step.command, emitted: stepped.events, context })
  }
  // Entries are never changed once posted.
  expect(postings).toEqual(snapshots)
}

describe('ledger invariants', () => {
  it('walks reach every refund status and both payout states (the properties are not vacuous)', () => {
    expectWalksReach(
      walkArb,
      (w, seen) =>
        walk(w, ({ state }) => {
          seen(`payout:${state.status}`)
          if (state.status !== 'none') for (const r of Object.values(state.refunds)) seen(r.status)
        }),
      ['failed', 'payout:held', 'payout:released', 'pending', 'succeeded', 'switched_to_credit'],
      300,
    )
  })

  it('never over-refunds: refunded + credited + in flight + failed + labels ≤ captured', () => {
    fc.assert(
      fc.property(walkArb, (w) =>
        walk(w, ({ state }) => {
          if (state.status === 'none') return
          const owed =
            state.refundedToCard +
            state.credited +
            state.inFlight +
            state.failed +
            state.chargedToBuyer
          expect(owed).toBeLessThanOrEqual(state.captured.total)
          expect(refundableOf(state)).toBeGreaterThanOrEqual(0)
          expect(state.refundedToCard + state.inFlight + state.failed).toBeLessThanOrEqual(
            state.captured.card,
          )
          expect(cardRefundableOf(state)).toBeGreaterThanOrEqual(0)
        }),
      ),
      { numRuns: 300 },
    )
  })

  it('every posting sums to zero, and balances equal the sum of entries', () => {
    fc.assert(
      fc.property(walkArb, (w) =>
        walk(w, ({ state, postings }) => {
          for (const p of postings) {
            expect(sumOfEntries(p.entries)).toBe(0)
            expect(p.entries.every((e) => e.amount !== 0 && Number.isSafeInteger(e.amount))).toBe(
              true,
            )
          }
          if (state.status === 'none') return
          expect(state.balances).toEqual(balances(postings))
          const b = balances(postings)
          // The card got back at most what it paid, escrow never goes below zero,
          // and what is in flight is exactly what the state says.
          expect(b[`buyer_card:${orderId}`] ?? 0).toBeLessThanOrEqual(0)
          expect(b[`order_escrow:${orderId}`] ?? 0).toBeGreaterThanOrEqual(0)
          expect(b[`refunds_in_flight:${orderId}`] ?? 0).toBe(state.inFlight)
          expect(b[`buyer_credit:${buyerId}`] ?? 0).toBe(state.credited)
          expect(state.postings).toBe(postings.length)
        }),
      ),
      { numRuns: LEDGER_WALKS },
    )
  })

  it('posts a business key at most once, and a repeated command changes nothing', () => {
    fc.assert(
      fc.property(walkArb, (w) =>
        walk(w, ({ state, postings, command, context }) => {
          const keys = postings.map((p) => p.businessKey)
          expect(new Set(keys).size).toBe(keys.length)
          const again = ledgerDecider.decide(command, state, context)
          if (command.type === 'RetryRefund' || command.type === 'SwitchRefundToCredit') {
            // Not a no-op but a refusal: the refund is no longer failed.
            expect(isRefused(again)).toBe(true)
          } else {
            expect(again).toEqual([])
          }
        }),
      ),
      { numRuns: 300 },
    )
  })

  it('decide never throws and evolve ignores facts that do not apply', () => {
    fc.assert(
      fc.property(walkArb, (w) => {
        const events: LedgerEvent[] = []
        walk(w, ({ emitted }) => void events.push(...emitted))
        // Replaying the facts shuffled (after the capture) never throws.
        const [first, ...rest] = events
        if (first === undefined) return
        const shuffled = [first, ...rest.reverse()]
        expect(() =>
          shuffled.reduce(ledgerDecider.evolve, ledgerDecider.initialState),
        ).not.toThrow()
        // Replaying them in order twice is the same as once: a posted key is never applied again.
        const once = events.reduce(ledgerDecider.evolve, ledgerDecider.initialState)
        const twice = events.reduce(ledgerDecider.evolve, once)
        expect(twice).toEqual(once)
      }),
      { numRuns: 200 },
    )
  })
})
