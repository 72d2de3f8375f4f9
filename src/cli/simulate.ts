import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import cliProgress from 'cli-progress'
import type { PolicySpec, ResolvedPolicy } from '../simulation/policy-spec.ts'
import type { Policy } from '../policy/types.ts'
import { mergeOverrides, parseSetting, resolvePolicySpec } from '../simulation/policy-spec.ts'
import { formatReport, simulatePolicies } from '../simulation/simulate.ts'

export const simulateUsage = `recourse simulate — replay a generated marketplace under two policies

Usage:
  recourse simulate --from PRESET --to PRESET|FILE.json [--set KNOB=VALUE …]
                    [--orders N] [--seed S] [--json]

  --from, --to   a preset (poshmark, ebay, mercadolibre, walmart, default) or a JSON
                 file: { "preset": "poshmark", "overrides": { "cases": {
                 "openWindowAfterDelivery": { "amount": 5, "unit": "calendar_days" } } } }
                 (a file may also hold a whole policy)
  --set          change a knob of --to: cases.openWindowAfterDelivery=5d (d: days,
                 h: hours, bd: business days), reputation.maxCaseRate=0.03, …
  --orders       orders to generate (default 2000)
  --seed         the same seed gives the same marketplace and the same report (default recourse)
  --json         print the report as JSON instead of a table

Example: Poshmark's case window from 3 to 5 days
  recourse simulate --from poshmark --to poshmark --set cases.openWindowAfterDelivery=5d`

/** A preset name, or a JSON file with a spec (`{ preset, overrides }`) or a whole policy. */
const specFrom = (text: string): PolicySpec => {
  if (!text.endsWith('.json')) return text
  const parsed: unknown = JSON.parse(readFileSync(text, 'utf8'))
  if (typeof parsed !== 'object' || parsed === null) throw new Error(`${text}: not a JSON object`)
  // A whole policy has a calendar; a spec has a preset and/or overrides.
  if ('calendar' in parsed) return { policy: parsed as Policy, label: text }
  return { ...parsed, label: text }
}

const resolve = (spec: PolicySpec, flag: string): ResolvedPolicy => {
  const r = resolvePolicySpec(spec)
  if (!('code' in r)) return r
  switch (r.code) {
    case 'UNKNOWN_PRESET':
      throw new Error(`${flag}: no preset '${r.preset}' (known: ${r.presets.join(', ')}).`)
    case 'UNKNOWN_POLICY_KNOB':
      throw new Error(`${flag}: '${r.path}' is not a policy knob.`)
    case 'INVALID_POLICY_VALUE':
      throw new Error(`${flag}: '${r.path}' must be ${r.expected}.`)
  }
}

/** `recourse simulate …`: no database needed; everything runs through the deciders in memory. */
export const simulateCli = async (argv: readonly string[]): Promise<void> => {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      set: { type: 'string', multiple: true },
      orders: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help || values.from === undefined || values.to === undefined) {
    console.log(simulateUsage)
    if (!values.help) process.exitCode = 2
    return
  }
  const orders = Number(values.orders ?? 2000)
  if (!Number.isSafeInteger(orders) || orders < 1)
    throw new Error('--orders must be a positive whole number.')
  const seed = values.seed ?? 'recourse'
  let to = specFrom(values.to)
  for (const setting of values.set ?? []) {
    const override = parseSetting(setting)
    if (override === null) throw new Error(`--set ${setting}: expected KNOB=VALUE.`)
    const spec = typeof to === 'string' ? { preset: to } : to
    to = { ...spec, overrides: mergeOverrides(spec.overrides ?? {}, override) }
  }
  const base = resolve(specFrom(values.from), '--from')
  const candidate = resolve(to, '--to')
  const bar = values.json
    ? null
    : new cliProgress.SingleBar(
        {
          format: 'Simulating {bar} {percentage}% | {value}/{total} orders | {duration_formatted}',
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
  bar?.start(orders * 2, 0)
  try {
    const report = await simulatePolicies(base, candidate, {
      orders,
      seed,
      ...(bar ? { onProgress: (done: number) => bar.update(done) } : {}),
    })
    bar?.stop()
    console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report))
  } finally {
    bar?.stop()
  }
}
