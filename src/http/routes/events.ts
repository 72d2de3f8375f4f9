import type { ConversationServices, Recourse } from '../../app/recourse.ts'
import { eventCatalog } from '../../integrations/webhooks-catalog.ts'
import { defineRoute, everyone, type Route } from '../route.ts'
import { EventFeedPage, EventFeedQuery, EventTypeList } from '../schemas/webhook.ts'

const tags = ['events']

/** The public events as a pull feed, and their catalog with JSON Schemas. */
export const eventRoutes = (recourse: Recourse, services: ConversationServices): Route[] => [
  defineRoute({
    method: 'GET',
    url: '/v1/events',
    tags,
    summary:
      'Public events after `after`, oldest first; pass the returned `nextCursor` to continue (integration)',
    roles: ['integration', 'admin'],
    query: EventFeedQuery,
    response: { 200: EventFeedPage },
    handler: ({ query }) => {
      const types = query.types
        ?.split(',')
        .map((t) => t.trim())
        .filter(Boolean)
      return services.webhooks.feed(recourse.database.db, {
        after: query.after,
        limit: query.limit,
        types,
      })
    },
  }),

  defineRoute({
    method: 'GET',
    url: '/v1/event-types',
    tags,
    summary: 'Every public event type with its version and JSON Schema (docs/events.md)',
    roles: everyone,
    response: { 200: EventTypeList },
    handler: async () => ({
      items: eventCatalog.map((e) => ({
        type: e.type,
        version: e.version,
        source: e.source,
        description: e.description,
        schema: e.schema,
      })),
    }),
  }),
]
