import { sql } from 'drizzle-orm'
import {
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core'

// Portability (DESIGN §5): UUIDv7 keys made by the application, no sequences,
// no DEFERRABLE constraints or INCLUDE indexes, so the same migrations run on
// PGlite, PostgreSQL and Postgres-compatible distributed SQL.

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' })

/** Immutable policy versions; aggregates freeze the id of the version in force when they open. */
export const policyVersions = pgTable('policy_versions', {
  id: uuid('id').primaryKey(),
  preset: text('preset').notNull(),
  document: jsonb('document').notNull(),
  note: text('note'),
  createdBy: text('created_by').notNull(),
  createdAt: at('created_at').notNull(),
})

/** Current state of every aggregate (order, cancellation, case, …) with the columns lists filter on. */
export const aggregates = pgTable(
  'aggregates',
  {
    id: uuid('id').primaryKey(),
    type: text('type').notNull(),
    version: integer('version').notNull(),
    status: text('status').notNull(),
    buyerId: text('buyer_id'),
    sellerId: text('seller_id'),
    orderId: uuid('order_id'),
    state: jsonb('state').notNull(),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [
    index('aggregates_buyer_idx').on(t.type, t.buyerId, t.id),
    index('aggregates_seller_idx').on(t.type, t.sellerId, t.id),
    index('aggregates_order_idx').on(t.orderId),
    index('aggregates_status_idx').on(t.type, t.status),
  ],
)

/** The event store. `(stream_id, version)` is unique: the optimistic lock of every command. */
export const events = pgTable(
  'events',
  {
    id: uuid('id').primaryKey(),
    streamId: uuid('stream_id').notNull(),
    streamType: text('stream_type').notNull(),
    version: integer('version').notNull(),
    type: text('type').notNull(),
    data: jsonb('data').notNull(),
    actorKind: text('actor_kind').notNull(),
    actorId: text('actor_id').notNull(),
    occurredAt: at('occurred_at').notNull(),
  },
  (t) => [unique('events_stream_version_key').on(t.streamId, t.version)],
)

/**
 * At most one live deadline per aggregate, derived from its state in the same
 * transaction. The scheduler claims due rows by pushing `claimed_until` into
 * the future (a lease) so several processes never fire one row at once.
 */
export const deadlines = pgTable(
  'deadlines',
  {
    aggregateId: uuid('aggregate_id').primaryKey(),
    aggregateType: text('aggregate_type').notNull(),
    kind: text('kind').notNull(),
    dueAt: at('due_at').notNull(),
    claimedUntil: at('claimed_until')
      .notNull()
      .default(sql`'-infinity'`),
    attempts: integer('attempts').notNull().default(0),
  },
  (t) => [index('deadlines_due_idx').on(t.dueAt)],
)

/** Everything that leaves the process (webhooks, email, payment calls), written in the command's transaction. */
export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey(),
    topic: text('topic').notNull(),
    payload: jsonb('payload').notNull(),
    status: text('status').notNull().default('pending'),
    availableAt: at('available_at').notNull(),
    claimedUntil: at('claimed_until')
      .notNull()
      .default(sql`'-infinity'`),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [index('outbox_pending_idx').on(t.status, t.availableAt)],
)

/** The first response to each `Idempotency-Key`, per caller, with a hash of the request it answered. */
export const idempotencyRecords = pgTable(
  'idempotency_records',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code').notNull(),
    response: jsonb('response').notNull(),
    createdAt: at('created_at').notNull(),
    expiresAt: at('expires_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.scope, t.key] }),
    index('idempotency_expiry_idx').on(t.expiresAt),
  ],
)

/** Integration API keys; only a SHA-256 of the secret is kept. */
export const apiKeys = pgTable('api_keys', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  prefix: text('prefix').notNull(),
  secretHash: text('secret_hash').notNull().unique(),
  createdAt: at('created_at').notNull(),
  revokedAt: at('revoked_at'),
})

/** People known to Recourse: marketplace users mirrored for names and languages, and console accounts. */
export const users = pgTable('users', {
  id: text('id').primaryKey(),
  role: text('role').notNull(),
  name: text('name').notNull(),
  email: text('email'),
  locale: text('locale').notNull().default('en'),
  timeZone: text('time_zone').notNull().default('UTC'),
  passwordHash: text('password_hash'),
  createdAt: at('created_at').notNull(),
})

/** Small shared settings: the signing secret in demo mode, the sandbox clock. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
})
