import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  cancellationInitialStatuses,
  cancellationTransitions,
} from '../src/domain/cancellation/transitions.ts'
import { orderInitialStatuses, orderTransitions } from '../src/domain/order/transitions.ts'
import { caseInitialStatuses, caseTransitions } from '../src/domain/case/transitions.ts'
import {
  conversationInitialStatuses,
  conversationTransitions,
} from '../src/domain/conversation/transitions.ts'
import { renderEventCatalog } from '../src/integrations/webhooks-catalog.ts'
import { swapInitialStatuses, swapTransitions } from '../src/domain/swap/transitions.ts'
import {
  abuseAppealInitialStatuses,
  abuseAppealTransitions,
} from '../src/domain/abuse-appeal/transitions.ts'
import type { Transitions } from '../src/domain/shared/decider.ts'
import { defaultPolicy, presetNames, presets } from '../src/policy/presets.ts'
import { describeDuration, type Duration } from '../src/policy/time.ts'
import type { Policy } from '../src/policy/types.ts'
import {
  knobModuleFile,
  readKnobCatalog,
  renderKnobModule,
  renderKnobTable,
} from './policy-knobs.ts'
import { renderCancelReasons, renderCaseReasons, renderCaseVocabulary } from './vocabulary.ts'

interface Diagram {
  readonly name: string
  /** The docs page holding the diagram between `<!-- state-diagram:NAME -->` markers. */
  readonly file: string
  readonly table: Transitions<string>
  readonly initial: readonly string[]
}

/** A block of a docs page generated from code, between `<!-- generated:NAME -->` markers. */
interface Generated {
  readonly name: string
  readonly file: string
  readonly render: () => string
}

/** Every aggregate's status table, rendered into its docs page. */
export const diagrams: readonly Diagram[] = [
  { name: 'order', file: 'docs/orders.md', table: orderTransitions, initial: orderInitialStatuses },
  {
    name: 'case',
    file: 'docs/cases.md',
    table: caseTransitions,
    initial: caseInitialStatuses.flatMap((s) => [...caseTransitions[s]]),
  },
  {
    name: 'conversation',
    file: 'docs/conversations.md',
    table: conversationTransitions,
    initial: conversationInitialStatuses.flatMap((s) => [...conversationTransitions[s]]),
  },
  {
    name: 'cancellation',
    file: 'docs/cancellations.md',
    table: cancellationTransitions,
    initial: cancellationInitialStatuses.flatMap((s) => [...cancellationTransitions[s]]),
  },
  {
    name: 'swap',
    file: 'docs/money.md',
    table: swapTransitions,
    initial: swapInitialStatuses.flatMap((s) => [...swapTransitions[s]]),
  },
  {
    name: 'abuse-appeal',
    file: 'docs/insights.md',
    table: abuseAppealTransitions,
    initial: abuseAppealInitialStatuses.flatMap((s) => [...abuseAppealTransitions[s]]),
  },
]

export const renderDiagram = (d: Diagram): string => {
  const lines = ['```mermaid', 'stateDiagram-v2']
  for (const s of d.initial) lines.push(`  [*] --> ${s}`)
  for (const [from, targets] of Object.entries(d.table)) {
    if (!d.initial.includes(from) && !Object.values(d.table).some((t) => t.includes(from))) continue
    if (targets.length === 0) lines.push(`  ${from} --> [*]`)
    for (const to of targets) lines.push(`  ${from} --> ${to}`)
  }
  lines.push('```')
  return lines.join('\n')
}

const show = (v: unknown): string => {
  if (v === null) return '—'
  if (typeof v === 'boolean') return v ? 'yes' : 'no'
  if (Array.isArray(v)) return v.length ? v.map(String).join(', ') : '—'
  if (typeof v === 'object' && 'unit' in v && 'amount' in v) return describeDuration(v as Duration)
  if (typeof v === 'object') {
    return Object.entries(v)
      .map(([k, x]) => `${k.replaceAll('_', ' ')} → ${show(x)}`)
      .join(', ')
  }
  return typeof v === 'string' ? v.replaceAll('_', ' ') : JSON.stringify(v)
}

/** A table of one policy section's knobs across the default policy and every preset. */
export const presetTable = (section: keyof Omit<Policy, 'preset' | 'calendar'>): string => {
  const columns: [string, Policy][] = [
    ['default', defaultPolicy],
    ...presetNames.map((n): [string, Policy] => [n, presets[n]]),
  ]
  const knobs = Object.keys(defaultPolicy[section]) as (keyof Policy[typeof section])[]
  const rows = knobs.map(
    (k) => `| \`${String(k)}\` | ${columns.map(([, p]) => show(p[section][k])).join(' | ')} |`,
  )
  return [
    `| knob | ${columns.map(([n]) => n).join(' | ')} |`,
    `|---|${columns.map(() => '---').join('|')}|`,
    ...rows,
  ].join('\n')
}

export const generated: readonly Generated[] = [
  ...diagrams.map((d) => ({
    name: `state-diagram:${d.name}`,
    file: d.file,
    render: () => renderDiagram(d),
  })),
  { name: 'presets:order', file: 'docs/orders.md', render: () => presetTable('order') },
  { name: 'events:catalog', file: 'docs/events.md', render: renderEventCatalog },
  { name: 'presets:cases', file: 'docs/cases.md', render: () => presetTable('cases') },
  { name: 'presets:returns', file: 'docs/cases.md', render: () => presetTable('returns') },
  { name: 'presets:refunds', file: 'docs/cases.md', render: () => presetTable('refunds') },
  {
    name: 'presets:cancellation',
    file: 'docs/cancellations.md',
    render: () => presetTable('cancellation'),
  },
  { name: 'vocabulary:case-reasons', file: 'docs/glossary.md', render: renderCaseReasons },
  {
    name: 'vocabulary:desired-outcomes',
    file: 'docs/glossary.md',
    render: () => renderCaseVocabulary('DesiredOutcome'),
  },
  {
    name: 'vocabulary:decision-outcomes',
    file: 'docs/glossary.md',
    render: () => renderCaseVocabulary('DecisionOutcome'),
  },
  { name: 'vocabulary:cancel-reasons', file: 'docs/glossary.md', render: renderCancelReasons },
  {
    name: 'policy:knobs',
    file: 'docs/policy.md',
    render: () => renderKnobTable(readKnobCatalog()),
  },
]

/** The page with the block replaced by what the code renders now. */
export const withGenerated = (page: string, g: Generated): string => {
  const open = `<!-- ${g.name} -->`
  const close = `<!-- /${g.name} -->`
  const start = page.indexOf(open)
  const end = page.indexOf(close)
  if (start < 0 || end < start) throw new Error(`${g.file} lacks the ${open} … ${close} markers`)
  return `${page.slice(0, start + open.length)}\n${g.render()}\n${page.slice(end)}`
}

const root = fileURLToPath(new URL('..', import.meta.url))

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const g of generated) {
    const path = `${root}/${g.file}`
    writeFileSync(path, withGenerated(readFileSync(path, 'utf8'), g))
    console.log(`wrote ${g.name} into ${g.file}`)
  }
  writeFileSync(knobModuleFile, await renderKnobModule(readKnobCatalog()))
  console.log('wrote the policy knob catalogue into src/http/schemas/policy-knobs.ts')
}
