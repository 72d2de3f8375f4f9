import { sql } from 'drizzle-orm'
import type { Db, Queryable } from '../store/database.ts'
import { queryRows } from '../store/database.ts'
import type { Reactor } from '../store/event-store.ts'
import { insightEvidence, insightEvidenceNear } from '../store/schema-insights.ts'
import { nearDuplicateEvidence } from './risk.ts'
import { NEAR_DUPLICATE_MAX_DISTANCE } from './vocabulary.ts'

/**
 * Near-duplicate images kept as pairs (`insight_evidence_near`), so the
 * buyer's `evidence_reused` signal counts a photo re-saved, resized or
 * cropped onto another case the way agents see it on the reused-evidence
 * view (`nearDuplicateEvidence`, the same distance `NEAR_DUPLICATE_MAX_DISTANCE`),
 * without comparing every image with every other when the view is read.
 */

/** Whether an event's data attaches a file (`evidence: EvidenceRef | EvidenceRef[]` on case events). */
const attachesFile = (data: unknown): boolean => {
  if (data === null || typeof data !== 'object' || !('evidence' in data)) return false
  const { evidence } = data
  const refs: unknown[] = Array.isArray(evidence) ? evidence : [evidence]
  return refs.some(
    (r) => r !== null && typeof r === 'object' && (r as { kind?: unknown }).kind === 'file',
  )
}

/**
 * Finds the near-duplicates of one case's images against every other case
 * (the byte indexes of `insight_evidence`) and records each pair both ways
 * round. Idempotent: a pair already known is left alone.
 */
export const recordNearDuplicates = async (q: Queryable, caseId: string): Promise<number> => {
  const pairs = await nearDuplicateEvidence(q, {
    caseId,
    maxDistance: NEAR_DUPLICATE_MAX_DISTANCE,
    limit: 10_000,
  })
  const rows = pairs.flatMap((p) => {
    const [a, b] = p.cases
    if (a === undefined || b === undefined) return []
    const row = (mine: typeof a, other: typeof a) => ({
      sha256: mine.sha256,
      caseId: mine.caseId,
      addedByRole: mine.addedByRole,
      addedById: mine.addedById,
      otherSha256: other.sha256,
      otherCaseId: other.caseId,
      distance: p.distance,
    })
    return [row(a, b), row(b, a)]
  })
  if (rows.length === 0) return 0
  await q.insert(insightEvidenceNear).values(rows).onConflictDoNothing()
  return rows.length
}

/**
 * In the command's transaction, after the projector filed the evidence
 * (`insightsReactor` runs first): a case command that attached a file looks
 * for its near-duplicates. Commands without a file pay nothing.
 */
export const nearDuplicatesReactor: Reactor = async (uow, appended) => {
  if (appended.streamType !== 'case') return null
  if (!appended.events.some((e) => attachesFile(e.data))) return null
  await recordNearDuplicates(uow.tx, appended.streamId)
  return null
}

/**
 * Recomputes every pair from `insight_evidence` (after `rebuildInsights`, or
 * once after upgrading, for images stored before the pairs were kept). One
 * lookup per case with a hashed image.
 */
export const refreshNearDuplicates = async (db: Db): Promise<{ cases: number }> =>
  db.transaction(async (tx) => {
    await tx.delete(insightEvidenceNear)
    const cases = await queryRows<{ case_id: string }>(
      tx,
      sql`select distinct case_id from ${insightEvidence} where perceptual_hash is not null`,
    )
    for (const c of cases) await recordNearDuplicates(tx, c.case_id)
    return { cases: cases.length }
  })
