import type { Transitions } from '../shared/decider.ts'

/** What a staff member may do: an agent works escalated cases, an admin also runs the marketplace's settings and staff. */
export const StaffRoles = ['agent', 'admin'] as const
export type StaffRole = (typeof StaffRoles)[number]

/**
 * Where a staff account stands:
 * - `invited`: an admin sent a one-time link; nobody can sign in until it is accepted;
 * - `active`: signs in with a password (and a second factor) or single sign-on;
 * - `deactivated`: can no longer sign in, and every session ended when it was deactivated.
 *   Kept (never deleted) so the audit and the cases it decided still name the person.
 */
export const StaffStatuses = ['invited', 'active', 'deactivated'] as const
export type StaffStatus = (typeof StaffStatuses)[number]

/** Legal status moves; deactivation is final (invite the person again under another address). */
export const staffTransitions = {
  invited: ['active', 'deactivated'],
  active: ['deactivated'],
  deactivated: [],
} as const satisfies Transitions<StaffStatus>

/** The facts about an account the management rules read. */
export interface StaffAccountFacts {
  readonly id: string
  readonly role: StaffRole
  readonly status: StaffStatus
}

/** E-mail addresses are unique whatever their case: `Ana@Shop.example` is `ana@shop.example`. */
export const emailKey = (email: string): string => email.trim().toLowerCase()
