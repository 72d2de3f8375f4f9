import { and, desc, eq, isNull, lt, sql, type SQL } from 'drizzle-orm'
import type { Actor } from '../../domain/shared/actor.ts'
import type { Instant } from '../../policy/time.ts'
import type { Queryable } from '../../store/database.ts'
import { fromDbTime } from '../../store/event-store.ts'
import { notificationPreferences, notifications, users } from '../../store/schema.ts'
import {
  defaultChannels,
  notificationTypes,
  type NotificationType,
} from '../../integrations/email-templates.ts'
import { supportedLanguage, type SupportedLanguage } from '../../integrations/translation.ts'

/** Who gets a notification, and how they read. */
export interface Recipient {
  readonly userId: string
  readonly name: string | null
  readonly email: string | null
  readonly locale: string
  readonly language: SupportedLanguage
  readonly timeZone: string
}

export type UserRow = Pick<typeof users.$inferSelect, 'name' | 'email' | 'locale' | 'timeZone'>

/** A user's row as a recipient: one the marketplace never synced reads English, in UTC. */
export const recipientFrom = (userId: string, u: UserRow | undefined): Recipient => ({
  userId,
  name: u?.name ?? null,
  email: u?.email ?? null,
  locale: u?.locale ?? 'en',
  language: supportedLanguage(u?.locale ?? 'en'),
  timeZone: u?.timeZone ?? 'UTC',
})

/** Who a user is as a reader: name, email, language and time zone. */
export const recipientOf = async (q: Queryable, userId: string): Promise<Recipient> => {
  const rows = await q.select().from(users).where(eq(users.id, userId))
  return recipientFrom(userId, rows[0])
}

/** Every notification type's channels: the person's choices over the defaults. */
export const withDefaults = (stored: PreferencesPatch): Preferences =>
  Object.fromEntries(
    notificationTypes.map((t) => [t, { ...defaultChannels[t], ...stored[t] }]),
  ) as unknown as Preferences

export type ChannelChoice = { readonly email: boolean; readonly inApp: boolean }
export type Preferences = Readonly<Record<NotificationType, ChannelChoice>>
export type PreferencesPatch = Partial<Record<NotificationType, Partial<ChannelChoice>>>

export interface NotificationView {
  readonly id: string
  readonly type: string
  readonly title: string
  readonly body: string
  readonly link: string | null
  readonly language: string
  readonly data: Readonly<Record<string, unknown>>
  readonly createdAt: Instant
  readonly readAt: Instant | null
}

export interface ProfileView {
  readonly id: string
  readonly role: string
  readonly name: string
  readonly email: string | null
  readonly locale: string
  readonly timeZone: string
}

/** A person's notifications and preferences, and their profile as Recourse knows it. */
export class NotificationQueries {
  async list(
    q: Queryable,
    userId: string,
    query: { limit: number; cursor?: string | undefined; unread?: boolean | undefined },
  ): Promise<{ items: NotificationView[]; nextCursor: string | null; unreadCount: number }> {
    const conditions: SQL[] = [eq(notifications.userId, userId)]
    if (query.unread) conditions.push(isNull(notifications.readAt))
    if (query.cursor) conditions.push(lt(notifications.id, query.cursor))
    const rows = await q
      .select()
      .from(notifications)
      .where(and(...conditions))
      .orderBy(desc(notifications.id))
      .limit(query.limit + 1)
    const page = rows.slice(0, query.limit)
    const unread = await q
      .select({ n: sql<number>`count(*)::int` })
      .from(notifications)
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    return {
      items: page.map((r) => ({
        id: r.id,
        type: r.type,
        title: r.title,
        body: r.body,
        link: r.link,
        language: r.locale,
        data: r.data as Record<string, unknown>,
        createdAt: fromDbTime(r.createdAt),
        readAt: r.readAt ? fromDbTime(r.readAt) : null,
      })),
      nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
      unreadCount: Number(unread[0]?.n ?? 0),
    }
  }

  async preferencesOf(q: Queryable, userId: string): Promise<Preferences> {
    const rows = await q
      .select()
      .from(notificationPreferences)
      .where(eq(notificationPreferences.userId, userId))
    return withDefaults(rows[0]?.preferences ?? {})
  }

  async profile(q: Queryable, actor: Actor): Promise<ProfileView> {
    const rows = await q.select().from(users).where(eq(users.id, actor.id))
    const u = rows[0]
    return {
      id: actor.id,
      role: u?.role ?? actor.kind,
      name: u?.name ?? actor.id,
      email: u?.email ?? null,
      locale: u?.locale ?? 'en',
      timeZone: u?.timeZone ?? 'UTC',
    }
  }
}
