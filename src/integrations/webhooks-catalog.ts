import { Type, type Static } from 'typebox'
import type { DomainEventType } from '../domain/events.ts'
import { caseEntries } from './webhooks-catalog/cases.ts'
import type { Entry, SourceEvent } from './webhooks-catalog/entry.ts'
import { moneyEntries } from './webhooks-catalog/money.ts'
import { orderEntries } from './webhooks-catalog/orders.ts'

export type { Entry, OrderRef, SourceEvent } from './webhooks-catalog/entry.ts'

/**
 * The public events: what the marketplace's systems hear about, by webhook
 * and on the `GET /v1/events` feed. Each is a stable, versioned contract
 * (`docs/events.md` is generated from this table) mapped from one domain
 * event; internal facts (deadlines, reminders, translations) never leave.
 * The entries are written per area in `webhooks-catalog/`.
 */

/** What a webhook body and a feed item look like. */
export const EventEnvelope = Type.Object(
  {
    id: Type.String({
      format: 'uuid',
      description: 'Unique per event; the `webhook-id` header. Deduplicate on it.',
    }),
    type: Type.String({ description: 'Public event type, e.g. `case.opened`' }),
    version: Type.Integer({ minimum: 1, description: 'Version of this type’s `data` schema' }),
    timestamp: Type.String({ format: 'date-time', description: 'When it happened' }),
    marketplace: Type.String({ description: 'Which Recourse installation sent it' }),
    data: Type.Object({}, { additionalProperties: true }),
  },
  { $id: 'Event' },
)
export type EventEnvelope = Static<typeof EventEnvelope>

/** Every public event type, the domain event it comes from, and its `data` schema. */
export const eventCatalog: readonly Entry[] = [...orderEntries, ...caseEntries, ...moneyEntries]

/** Stored events carry their type as a plain string; the lookup takes one. */
const bySource: ReadonlyMap<string, Entry> = new Map(eventCatalog.map((e) => [e.source, e]))

export const publicEventTypes: readonly string[] = eventCatalog.map((e) => e.type)

/** The domain event types that become public events (the feed filters on them). */
export const publishedSources: readonly DomainEventType[] = eventCatalog.map((e) => e.source)

/** The public event for a stored domain event, or null when it stays internal. */
export const toPublicEvent = (e: SourceEvent, marketplace: string): EventEnvelope | null => {
  const entry = bySource.get(e.type)
  if (!entry || !e.order) return null
  return {
    id: e.id,
    type: entry.type,
    version: entry.version,
    timestamp: e.occurredAt,
    marketplace,
    data: entry.map(e, e.order) as Record<string, unknown>,
  }
}

/** The catalog as Markdown: one table, then each type’s JSON Schema (docs/events.md). */
export const renderEventCatalog = (): string => {
  const lines = [
    '| type | version | from domain event | meaning |',
    '|---|---|---|---|',
    ...eventCatalog.map(
      (e) =>
        `| \`${e.type}\` | ${e.version} | \`${e.source}\` | ${e.description.replaceAll('|', '\\|')} |`,
    ),
    '',
  ]
  for (const e of eventCatalog) {
    lines.push(
      `### \`${e.type}\` v${e.version}`,
      '',
      e.description,
      '',
      '```json',
      JSON.stringify(
        { $id: `https://recourse.dev/events/${e.type}/v${e.version}.json`, ...e.schema },
        null,
        2,
      ),
      '```',
      '',
    )
  }
  return lines.join('\n').trimEnd()
}
