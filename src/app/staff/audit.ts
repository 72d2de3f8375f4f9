import type { Queryable } from '../../store/database.ts'
import type { Instant } from '../../policy/time.ts'

/** What the staff side records in the audit (who, when, from where). */
export const staffAuditActions = [
  'staff.signed_in',
  'staff.sign_in_failed',
  'staff.sign_in_throttled',
  'staff.second_factor_failed',
  'staff.recovery_code_used',
  'staff.totp_enrolled',
  'staff.totp_disabled',
  'staff.totp_reset',
  'staff.second_factor_requirement_changed',
  'staff.invited',
  'staff.invitation_accepted',
  'staff.role_changed',
  'staff.deactivated',
  'staff.provisioned',
] as const
export type StaffAuditAction = (typeof staffAuditActions)[number]

export interface StaffAuditEntry {
  readonly action: StaffAuditAction
  /** Who did it: the staff member, the admin, or null (an unknown address failing to sign in). */
  readonly actorId: string | null
  /** Whom it concerns (the account), when known. */
  readonly subjectId: string | null
  /** The client's address. */
  readonly address: string | null
  readonly at: Instant
  readonly data?: Readonly<Record<string, unknown>>
}

/**
 * What staff management needs from the session side: ending a person's
 * sessions at once, and recording audit entries. Written in the caller's
 * transaction.
 */
export interface StaffHooks {
  endSessionsOf(q: Queryable, staffId: string, now: Instant): Promise<void>
  audit(q: Queryable, entry: StaffAuditEntry): Promise<void>
}
