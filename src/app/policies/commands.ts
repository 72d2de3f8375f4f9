import { v7 as uuidv7 } from 'uuid'
import type { PolicyVersionId } from '../../domain/shared/ids.ts'
import type { Policy } from '../../policy/types.ts'
import type { Instant } from '../../policy/time.ts'
import type { Queryable } from '../../store/database.ts'
import { isUniqueViolation } from '../../store/errors.ts'
import { policyVersions } from '../../store/schema.ts'
import { PolicyQueries, type PolicyVersion, type StalePolicyVersion } from './queries.ts'

/** Publishing policy versions: each one chained to the version it replaces. */
export class PolicyBook extends PolicyQueries {
  async publish(
    q: Queryable,
    policy: Policy,
    by: string,
    now: Instant,
    note?: string,
    /** The version this one replaces; by default the one in force when this runs. */
    over?: string,
  ): Promise<PolicyVersion> {
    const id = uuidv7() as PolicyVersionId
    const previousId = over ?? (await this.head(q))?.id ?? null
    await q.insert(policyVersions).values({
      id,
      preset: policy.preset,
      document: policy,
      createdBy: by,
      createdAt: now,
      note: note ?? null,
      previousId,
    })
    this.cache.set(id, policy)
    this.latest = { version: { id, policy }, readAt: Date.now() }
    return { id, policy }
  }

  /**
   * Publishes `policy` only if `basedOn` is still the version in force. The
   * unique `previous_id` makes a concurrent publish over the same version fail
   * with a unique violation, which the caller's transaction turns into the
   * same refusal on retry.
   */
  async publishOver(
    q: Queryable,
    basedOn: string,
    policy: Policy,
    by: string,
    now: Instant,
    note?: string,
  ): Promise<PolicyVersion | StalePolicyVersion> {
    const stale = async (): Promise<StalePolicyVersion> => ({
      code: 'VERSION_MISMATCH',
      expectedVersion: basedOn,
      currentVersion: (await this.head(q))?.id ?? '',
    })
    if ((await this.head(q))?.id !== basedOn) return stale()
    try {
      // A savepoint, so the transaction survives a concurrent publisher's win.
      // Chained to `basedOn` itself, not to the head re-read: a publisher that
      // committed since the check above must make this insert collide.
      return await q.transaction((inner) => this.publish(inner, policy, by, now, note, basedOn))
    } catch (error) {
      if (!isUniqueViolation(error, 'policy_versions_previous_id_key')) throw error
      this.latest = null
      return stale()
    }
  }

  /** Creates the first version on an empty database. */
  async ensureInitial(q: Queryable, policy: Policy, now: Instant): Promise<void> {
    const rows = await q.select({ id: policyVersions.id }).from(policyVersions).limit(1)
    if (rows.length === 0) await this.publish(q, policy, 'system', now, 'initial policy')
  }
}
