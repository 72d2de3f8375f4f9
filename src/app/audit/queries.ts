import { and, desc, eq, gte, like, lt, or, type SQL } from 'drizzle-orm'
import type { Instant } from '../../policy/time.ts'
import type { Queryable } from '../../store/database.ts'
import { fromDbTime } from '../../store/event-store.ts'
import { auditEvents } from '../../store/schema-identity.ts'
import { keysetAfter, tupleCursor } from '../cursor.ts'

/** One audit event as admins read it. */
export interface AuditEventView {
  readonly id: string
  readonly at: Instant
  readonly type: string
  readonly actor: { readonly kind: string; readonly id: string } | null
  readonly subject: { readonly kind: string; readonly id: string } | null
  readonly ip: string | null
  readonly userAgent: string | null
  readonly data: Readonly<Record<string, unknown>>
}

export interface AuditQuery {
  /** Events by this actor id, or about this subject id. */
  readonly actor?: string | undefined
  /** An exact type (`auth.sign_in`) or an area ending in a dot (`auth.`). */
  readonly type?: string | undefined
  readonly from?: Instant | undefined
  /** Exclusive. */
  readonly to?: Instant | undefined
  readonly limit: number
  readonly cursor?: string | undefined
}

/** The page cursor: `(at, id)` of the last event shown, newest first. */
const auditCursor = tupleCursor('string', 'string')

const likePrefix = (text: string): string => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/** Audit events, newest first, filtered by actor, type and time, a page at a time. */
export const listAuditEvents = async (
  q: Queryable,
  query: AuditQuery,
): Promise<{ items: AuditEventView[]; nextCursor: string | null }> => {
  const where: (SQL | undefined)[] = []
  if (query.actor)
    where.push(or(eq(auditEvents.actorId, query.actor), eq(auditEvents.subjectId, query.actor)))
  if (query.type) {
    where.push(
      query.type.endsWith('.')
        ? like(auditEvents.type, likePrefix(query.type))
        : eq(auditEvents.type, query.type),
    )
  }
  if (query.from) where.push(gte(auditEvents.at, query.from))
  if (query.to) where.push(lt(auditEvents.at, query.to))
  const key = query.cursor ? auditCursor.decode(query.cursor) : null
  if (key) where.push(keysetAfter([auditEvents.at, auditEvents.id], key, 'desc'))
  const rows = await q
    .select()
    .from(auditEvents)
    .where(and(...where))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(query.limit + 1)
  const items = rows.slice(0, query.limit).map((r): AuditEventView => ({
    id: r.id,
    at: fromDbTime(r.at),
    type: r.type,
    actor: r.actorKind && r.actorId ? { kind: r.actorKind, id: r.actorId } : null,
    subject: r.subjectKind && r.subjectId ? { kind: r.subjectKind, id: r.subjectId } : null,
    ip: r.ip,
    userAgent: r.userAgent,
    data: r.data as Record<string, unknown>,
  }))
  const last = rows.length > query.limit ? rows[query.limit - 1] : undefined
  return { items, nextCursor: last ? auditCursor.encode([last.at, last.id]) : null }
}
