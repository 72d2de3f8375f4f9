import { eq } from 'drizzle-orm'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Outcome } from '../../src/app/command-runner.ts'
import { creditAccountIdOf } from '../../src/app/credits/queries.ts'
import { ledgerIdOf } from '../../src/app/ledger/queries.ts'
import { buyerCredit, sellerPayable } from '../../src/domain/ledger/accounts.ts'
import type { LedgerEvent } from '../../src/domain/ledger/events.ts'
import type { Posting } from '../../src/domain/ledger/postings.ts'
import type { LedgerState } from '../../src/domain/ledger/state.ts'
import { refundableOf } from '../../src/domain/ledger/state.ts'
import { systemActor, type Actor } from '../../src/domain/shared/actor.ts'
import type { RefundId } from '../../src/domain/shared/ids.ts'
import { minor } from '../../src/domain/shared/money.ts'
import { defaultPolicy } from '../../src/policy/presets.ts'
import type { Policy } from '../../src/policy/types.ts'
import type { UnitOfWork } from '../../src/store/event-store.ts'
import { readStream } from '../../src/store/event-store.ts'
import { aggregates, events } from '../../src/store/schema.ts'
import { refunds, sellerBalances } from '../../src/store/schema-money.ts'
import { openTestApp, type TestApp } from '../support/app.ts'
import { orderBody } from '../support/orders.ts'

// Random histories of captures, refunds (card and credit, every funder),
// provider answers (success and failure, late and repeated), retries,
// switches to credit, labels, payouts and credit spending, run through the
// real services on a real database (PGlite, or PostgreSQL with DATABASE_URL).
// Whatever happens, no order pays back more than it captured, every posting
// balances, and every read model agrees with the ledger to the cent.

let t: TestApp
const agent: Actor = { kind: 'agent', id: 'agent-prop' } as Actor
const integration: Actor = { kind: 'integration', id: 'integration-prop' }
const limited: Policy = {
  ...defaultPolicy,
  refunds: { ...defaultPolicy.refunds, sellerDebitLimit: 2500 },
}

beforeAll(async () => {
  t = await openTestApp()
  await t.usePolicy(limited)
})
afterAll(async () => t.close())

type Step =
  | {
      kind: 'refund'
      /** `null`: everything still refundable. */
      amount: number | null
      destination: 'original_payment' | 'marketplace_credit'
      funding: 'seller' | 'marketplace' | 'carrier'
      key: number
    }
  | { kind: 'confirm'; pick: number; outcome: 'succeeded' | 'failed'; attempt: number | null }
  | { kind: 'retry'; pick: number }
  | { kind: 'switch'; pick: number }
  | { kind: 'release' }
  | { kind: 'label'; key: number; amount: number; paidBy: 'seller' | 'marketplace' | 'buyer' }
  | { kind: 'spend'; amount: number; key: number }

const refundStep = fc.record({
  kind: fc.constant('refund' as const),
  amount: fc.option(fc.integer({ min: 1, max: 6000 }), { freq: 3 }),
  destination: fc.constantFrom(
    'original_payment' as const,
    'original_payment' as const,
    'original_payment' as const,
    'marketplace_credit' as const,
  ),
  funding: fc.constantFrom('seller' as const, 'marketplace' as const, 'carrier' as const),
  key: fc.integer({ min: 0, max: 5 }),
})
const confirmStep = fc.record({
  kind: fc.constant('confirm' as const),
  pick: fc.nat({ max: 3 }),
  outcome: fc.constantFrom('succeeded' as const, 'failed' as const),
  attempt: fc.option(fc.integer({ min: 1, max: 3 }), { freq: 3 }),
})

/** Weighted towards the refund lifecycle, where paying twice could happen. */
const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: refundStep, weight: 3 },
  { arbitrary: confirmStep, weight: 4 },
  {
    arbitrary: fc.record({ kind: fc.constant('retry' as const), pick: fc.nat({ max: 3 }) }),
    weight: 3,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('switch' as const), pick: fc.nat({ max: 3 }) }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant('release' as const) }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('label' as const),
      key: fc.integer({ min: 0, max: 2 }),
      amount: fc.integer({ min: 1, max: 1200 }),
      paidBy: fc.constantFrom('seller' as const, 'marketplace' as const, 'buyer' as const),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('spend' as const),
      amount: fc.integer({ min: 1, max: 3000 }),
      key: fc.integer({ min: 0, max: 3 }),
    }),
    weight: 1,
  },
)

let run = 0
/** What the random walks reached, so the property is known not to be vacuous. */
const reached = new Set<string>()

const as = <T>(actor: Actor, handler: (uow: UnitOfWork) => Promise<Outcome<T>>) =>
  t.recourse.runner.run(actor, handler)

const ledgerState = async (orderId: string): Promise<LedgerState> =>
  (await t.recourse.ledger.load(t.db.database.db, orderId)).state

const postingsOfStream = async (streamId: string): Promise<Posting[]> =>
  (await readStream(t.db.database.db, streamId)).flatMap((e) => {
    const p = (e.data as { posting?: Posting | null }).posting
    return p ? [p] : []
  })

/** Every posting in every ledger and credit stream whose entries touch `account`. */
const sumOverAll = async (account: string): Promise<number> => {
  const rows = await t.db.database.db.select({ data: events.data }).from(events)
  let sum = 0
  for (const r of rows) {
    const p = (r.data as { posting?: Posting | null }).posting
    for (const e of p?.entries ?? []) if (e.account === account) sum += e.amount
  }
  return sum
}

const apply = async (s: Step, orderId: string, buyerId: string, refundIds: RefundId[]) => {
  const pick = (n: number): RefundId | undefined => refundIds[n % Math.max(1, refundIds.length)]
  /** Mostly a refund in `status` (where the step matters), sometimes any (where it is refused). */
  const aim = async (n: number, status: string): Promise<RefundId | undefined> => {
    const l = await ledgerState(orderId)
    const inStatus =
      l.status === 'none' ? [] : Object.values(l.refunds).filter((r) => r.status === status)
    return n < 3 && inStatus.length > 0 ? inStatus[n % inStatus.length]?.refundId : pick(n)
  }
  switch (s.kind) {
    case 'refund': {
      const rest = refundableOf(await ledgerState(orderId))
      const amount = s.amount ?? rest
      if (amount === 0) return null
      const r = await as(agent, (uow) =>
        t.recourse.ledger.adjust(uow, orderId, {
          amount,
          funding: s.funding,
          destination: s.destination,
          reference: `${orderId}:${s.key}`,
        }),
      )
      if (r.ok && !refundIds.includes(r.value.refundId as RefundId))
        refundIds.push(r.value.refundId as RefundId)
      return r
    }
    case 'confirm': {
      const id = await aim(s.pick, 'pending')
      if (!id) return null
      return as(integration, (uow) =>
        t.recourse.ledger.confirm(uow, id, {
          outcome: s.outcome,
          providerReference: `p-${s.pick}`,
          ...(s.attempt === null ? {} : { attempt: s.attempt }),
        }),
      )
    }
    case 'retry':
    case 'switch': {
      const id = await aim(s.pick, 'failed')
      if (!id) return null
      return as(agent, (uow) =>
        t.recourse.ledger.onRefund(uow, id, () =>
          s.kind === 'retry'
            ? { type: 'RetryRefund', refundId: id }
            : { type: 'SwitchRefundToCredit', refundId: id },
        ),
      )
    }
    case 'release':
      return as(systemActor, (uow) =>
        t.recourse.ledger.execute(uow, orderId, { type: 'ReleasePayout' }),
      )
    case 'label':
      return as(systemActor, (uow) =>
        t.recourse.ledger.execute(
          uow,
          orderId,
          s.paidBy === 'buyer'
            ? {
                type: 'PayReturnShipping',
                labelId: `${orderId}:label:${s.key}`,
                amount: minor(s.amount),
                paidBy: 'buyer',
                refundFunding: 'seller',
              }
            : {
                type: 'PayReturnShipping',
                labelId: `${orderId}:label:${s.key}`,
                amount: minor(s.amount),
                paidBy: s.paidBy,
              },
        ),
      )
    case 'spend':
      return as(integration, (uow) =>
        t.recourse.credits.spend(uow, buyerId, {
          debitKey: `${buyerId}:${s.key}`,
          amount: s.amount,
          currency: 'USD',
        }),
      )
  }
}

const firstRefund = {
  kind: 'refund',
  amount: 1000,
  destination: 'original_payment',
  funding: 'marketplace',
  key: 0,
} as const satisfies Step

describe('money through the real services', () => {
  it('never over-refunds, balances every posting and keeps every read model to the cent', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 5200 }),
        fc.constantFrom('seller-p1', 'seller-p2'),
        // Every history starts with a refund, so the lifecycle steps have something to act on.
        fc.tuple(refundStep, fc.array(step, { minLength: 1, maxLength: 24 })),
        async (credit, sellerId, [first, rest]) => {
          const steps: Step[] = [first, ...rest]
          run++
          const buyerId = `buyer-p${run}`
          const body = orderBody({
            buyerId,
            sellerId,
            payment: {
              method: credit === 0 ? 'card' : credit === 5200 ? 'marketplace_credit' : 'mixed',
              card: 5200 - credit,
              credit,
            },
          })
          const imported = await as(integration, (uow) => t.recourse.orders.import(uow, body))
          if (!imported.ok) throw new Error(JSON.stringify(imported.rejection))
          const orderId = imported.value.orderId
          const refundIds: RefundId[] = []
          for (const s of steps) await apply(s, orderId, buyerId, refundIds)

          const l = await ledgerState(orderId)
          if (l.status === 'none') throw new Error('no capture')
          for (const r of Object.values(l.refunds)) {
            reached.add(r.status)
            if (r.attempt > 1) reached.add('retried')
          }
          if (l.status === 'released') reached.add('released')
          if (refundableOf(l) === 0) reached.add('fully_refunded')
          // Never over-refund, overall and to the card.
          expect(refundableOf(l)).toBeGreaterThanOrEqual(0)
          expect(l.refundedToCard + l.inFlight + l.failed).toBeLessThanOrEqual(l.captured.card)
          expect(
            l.refundedToCard + l.inFlight + l.failed + l.credited + l.chargedToBuyer,
          ).toBeLessThanOrEqual(l.captured.total)

          // Every posting balances; the state's balances are the sum of the entries.
          const postings = await postingsOfStream(ledgerIdOf(orderId))
          const sums: Record<string, number> = {}
          for (const p of postings) {
            expect(p.entries.reduce((sum, e) => sum + e.amount, 0)).toBe(0)
            for (const e of p.entries) sums[e.account] = (sums[e.account] ?? 0) + e.amount
          }
          expect(sums).toEqual(l.balances)

          // A refund key was posted once; each refund settled at most once per attempt.
          const stream = (await readStream(t.db.database.db, ledgerIdOf(orderId))).map(
            (e) => ({ type: e.type, data: e.data }) as LedgerEvent,
          )
          const keys = stream.flatMap((e) =>
            e.type === 'RefundRequested' ? [e.data.refundKey] : [],
          )
          expect(new Set(keys).size).toBe(keys.length)
          const succeeded = stream.flatMap((e) =>
            e.type === 'RefundSucceeded' ? [e.data.refundId] : [],
          )
          expect(new Set(succeeded).size).toBe(succeeded.length)
          const businessKeys = postings.map((p) => p.businessKey)
          expect(new Set(businessKeys).size).toBe(businessKeys.length)

          // The refunds read model agrees with the ledger.
          const rows = await t.db.database.db
            .select()
            .from(refunds)
            .where(eq(refunds.orderId, orderId))
          expect(
            Object.fromEntries(rows.map((r) => [r.refundId, [r.status, r.attempt, r.amount]])),
          ).toEqual(
            Object.fromEntries(
              Object.values(l.refunds).map((r) => [r.refundId, [r.status, r.attempt, r.amount]]),
            ),
          )

          // The buyer's credit account holds exactly what the postings put on buyer_credit.
          const account = await t.db.database.db
            .select({ state: aggregates.state })
            .from(aggregates)
            .where(eq(aggregates.id, creditAccountIdOf(buyerId)))
          const creditBalance =
            (account[0]?.state as { balance?: number } | undefined)?.balance ?? 0
          expect(await sumOverAll(buyerCredit(buyerId as never))).toBe(creditBalance)

          // The seller's balance row is the sum of its payable entries across orders.
          const [balance] = await t.db.database.db
            .select({ payable: sellerBalances.payable })
            .from(sellerBalances)
            .where(eq(sellerBalances.sellerId, sellerId))
          expect(balance?.payable ?? 0).toBe(await sumOverAll(sellerPayable(sellerId as never)))
          // …and never below the policy's debit limit.
          expect(balance?.payable ?? 0).toBeGreaterThanOrEqual(-2500)
        },
      ),
      {
        numRuns: 80,
        // Histories that reach every refund outcome the check below names, so
        // it does not depend on what 80 random walks happen to cover.
        examples: [
          [
            0,
            'seller-p1',
            [
              { ...firstRefund, key: 0 },
              [
                { kind: 'confirm', pick: 0, outcome: 'failed', attempt: null },
                { kind: 'switch', pick: 0 },
                { ...firstRefund, amount: 500, key: 3 },
                { kind: 'confirm', pick: 0, outcome: 'failed', attempt: null },
              ],
            ],
          ],
          [
            0,
            'seller-p2',
            [
              { ...firstRefund, key: 1 },
              [
                { kind: 'confirm', pick: 0, outcome: 'failed', attempt: null },
                { kind: 'retry', pick: 0 },
                { kind: 'confirm', pick: 0, outcome: 'succeeded', attempt: null },
                { ...firstRefund, amount: null, key: 2 },
                { kind: 'release' },
              ],
            ],
          ],
        ],
      },
    )
    expect([...reached].sort()).toEqual(
      expect.arrayContaining([
        'failed',
        'fully_refunded',
        'pending',
        'released',
        'retried',
        'succeeded',
        'switched_to_credit',
      ]),
    )
  })
})
