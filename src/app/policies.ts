import { desc, eq } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import type { PolicyVersionId } from '../domain/shared/ids.ts'
import type { Policy } from '../policy/types.ts'
import type { Instant } from '../policy/time.ts'
import type { Queryable } from '../store/database.ts'
import { policyVersions } from '../store/schema.ts'

export interface PolicyVersion {
  readonly id: PolicyVersionId
  readonly policy: Policy
}

/**
 * Policy versions are immutable rows; the newest is in force. Aggregates keep
 * the id of the version they opened under, so a cached version never goes stale.
 */
export class PolicyBook {
  private readonly cache = new Map<string, Policy>()
  private latest: { version: PolicyVersion; readAt: number } | null = null

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

  async publish(
    q: Queryable,
    policy: Policy,
    by: string,
    now: Instant,
    note?: string,
  ): Promise<PolicyVersion> {
    const id = uuidv7() as PolicyVersionId
    await q.insert(policyVersions).values({
      id,
      preset: policy.preset,
      document: policy,
      createdBy: by,
      createdAt: now,
      note: note ?? null,
    })
    this.cache.set(id, policy)
    this.latest = { version: { id, policy }, readAt: Date.now() }
    return { id, policy }
  }

  /** Creates the first version on an empty database. */
  async ensureInitial(q: Queryable, policy: Policy, now: Instant): Promise<void> {
    const rows = await q.select({ id: policyVersions.id }).from(policyVersions).limit(1)
    if (rows.length === 0) await this.publish(q, policy, 'system', now, 'initial policy')
  }
}
