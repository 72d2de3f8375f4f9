import { and, desc, isNotNull, ne, or, eq } from 'drizzle-orm'
import type { Case } from '../domain/case/state.ts'
import type { Queryable } from '../store/database.ts'
import { insightCases } from '../store/schema-insights.ts'
import type { ReusedEvidence } from './risk.ts'
import { reusedEvidence } from './risk.ts'
import { loadCaseRow, loadOrderRow } from './store.ts'
import { amountBand, describeAmountBand } from './vocabulary.ts'

/**
 * Precedents: for a case an agent is deciding, the most similar cases agents
 * already decided, with their outcomes, so like cases get like decisions.
 * Similarity weighs the same reason most, then the category, the claimed
 * amount's band and the kinds of evidence.
 */

export interface CaseProfile {
  readonly caseId: string
  readonly reason: string
  readonly category: string
  readonly amountBand: number
  readonly evidenceKinds: readonly string[]
}

export interface Precedent {
  readonly caseId: string
  readonly similarity: number
  /** Which features matched, in words. */
  readonly matched: readonly string[]
  readonly reason: string
  readonly category: string
  readonly claimedAmount: number
  readonly currency: string
  readonly amountBand: string
  readonly evidenceKinds: readonly string[]
  readonly outcome: string
  readonly fault: string | null
  readonly funding: string | null
  readonly rationale: string | null
  readonly escalated: boolean
  readonly countsAgainstSeller: boolean | null
  readonly closedAt: string
  readonly href: string
}

export interface Precedents {
  readonly caseId: string
  readonly profile: CaseProfile & { readonly amountBandText: string }
  readonly items: readonly Precedent[]
  /** Outcomes among the precedents listed, most frequent first. */
  readonly outcomes: readonly { readonly outcome: string; readonly count: number }[]
  readonly summary: string
  /** Evidence on this case whose exact bytes also sit on another case. */
  readonly reusedEvidence: readonly ReusedEvidence[]
}

const WEIGHTS = { reason: 0.4, category: 0.3, amount: 0.15, evidence: 0.15 } as const

const topLevel = (category: string): string => category.split('/')[0] ?? category

/** Jaccard similarity of two sets of evidence kinds (both empty: alike). */
const jaccard = (a: readonly string[], b: readonly string[]): number => {
  const union = new Set([...a, ...b])
  if (union.size === 0) return 1
  return a.filter((x) => b.includes(x)).length / union.size
}

/** How alike two cases are, 0–1, and which features matched. Pure. */
export const similarity = (
  target: CaseProfile,
  other: CaseProfile,
): { score: number; matched: string[] } => {
  const matched: string[] = []
  let score = 0
  if (other.reason === target.reason) {
    score += WEIGHTS.reason
    matched.push(`same reason (${target.reason})`)
  }
  if (other.category === target.category) {
    score += WEIGHTS.category
    matched.push(`same category (${target.category})`)
  } else if (topLevel(other.category) === topLevel(target.category)) {
    score += WEIGHTS.category / 2
    matched.push(`same department (${topLevel(target.category)})`)
  }
  const bandGap = Math.abs(other.amountBand - target.amountBand)
  if (bandGap === 0) {
    score += WEIGHTS.amount
    matched.push(`same amount band (${describeAmountBand(target.amountBand)})`)
  } else if (bandGap === 1) {
    score += WEIGHTS.amount / 2
    matched.push('neighbouring amount band')
  }
  const e = jaccard(target.evidenceKinds, other.evidenceKinds)
  score += WEIGHTS.evidence * e
  if (e === 1 && target.evidenceKinds.length > 0)
    matched.push(`same evidence kinds (${target.evidenceKinds.join(', ')})`)
  return { score: Math.round(score * 1000) / 1000, matched }
}

/** Candidates are the newest decided cases sharing the reason or the category; this many at most. */
const CANDIDATES = 500

export const precedentsFor = async (
  q: Queryable,
  c: Case,
  options: { limit: number },
): Promise<Precedents> => {
  const [row, order] = await Promise.all([loadCaseRow(q, c.caseId), loadOrderRow(q, c.orderId)])
  const profile: CaseProfile = {
    caseId: c.caseId,
    reason: c.reason,
    category: row?.category ?? order?.category ?? 'unknown',
    amountBand: amountBand(c.claimedAmount),
    evidenceKinds: [...new Set(c.evidence.map((e) => e.kind))].sort(),
  }
  const t = insightCases
  const candidates = await q
    .select()
    .from(t)
    .where(
      and(
        isNotNull(t.outcome),
        isNotNull(t.closedAt),
        ne(t.caseId, c.caseId),
        or(eq(t.reason, profile.reason), eq(t.category, profile.category)),
      ),
    )
    .orderBy(desc(t.closedAt))
    .limit(CANDIDATES)
  const items = candidates
    .map((r) => {
      const other: CaseProfile = {
        caseId: r.caseId,
        reason: r.reason,
        category: r.category,
        amountBand: r.amountBand,
        evidenceKinds: r.evidenceKinds as string[],
      }
      const { score, matched } = similarity(profile, other)
      return {
        caseId: r.caseId,
        similarity: score,
        matched,
        reason: r.reason,
        category: r.category,
        claimedAmount: r.claimedAmount,
        currency: r.currency,
        amountBand: describeAmountBand(r.amountBand),
        evidenceKinds: other.evidenceKinds,
        outcome: r.outcome ?? 'unknown',
        fault: r.fault,
        funding: r.funding,
        rationale: r.rationale,
        escalated: r.escalatedAt !== null,
        countsAgainstSeller: r.countsAgainstSeller,
        closedAt: new Date(r.closedAt ?? 0).toISOString(),
        href: `/v1/cases/${r.caseId}`,
      }
    })
    .sort((a, b) => b.similarity - a.similarity || b.closedAt.localeCompare(a.closedAt))
    .slice(0, options.limit)
  const counts = new Map<string, number>()
  for (const p of items) counts.set(p.outcome, (counts.get(p.outcome) ?? 0) + 1)
  const outcomes = [...counts.entries()]
    .map(([outcome, count]) => ({ outcome, count }))
    .sort((a, b) => b.count - a.count || a.outcome.localeCompare(b.outcome))
  const top = outcomes[0]
  const summary =
    top === undefined
      ? 'No decided case shares this reason or category yet.'
      : `${top.count} of ${items.length} most similar decided cases ended ${top.outcome.replaceAll('_', ' ')}.`
  return {
    caseId: c.caseId,
    profile: { ...profile, amountBandText: describeAmountBand(profile.amountBand) },
    items,
    outcomes,
    summary,
    reusedEvidence: await reusedEvidence(q, { limit: 20, caseId: c.caseId }),
  }
}
