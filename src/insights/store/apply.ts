// Writing one command's effects in its transaction, and what must follow the upserts.
import { sql } from 'drizzle-orm'
import type { Queryable } from '../../store/database.ts'
import {
  insightBuyerDays,
  insightEvidence,
  insightEvidenceHashes,
} from '../../store/schema-insights.ts'
import { files } from '../../store/schema.ts'
import type { Effects } from '../projection.ts'
import { type BuyerCounter } from '../projection.ts'
import { textArray } from '../risk.ts'
import { caseUpserts, chunks, counterUpserts, orderUpserts } from './upserts.ts'

/**
 * Writes what the projector decided, inside the caller's transaction. Each
 * table gets one multi-row upsert; entries are merged by key beforehand, as
 * Postgres refuses to touch one row twice in one `ON CONFLICT DO UPDATE`.
 * The upserts touch different tables and read nothing another writes, so a
 * command sends them as one statement: up to ten round trips become one, and
 * every command that changes an order or a case pays this.
 */
export const applyEffects = async (q: Queryable, fx: Effects): Promise<void> => {
  const upserts = [
    ...orderUpserts(fx.order === null ? [] : [fx.order]),
    ...caseUpserts(fx.caseRow === null ? [] : [fx.caseRow]),
    ...counterUpserts(fx),
  ]
  if (upserts.length === 1) await q.execute(upserts[0] ?? sql``)
  else if (upserts.length > 1)
    await q.execute(
      sql`with ${sql.join(
        upserts.map((u, i) => sql`${sql.raw(`w${i}`)} as (${u})`),
        sql`, `,
      )} select 1`,
    )
  await afterCounters(q, fx)
}

/** The buyer-day counters that are "events" for `insight_buyer_days.previous_event_day`. */
const buyerEventCounters = [
  'cancellations',
  'casesOpened',
  'casesDenied',
  'returns',
  'returnsNotShipped',
] as const satisfies readonly BuyerCounter[]

/** The SQL sum of a buyer-day's events (the predicate of the partial indexes reads the same). */
export const buyerDayEventsSql = sql.raw(
  'cancellations + cases_opened + cases_denied + returns + returns_not_shipped',
)

/** `previous_event_day` of a row, from its counters and the buyer's earlier rows (window `w`). */
const previousEventDaySql = sql.raw(
  `greatest(${['cancellations', 'cases_opened', 'cases_denied', 'returns', 'returns_not_shipped']
    .map(
      (c) =>
        `case when ${c} >= 2 then day when ${c} > 0 then max(day) filter (where ${c} > 0) over w end`,
    )
    .join(', ')})`,
)

/**
 * Recomputes `previous_event_day` on every eventful day of these buyers (all
 * buyers when `null`, for a backfill) from the counters already written. A
 * buyer has a few eventful days a year, so this reads a short primary-key
 * range per buyer; recomputing rather than patching one row keeps it right
 * when a batch (a rebuild) or a late event writes several days at once.
 */
export const refreshPreviousEventDays = async (
  q: Queryable,
  buyers: readonly string[] | null,
): Promise<void> => {
  const only = buyers === null ? sql`` : sql`and buyer_id = any(${textArray(buyers)}::text[])`
  await q.execute(sql`
    update ${insightBuyerDays} d set previous_event_day = p.previous
    from (
      select buyer_id, day, ${previousEventDaySql} as previous
      from ${insightBuyerDays}
      where ${buyerDayEventsSql} > 0 ${only}
      window w as (partition by buyer_id order by day rows between unbounded preceding and 1 preceding)
    ) p
    where d.buyer_id = p.buyer_id and d.day = p.day
      and d.previous_event_day is distinct from p.previous`)
}

/**
 * What must follow the upserts: `previous_event_day` reads the buyer days
 * just written, and evidence hashes count only files new to the case.
 */
export const afterCounters = async (q: Queryable, fx: Effects): Promise<void> => {
  const eventful = new Set<string>()
  for (const e of fx.buyerDays.values())
    if (buyerEventCounters.some((c) => (e.counts[c] ?? 0) > 0)) eventful.add(e.buyerId)
  if (eventful.size > 0) await refreshPreviousEventDays(q, [...eventful])
  for (const chunk of chunks(fx.evidence)) {
    const fresh = await q
      .insert(insightEvidence)
      .values(chunk)
      .onConflictDoNothing()
      .returning({ sha256: insightEvidence.sha256, at: insightEvidence.at })
    if (fresh.length > 0)
      // The file's look (a perceptual hash computed at upload), for near-duplicate checks.
      await q.execute(sql`
        update ${insightEvidence} e set perceptual_hash = f.perceptual_hash
        from (select distinct on (sha256) sha256, perceptual_hash from ${files}
              where sha256 = any(${textArray(fresh.map((f) => f.sha256))}::text[])
                and perceptual_hash is not null) f
        where e.sha256 = f.sha256 and e.perceptual_hash is null
          and e.case_id = any(${textArray([...new Set(chunk.map((c) => c.caseId))])}::uuid[])`)
    const byHash = new Map<string, { cases: number; lastAt: string }>()
    for (const f of fresh) {
      const e = byHash.get(f.sha256) ?? { cases: 0, lastAt: f.at }
      e.cases += 1
      if (f.at > e.lastAt) e.lastAt = f.at
      byHash.set(f.sha256, e)
    }
    if (byHash.size === 0) continue
    await q
      .insert(insightEvidenceHashes)
      .values([...byHash.entries()].map(([sha256, e]) => ({ sha256, ...e })))
      .onConflictDoUpdate({
        target: insightEvidenceHashes.sha256,
        set: {
          cases: sql`${insightEvidenceHashes.cases} + excluded.cases`,
          lastAt: sql`greatest(${insightEvidenceHashes.lastAt}, excluded.last_at)`,
        },
      })
  }
}
