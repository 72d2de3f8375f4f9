import { describe, expect, it } from 'vitest'
import { presets } from '../policy/presets.ts'
import { generateScripts } from './behaviour.ts'
import { applyOverrides, mergeOverrides, parseSetting, resolvePolicySpec } from './policy-spec.ts'
import type { ResolvedPolicy } from './policy-spec.ts'
import { formatReport, simulatePolicies } from './simulate.ts'

const resolved = (spec: Parameters<typeof resolvePolicySpec>[0]): ResolvedPolicy => {
  const r = resolvePolicySpec(spec)
  if ('code' in r) throw new Error(`unexpected ${r.code}`)
  return r
}

const row = (report: Awaited<ReturnType<typeof simulatePolicies>>, metric: string) => {
  const found = report.rows.find((r) => r.metric.trim() === metric)
  if (!found) throw new Error(`no row ${metric}`)
  return found
}

describe('the generated marketplace', () => {
  it('is the same for the same seed, and the first orders do not depend on the count', () => {
    const a = generateScripts('alpha', 50)
    expect(generateScripts('alpha', 50)).toEqual(a)
    expect(generateScripts('alpha', 20)).toEqual(a.slice(0, 20))
    expect(generateScripts('beta', 50)).not.toEqual(a)
  })
})

describe('policy simulation', { timeout: 60_000 }, () => {
  it('is deterministic per seed', async () => {
    const base = resolved('ebay')
    const candidate = resolved({
      preset: 'ebay',
      overrides: { cases: { sellerResponseTime: { amount: 2, unit: 'business_days' } } },
    })
    const first = await simulatePolicies(base, candidate, { orders: 300, seed: 'same' })
    const again = await simulatePolicies(base, candidate, { orders: 300, seed: 'same' })
    expect(again).toEqual(first)
    expect(formatReport(again)).toBe(formatReport(first))
    const other = await simulatePolicies(base, candidate, { orders: 300, seed: 'other' })
    expect(other.rows).not.toEqual(first.rows)
  })

  it('replays the same people under both policies: an identical policy changes nothing', async () => {
    const report = await simulatePolicies(resolved('walmart'), resolved('walmart'), {
      orders: 300,
      seed: 'twins',
    })
    expect(report.rows.every((r) => r.delta === 0)).toBe(true)
    expect(report.base.metrics).toEqual(report.candidate.metrics)
  })

  it('Poshmark case window 3 → 5 days: late claims now meet the 3-day auto-acceptance instead', async () => {
    const report = await simulatePolicies(
      resolved('poshmark'),
      resolved({
        preset: 'poshmark',
        overrides: { cases: { openWindowAfterDelivery: { amount: 5, unit: 'calendar_days' } } },
      }),
      { orders: 1500, seed: 'demo' },
    )
    const elapsed = row(report, 'CASE_WINDOW_ELAPSED')
    const accepted = row(report, 'ORDER_ACCEPTED')
    expect(elapsed.delta).toBeLessThan(0)
    // Every claim the longer window lets through meets an accepted order: nothing else changes.
    expect(accepted.delta).toBe(-(elapsed.delta ?? 0))
    expect(row(report, 'cases opened').delta).toBe(0)
  })

  it('Poshmark case window and auto-acceptance 3 → 5 days: more cases, escalations and refunds', async () => {
    const report = await simulatePolicies(
      resolved('poshmark'),
      resolved({
        preset: 'poshmark',
        overrides: {
          cases: { openWindowAfterDelivery: { amount: 5, unit: 'calendar_days' } },
          order: { autoAcceptAfterDelivery: { amount: 5, unit: 'calendar_days' } },
        },
      }),
      { orders: 1500, seed: 'demo' },
    )
    expect(row(report, 'cases opened').delta).toBeGreaterThan(0)
    expect(row(report, 'CASE_WINDOW_ELAPSED').delta).toBeLessThan(0)
    expect(row(report, 'case refunds, amount').delta).toBeGreaterThanOrEqual(0)
    expect(row(report, 'orders').delta).toBe(0)
  })

  it('Mercado Libre without its 72-hour settlement grace: the same settlements count against sellers', async () => {
    const report = await simulatePolicies(
      resolved('mercadolibre'),
      resolved({ preset: 'mercadolibre', overrides: { cases: { settlementGraceWindow: null } } }),
      { orders: 1000, seed: 'grace' },
    )
    const grace = row(report, 'settled in grace (not counted)')
    expect(grace.base).toBeGreaterThan(0)
    expect(grace.candidate).toBe(0)
    expect(row(report, 'cases counting against sellers').delta).toBe(grace.base)
    expect(row(report, 'case refunds, amount').delta).toBe(0)
  })

  it('eBay with Amazon-style refunds on seller silence: no silence escalations, automatic refunds instead', async () => {
    const report = await simulatePolicies(
      resolved('ebay'),
      resolved({ preset: 'ebay', overrides: { cases: { onSellerSilence: 'grant_buyer' } } }),
      { orders: 1000, seed: 'silence' },
    )
    const silence = row(report, 'escalations for seller silence')
    expect(silence.candidate).toBe(0)
    expect(row(report, 'automatic refunds').candidate).toBe(silence.base)
    expect(row(report, 'agent decisions').delta).toBeLessThanOrEqual(0)
  })
})

describe('policy specs', () => {
  it('names presets, the default and their overrides', () => {
    expect(resolved('walmart').policy).toBe(presets.walmart)
    const r = resolved({
      preset: 'poshmark',
      overrides: { cases: { openWindowAfterDelivery: { amount: 5, unit: 'calendar_days' } } },
    })
    expect(r.policy.cases.openWindowAfterDelivery).toEqual({ amount: 5, unit: 'calendar_days' })
    expect(r.policy.cases.coveredReasons).toEqual(presets.poshmark.cases.coveredReasons)
    expect(r.policy.preset).toBe('custom')
    expect(r.label).toBe('poshmark + cases.openWindowAfterDelivery=5 days')
  })

  it('refuses unknown presets and knobs, and values of the wrong kind', () => {
    expect(resolvePolicySpec('amazon')).toMatchObject({ code: 'UNKNOWN_PRESET', preset: 'amazon' })
    expect(resolvePolicySpec({ preset: 'ebay', overrides: { cases: { caseWindow: 3 } } })).toEqual({
      code: 'UNKNOWN_POLICY_KNOB',
      path: 'cases.caseWindow',
    })
    expect(
      resolvePolicySpec({ preset: 'ebay', overrides: { cases: { openWindowAfterDelivery: 5 } } }),
    ).toMatchObject({ code: 'INVALID_POLICY_VALUE', path: 'cases.openWindowAfterDelivery' })
    expect(
      resolvePolicySpec({ preset: 'ebay', overrides: { reputation: { maxCaseRate: 'high' } } }),
    ).toMatchObject({ code: 'INVALID_POLICY_VALUE', path: 'reputation.maxCaseRate' })
    // Only knobs some preset leaves empty may be set to null.
    expect(
      resolvePolicySpec({ preset: 'ebay', overrides: { cases: { sellerResponseTime: null } } }),
    ).toMatchObject({ code: 'INVALID_POLICY_VALUE' })
    expect(applyOverrides({ a: 1 }, [1])).toMatchObject({ code: 'INVALID_POLICY_VALUE' })
  })

  it('reads command-line settings', () => {
    expect(parseSetting('cases.openWindowAfterDelivery=5d')).toEqual({
      cases: { openWindowAfterDelivery: { amount: 5, unit: 'calendar_days' } },
    })
    expect(parseSetting('cases.settlementGraceWindow=72h')).toEqual({
      cases: { settlementGraceWindow: { amount: 72, unit: 'hours' } },
    })
    expect(parseSetting('cases.sellerResponseTime=3bd')).toEqual({
      cases: { sellerResponseTime: { amount: 3, unit: 'business_days' } },
    })
    expect(parseSetting('reputation.maxCaseRate=0.03')).toEqual({
      reputation: { maxCaseRate: 0.03 },
    })
    expect(parseSetting('nonsense')).toBeNull()
    expect(mergeOverrides(parseSetting('cases.a=1'), parseSetting('cases.b=2'))).toEqual({
      cases: { a: 1, b: 2 },
    })
  })
})
