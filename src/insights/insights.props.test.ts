import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hours, type Instant, addHours, instant } from '../policy/time.ts'
import { presets } from '../policy/presets.ts'
import type { Policy } from '../policy/types.ts'
import type { Action, CaseStory } from '../simulation/fixtures.ts'
import { FIXTURE_SELLER, orderWithCase, playActions } from '../simulation/fixtures.ts'
import { MemoryInsights } from './memory.ts'
import { inertEvents } from './projection.ts'
import type { Scorecard } from './scorecard.ts'
import { statusRank } from './scorecard.ts'
import { generateScripts } from '../simulation/behaviour.ts'
import { runScripts } from '../simulation/driver.ts'
import { PureEngine } from '../simulation/engine.ts'

// Metamorphic properties of the scorecard, on histories played through the
// real deciders (PureEngine) and projected by the real projector.

const START = instant('2026-01-28T15:00:00.000Z')
/** Every case in these histories has closed by then (appeal windows are 30 days), inside a 60-day window. */
const NOW = instant('2026-03-20T12:00:00.000Z')

const scorecardOf = async (
  policy: Policy,
  stories: readonly CaseStory[],
): Promise<{ card: Scorecard; memory: MemoryInsights }> => {
  const memory = new MemoryInsights()
  const engine = new PureEngine(policy, (a) => memory.project(a.streamType, a.streamId, a.events))
  const actions: Action[] = stories.flatMap((story, i) =>
    orderWithCase(`o${i}`, addHours(START, i * 7), story),
  )
  await playActions(engine, actions, NOW)
  return { card: memory.scorecard(FIXTURE_SELLER, NOW, policy, { links: true }), memory }
}

const metric = (card: Scorecard, id: string) => {
  const m = card.metrics.find((x) => x.id === id)
  if (!m) throw new Error(`no metric ${id}`)
  return m
}

const story: fc.Arbitrary<CaseStory> = fc.oneof(
  fc.constant<CaseStory>({ kind: 'none' }),
  fc.constant<CaseStory>({ kind: 'lost_silent' }),
  fc.constant<CaseStory>({ kind: 'lost_disputed' }),
  fc.constant<CaseStory>({ kind: 'won' }),
  fc
    .tuple(
      fc.double({ min: 0.5, max: 60, noNaN: true }),
      fc.double({ min: 0.5, max: 60, noNaN: true }),
    )
    .map(([offer, wait]): CaseStory => ({
      kind: 'settled',
      offerAfterHours: offer,
      acceptAfterHours: offer + wait,
    })),
)

const presetArb = fc.constantFrom(
  presets.poshmark,
  presets.ebay,
  presets.mercadolibre,
  presets.walmart,
)

describe('scorecard properties', () => {
  it('adding a lost case never improves a scorecard', async () => {
    await fc.assert(
      fc.asyncProperty(
        presetArb,
        fc.array(story, { minLength: 1, maxLength: 8 }),
        fc.nat(),
        fc.constantFrom<'lost_silent' | 'lost_disputed'>('lost_silent', 'lost_disputed'),
        async (policy, stories, pick, lost) => {
          // Turn one uneventful order into a lost case (or add one if there is none).
          const quiet = stories.flatMap((s, i) => (s.kind === 'none' ? [i] : []))
          const target = quiet.length === 0 ? stories.length : (quiet[pick % quiet.length] ?? 0)
          const before: CaseStory[] = [
            ...stories,
            ...(quiet.length === 0 ? [{ kind: 'none' as const }] : []),
          ]
          const after = before.map((s, i): CaseStory => (i === target ? { kind: lost } : s))
          const a = (await scorecardOf(policy, before)).card
          const b = (await scorecardOf(policy, after)).card
          for (const id of ['case_rate', 'lost_after_escalation_rate']) {
            expect(metric(b, id).rate ?? 0).toBeGreaterThanOrEqual(metric(a, id).rate ?? 0)
          }
          // A seller who answered on time does better on the response metric, so the
          // whole card is compared only when the lost case went unanswered.
          if (lost === 'lost_silent') {
            for (const m of a.metrics)
              expect(statusRank(metric(b, m.id).status)).toBeGreaterThanOrEqual(
                statusRank(m.status),
              )
            expect(statusRank(b.status)).toBeGreaterThanOrEqual(statusRank(a.status))
          }
        },
      ),
      { numRuns: 40 },
    )
  })

  it('a case settled inside the grace window never counts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 120 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.array(story, { maxLength: 5 }),
        async (graceHours, offerShare, acceptShare, others) => {
          const policy: Policy = {
            ...presets.mercadolibre,
            cases: { ...presets.mercadolibre.cases, settlementGraceWindow: hours(graceHours) },
          }
          // The seller can still offer while the case waits for it (3 days) and the
          // buyer answers within 3 days: both inside the grace window.
          const offerBy = Math.min(graceHours, 72) - 0.1
          const offer = 0.05 + offerShare * (offerBy - 0.05)
          const accept = offer + acceptShare * Math.min(graceHours - offer - 0.01, 71)
          const settled: CaseStory = {
            kind: 'settled',
            offerAfterHours: offer,
            acceptAfterHours: accept,
          }
          const without = (await scorecardOf(policy, [...others, { kind: 'none' }])).card
          const { card, memory } = await scorecardOf(policy, [...others, settled])
          expect(metric(card, 'case_rate').numerator).toBe(metric(without, 'case_rate').numerator)
          const closed = [...memory.cases.values()].filter(
            (c) => c.orderId !== '' && c.closedAt !== null,
          )
          const last = closed.find((c) => c.reputationReason === 'settled_in_grace')
          expect(last?.countsAgainstSeller).toBe(false)
          expect(metric(card, 'case_rate').excluded.byReason).toContainEqual(
            expect.objectContaining({ reason: 'settled_in_grace' }),
          )
        },
      ),
      { numRuns: 40 },
    )
  })

  it('excluding a reason never raises a defect rate nor worsens a status', async () => {
    await fc.assert(
      fc.asyncProperty(
        presetArb,
        fc.array(story, { minLength: 1, maxLength: 10 }),
        fc.subarray([
          'seller_fault',
          'settled',
          'auto_granted',
          'out_of_stock',
          'shipped_after_ship_by',
          'no_response',
          'responded_late',
        ]),
        async (policy, stories, exclude) => {
          const { memory } = await scorecardOf(policy, stories)
          const plain = memory.scorecard(FIXTURE_SELLER, NOW, policy)
          const less = memory.scorecard(FIXTURE_SELLER, NOW, policy, { exclude })
          for (const m of plain.metrics) {
            const n = metric(less, m.id)
            if (m.direction === 'max') expect(n.rate ?? 0).toBeLessThanOrEqual(m.rate ?? 0)
            else expect(n.rate ?? 1).toBeGreaterThanOrEqual(m.rate ?? 1)
            expect(statusRank(n.status)).toBeLessThanOrEqual(statusRank(m.status))
          }
        },
      ),
      { numRuns: 40 },
    )
  })

  it('excluding reasons never raises a rate on generated marketplaces either', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 8 }),
        fc.subarray([
          'seller_fault',
          'settled',
          'auto_granted',
          'out_of_stock',
          'pricing_error',
          'seller_not_shipped',
          'shipped_after_ship_by',
          'tracking_not_recognised',
          'delivered_after_estimate',
          'no_response',
          'responded_late',
        ]),
        async (seed, exclude) => {
          const policy = presets.ebay
          const memory = new MemoryInsights()
          const scripts = generateScripts(seed, 60)
          for (const s of scripts) {
            await runScripts(
              new PureEngine(policy, (a) => memory.project(a.streamType, a.streamId, a.events)),
              [s],
            )
          }
          const now: Instant = instant('2026-04-30T00:00:00.000Z')
          for (const sellerId of memory.sellerIds()) {
            const plain = memory.scorecard(sellerId, now, policy)
            const less = memory.scorecard(sellerId, now, policy, { exclude })
            for (const m of plain.metrics) {
              const n = metric(less, m.id)
              if (m.direction === 'max') expect(n.rate ?? 0).toBeLessThanOrEqual(m.rate ?? 0)
              else expect(n.rate ?? 1).toBeGreaterThanOrEqual(m.rate ?? 1)
            }
          }
        },
      ),
      { numRuns: 8 },
    )
  })
})

describe('the projector', () => {
  it('changes nothing for an append made only of inert events, so the store may skip it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 8 }), async (seed) => {
        const memory = new MemoryInsights()
        const inertTypes = new Set<string>()
        const engine = new PureEngine(presets.ebay, (a) => {
          const fx = memory.project(a.streamType, a.streamId, a.events)
          if (a.events.every((e) => inertEvents.has(e.type))) {
            for (const e of a.events) inertTypes.add(e.type)
            expect(fx.empty, a.events.map((e) => e.type).join(', ')).toBe(true)
          }
        })
        await runScripts(engine, generateScripts(seed, 60))
        // Generated marketplaces remind sellers and decline offers: the check is never vacuous.
        expect(inertTypes.size).toBeGreaterThan(0)
      }),
      { numRuns: 8 },
    )
  })
})
