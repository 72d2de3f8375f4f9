import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Clock } from '../../src/app/clock.ts'
import { openRecourse, type Recourse } from '../../src/app/recourse.ts'
import { loadConfig } from '../../src/config.ts'
import { buildServer, type Server } from '../../src/http/server.ts'
import { defaultPolicy } from '../../src/policy/presets.ts'
import { addHours, instant, toMillis, type Instant } from '../../src/policy/time.ts'
import { readStream } from '../../src/store/event-store.ts'
import { monday9am, openTestApp, TEST_JWT_SECRET, type TestApp } from '../support/app.ts'
import { orderBody } from '../support/orders.ts'
import { report } from './support/report.ts'

// the seller answers (an offer, or accepting the claim) while the
// scheduler fires the same case's seller-response deadline. Two Recourse
// instances share the database, each with its own clock (the seller's a
// little before or after the due time, the scheduler's at or after it); every
// `clock.now()` — where each command and each retry starts — is a point the
// fast-check scheduler orders, so the runs cover every order of the two
// commands' transactions, and retries after an optimistic-lock conflict.

/** A clock whose every reading waits for the fast-check scheduler. */
class ScheduledClock implements Clock {
  readonly sandbox = false
  scheduler: fc.Scheduler | null = null
  constructor(public at: Instant) {}
  now(): Promise<Instant> {
    return this.scheduler
      ? this.scheduler.schedule(Promise.resolve(this.at), 'now')
      : Promise.resolve(this.at)
  }
}

describe('R-8 seller answer racing its own deadline', () => {
  let t: TestApp
  let sellerClock: ScheduledClock
  let schedulerClock: ScheduledClock
  let sellerSide: { recourse: Recourse; server: Server }
  let schedulerSide: Recourse

  beforeAll(async () => {
    t = await openTestApp({ poolSize: 8 })
    // The seller's silence escalates to the marketplace (eBay-style), as R-8 names it.
    await t.usePolicy({
      ...defaultPolicy,
      cases: { ...defaultPolicy.cases, onSellerSilence: 'escalate' },
    })
    const config = loadConfig({ RECOURSE_JWT_SECRET: TEST_JWT_SECRET }, {})
    sellerClock = new ScheduledClock(monday9am)
    schedulerClock = new ScheduledClock(monday9am)
    const recourse = await openRecourse(config, { database: t.db.database, clock: sellerClock })
    const server = await buildServer(recourse)
    await server.ready()
    sellerSide = { recourse, server }
    schedulerSide = await openRecourse(config, { database: t.db.database, clock: schedulerClock })
  })
  afterAll(async () => {
    await sellerSide.server.close()
    await t.close()
  })

  /** A delivered order with a case awaiting the seller; returns the case and its response deadline. */
  const caseAwaitingSeller = async (n: number): Promise<{ caseId: string; dueAt: Instant }> => {
    const integration = await t.integration()
    const post = async (url: string, authorization: string, payload: object = {}) => {
      const res = await t.server.inject({
        method: 'POST',
        url,
        headers: { authorization },
        payload,
      })
      if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
      return res.json<{ id: string }>()
    }
    t.clock?.set(monday9am)
    const order = await post('/v1/orders', integration, orderBody({ buyerId: `buyer-r8-${n}` }))
    await post(`/v1/orders/${order.id}/shipments`, await t.bearer('seller', 'seller-1'), {
      carrier: 'UPS',
      trackingNumber: `R8TRK${n}`,
    })
    t.clock?.set(addHours(monday9am, 48))
    await post(`/v1/orders/${order.id}/delivery`, integration)
    t.clock?.set(addHours(monday9am, 50))
    const opened = await post(
      `/v1/orders/${order.id}/cases`,
      await t.bearer('buyer', `buyer-r8-${n}`),
      {
        reason: 'not_as_described',
        desiredOutcome: 'partial_refund_keep_item',
        description: 'The jacket has a stain on the back that the listing did not show.',
      },
    )
    // The seller's answer is due at `respondBy` (its reminder, earlier, is the row in `deadlines` until it fires).
    const [first] = await readStream(t.db.database.db, opened.id)
    const respondBy = (first?.data as { respondBy?: Instant } | undefined)?.respondBy
    if (first?.type !== 'CaseOpened' || !respondBy) throw new Error('no respondBy')
    return { caseId: opened.id, dueAt: respondBy }
  }

  it('never both auto-escalates and takes the answer given in time, in any interleaving', async () => {
    const seller = await t.bearer('seller', 'seller-1')
    const outcomes: Record<string, number> = {}
    let n = 0
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.constantFrom('offer' as const, 'accept-claim' as const),
        fc.integer({ min: -2, max: 1 }),
        fc.integer({ min: 0, max: 1 }),
        async (s, answer, sellerOffsetMs, schedulerOffsetMs) => {
          const { caseId, dueAt } = await caseAwaitingSeller(++n)
          sellerClock.at = instant(toMillis(dueAt) + sellerOffsetMs)
          schedulerClock.at = instant(toMillis(dueAt) + schedulerOffsetMs)
          sellerClock.scheduler = s
          schedulerClock.scheduler = s
          const answered = sellerSide.server.inject({
            method: 'POST',
            url:
              answer === 'offer'
                ? `/v1/cases/${caseId}/offers`
                : `/v1/cases/${caseId}/accept-claim`,
            headers: { authorization: seller },
            payload:
              answer === 'offer'
                ? { terms: { kind: 'partial_refund', amount: 1000 } }
                : { resolution: 'refund' },
          })
          const fired = schedulerClock.now().then((now) => schedulerSide.deadlines.sweep(now))
          const [reply] = await s.waitFor(Promise.all([answered, fired]))
          sellerClock.scheduler = null
          schedulerClock.scheduler = null

          const stream = await readStream(t.db.database.db, caseId)
          const escalated = stream.some(
            (e) =>
              e.type === 'CaseEscalated' &&
              (e.data as { reason?: string }).reason === 'seller_response_overdue',
          )
          // Answered in time: the case records a seller's event before the due time.
          const inTime = stream.some(
            (e) => e.actorKind === 'seller' && toMillis(e.occurredAt) < toMillis(dueAt),
          )
          const outcome = `${escalated ? 'escalated' : 'not escalated'}, answer ${reply.statusCode < 300 ? 'taken' : 'refused'} ${sellerOffsetMs < 0 ? 'before' : 'at/after'} due`
          outcomes[outcome] = (outcomes[outcome] ?? 0) + 1
          expect(escalated && inTime, `${outcome} (${s.report().length} scheduled steps)`).toBe(
            false,
          )
          // One of the two always wins: the case does not stay awaiting the seller past its deadline.
          expect(escalated || reply.statusCode < 300, outcome).toBe(true)
          if (reply.statusCode >= 300) expect(reply.statusCode).toBeLessThan(500)
        },
      ),
      { numRuns: 40 },
    )
    report('R-8', { runs: n, outcomes })
    expect(Object.keys(outcomes).length, 'both orders seen').toBeGreaterThan(1)
  })
})
