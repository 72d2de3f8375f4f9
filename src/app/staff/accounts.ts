import { and, count, eq } from 'drizzle-orm'
import type { StaffRole, StaffStatus } from '../../domain/staff/account.ts'
import type { Instant } from '../../policy/time.ts'
import type { Queryable } from '../../store/database.ts'
import { fromDbTime } from '../../store/event-store.ts'
import { users } from '../../store/schema.ts'
import { staffAccounts } from '../../store/schema-staff.ts'

export type StaffRow = typeof staffAccounts.$inferSelect

/** A staff account as admins and the person see it: never a credential. */
export interface StaffView {
  readonly id: string
  readonly email: string
  readonly name: string
  readonly role: StaffRole
  readonly status: StaffStatus
  /** Has an authenticator app set up. */
  readonly totpEnrolled: boolean
  /** Unused recovery codes left. */
  readonly recoveryCodesLeft: number
  /** An admin requires a second factor of this person. */
  readonly requireSecondFactor: boolean
  /** Has a password (an SSO-only account has none). */
  readonly hasPassword: boolean
  /** Signed in through single sign-on at least once. */
  readonly singleSignOn: boolean
  readonly createdAt: Instant
  readonly deactivatedAt: Instant | null
}

export const staffView = (row: StaffRow, name: string): StaffView => ({
  id: row.id,
  email: row.email,
  name,
  role: row.role as StaffRole,
  status: row.status as StaffStatus,
  totpEnrolled: row.totpSecret !== null,
  recoveryCodesLeft: row.recoveryCodeHashes.length,
  requireSecondFactor: row.requireSecondFactor,
  hasPassword: row.passwordHash !== null,
  singleSignOn: row.oidcSubject !== null,
  createdAt: fromDbTime(row.createdAt),
  deactivatedAt: row.deactivatedAt ? fromDbTime(row.deactivatedAt) : null,
})

export const staffRowById = async (q: Queryable, id: string): Promise<StaffRow | null> => {
  const [row] = await q.select().from(staffAccounts).where(eq(staffAccounts.id, id))
  return row ?? null
}

export const staffRowByEmailKey = async (q: Queryable, key: string): Promise<StaffRow | null> => {
  const [row] = await q.select().from(staffAccounts).where(eq(staffAccounts.emailKey, key))
  return row ?? null
}

/** The account with its display name (kept in `users`, as for everyone). */
export const staffViewOf = async (q: Queryable, row: StaffRow): Promise<StaffView> => {
  const [user] = await q.select({ name: users.name }).from(users).where(eq(users.id, row.id))
  return staffView(row, user?.name ?? row.email)
}

/** The language and time zone a staff member's session starts in (their `users` row). */
export const staffLocaleOf = async (
  q: Queryable,
  staffId: string,
): Promise<{ readonly locale: string; readonly timeZone: string }> => {
  const [user] = await q
    .select({ locale: users.locale, timeZone: users.timeZone })
    .from(users)
    .where(eq(users.id, staffId))
  return user ?? { locale: 'en', timeZone: 'UTC' }
}

export const activeAdminCount = async (q: Queryable): Promise<number> => {
  const [row] = await q
    .select({ n: count() })
    .from(staffAccounts)
    .where(and(eq(staffAccounts.role, 'admin'), eq(staffAccounts.status, 'active')))
  return row?.n ?? 0
}
