import { and, asc, desc, eq, gt, ilike, or, type SQL } from 'drizzle-orm'
import type { Instant } from '../../policy/time.ts'
import type { Queryable } from '../../store/database.ts'
import { fromDbTime } from '../../store/event-store.ts'
import { apiKeys, users } from '../../store/schema.ts'
import { apiKeyView, type ApiKeyView } from './api-keys.ts'

/** Every integration API key, newest first. */
export const listApiKeys = async (q: Queryable): Promise<ApiKeyView[]> => {
  const rows = await q.select().from(apiKeys).orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
  return rows.map(apiKeyView)
}

/** The key whose secret has this hash (`hashSecret`), revoked or not, or null. */
export const apiKeyBySecretHash = async (
  q: Queryable,
  secretHash: string,
): Promise<ApiKeyView | null> => {
  const [row] = await q.select().from(apiKeys).where(eq(apiKeys.secretHash, secretHash))
  return row ? apiKeyView(row) : null
}

/** A person Recourse knows: a mirrored marketplace user or a console account. */
export interface PersonView {
  readonly id: string
  readonly role: string
  readonly name: string
  readonly email: string | null
  readonly locale: string
  readonly timeZone: string
  readonly createdAt: Instant
  /** Has a console password (agents and admins log in). */
  readonly console: boolean
}

export interface PeopleQuery {
  readonly role?: 'buyer' | 'seller' | 'agent' | 'admin' | undefined
  /** Part of the name, id or email. */
  readonly q?: string | undefined
  readonly limit: number
  /** The last id of the previous page. */
  readonly cursor?: string | undefined
}

/** `%`, `_` and `\` match themselves in a search box. */
const likePattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/** People by id, filtered by role and a search text, a page at a time. */
export const listPeople = async (
  q: Queryable,
  query: PeopleQuery,
): Promise<{ items: PersonView[]; nextCursor: string | null }> => {
  const { role, limit, cursor } = query
  const where: SQL[] = []
  if (role) where.push(eq(users.role, role))
  if (query.q) {
    const pattern = likePattern(query.q)
    const match = or(
      ilike(users.name, pattern),
      ilike(users.id, pattern),
      ilike(users.email, pattern),
    )
    if (match) where.push(match)
  }
  if (cursor) where.push(gt(users.id, cursor))
  const rows = await q
    .select()
    .from(users)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(users.id))
    .limit(limit + 1)
  const items = rows.slice(0, limit).map((r) => ({
    id: r.id,
    role: r.role,
    name: r.name,
    email: r.email,
    locale: r.locale,
    timeZone: r.timeZone,
    createdAt: fromDbTime(r.createdAt),
    console: r.passwordHash !== null,
  }))
  return {
    items,
    nextCursor: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null,
  }
}
