import { sql } from 'drizzle-orm'
import type { Database } from '../store/database.ts'
import { users } from '../store/schema.ts'
import type { Instant } from '../policy/time.ts'

/** The people of the demo marketplace: sign in as any of them in demo mode. */
export interface DemoUser {
  readonly id: string
  readonly role: 'buyer' | 'seller' | 'agent' | 'admin'
  readonly name: string
  /** Where notification emails go (`.eml` files under the data dir without `RECOURSE_SMTP_URL`). */
  readonly email: string
  readonly locale: string
  readonly timeZone: string
}

export const demoUsers: readonly DemoUser[] = [
  {
    id: 'buyer-ana',
    role: 'buyer',
    name: 'Ana Souza',
    email: 'buyer-ana@example.com',
    locale: 'es',
    timeZone: 'America/Mexico_City',
  },
  {
    id: 'buyer-ben',
    role: 'buyer',
    name: 'Ben Carter',
    email: 'buyer-ben@example.com',
    locale: 'en',
    timeZone: 'America/New_York',
  },
  {
    id: 'seller-sam',
    role: 'seller',
    name: "Sam's Vintage",
    email: 'seller-sam@example.com',
    locale: 'en',
    timeZone: 'America/Los_Angeles',
  },
  {
    id: 'seller-lucia',
    role: 'seller',
    name: 'Lucía Moda',
    email: 'seller-lucia@example.com',
    locale: 'es',
    timeZone: 'America/Sao_Paulo',
  },
  {
    id: 'agent-alex',
    role: 'agent',
    name: 'Alex Kim (agent)',
    email: 'agent-alex@example.com',
    locale: 'en',
    timeZone: 'America/New_York',
  },
  {
    id: 'agent-maria',
    role: 'agent',
    name: 'María Ruiz (agent)',
    email: 'agent-maria@example.com',
    locale: 'es',
    timeZone: 'America/Mexico_City',
  },
  {
    id: 'admin-ops',
    role: 'admin',
    name: 'Operations admin',
    email: 'admin-ops@example.com',
    locale: 'en',
    timeZone: 'UTC',
  },
]

/**
 * Writes the demo people into `users` on every demo start: their language
 * and time zone drive translation and notifications, and their email is
 * where notifications go. A person's own later changes (language, time zone,
 * email) are kept; only a missing email is filled in.
 */
export const ensureDemoUsers = async (database: Database, now: Instant): Promise<void> => {
  await database.db
    .insert(users)
    .values(demoUsers.map((u) => ({ ...u, createdAt: now })))
    .onConflictDoUpdate({
      target: users.id,
      set: { email: sql`coalesce(${users.email}, excluded.email)` },
    })
}
