import { createApiKey, revokeApiKey } from '../../app/people/commands.ts'
import { listApiKeys, listPeople } from '../../app/people/queries.ts'
import type { Recourse } from '../../app/recourse.ts'
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
      handler: async () => ({ items: await listApiKeys(db) }),
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
        const key = await revokeApiKey(db, params.id, await recourse.clock.now())
        if (!key) throw notFound('API key')
        return key
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
      handler: ({ query }) => listPeople(db, query),
    }),
  ]
}
