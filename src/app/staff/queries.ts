import { asc, eq } from 'drizzle-orm'
import type { StaffStatus } from '../../domain/staff/account.ts'
import type { Queryable } from '../../store/database.ts'
import { users } from '../../store/schema.ts'
import { staffAccounts } from '../../store/schema-staff.ts'
import { staffRowById, staffView, type StaffView } from './accounts.ts'

/** Every staff account, by e-mail; deactivated ones only when asked. */
export const listStaff = async (
  q: Queryable,
  options: { readonly status?: StaffStatus | undefined } = {},
): Promise<StaffView[]> => {
  const rows = await q
    .select({ account: staffAccounts, name: users.name })
    .from(staffAccounts)
    .leftJoin(users, eq(users.id, staffAccounts.id))
    .where(options.status ? eq(staffAccounts.status, options.status) : undefined)
    .orderBy(asc(staffAccounts.emailKey))
  return rows.map((r) => staffView(r.account, r.name ?? r.account.email))
}

/** One staff account, or null. */
export const staffById = async (q: Queryable, id: string): Promise<StaffView | null> => {
  const row = await staffRowById(q, id)
  if (!row) return null
  const [user] = await q.select({ name: users.name }).from(users).where(eq(users.id, id))
  return staffView(row, user?.name ?? row.email)
}
