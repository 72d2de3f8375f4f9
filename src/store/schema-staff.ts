import { sql } from 'drizzle-orm'
import { bigint, boolean, index, integer, pgTable, text, unique } from 'drizzle-orm/pg-core'
import { at } from './columns.ts'

/**
 * Staff accounts (agents and admins) and how they sign in. The id is also
 * the person's `users` id (name, role and language live there too, as for
 * everyone Recourse knows); credentials live only here.
 */
export const staffAccounts = pgTable(
  'staff_accounts',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    /** The address lower-cased: unique, so `Ana@x` and `ana@x` are one account. */
    emailKey: text('email_key').notNull().unique(),
    /** agent | admin (`StaffRole`). */
    role: text('role').notNull(),
    /** invited | active | deactivated (`StaffStatus`). */
    status: text('status').notNull(),
    /** `scrypt$N$r$p$salt$key` (base64url); null until a password is set, or for SSO-only accounts. */
    passwordHash: text('password_hash'),
    /** The confirmed TOTP secret (base32), or null without a second factor. */
    totpSecret: text('totp_secret'),
    /** A secret handed out for enrolment, until a code from it is confirmed. */
    totpPendingSecret: text('totp_pending_secret'),
    /** The last 30-second step a code was accepted for: that code and older ones are refused (replay). */
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    /** SHA-256 of each unused recovery code; using one removes it in the same statement. */
    recoveryCodeHashes: text('recovery_code_hashes')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** An admin requires a second factor of this person (besides the deployment-wide setting). */
    requireSecondFactor: boolean('require_second_factor').notNull().default(false),
    /** Single sign-on identity: the issuer and its `sub` for this person. */
    oidcIssuer: text('oidc_issuer'),
    oidcSubject: text('oidc_subject'),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
    deactivatedAt: at('deactivated_at'),
  },
  (t) => [
    unique('staff_accounts_oidc_identity').on(t.oidcIssuer, t.oidcSubject),
    index('staff_accounts_role_status_idx').on(t.role, t.status),
  ],
)

/** One-time invitation links: only the token's SHA-256 is stored. A newer invitation replaces the older. */
export const staffInvitations = pgTable(
  'staff_invitations',
  {
    id: text('id').primaryKey(),
    staffId: text('staff_id').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    invitedBy: text('invited_by').notNull(),
    createdAt: at('created_at').notNull(),
    expiresAt: at('expires_at').notNull(),
    /** Accepted, or replaced by a newer invitation, or the account was deactivated. */
    usedAt: at('used_at'),
  },
  (t) => [index('staff_invitations_staff_idx').on(t.staffId)],
)

/**
 * Failed sign-in counters, per account (`account:<email key>`) and per
 * address (`address:<ip>`), shared by every process (`src/domain/staff/throttle.ts`).
 */
export const signInThrottle = pgTable('sign_in_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  windowStartedAt: at('window_started_at').notNull(),
  lockedUntil: at('locked_until'),
})

/**
 * The half-done sign-in between the password and the second factor: the
 * client holds the random token, only its SHA-256 is stored, for 5 minutes
 * and 5 attempts.
 */
export const signInChallenges = pgTable('sign_in_challenges', {
  tokenHash: text('token_hash').primaryKey(),
  staffId: text('staff_id').notNull(),
  /** totp (enter a code) | enrol (set up the authenticator first: an admin requires it). */
  purpose: text('purpose').notNull(),
  attempts: integer('attempts').notNull().default(0),
  createdAt: at('created_at').notNull(),
  expiresAt: at('expires_at').notNull(),
})
