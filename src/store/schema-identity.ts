import { boolean, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { at } from './columns.ts'

/**
 * Signed-in browser sessions (docs/authentication.md). The cookie carries a
 * random secret; only its SHA-256 is kept, so a copy of this table signs
 * nobody in. A session ends when revoked (sign-out, sign out everywhere,
 * deactivation), after the idle timeout without a request, or at its
 * absolute expiry, whichever comes first.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey(),
    secretHash: text('secret_hash').notNull().unique(),
    personId: text('person_id').notNull(),
    /** buyer | seller | agent | admin: the role the session acts in. */
    role: text('role').notNull(),
    displayName: text('display_name').notNull(),
    locale: text('locale').notNull(),
    timeZone: text('time_zone').notNull(),
    /** How it began: password | oidc | handoff | exchange | demo. */
    via: text('via').notNull(),
    /** Started by the demo sign-in; refused when the server runs without `--demo`. */
    demo: boolean('demo').notNull().default(false),
    createdAt: at('created_at').notNull(),
    lastSeenAt: at('last_seen_at').notNull(),
    expiresAt: at('expires_at').notNull(),
    revokedAt: at('revoked_at'),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_person_idx').on(t.personId, t.createdAt)],
)

/**
 * Single-use hand-off links the marketplace asks for to open Recourse as one
 * of its users (`POST /v1/auth/handoff`). Only a SHA-256 of the link's token
 * is kept; `usedAt` makes it single-use.
 */
export const handoffLinks = pgTable('handoff_links', {
  id: uuid('id').primaryKey(),
  tokenHash: text('token_hash').notNull().unique(),
  /** The person, as the marketplace sent it: id, role, display name, locale, time zone. */
  personId: text('person_id').notNull(),
  role: text('role').notNull(),
  displayName: text('display_name').notNull(),
  locale: text('locale').notNull(),
  timeZone: text('time_zone').notNull(),
  /** The web path to open once signed in (`/orders/…`, `/cases/…`). */
  path: text('path').notNull(),
  /** The API key that asked for it. */
  issuedBy: text('issued_by').notNull(),
  createdAt: at('created_at').notNull(),
  expiresAt: at('expires_at').notNull(),
  usedAt: at('used_at'),
})

/**
 * Who did what, when, from where: sign-ins and their failures, sign-outs,
 * hand-offs, and (later) staff and privacy changes. Generic on purpose: a
 * dotted `type` (`auth.sign_in`), the actor, an optional subject, and small
 * facts in `data`. Rows are only ever added.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: uuid('id').primaryKey(),
    at: at('at').notNull(),
    type: text('type').notNull(),
    /** buyer | seller | agent | admin | integration | system, or null when nobody was identified. */
    actorKind: text('actor_kind'),
    actorId: text('actor_id'),
    /** What the event is about, when not the actor: `person`, `session`, `api_key`, … */
    subjectKind: text('subject_kind'),
    subjectId: text('subject_id'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    data: jsonb('data').notNull().default({}),
  },
  (t) => [
    index('audit_events_at_idx').on(t.at, t.id),
    index('audit_events_actor_idx').on(t.actorId, t.at),
    index('audit_events_type_idx').on(t.type, t.at),
  ],
)
