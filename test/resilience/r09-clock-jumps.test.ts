import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultPolicy } from '../../src/policy/presets.ts'
import { addHours, addMillis, instant, toMillis, type Instant } from '../../src/policy/time.ts'
import { readStream } from '../../src/store/event-store.ts'
import { openTestApp, type TestApp } from '../support/app.ts'
import { orderBody } from '../support/orders.ts'
import { report } from './support/report.ts'

// cases opened just before New York's DST changes (2026-03-08 spring
// forward, 2026-11-01 fall back) wait for the seller (3 business days in the
// policy's time zone, America/New_York). The scheduler sweeps every 30 minutes
// of a clock that also jumps 2 h forward and 2 h back. Every seller-response
// deadline must fire once, never before it is due, and at the wall-clock time
// of day it was opened (a deadline computed in UTC would be an hour off).
const TZ = 'America/New_York'
const STEP_MS = 30 * 60_000

const localTime = (at: Instant): string =>
  new Intl.DateTimeFormat('en-US', {
    timeZone: TZ,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(toMillis(at)))

describe('R-9 clock jumps of ±2 h and DST changes', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await openTestApp()
    await t.usePolicy({
      ...defaultPolicy,
      cases: { ...defaultPolicy.cases, onSellerSilence: 'escalate' },
    })
  })
  afterAll(async () => t.close())

  const post = async (url: string, authorization: string, payload: object = {}) => {
    const res = await t.server.inject({ method: 'POST', url, headers: { authorization }, payload })
    if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
    return res.json<{ id: string }>()
  }

  /** A case opened at `at`, on an order delivered two hours before. */
  const openCaseAt = async (at: Instant, n: number) => {
    const integration = await t.integration()
    t.clock?.set(addHours(at, -48))
    const order = await post('/v1/orders', integration, orderBody({ buyerId: `buyer-r9-${n}` }))
    await post(`/v1/orders/${order.id}/shipments`, await t.bearer('seller', 'seller-1'), {
      carrier: 'UPS',
      trackingNumber: `R9TRK${n}`,
    })
    t.clock?.set(addHours(at, -2))
    await post(`/v1/orders/${order.id}/delivery`, integration)
    t.clock?.set(at)
    const opened = await post(
      `/v1/orders/${order.id}/cases`,
      await t.bearer('buyer', `buyer-r9-${n}`),
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
    return { caseId: opened.id, openedAt: at, dueAt: respondBy }
  }

  it('fires every deadline once, never early, at the local time of day, across jumps and DST', async () => {
    // Thursday and Friday before each change, 10:00 and 15:30 New York time.
    const openings = [
      '2026-03-05T15:00:00Z',
      '2026-03-05T20:30:00Z',
      '2026-03-06T15:00:00Z',
      '2026-03-06T20:30:00Z',
      '2026-10-29T14:00:00Z',
      '2026-10-29T19:30:00Z',
      '2026-10-30T14:00:00Z',
      '2026-10-30T19:30:00Z',
    ].map(instant)
    const cases = []
    for (const [n, at] of openings.entries()) cases.push(await openCaseAt(at, n))
    const wrongLocal = cases
      .filter((c) => localTime(c.dueAt) !== localTime(c.openedAt))
      .map((c) => `${c.openedAt} (${localTime(c.openedAt)}) → ${c.dueAt} (${localTime(c.dueAt)})`)

    // Sweep through each window in 30-minute steps; every 7th step the clock
    // jumps 2 h ahead, and every 11th it falls 2 h back.
    let sweeps = 0
    let jumps = 0
    for (const [from, to] of [
      [openings[0], addHours(openings[3] ?? openings[0]!, 24 * 8)],
      [openings[4], addHours(openings[7] ?? openings[4]!, 24 * 8)],
    ] as const) {
      let now = from ?? instant(0)
      for (let step = 1; toMillis(now) < toMillis(to); step++) {
        now = addMillis(now, STEP_MS)
        let at = now
        if (step % 7 === 0) at = addHours(now, 2)
        if (step % 11 === 0) at = addHours(now, -2)
        if (at !== now) jumps++
        t.clock?.set(at)
        await t.recourse.deadlines.sweep(at)
        sweeps++
      }
    }

    const problems: string[] = []
    let latestMs = 0
    for (const c of cases) {
      const fired = (await readStream(t.db.database.db, c.caseId)).filter(
        (e) =>
          e.type === 'CaseEscalated' &&
          (e.data as { reason?: string }).reason === 'seller_response_overdue',
      )
      if (fired.length !== 1) problems.push(`${c.caseId}: fired ${fired.length} times`)
      for (const e of fired) {
        const at = (e.data as { at: Instant }).at
        if (toMillis(at) < toMillis(c.dueAt))
          problems.push(`${c.caseId}: fired at ${at}, due ${c.dueAt}`)
        latestMs = Math.max(latestMs, toMillis(at) - toMillis(c.dueAt))
      }
    }
    report('R-9', {
      cases: cases.length,
      sweeps,
      jumps,
      dues: cases.map((c) => `${c.openedAt} → ${c.dueAt}`),
      latestAfterDueMs: latestMs,
    })
    expect(wrongLocal, 'deadlines not at the local time of day they were opened').toEqual([])
    expect(problems, 'deadlines lost, repeated or early').toEqual([])
  })
})
