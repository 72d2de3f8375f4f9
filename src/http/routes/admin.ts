import { and, asc, desc, eq, gt, ilike, isNull, or, type SQL } from 'drizzle-orm'
import type { Recourse } from '../../app/recourse.ts'
import { fromDbTime } from '../../store/event-store.ts'
import { apiKeys, users } from '../../store/schema.ts'
import { createApiKey } from '../auth.ts'
import { notFound } from '../problems.ts'
import { defineRoute, type Route } from '../route.ts'
import { IdParams } from '../schemas/common.ts'
import {
  ApiKeyList,
  ApiKeyView,
  ApiKeyWithSecret,
  CreateApiKeyBody,
  PeoplePage,
  PeopleQuery,
} from '../schemas/admin.ts'

const tags = ['admin']

const keyView = (r: typeof apiKeys.$inferSelect) => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  createdAt: fromDbTime(r.createdAt),
  revokedAt: r.revokedAt ? fromDbTime(r.revokedAt) : null,
})

/** `%`, `_` and `\` match themselves in a search box. */
const likePattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/** Admin: integration API keys (hashed at rest) and the people directory. */
export const adminRoutes = (recourse: Recourse): Route[] => {
  const db = recourse.database.db

  return [
    defineRoute({
      method: 'GET',
      url: '/v1/api-keys',
      tags,
      summary: 'Every integration API key, newest first; secrets are never shown again (admin)',
      roles: ['admin'],
      response: { 200: ApiKeyList },
      handler: async () => {
        const rows = await db
          .select()
          .from(apiKeys)
          .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
        return { items: rows.map(keyView) }
      },
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/api-keys',
      tags,
      summary: 'Create an integration API key; the secret is in this answer only (admin)',
      roles: ['admin'],
      body: CreateApiKeyBody,
      response: { 201: ApiKeyWithSecret },
      handler: async ({ body }, reply) => {
        const now = await recourse.clock.now()
        const key = await createApiKey(db, body.name.trim(), now)
        return reply.code(201).send({ ...key, createdAt: now, revokedAt: null })
      },
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/api-keys/:id/revoke',
      tags,
      summary:
        'Revoke a key: calls with it are refused (within 5 s in every process); revoking twice keeps the first time (admin)',
      roles: ['admin'],
      params: IdParams,
      response: { 200: ApiKeyView },
      handler: async ({ params }) => {
        const now = await recourse.clock.now()
        await db
          .update(apiKeys)
          .set({ revokedAt: now })
          .where(and(eq(apiKeys.id, params.id), isNull(apiKeys.revokedAt)))
        const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, params.id))
        if (!row) throw notFound('API key')
        return keyView(row)
      },
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/users',
      tags,
      summary:
        'People Recourse knows: mirrored marketplace users and console accounts, by id (admin)',
      roles: ['admin'],
      query: PeopleQuery,
      response: { 200: PeoplePage },
      handler: async ({ query }) => {
        const { role, q, limit, cursor } = query
        const where: SQL[] = []
        if (role) where.push(eq(users.role, role))
        if (q) {
          const pattern = likePattern(q)
          const match = or(
            ilike(users.name, pattern),
            ilike(users.id, pattern),
            ilike(users.email, pattern),
          )
          if (match) where.push(match)
        }
        if (cursor) where.push(gt(users.id, cursor))
        const rows = await db
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
      },
    }),
  ]
}
