import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { and, asc, desc, eq, gt, ilike, isNull, or, type SQL } from 'drizzle-orm'
import type { Recourse } from '../../app/recourse.ts'
import { fromDbTime } from '../../store/event-store.ts'
import { apiKeys, users } from '../../store/schema.ts'
import { createApiKey, requireRole } from '../auth.ts'
import { notFound } from '../problems.ts'
import { IdParams, problemResponses } from '../schemas/common.ts'
import {
  ApiKeyList,
  ApiKeyView,
  ApiKeyWithSecret,
  CreateApiKeyBody,
  PeoplePage,
  PeopleQuery,
} from '../schemas/admin.ts'

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
export const adminRoutes =
  (recourse: Recourse): FastifyPluginAsyncTypebox =>
  async (app) => {
    const db = recourse.database.db

    app.get(
      '/api-keys',
      {
        schema: {
          tags: ['admin'],
          summary: 'Every integration API key, newest first; secrets are never shown again (admin)',
          response: { 200: ApiKeyList, ...problemResponses },
        },
      },
      async (request) => {
        requireRole(request, 'admin')
        const rows = await db
          .select()
          .from(apiKeys)
          .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
        return { items: rows.map(keyView) }
      },
    )

    app.post(
      '/api-keys',
      {
        schema: {
          tags: ['admin'],
          summary: 'Create an integration API key; the secret is in this answer only (admin)',
          body: CreateApiKeyBody,
          response: { 201: ApiKeyWithSecret, ...problemResponses },
        },
      },
      async (request, reply) => {
        requireRole(request, 'admin')
        const now = await recourse.clock.now()
        const key = await createApiKey(db, request.body.name.trim(), now)
        return reply.code(201).send({ ...key, createdAt: now, revokedAt: null })
      },
    )

    app.post(
      '/api-keys/:id/revoke',
      {
        schema: {
          tags: ['admin'],
          summary:
            'Revoke a key: calls with it are refused (within 5 s in every process); revoking twice keeps the first time (admin)',
          params: IdParams,
          response: { 200: ApiKeyView, ...problemResponses },
        },
      },
      async (request) => {
        requireRole(request, 'admin')
        const now = await recourse.clock.now()
        await db
          .update(apiKeys)
          .set({ revokedAt: now })
          .where(and(eq(apiKeys.id, request.params.id), isNull(apiKeys.revokedAt)))
        const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, request.params.id))
        if (!row) throw notFound('API key')
        return keyView(row)
      },
    )

    app.get(
      '/users',
      {
        schema: {
          tags: ['admin'],
          summary:
            'People Recourse knows: mirrored marketplace users and console accounts, by id (admin)',
          querystring: PeopleQuery,
          response: { 200: PeoplePage, ...problemResponses },
        },
      },
      async (request) => {
        requireRole(request, 'admin')
        const { role, q, limit, cursor } = request.query
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
    )
  }
