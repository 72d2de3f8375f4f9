import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { ConversationServices } from '../../app/conversations.ts'
import type { Recourse } from '../../app/recourse.ts'
import { eventCatalog } from '../../integrations/webhooks-catalog.ts'
import { requireActor, requireRole } from '../auth.ts'
import { problemResponses } from '../schemas/common.ts'
import { EventFeedPage, EventFeedQuery, EventTypeList } from '../schemas/webhook.ts'

const tags = ['events']

/** The public events as a pull feed, and their catalog with JSON Schemas. */
export const eventRoutes =
  (recourse: Recourse, services: ConversationServices): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/events',
      {
        schema: {
          tags,
          summary:
            'Public events after `after`, oldest first; pass the returned `nextCursor` to continue (integration)',
          querystring: EventFeedQuery,
          response: { 200: EventFeedPage, ...problemResponses },
        },
      },
      async (request) => {
        requireRole(request, 'integration', 'admin')
        const types = request.query.types
          ?.split(',')
          .map((t) => t.trim())
          .filter(Boolean)
        return services.webhooks.feed(recourse.database.db, {
          after: request.query.after,
          limit: request.query.limit,
          types,
        })
      },
    )

    app.get(
      '/event-types',
      {
        schema: {
          tags,
          summary: 'Every public event type with its version and JSON Schema (docs/events.md)',
          response: { 200: EventTypeList, ...problemResponses },
        },
      },
      async (request) => {
        requireActor(request)
        return {
          items: eventCatalog.map((e) => ({
            type: e.type,
            version: e.version,
            source: e.source,
            description: e.description,
            schema: e.schema,
          })),
        }
      },
    )
  }
