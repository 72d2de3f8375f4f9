import { and, desc, eq, gt, isNull } from 'drizzle-orm'
import { addMillis, type Instant, isBefore } from '../../policy/time.ts'
import type { Queryable } from '../../store/database.ts'
import { fromDbTime } from '../../store/event-store.ts'
import { sessions } from '../../store/schema-identity.ts'
import type { SessionSettings, SignInMethod } from './commands.ts'

/** A session as its person sees it in their list: where and when, never its secret. */
export interface SessionListItem {
  readonly id: string
  readonly via: SignInMethod
  readonly createdAt: Instant
  readonly lastSeenAt: Instant
  readonly expiresAt: Instant
  readonly ip: string | null
  readonly userAgent: string | null
  /** The session this request came with. */
  readonly current: boolean
}

/** A person's live sessions, newest first (the idle ones that timed out are left out). */
export const listSessionsOf = async (
  q: Queryable,
  settings: SessionSettings,
  personId: string,
  currentSessionId: string | null,
  now: Instant,
): Promise<SessionListItem[]> => {
  const rows = await q
    .select()
    .from(sessions)
    .where(
      and(eq(sessions.personId, personId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)),
    )
    .orderBy(desc(sessions.createdAt), desc(sessions.id))
    .limit(100)
  return rows
    .filter((r) => isBefore(now, addMillis(fromDbTime(r.lastSeenAt), settings.idleMs)))
    .map((r) => ({
      id: r.id,
      via: r.via as SignInMethod,
      createdAt: fromDbTime(r.createdAt),
      lastSeenAt: fromDbTime(r.lastSeenAt),
      expiresAt: fromDbTime(r.expiresAt),
      ip: r.ip,
      userAgent: r.userAgent,
      current: r.id === currentSessionId,
    }))
}
