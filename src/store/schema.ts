import { sql } from 'drizzle-orm'
import {
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  unique,
  uuid,
} from 'drizzle-orm/pg-core'
import { at, money } from './columns.ts'

// Portability (DESIGN §5): UUIDv7 keys made by the application, no sequences,
// no DEFERRABLE constraints or INCLUDE indexes, so the same migrations run on
// PGlite, PostgreSQL and Postgres-compatible distributed SQL.

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
})

/** Immutable policy versions; aggregates freeze the id of the version in force when they open. */
export const policyVersions = pgTable('policy_versions', {
  id: uuid('id').primaryKey(),
  preset: text('preset').notNull(),
  document: jsonb('document').notNull(),
  note: text('note'),
  createdBy: text('created_by').notNull(),
  createdAt: at('created_at').notNull(),
  /**
   * The version this one replaced. Unique: two admins publishing over the same
   * version cannot both win, on any engine, whatever the timing (`If-Match`).
   */
  previousId: uuid('previous_id').unique('policy_versions_previous_id_key'),
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
    // Order first, then type and status: "the open cancellation (or case) of
    // this order" is one probe. On (order_id) alone the planner preferred the
    // status index and walked every pending request in the marketplace.
    index('aggregates_order_type_status_idx').on(t.orderId, t.type, t.status),
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
  /** Made by the demo's anonymous `/v1/demo/api-keys`; refused when the server runs without `--demo`. */
  demo: boolean('demo').notNull().default(false),
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

/**
 * Evidence and attachment files. Bytes live in the database — outside any
 * served path, shared by every process, committed with the command that
 * attaches them — under a server-generated id; the client's file name is kept
 * only as a label.
 */
export const files = pgTable(
  'files',
  {
    id: uuid('id').primaryKey(),
    sha256: text('sha256').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    originalName: text('original_name').notNull(),
    uploadedBy: text('uploaded_by').notNull(),
    /** The case the file was attached to; until then only the uploader sees it. */
    caseId: uuid('case_id'),
    content: bytea('content').notNull(),
    createdAt: at('created_at').notNull(),
    /** 64-bit perceptual hash of a JPEG or PNG (16 hex digits, src/integrations/image-hash.ts), for near-duplicate checks. */
    perceptualHash: text('perceptual_hash'),
  },
  (t) => [index('files_sha256_idx').on(t.sha256), index('files_case_idx').on(t.caseId)],
)

/**
 * The agents' queue: a read model of escalated and appealed cases, kept in
 * the case command's transaction, ordered breached first, then by decision
 * due time.
 */
export const caseQueue = pgTable(
  'case_queue',
  {
    caseId: uuid('case_id').primaryKey(),
    status: text('status').notNull(),
    /** 0 when the agent SLA was breached, 1 otherwise: sorts breached cases first. */
    priorityRank: integer('priority_rank').notNull(),
    decisionDueAt: at('decision_due_at').notNull(),
    assignedAgentId: text('assigned_agent_id'),
    reason: text('reason').notNull(),
    claimedAmount: money('claimed_amount').notNull(),
    currency: text('currency').notNull(),
    openedAt: at('opened_at').notNull(),
  },
  (t) => [index('case_queue_order_idx').on(t.priorityRank, t.decisionDueAt, t.caseId)],
)

/**
 * Each buyer's standing on abuse appeals: a read model of the `abuse_appeal`
 * streams, one row per buyer who ever appealed, kept in the appeal command's
 * transaction. The return-abuse view joins it by primary key, so the signals
 * an appeal cleared are left out without a lookup per buyer. The row also
 * holds the rule "one open appeal per buyer" against concurrent filings: a
 * filing upserts it only where the status is not `open`.
 */
export const abuseAppealStandings = pgTable('abuse_appeal_standings', {
  buyerId: text('buyer_id').primaryKey(),
  /** The buyer's latest appeal. */
  appealId: uuid('appeal_id').notNull(),
  /** Of the latest appeal: `open`, `cleared` or `upheld`. */
  status: text('status').notNull(),
  filedAt: at('filed_at').notNull(),
  decidedAt: at('decided_at'),
  decidedByRole: text('decided_by_role'),
  decidedById: text('decided_by_id'),
  rationale: text('rationale'),
  /**
   * The signals cleared on appeal, by code: `{ high_return_rate: { value,
   * threshold, appealId, at, by: { role, userId }, rationale } }`. A signal
   * stays suppressed while its value is at or below `value`; a later upheld
   * appeal covering the code removes it.
   */
  cleared: jsonb('cleared').notNull(),
})

/**
 * The messages of every order's thread: a read model of the conversation
 * streams, written in the command's transaction. `redacted` is what the
 * counterparty sees instead of `original` when moderation hid something
 * (null when nothing was hidden); translations arrive later, one language at
 * a time, from the outbox's `translate` jobs.
 */
export const conversationMessages = pgTable(
  'conversation_messages',
  {
    messageId: uuid('message_id').primaryKey(),
    conversationId: uuid('conversation_id').notNull(),
    orderId: uuid('order_id').notNull(),
    /** 1, 2, 3 … within the thread: the order readers see and read receipts count in. */
    seq: integer('seq').notNull(),
    /** The case the message was posted on (its thread mirrors the case's messages). */
    caseId: uuid('case_id'),
    authorRole: text('author_role').notNull(),
    authorId: text('author_id').notNull(),
    original: text('original').notNull(),
    redacted: text('redacted'),
    language: text('language').notNull(),
    languageSource: text('language_source').notNull(),
    findings: jsonb('findings').notNull(),
    flagged: boolean('flagged').notNull(),
    /** An agent looked at a flagged message and cleared or confirmed it. */
    reviewedAt: at('reviewed_at'),
    reviewedBy: text('reviewed_by'),
    attachments: jsonb('attachments').notNull(),
    /** `{ [language]: { text, engine, at } }`, filled in by the translate jobs. */
    translations: jsonb('translations').notNull(),
    postedAt: at('posted_at').notNull(),
  },
  (t) => [
    unique('conversation_messages_seq_key').on(t.conversationId, t.seq),
    index('conversation_messages_flagged_idx').on(t.flagged, t.postedAt),
  ],
)

/** Files attached to thread messages; a file belongs to one message (or one case's evidence), never two. */
export const messageAttachments = pgTable('message_attachments', {
  fileId: uuid('file_id').primaryKey(),
  conversationId: uuid('conversation_id').notNull(),
  messageId: uuid('message_id').notNull(),
})

/**
 * In-app notifications, rendered in the recipient's language when they are
 * created. `dedupe_key` (the event or reminder that caused it) makes a
 * re-delivered reaction a no-op.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey(),
    userId: text('user_id').notNull(),
    type: text('type').notNull(),
    locale: text('locale').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    link: text('link'),
    data: jsonb('data').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    createdAt: at('created_at').notNull(),
    readAt: at('read_at'),
  },
  (t) => [
    unique('notifications_user_dedupe_key').on(t.userId, t.dedupeKey),
    index('notifications_user_idx').on(t.userId, t.id),
  ],
)

/** Per-user choices of which notifications arrive by email and in the app (absent: the defaults). */
export const notificationPreferences = pgTable('notification_preferences', {
  userId: text('user_id').primaryKey(),
  preferences: jsonb('preferences').notNull(),
  updatedAt: at('updated_at').notNull(),
})

/**
 * Where the marketplace wants events pushed. `secrets` holds every signing
 * secret still valid: during a rotation the old one signs too until its
 * `expiresAt`. HMAC needs the secret itself, so it cannot be hashed at rest.
 */
export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: uuid('id').primaryKey(),
  url: text('url').notNull(),
  description: text('description'),
  /** Public event types to send; empty: all of them. */
  eventTypes: jsonb('event_types').notNull(),
  secrets: jsonb('secrets').notNull(),
  enabled: boolean('enabled').notNull(),
  createdAt: at('created_at').notNull(),
  updatedAt: at('updated_at').notNull(),
  deletedAt: at('deleted_at'),
})

/**
 * One event for one endpoint, with the exact body that is signed and sent on
 * every attempt. Unique per (endpoint, event): an event is queued once per
 * endpoint however often the command that caused it is retried.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey(),
    endpointId: uuid('endpoint_id').notNull(),
    eventId: uuid('event_id').notNull(),
    eventType: text('event_type').notNull(),
    body: text('body').notNull(),
    /** pending | delivered | dead | cancelled */
    status: text('status').notNull(),
    attempts: integer('attempts').notNull(),
    nextAttemptAt: at('next_attempt_at'),
    lastAttemptAt: at('last_attempt_at'),
    lastStatusCode: integer('last_status_code'),
    createdAt: at('created_at').notNull(),
    deliveredAt: at('delivered_at'),
  },
  (t) => [
    unique('webhook_deliveries_endpoint_event_key').on(t.endpointId, t.eventId),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.id),
  ],
)

/** Every HTTP attempt of a delivery: what the endpoint answered and how long it took. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: uuid('id').primaryKey(),
    deliveryId: uuid('delivery_id').notNull(),
    attempt: integer('attempt').notNull(),
    at: at('at').notNull(),
    statusCode: integer('status_code'),
    latencyMs: integer('latency_ms').notNull(),
    error: text('error'),
    responseExcerpt: text('response_excerpt'),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.attempt)],
)
