import type { Knob, PolicyDocument } from '../../api/admin.ts'
import { humanize } from '../../lib/labels.ts'

type Json = unknown

/** The value at a dotted knob path (`cases.openWindowAfterDelivery`). */
export const getAt = (policy: PolicyDocument, path: string): Json =>
  path.split('.').reduce<Json>((v, k) => (v as Record<string, Json> | undefined)?.[k], policy)

/** A copy of the policy with one knob changed. */
export const setAt = (policy: PolicyDocument, path: string, value: Json): PolicyDocument => {
  const [head, ...rest] = path.split('.')
  if (head === undefined) return policy
  const set = (obj: Record<string, Json>, keys: string[], v: Json): Record<string, Json> => {
    const [k, ...more] = keys
    if (k === undefined) return obj
    return {
      ...obj,
      [k]: more.length === 0 ? v : set((obj[k] ?? {}) as Record<string, Json>, more, v),
    }
  }
  return set(policy, [head, ...rest], value) as unknown as PolicyDocument
}

const units: Record<string, [string, string]> = {
  hours: ['hour', 'hours'],
  calendar_days: ['day', 'days'],
  business_days: ['business day', 'business days'],
}

const weekdays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
export const weekdayName = (d: number): string => weekdays[d] ?? String(d)

const asText = (v: Json): string => (typeof v === 'string' ? v : JSON.stringify(v))

/** A knob's value as people say it: `3 days`, `2 %`, `yes`, `none`. */
export const formatKnob = (knob: Pick<Knob, 'kind'>, value: Json): string => {
  if (value === null || value === undefined) return 'none'
  switch (knob.kind) {
    case 'duration': {
      const d = value as { amount: number; unit: string }
      const [one, many] = units[d.unit] ?? [d.unit, d.unit]
      return `${d.amount} ${d.amount === 1 ? one : many}`
    }
    case 'boolean':
      return value ? 'yes' : 'no'
    case 'rate':
      return `${Math.round((value as number) * 10000) / 100} %`
    case 'choice':
      return humanize(asText(value)).toLowerCase()
    case 'reasons':
    case 'seller_reasons':
    case 'dates':
      return (value as string[]).length
        ? (value as string[]).map((v) => v.replaceAll('_', ' ')).join(', ')
        : 'none'
    case 'weekdays':
      return (value as number[]).map(weekdayName).join(', ') || 'none'
    case 'funding':
    case 'flags':
      return Object.entries(value as Record<string, Json>)
        .map(
          ([k, v]) =>
            `${k.replaceAll('_', ' ')}: ${typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v)}`,
        )
        .join(', ')
    case 'listing_requirements':
      return `${(value as unknown[]).length} category rules`
    case 'number':
    case 'text':
      return asText(value)
  }
}

/** `cases.openWindowAfterDelivery` → `Open window after delivery`. */
export const knobLabel = (path: string): string => {
  const name = path.split('.').pop() ?? path
  return humanize(name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase())
}

export const sectionLabel = (name: string): string =>
  (
    ({
      calendar: 'Calendar',
      order: 'Orders',
      cancellation: 'Cancellations',
      cases: 'Cases',
      returns: 'Returns',
      refunds: 'Refunds',
      reputation: 'Reputation',
      messaging: 'Messaging',
    }) as Record<string, string>
  )[name] ?? humanize(name)

export interface KnobChange {
  readonly knob: Knob
  readonly from: Json
  readonly to: Json
}

const same = (a: Json, b: Json): boolean => JSON.stringify(a) === JSON.stringify(b)

/** Every knob whose value differs between `base` and `draft`, in catalogue order. */
export const diffPolicies = (
  knobs: readonly Knob[],
  base: PolicyDocument,
  draft: PolicyDocument,
): KnobChange[] =>
  knobs.flatMap((knob) => {
    const from = getAt(base, knob.path)
    const to = getAt(draft, knob.path)
    return same(from, to) ? [] : [{ knob, from, to }]
  })

/** The changes as simulation overrides: `{ cases: { openWindowAfterDelivery: {…} } }`. */
export const overridesOf = (changes: readonly KnobChange[]): Record<string, Json> => {
  let out = {} as PolicyDocument
  for (const c of changes) out = setAt(out, c.knob.path, c.to)
  return out
}

/** A draft kept for the simulation page while the admin moves between pages. */
export interface StoredDraft {
  readonly basedOn: string
  readonly policy: PolicyDocument
  readonly label: string
}

const DRAFT_KEY = 'recourse.policy-draft'

export const saveDraft = (draft: StoredDraft | null): void => {
  if (draft) sessionStorage.setItem(DRAFT_KEY, JSON.stringify(draft))
  else sessionStorage.removeItem(DRAFT_KEY)
}

export const loadDraft = (): StoredDraft | null => {
  const raw = sessionStorage.getItem(DRAFT_KEY)
  if (!raw) return null
  try {
    return JSON.parse(raw) as StoredDraft
  } catch {
    return null
  }
}
