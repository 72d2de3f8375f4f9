import { defaultPolicy, presetNames, presets } from '../policy/presets.ts'
import type { Policy, PresetName } from '../policy/types.ts'

/**
 * A policy for a simulation: a preset by name, the policy in force
 * (`current`, where a database is at hand), or either with overrides of
 * individual knobs: `{ "preset": "poshmark", "overrides": { "cases": {
 * "openWindowAfterDelivery": { "amount": 5, "unit": "calendar_days" } } } }`.
 */
export type PolicySpec =
  | string
  | {
      readonly preset?: string
      readonly policy?: Policy
      readonly overrides?: unknown
      readonly label?: string
    }

export type SpecProblem =
  | {
      readonly code: 'UNKNOWN_PRESET'
      readonly preset: string
      readonly presets: readonly string[]
    }
  | { readonly code: 'UNKNOWN_POLICY_KNOB'; readonly path: string }
  | {
      readonly code: 'INVALID_POLICY_VALUE'
      readonly path: string
      readonly expected: string
    }

export interface ResolvedPolicy {
  readonly policy: Policy
  /** How the report names it: `poshmark`, `poshmark + cases.openWindowAfterDelivery=5 days`. */
  readonly label: string
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

const units = ['hours', 'calendar_days', 'business_days']

const describe = (v: unknown): string => {
  if (isPlainObject(v) && 'amount' in v && 'unit' in v)
    return `${String(v.amount)} ${String(v.unit).replace('calendar_', '').replace('_', ' ')}`
  return JSON.stringify(v)
}

/** Knob paths some preset (or the default) leaves null: they may be set to null ("no such rule"). */
const nullablePaths = (() => {
  const found = new Set<string>()
  const walk = (v: unknown, path: string): void => {
    if (v === null) found.add(path)
    else if (isPlainObject(v))
      for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k)
  }
  for (const p of [defaultPolicy, ...presetNames.map((n) => presets[n])]) walk(p, '')
  return found
})()

/**
 * Lays `overrides` over `base`: every key must be a knob the base has, and
 * every value of the knob's kind (a duration stays a duration). Nullable
 * knobs (`settlementGraceWindow: null`) accept a duration, a number or null.
 */
export const applyOverrides = (
  base: unknown,
  overrides: unknown,
  path = '',
  changes: string[] = [],
): { value: unknown; changes: string[] } | SpecProblem => {
  if (!isPlainObject(overrides))
    return { code: 'INVALID_POLICY_VALUE', path: path || '(root)', expected: 'an object' }
  if (!isPlainObject(base))
    return { code: 'INVALID_POLICY_VALUE', path: path || '(root)', expected: describe(base) }
  const out: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(overrides)) {
    const here = path === '' ? key : `${path}.${key}`
    if (!(key in base)) return { code: 'UNKNOWN_POLICY_KNOB', path: here }
    const current = base[key]
    const isDuration = (v: unknown): boolean =>
      isPlainObject(v) &&
      typeof v.amount === 'number' &&
      Number.isFinite(v.amount) &&
      v.amount >= 0 &&
      typeof v.unit === 'string' &&
      units.includes(v.unit)
    if (value === null && nullablePaths.has(here)) {
      out[key] = null
      changes.push(`${here}=none`)
    } else if (isPlainObject(current) && 'unit' in current) {
      if (!isDuration(value))
        return { code: 'INVALID_POLICY_VALUE', path: here, expected: 'a duration { amount, unit }' }
      out[key] = value
      changes.push(`${here}=${describe(value)}`)
    } else if (isPlainObject(current) && !Array.isArray(current)) {
      const nested = applyOverrides(current, value, here, changes)
      if ('code' in nested) return nested
      out[key] = nested.value
    } else if (current === null) {
      if (value !== null && typeof value !== 'number' && !isDuration(value))
        return {
          code: 'INVALID_POLICY_VALUE',
          path: here,
          expected: 'null, a number or a duration',
        }
      out[key] = value
      changes.push(`${here}=${describe(value)}`)
    } else if (Array.isArray(current)) {
      if (!Array.isArray(value))
        return { code: 'INVALID_POLICY_VALUE', path: here, expected: 'a list' }
      out[key] = value
      changes.push(`${here}=${describe(value)}`)
    } else {
      if (typeof value !== typeof current)
        return { code: 'INVALID_POLICY_VALUE', path: here, expected: `a ${typeof current}` }
      out[key] = value
      changes.push(`${here}=${describe(value)}`)
    }
  }
  return { value: out, changes }
}

const presetPolicy = (name: string): Policy | null =>
  name === 'default'
    ? defaultPolicy
    : (presetNames as readonly string[]).includes(name)
      ? presets[name as PresetName]
      : null

/** The policy a spec names, or what is wrong with it. `current` is the policy in force, when given. */
export const resolvePolicySpec = (
  spec: PolicySpec,
  current?: Policy,
): ResolvedPolicy | SpecProblem => {
  const named = typeof spec === 'string' ? spec : (spec.preset ?? null)
  let base: Policy
  let label: string
  if (typeof spec !== 'string' && spec.policy !== undefined) {
    base = spec.policy
    label = spec.label ?? spec.policy.preset
  } else if (named === 'current' && current !== undefined) {
    base = current
    label = `current (${current.preset})`
  } else {
    const found = presetPolicy(named ?? 'default')
    if (found === null)
      return {
        code: 'UNKNOWN_PRESET',
        preset: named ?? '',
        presets: ['default', ...presetNames, ...(current ? ['current'] : [])],
      }
    base = found
    label = named ?? 'default'
  }
  const overrides = typeof spec === 'string' ? undefined : spec.overrides
  if (overrides === undefined) return { policy: base, label }
  const applied = applyOverrides(base, overrides)
  if ('code' in applied) return applied
  return {
    // The knobs were checked one by one against the base's own shape above.
    policy: { ...(applied.value as Policy), preset: 'custom' },
    label:
      typeof spec !== 'string' && spec.label !== undefined
        ? spec.label
        : `${label} + ${applied.changes.join(', ')}`,
  }
}

/**
 * `cases.openWindowAfterDelivery=5d` as an override object. Values: `5d`
 * (calendar days), `72h`, `3bd` (business days), or JSON (`0.03`, `true`,
 * `null`, `["not_received"]`).
 */
export const parseSetting = (text: string): Record<string, unknown> | null => {
  const eq = text.indexOf('=')
  if (eq <= 0) return null
  const path = text.slice(0, eq).split('.')
  const raw = text.slice(eq + 1).trim()
  const m = /^(\d+(?:\.\d+)?)(h|d|bd)$/.exec(raw)
  let value: unknown
  if (m) {
    const unit = m[2] === 'h' ? 'hours' : m[2] === 'd' ? 'calendar_days' : 'business_days'
    value = { amount: Number(m[1]), unit }
  } else {
    try {
      value = JSON.parse(raw)
    } catch {
      value = raw
    }
  }
  return path.reduceRight<Record<string, unknown>>(
    (inner, key, i) => (i === path.length - 1 ? { [key]: value } : { [key]: inner }),
    {},
  )
}

/** Deep-merges override objects (later wins), for several `--set` flags. */
export const mergeOverrides = (a: unknown, b: unknown): unknown => {
  if (!isPlainObject(a) || !isPlainObject(b)) return b
  const out: Record<string, unknown> = { ...a }
  for (const [k, v] of Object.entries(b)) out[k] = k in a ? mergeOverrides(a[k], v) : v
  return out
}
