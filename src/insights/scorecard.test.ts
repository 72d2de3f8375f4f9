import { describe, expect, it } from 'vitest'
import { presets } from '../policy/presets.ts'
import type { PresetName } from '../policy/types.ts'
import {
  FIXTURE_NOW,
  FIXTURE_SELLER,
  playFixture,
  type FixtureRun,
} from '../simulation/fixtures.ts'
import { MemoryInsights } from './memory.ts'
import type { MetricId, Scorecard, Status } from './scorecard.ts'
import { statusOf } from './scorecard.ts'
import { PureEngine } from '../simulation/engine.ts'

// The fixture (fixtures.ts) played under each preset, and every metric
// checked against figures worked out by hand from the fixture's table:
//
// orders: A 40 (now − 10 d), B 5 (now − 45 d), C 2 (now − 75 d): 47 in a
// 90-day window, 45 in 60 days (Mercado Libre), 40 in 30 days (Walmart).
// Shipments: 40 + b2…b4 + c0, c1 = 45 / 43 / 40; late a0, c0; unreadable
// tracking a1; delivered late a2. Cancellations: b0 (out of stock, counts),
// b1 (buyer's order mistake: buyer's remorse, excluded). Cases: b2 settled
// 4 h after opening (counts, except inside Mercado Libre's 72 h grace), b3
// lost after escalation (counts; the seller's response missed), b4 buyer's
// remorse (excluded; Poshmark does not cover it at all). b2's and b3's
// responses fall 41 and 38 days before now: outside Walmart's 30 days.

const run = async (
  preset: PresetName,
): Promise<{ card: Scorecard; fixture: FixtureRun; memory: MemoryInsights }> => {
  const memory = new MemoryInsights()
  const engine = new PureEngine(presets[preset], (a) =>
    memory.project(a.streamType, a.streamId, a.events),
  )
  const fixture = await playFixture(engine)
  const card = memory.scorecard(FIXTURE_SELLER, FIXTURE_NOW, presets[preset], { links: true })
  return { card, fixture, memory }
}

type Expected = Record<MetricId, [numerator: number, denominator: number, status: Status]>

const expected: Record<PresetName, { days: number; status: Status; metrics: Expected }> = {
  poshmark: {
    days: 90,
    status: 'fail',
    metrics: {
      cancellation_rate: [1, 47, 'fail'], // 2.1 % > 2 %
      late_shipment_rate: [2, 45, 'pass'], // 4.4 % ≤ 8 % (warn from 0.8 × 10 %)
      valid_tracking_rate: [44, 45, 'pass'], // 97.8 % ≥ 96 % (warn below 1 − 0.8 × 5 %)
      on_time_delivery_rate: [44, 45, 'pass'],
      case_rate: [2, 47, 'fail'],
      lost_after_escalation_rate: [1, 47, 'fail'],
      on_time_response_rate: [1, 2, 'fail'], // b2 on time, b3 missed
    },
  },
  ebay: {
    days: 90,
    status: 'fail',
    metrics: {
      cancellation_rate: [1, 47, 'fail'],
      late_shipment_rate: [2, 45, 'pass'],
      valid_tracking_rate: [44, 45, 'pass'],
      on_time_delivery_rate: [44, 45, 'pass'],
      case_rate: [2, 47, 'fail'],
      lost_after_escalation_rate: [1, 47, 'fail'],
      on_time_response_rate: [2, 3, 'fail'], // b2, b4 on time; b3 missed
    },
  },
  mercadolibre: {
    days: 60,
    status: 'fail',
    metrics: {
      cancellation_rate: [1, 45, 'warn'], // 2.2 %: under 2.5 %, over 0.8 × 2.5 %
      late_shipment_rate: [1, 43, 'pass'],
      valid_tracking_rate: [42, 43, 'pass'],
      on_time_delivery_rate: [42, 43, 'pass'],
      case_rate: [1, 45, 'fail'], // b2 settled in grace does not count
      lost_after_escalation_rate: [1, 45, 'fail'],
      on_time_response_rate: [2, 3, 'fail'],
    },
  },
  walmart: {
    days: 30,
    status: 'fail',
    metrics: {
      cancellation_rate: [0, 40, 'pass'],
      late_shipment_rate: [1, 40, 'pass'],
      valid_tracking_rate: [39, 40, 'fail'], // 97.5 % < 99 %
      on_time_delivery_rate: [39, 40, 'pass'],
      case_rate: [1, 40, 'fail'],
      lost_after_escalation_rate: [1, 40, 'fail'],
      on_time_response_rate: [0, 0, 'pass'], // nothing to measure in 30 days
    },
  },
}

describe('the seller scorecard on the hand-computed fixture', () => {
  for (const preset of Object.keys(expected) as PresetName[]) {
    it(`matches the hand-computed figures under ${preset}`, async () => {
      const { card, fixture } = await run(preset)
      const want = expected[preset]
      expect(card.window.days).toBe(want.days)
      expect(card.status).toBe(want.status)
      const got = Object.fromEntries(
        card.metrics.map((m) => [m.id, [m.numerator, m.denominator, m.status]]),
      )
      expect(got).toEqual(want.metrics)
      for (const m of card.metrics) {
        expect(m.rate).toBe(m.denominator === 0 ? null : m.numerator / m.denominator)
      }
      expect(fixture.refusals).toEqual(preset === 'poshmark' ? ['b4:case:REASON_NOT_COVERED'] : [])
    })
  }

  it('links every counted case to its case and lists exclusions with their reasons', async () => {
    const { card, fixture } = await run('mercadolibre')
    const cases = card.metrics.find((m) => m.id === 'case_rate')
    expect(cases?.links.map((l) => l.caseId)).toEqual([fixture.ids.get('b3:case')])
    expect(cases?.links[0]?.href).toBe(`/v1/cases/${fixture.ids.get('b3:case')}`)
    expect(cases?.excluded.byReason).toEqual([
      { reason: 'buyer_remorse', count: 1 },
      { reason: 'settled_in_grace', count: 1 },
    ])
    expect(new Set(cases?.excluded.items.map((l) => l.caseId))).toEqual(
      new Set([fixture.ids.get('b2:case'), fixture.ids.get('b4:case')]),
    )
    const late = card.metrics.find((m) => m.id === 'late_shipment_rate')
    expect(late?.links.map((l) => l.orderId)).toEqual([fixture.ids.get('a0:import')])
    const tracking = card.metrics.find((m) => m.id === 'valid_tracking_rate')
    expect(tracking?.linksShow).toBe('failures')
    expect(tracking?.links.map((l) => [l.orderId, l.reason])).toEqual([
      [fixture.ids.get('a1:import'), 'tracking_not_recognised'],
    ])
    const cancellations = card.metrics.find((m) => m.id === 'cancellation_rate')
    expect(cancellations?.links.map((l) => [l.orderId, l.reason])).toEqual([
      [fixture.ids.get('b0:import'), 'out_of_stock'],
    ])
    expect(cancellations?.excluded.items.map((l) => [l.orderId, l.reason])).toEqual([
      [fixture.ids.get('b1:import'), 'buyer_remorse'],
    ])
  })

  it('leaves out a counted reason on request (what-if), moving it to the exclusions', async () => {
    const { memory } = await run('ebay')
    const card = memory.scorecard(FIXTURE_SELLER, FIXTURE_NOW, presets.ebay, {
      exclude: ['settled'],
    })
    const cases = card.metrics.find((m) => m.id === 'case_rate')
    expect([cases?.numerator, cases?.denominator]).toEqual([1, 47])
    expect(cases?.excluded.byReason).toContainEqual({ reason: 'settled', count: 1 })
    expect(card.alsoExcluded).toEqual(['settled'])
  })

  it('reports the average first response time', async () => {
    const { card } = await run('ebay')
    // b2 answered 2 h after opening, b4 5 h after: 3.5 h on average.
    expect(card.responseTime).toEqual({ responses: 2, averageHours: 3.5 })
  })
})

describe('pass, warn, fail', () => {
  it('warns a defect rate above warnAt of its ceiling and fails it above the ceiling', () => {
    expect(statusOf('max', 0.015, 0.02, 0.8).status).toBe('pass')
    expect(statusOf('max', 0.016, 0.02, 0.8).status).toBe('pass')
    expect(statusOf('max', 0.017, 0.02, 0.8).status).toBe('warn')
    expect(statusOf('max', 0.02, 0.02, 0.8).status).toBe('warn')
    expect(statusOf('max', 0.021, 0.02, 0.8).status).toBe('fail')
  })

  it('warns a good rate that used warnAt of its allowed shortfall and fails it below the floor', () => {
    expect(statusOf('min', 0.95, 0.9, 0.8).status).toBe('pass')
    expect(statusOf('min', 0.92, 0.9, 0.8).status).toBe('pass')
    expect(statusOf('min', 0.91, 0.9, 0.8).status).toBe('warn')
    expect(statusOf('min', 0.9, 0.9, 0.8).status).toBe('warn')
    expect(statusOf('min', 0.89, 0.9, 0.8).status).toBe('fail')
  })

  it('passes a metric with nothing to measure', () => {
    expect(statusOf('max', null, 0.02, 0.8).status).toBe('pass')
    expect(statusOf('min', null, 0.99, 0.8).status).toBe('pass')
  })
})
