import { desc, eq, lt } from 'drizzle-orm'
import type { PolicyVersionId } from '../../domain/shared/ids.ts'
import type { Policy } from '../../policy/types.ts'
import type { Instant } from '../../policy/time.ts'
import type { Queryable } from '../../store/database.ts'
import { fromDbTime } from '../../store/event-store.ts'
import { policyVersions } from '../../store/schema.ts'

export interface PolicyVersion {
  readonly id: PolicyVersionId
  readonly policy: Policy
}

/** A version as the history shows it: who published it, when and why. */
export interface PolicyVersionSummary {
  readonly id: PolicyVersionId
  readonly preset: string
  readonly createdBy: string
  readonly createdAt: Instant
  readonly note: string | null
}

/** Why a publish based on a version was refused: another version came first. */
export interface StalePolicyVersion {
  readonly code: 'VERSION_MISMATCH'
  readonly expectedVersion: string
  readonly currentVersion: string
}

const summaryColumns = {
  id: policyVersions.id,
  preset: policyVersions.preset,
  createdBy: policyVersions.createdBy,
  createdAt: policyVersions.createdAt,
  note: policyVersions.note,
}

const summaryOf = (row: {
  id: string
  preset: string
  createdBy: string
  createdAt: string
  note: string | null
}): PolicyVersionSummary => ({
  id: row.id as PolicyVersionId,
  preset: row.preset,
  createdBy: row.createdBy,
  createdAt: fromDbTime(row.createdAt),
  note: row.note,
})

/**
 * Policy versions are immutable rows; the newest is in force. Aggregates keep
 * the id of the version they opened under, so a cached version never goes stale.
 */
export class PolicyQueries {
  protected readonly cache = new Map<string, Policy>()
  protected latest: { version: PolicyVersion; readAt: number } | null = null

  async current(q: Queryable): Promise<PolicyVersion> {
    // Read on every command and view; a version published by another process
    // is seen within this many milliseconds.
    if (this.latest && Date.now() - this.latest.readAt < 1000) return this.latest.version
    const rows = await q
      .select({ id: policyVersions.id, document: policyVersions.document })
      .from(policyVersions)
      .orderBy(desc(policyVersions.id))
      .limit(1)
    const row = rows[0]
    if (!row)
      throw new Error(
        'no policy version: run `recourse migrate` and start once to create the first one',
      )
    this.cache.set(row.id, row.document as Policy)
    const version = { id: row.id as PolicyVersionId, policy: row.document as Policy }
    this.latest = { version, readAt: Date.now() }
    return version
  }

  async get(q: Queryable, id: PolicyVersionId): Promise<Policy> {
    const cached = this.cache.get(id)
    if (cached) return cached
    const rows = await q
      .select({ document: policyVersions.document })
      .from(policyVersions)
      .where(eq(policyVersions.id, id))
    const row = rows[0]
    if (!row) throw new Error(`policy version ${id} not found`)
    this.cache.set(id, row.document as Policy)
    return row.document as Policy
  }

  /** The version in force, read from the database (no cache): what `If-Match` is checked against. */
  async head(q: Queryable): Promise<(PolicyVersionSummary & { policy: Policy }) | null> {
    const rows = await q
      .select({ ...summaryColumns, document: policyVersions.document })
      .from(policyVersions)
      .orderBy(desc(policyVersions.id))
      .limit(1)
    const row = rows[0]
    if (!row) return null
    return { ...summaryOf(row), policy: row.document as Policy }
  }

  /** Versions newest first, `limit` at a time after the `before` cursor (a version id). */
  async history(
    q: Queryable,
    options: { limit: number; before?: string | undefined },
  ): Promise<PolicyVersionSummary[]> {
    const rows = await q
      .select(summaryColumns)
      .from(policyVersions)
      .where(options.before ? lt(policyVersions.id, options.before) : undefined)
      .orderBy(desc(policyVersions.id))
      .limit(options.limit)
    return rows.map(summaryOf)
  }

  /** One version with its document, or null. */
  async version(
    q: Queryable,
    id: string,
  ): Promise<(PolicyVersionSummary & { policy: Policy }) | null> {
    const rows = await q
      .select({ ...summaryColumns, document: policyVersions.document })
      .from(policyVersions)
      .where(eq(policyVersions.id, id))
    const row = rows[0]
    if (!row) return null
    return { ...summaryOf(row), policy: row.document as Policy }
  }
}
