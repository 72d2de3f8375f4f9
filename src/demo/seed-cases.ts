import type { Recourse } from '../app/recourse.ts'
import type { OrderScript } from '../simulation/behaviour.ts'
import { generateScripts, SIMULATION_DAYS, SIMULATION_EPOCH } from '../simulation/behaviour.ts'
import { AppEngine } from '../simulation/app-engine.ts'
import type { StepReport } from '../simulation/driver.ts'
import { runScripts } from '../simulation/driver.ts'
import type { Instant } from '../policy/time.ts'
import { instant, toMillis } from '../policy/time.ts'
import type { Cast } from '../simulation/people.ts'

/** Of a seeded marketplace's orders, this share ends in a claim (on top of the orders the plans make). */
export const CLAIM_SHARE = 0.08

export interface SeedCasesResult {
  /** Orders imported for the claims. */
  readonly orders: number
  readonly cases: number
  /** Steps tried, deadlines not included. */
  readonly steps: number
  /** Steps the domain refused, by kind and code: the simulator's people try things the policy may not allow, so some are expected. */
  readonly refusals: Readonly<Record<string, number>>
}

/**
 * The orders of `count` claims for `seed`: the simulator's scripts (same cast,
 * same people's habits) that end in a claim and are not cancelled first,
 * moved so their 90 days end at `end`.
 */
export const claimScripts = (
  seed: string,
  count: number,
  cast: Cast,
  end: Instant,
): OrderScript[] => {
  const shift = toMillis(end) - SIMULATION_DAYS * 86_400_000 - toMillis(SIMULATION_EPOCH)
  const picked: OrderScript[] = []
  for (let pool = count * 20; picked.length < count; pool *= 2) {
    picked.length = 0
    for (const s of generateScripts(`${seed}-cases`, pool, { cast })) {
      if (s.claim === null || s.buyerCancel !== null || s.sellerCancel !== null) continue
      picked.push({
        ...s,
        externalRef: `case-${seed}-${String(picked.length + 1).padStart(5, '0')}`,
        purchasedAt: instant(toMillis(s.purchasedAt) + shift),
      })
      if (picked.length === count) break
    }
  }
  return picked
}

/**
 * Case history for a seeded marketplace: orders whose buyers claim, played
 * through the real application by the policy simulator's driver on a
 * virtual clock that stops at `end`. Sellers answer or stay silent, make
 * offers, buyers accept or escalate, agents decide, returns ship or not, and
 * deadlines fire at their due times, so the history has cases won, lost,
 * settled, closed unanswered, inside and outside the grace window, and some
 * still open, escalated or with a return on its way at `end`.
 */
export const seedCases = async (
  recourse: Recourse,
  options: { seed: string; count: number; cast: Cast; end: Instant },
): Promise<SeedCasesResult> => {
  const scripts = claimScripts(options.seed, options.count, options.cast, options.end)
  const refusals: Record<string, number> = {}
  let steps = 0
  const onStep = (r: StepReport): void => {
    steps++
    if (!r.result.ok) {
      const key = `${r.kind}: ${r.result.code}`
      refusals[key] = (refusals[key] ?? 0) + 1
    }
  }
  const ids = await runScripts(new AppEngine(recourse, undefined, false), scripts, {
    onStep,
    until: options.end,
  })
  return {
    orders: ids.filter((r) => r.orderId !== null).length,
    cases: ids.filter((r) => r.caseId !== null).length,
    steps,
    refusals,
  }
}
