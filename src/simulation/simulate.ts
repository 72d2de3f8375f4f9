import type { CaseEvent } from '../domain/case/events.ts'
import type { CancellationEvent } from '../domain/cancellation/events.ts'
import type { OrderEvent } from '../domain/order/events.ts'
import { toMillis } from '../policy/time.ts'
import type { Policy } from '../policy/types.ts'
import { MemoryInsights } from '../insights/memory.ts'
import { buildScorecard } from '../insights/scorecard.ts'
import { addDays, dayOf } from '../insights/vocabulary.ts'
import type { OrderScript } from './behaviour.ts'
import { generateScripts, SIMULATION_EPOCH } from './behaviour.ts'
import type { StepReport } from './driver.ts'
import { runScripts } from './driver.ts'
import type { SimAppend } from './engine.ts'
import { PureEngine } from './engine.ts'

/**
 * Policy simulation: the same generated marketplace (same people, same
 * intentions, same seed) played under a base and a candidate policy through
 * the real deciders on a virtual clock, and what came out compared.
 */

/** Refusal codes that mean a person acted after a policy window had closed. */
export const windowCodes = [
  'CASE_WINDOW_ELAPSED',
  'CANCEL_WINDOW_ELAPSED',
  'ESCALATION_WINDOW_ELAPSED',
  'ORDER_ACCEPTED',
  'BUYER_RIGHT_NOT_OPEN',
] as const

export interface RunMetrics {
  readonly orders: number
  readonly shipped: number
  readonly shippedLate: number
  readonly delivered: number
  readonly cancellations: {
    readonly requested: number
    readonly approved: number
    readonly declined: number
    /** Approved by the policy: inside the buyer window, on the buyer's right, or by the seller's silence. */
    readonly automatic: number
    readonly countingAgainstSellers: number
    /** What approved cancellations gave back, in minor units (the whole order each time). */
    readonly refunded: number
  }
  readonly cases: {
    readonly attempted: number
    readonly opened: number
    readonly escalated: number
    readonly escalatedForSilence: number
    readonly decided: number
    readonly closed: number
    readonly countingAgainstSellers: number
    readonly byReputationReason: Readonly<Record<string, number>>
  }
  readonly refunds: {
    readonly count: number
    /** Minor units: case refunds (offers, accepted claims, decisions, completed returns). */
    readonly total: number
    readonly byFunder: Readonly<Record<string, number>>
    /** Made without a person deciding (`auto_granted`, `replacement_failed`). */
    readonly automaticCount: number
    readonly automaticTotal: number
  }
  readonly agents: {
    readonly escalatedCases: number
    readonly decisions: number
    /** Hours cases waited in the queue from escalation to decision, summed. */
    readonly decisionHours: number
    readonly averageDecisionHours: number | null
    readonly slaBreaches: number
  }
  /** Things people tried after a window closed, by refusal code. */
  readonly windowsMissed: Readonly<Record<string, number>>
  /** Every refused step, `step:CODE`. */
  readonly refusals: Readonly<Record<string, number>>
  readonly sellers: {
    readonly total: number
    readonly failing: number
    readonly warning: number
    readonly failingByMetric: Readonly<Record<string, number>>
  }
}

const bump = (record: Record<string, number>, key: string, by = 1): void => {
  record[key] = (record[key] ?? 0) + by
}

/** Counts what one run produced, from the facts the engine appends and the steps the driver tried. */
class Collector {
  orders = 0
  shipped = 0
  shippedLate = 0
  delivered = 0
  readonly cancellations = {
    requested: 0,
    approved: 0,
    declined: 0,
    automatic: 0,
    countingAgainstSellers: 0,
    refunded: 0,
  }
  readonly cases = {
    attempted: 0,
    opened: 0,
    escalated: 0,
    escalatedForSilence: 0,
    decided: 0,
    closed: 0,
    countingAgainstSellers: 0,
    byReputationReason: {} as Record<string, number>,
  }
  readonly refunds = {
    count: 0,
    total: 0,
    byFunder: {} as Record<string, number>,
    automaticCount: 0,
    automaticTotal: 0,
  }
  readonly agents = { escalatedCases: 0, decisions: 0, decisionHours: 0, slaBreaches: 0 }
  readonly windowsMissed: Record<string, number> = {}
  readonly refusals: Record<string, number> = {}
  private readonly escalatedAt = new Map<string, number>()
  private readonly returns = new Map<string, { amount: number; funding: string }>()
  readonly insights = new MemoryInsights()
  last = toMillis(SIMULATION_EPOCH)

  append = (a: SimAppend): void => {
    this.insights.project(a.streamType, a.streamId, a.events)
    this.last = Math.max(this.last, toMillis(a.at))
    if (a.streamType === 'order') for (const e of a.events as OrderEvent[]) this.order(e)
    if (a.streamType === 'cancellation')
      for (const e of a.events as CancellationEvent[]) this.cancellation(e)
    if (a.streamType === 'case') for (const e of a.events as CaseEvent[]) this.case(a.streamId, e)
  }

  step = (r: StepReport): void => {
    if (r.kind === 'claim') this.cases.attempted++
    if (r.result.ok) return
    bump(this.refusals, `${r.kind}:${r.result.code}`)
    if ((windowCodes as readonly string[]).includes(r.result.code))
      bump(this.windowsMissed, r.result.code)
  }

  private order(e: OrderEvent): void {
    if (e.type === 'OrderImported') this.orders++
    if (e.type === 'OrderShipped') {
      this.shipped++
      if (e.data.late) this.shippedLate++
    }
    if (e.type === 'OrderDelivered') this.delivered++
  }

  private cancellation(e: CancellationEvent): void {
    const c = this.cancellations
    if (e.type === 'CancellationRequested') c.requested++
    if (e.type === 'CancellationDeclined') c.declined++
    if (e.type === 'CancellationApproved') {
      c.approved++
      if (e.data.by !== 'seller') c.automatic++
      if (e.data.countsAgainstSeller) c.countingAgainstSellers++
      c.refunded += e.data.refundDue.total
    }
  }

  private refund(amount: number, funding: string, automatic: boolean): void {
    const r = this.refunds
    r.count++
    r.total += amount
    bump(r.byFunder, funding, amount)
    if (automatic) {
      r.automaticCount++
      r.automaticTotal += amount
    }
  }

  private case(caseId: string, e: CaseEvent): void {
    const c = this.cases
    if (e.type === 'CaseOpened') c.opened++
    else if (e.type === 'CaseEscalated') {
      c.escalated++
      this.agents.escalatedCases++
      if (e.data.reason === 'seller_response_overdue') c.escalatedForSilence++
      this.escalatedAt.set(caseId, toMillis(e.data.at))
    } else if (e.type === 'CaseDecided') {
      c.decided++
      this.agents.decisions++
      const from = this.escalatedAt.get(caseId)
      if (from !== undefined) this.agents.decisionHours += (toMillis(e.data.at) - from) / 3_600_000
    } else if (e.type === 'CaseDecisionOverdue') this.agents.slaBreaches++
    else if (e.type === 'RefundDue') {
      const automatic = e.data.cause === 'auto_granted' || e.data.cause === 'replacement_failed'
      this.refund(e.data.amount, e.data.funding, automatic)
    } else if (e.type === 'ReturnRequired') {
      this.returns.set(caseId, { amount: e.data.refundOnCompletion, funding: e.data.funding })
    } else if (e.type === 'FollowUpEnded') {
      const pending = this.returns.get(caseId)
      // The returns side refunds a completed return; the simulation counts it here.
      if (e.data.outcome === 'return_completed' && pending)
        this.refund(pending.amount, pending.funding, false)
    } else if (e.type === 'CaseClosed') {
      c.closed++
      if (e.data.countsAgainstSeller) c.countingAgainstSellers++
      bump(c.byReputationReason, e.data.reputationReason)
    }
  }

  metrics(policy: Policy): RunMetrics {
    const from = dayOf(SIMULATION_EPOCH)
    const to = dayOf(new Date(this.last).toISOString())
    const window = {
      from,
      to,
      days: Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1,
    }
    let failing = 0
    let warning = 0
    const failingByMetric: Record<string, number> = {}
    const sellers = this.insights.sellerIds()
    for (const sellerId of sellers) {
      const card = buildScorecard({
        sellerId,
        policy,
        window,
        totals: this.insights.sellerTotals(sellerId, from, addDays(to, 1)),
        reasons: this.insights.sellerReasons(sellerId, from, addDays(to, 1)),
      })
      if (card.status === 'fail') failing++
      if (card.status === 'warn') warning++
      for (const m of card.metrics) if (m.status === 'fail') bump(failingByMetric, m.id)
    }
    const { decisions, decisionHours } = this.agents
    return {
      orders: this.orders,
      shipped: this.shipped,
      shippedLate: this.shippedLate,
      delivered: this.delivered,
      cancellations: { ...this.cancellations },
      cases: { ...this.cases },
      refunds: { ...this.refunds },
      agents: {
        ...this.agents,
        decisionHours: Math.round(decisionHours * 10) / 10,
        averageDecisionHours:
          decisions === 0 ? null : Math.round((decisionHours / decisions) * 10) / 10,
      },
      windowsMissed: this.windowsMissed,
      refusals: this.refusals,
      sellers: { total: sellers.length, failing, warning, failingByMetric },
    }
  }
}

export interface SimulationOptions {
  readonly orders: number
  readonly seed: string
  readonly onProgress?: (done: number, total: number) => void
  /** Let the event loop breathe every this many orders (an HTTP server keeps answering). @default 100 */
  readonly yieldEvery?: number
}

/** One policy over the scripts: each order in its own engine (orders do not interact), one shared read model. */
export const runPolicy = async (
  policy: Policy,
  scripts: readonly OrderScript[],
  onOrder?: () => void,
  yieldEvery = 100,
): Promise<RunMetrics> => {
  const collector = new Collector()
  for (let i = 0; i < scripts.length; i++) {
    const script = scripts[i]
    if (script === undefined) continue
    await runScripts(new PureEngine(policy, collector.append), [script], { onStep: collector.step })
    onOrder?.()
    if (i % yieldEvery === yieldEvery - 1) await new Promise((r) => setImmediate(r))
  }
  return collector.metrics(policy)
}

export interface ComparisonRow {
  readonly metric: string
  readonly base: number | null
  readonly candidate: number | null
  readonly delta: number | null
  /** Relative change in percent; null when the base is 0 or unknown. */
  readonly deltaPercent: number | null
  readonly unit: 'count' | 'money' | 'hours'
}

export interface SimulationReport {
  readonly seed: string
  readonly orders: number
  readonly from: string
  readonly base: { readonly label: string; readonly metrics: RunMetrics }
  readonly candidate: { readonly label: string; readonly metrics: RunMetrics }
  readonly rows: readonly ComparisonRow[]
}

const rowsOf = (a: RunMetrics, b: RunMetrics): ComparisonRow[] => {
  const spec: [string, (m: RunMetrics) => number | null, ComparisonRow['unit']][] = [
    ['orders', (m) => m.orders, 'count'],
    ['shipped late', (m) => m.shippedLate, 'count'],
    ['cancellations requested', (m) => m.cancellations.requested, 'count'],
    ['cancellations approved', (m) => m.cancellations.approved, 'count'],
    ['cancellations approved automatically', (m) => m.cancellations.automatic, 'count'],
    [
      'cancellations counting against sellers',
      (m) => m.cancellations.countingAgainstSellers,
      'count',
    ],
    ['claims attempted', (m) => m.cases.attempted, 'count'],
    ['cases opened', (m) => m.cases.opened, 'count'],
    ['escalations', (m) => m.cases.escalated, 'count'],
    ['escalations for seller silence', (m) => m.cases.escalatedForSilence, 'count'],
    ['agent decisions', (m) => m.agents.decisions, 'count'],
    ['agent queue hours', (m) => m.agents.decisionHours, 'hours'],
    ['agent SLA breaches', (m) => m.agents.slaBreaches, 'count'],
    ['cases counting against sellers', (m) => m.cases.countingAgainstSellers, 'count'],
    [
      'settled in grace (not counted)',
      (m) => m.cases.byReputationReason.settled_in_grace ?? 0,
      'count',
    ],
    ['case refunds', (m) => m.refunds.count, 'count'],
    ['case refunds, amount', (m) => m.refunds.total, 'money'],
    ['  funded by sellers', (m) => m.refunds.byFunder.seller ?? 0, 'money'],
    ['  funded by the marketplace', (m) => m.refunds.byFunder.marketplace ?? 0, 'money'],
    ['  funded by carriers', (m) => m.refunds.byFunder.carrier ?? 0, 'money'],
    ['automatic refunds', (m) => m.refunds.automaticCount, 'count'],
    ['cancellation refunds, amount', (m) => m.cancellations.refunded, 'money'],
    ['windows missed', (m) => Object.values(m.windowsMissed).reduce((s, n) => s + n, 0), 'count'],
    ...windowCodes.map((code): [string, (m: RunMetrics) => number, ComparisonRow['unit']] => [
      `  ${code}`,
      (m) => m.windowsMissed[code] ?? 0,
      'count',
    ]),
    ['sellers failing a standard', (m) => m.sellers.failing, 'count'],
    ['sellers warned', (m) => m.sellers.warning, 'count'],
  ]
  return spec.map(([metric, get, unit]) => {
    const base = get(a)
    const candidate = get(b)
    const delta =
      base === null || candidate === null ? null : Math.round((candidate - base) * 10) / 10
    return {
      metric,
      base,
      candidate,
      delta,
      deltaPercent:
        base === null || base === 0 || delta === null
          ? null
          : Math.round((delta / base) * 1000) / 10,
      unit,
    }
  })
}

/** Plays the same generated marketplace under `base` and `candidate` and compares the two. */
export const simulatePolicies = async (
  base: { readonly label: string; readonly policy: Policy },
  candidate: { readonly label: string; readonly policy: Policy },
  options: SimulationOptions,
): Promise<SimulationReport> => {
  const scripts = generateScripts(options.seed, options.orders)
  let done = 0
  const total = scripts.length * 2
  const tick = () => options.onProgress?.(++done, total)
  const a = await runPolicy(base.policy, scripts, tick, options.yieldEvery)
  const b = await runPolicy(candidate.policy, scripts, tick, options.yieldEvery)
  return {
    seed: options.seed,
    orders: options.orders,
    from: SIMULATION_EPOCH,
    base: { label: base.label, metrics: a },
    candidate: { label: candidate.label, metrics: b },
    rows: rowsOf(a, b),
  }
}

const money = (minor: number): string =>
  `$${(minor / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`

const show = (v: number | null, unit: ComparisonRow['unit']): string =>
  v === null ? '—' : unit === 'money' ? money(v) : v.toLocaleString('en-US')

/** The comparison as a plain-text table (what `recourse simulate` prints). */
export const formatReport = (r: SimulationReport): string => {
  const header = ['metric', 'base', 'candidate', 'change', '%']
  const body = r.rows.map((row) => [
    row.metric,
    show(row.base, row.unit),
    show(row.candidate, row.unit),
    row.delta === null
      ? '—'
      : `${row.delta > 0 ? '+' : ''}${show(row.delta, row.unit).replace('$-', '-$')}`,
    row.deltaPercent === null ? '' : `${row.deltaPercent > 0 ? '+' : ''}${row.deltaPercent} %`,
  ])
  const widths = header.map((h, i) =>
    Math.min(48, Math.max(h.length, ...body.map((b) => (b[i] ?? '').length))),
  )
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
  return [
    `Simulated ${r.orders.toLocaleString('en-US')} orders (seed '${r.seed}', purchases over 90 days from ${r.from.slice(0, 10)}).`,
    `base:      ${r.base.label}`,
    `candidate: ${r.candidate.label}`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...body.map(line),
  ].join('\n')
}
