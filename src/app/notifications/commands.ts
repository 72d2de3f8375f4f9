import { and, eq, isNull, sql } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import type { Actor } from '../../domain/shared/actor.ts'
import type { Instant } from '../../policy/time.ts'
import { queryRows } from '../../store/database.ts'
import type { UnitOfWork } from '../../store/event-store.ts'
import { fromDbTime } from '../../store/event-store.ts'
import { notificationPreferences, notifications, users } from '../../store/schema.ts'
import {
  defaultChannels,
  notificationTypes,
  renderEmailText,
  renderNotification,
  type RenderedNotification,
} from '../../integrations/email-templates.ts'
import type { Outcome } from '../command-runner.ts'
import { done, refused } from '../command-runner.ts'
import type { EmailPayload } from './email.ts'
import type { Notice } from './notices.ts'
import {
  NotificationQueries,
  recipientFrom,
  withDefaults,
  type Preferences,
  type PreferencesPatch,
  type ProfileView,
  type UserRow,
} from './queries.ts'

export interface NotificationSettings {
  /** Where people open Recourse: links in notifications point there. `RECOURSE_PUBLIC_URL`. */
  readonly publicUrl: string
}

const TIME_ZONE_CHECK = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

/**
 * Tells people what needs them: in-app notifications and emails in each
 * recipient's language, written in the transaction of the command that
 * caused them (emails leave through the outbox, `email.ts`). Which facts
 * notify whom is the table in `notices.ts`.
 */
export class NotificationService extends NotificationQueries {
  constructor(
    private readonly settings: NotificationSettings,
    private readonly log?: (message: string, data?: Record<string, unknown>) => void,
  ) {
    super()
  }

  /** An absolute link into the web app. */
  link(path: string): string {
    return `${this.settings.publicUrl.replace(/\/$/, '')}${path}`
  }

  /** Writes one notification in the recipient's language and queues its email, as their preferences say. */
  async notify(uow: UnitOfWork, n: Notice): Promise<void> {
    // One round trip for who they are and what they want: every command that
    // notifies pays for it inside its transaction. Either row may be missing
    // (a user the marketplace never synced; defaults apply).
    const [row] = await queryRows<UserRow & { preferences: PreferencesPatch | null }>(
      uow.tx,
      sql`select u.name, u.email, u.locale, u.time_zone as "timeZone", p.preferences
          from (select ${n.userId}::text as id) k
          left join users u on u.id = k.id
          left join notification_preferences p on p.user_id = k.id`,
    )
    const recipient = recipientFrom(n.userId, row)
    const channels = withDefaults(row?.preferences ?? {})[n.type]
    if (!channels.inApp && !(channels.email && recipient.email)) return
    let rendered: RenderedNotification
    try {
      rendered = renderNotification(n.type, recipient.language, n.facts(recipient))
    } catch (error) {
      // A template fault must not undo the command that caused the notification.
      this.log?.('notification not rendered', {
        type: n.type,
        userId: n.userId,
        error: error instanceof Error ? error.message : String(error),
      })
      return
    }
    const id = uuidv7()
    const inserted = await uow.tx
      .insert(notifications)
      .values({
        id,
        userId: n.userId,
        type: n.type,
        locale: recipient.language,
        title: rendered.title,
        body: rendered.body,
        link: n.link,
        data: n.data,
        dedupeKey: n.dedupeKey,
        createdAt: uow.now,
        // Email only: the row exists for de-duplication and the record, already read.
        readAt: channels.inApp ? null : uow.now,
      })
      .onConflictDoNothing()
      .returning({ id: notifications.id })
    if (inserted.length === 0 || !channels.email || !recipient.email) return
    const email: EmailPayload = {
      notificationId: id,
      to: recipient.name
        ? `"${recipient.name.replaceAll('"', '')}" <${recipient.email}>`
        : recipient.email,
      subject: rendered.title,
      text: renderEmailText(
        recipient.language,
        rendered,
        n.link,
        this.link('/settings/notifications'),
      ),
      language: recipient.language,
    }
    await uow.enqueue('email', email)
  }

  async markRead(
    uow: UnitOfWork,
    userId: string,
    id: string,
  ): Promise<Outcome<{ id: string; readAt: Instant }>> {
    const rows = await uow.tx
      .select({ readAt: notifications.readAt })
      .from(notifications)
      .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    const row = rows[0]
    if (!row) return refused({ code: 'NOT_FOUND', resource: 'notification' })
    if (row.readAt) return done({ id, readAt: fromDbTime(row.readAt) })
    await uow.tx.update(notifications).set({ readAt: uow.now }).where(eq(notifications.id, id))
    return done({ id, readAt: uow.now })
  }

  async markAllRead(uow: UnitOfWork, userId: string): Promise<Outcome<{ marked: number }>> {
    const rows = await uow.tx
      .update(notifications)
      .set({ readAt: uow.now })
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
      .returning({ id: notifications.id })
    return done({ marked: rows.length })
  }

  async setPreferences(
    uow: UnitOfWork,
    userId: string,
    patch: PreferencesPatch,
  ): Promise<Outcome<Preferences>> {
    const unknown = Object.keys(patch).filter((t) => !(t in defaultChannels))
    if (unknown.length > 0) {
      return refused({ code: 'UNKNOWN_NOTIFICATION_TYPE', unknown, known: notificationTypes })
    }
    const current = await this.preferencesOf(uow.tx, userId)
    const next = Object.fromEntries(
      notificationTypes.map((t) => [t, { ...current[t], ...patch[t] }]),
    ) as unknown as Preferences
    await uow.tx
      .insert(notificationPreferences)
      .values({ userId, preferences: next, updatedAt: uow.now })
      .onConflictDoUpdate({
        target: notificationPreferences.userId,
        set: { preferences: next, updatedAt: uow.now },
      })
    return done(next)
  }

  /** The caller sets the language they read in (translations, notifications) and their time zone. */
  async updateProfile(
    uow: UnitOfWork,
    actor: Actor,
    patch: { locale?: string | undefined; timeZone?: string | undefined },
  ): Promise<Outcome<ProfileView>> {
    if (patch.timeZone !== undefined && !TIME_ZONE_CHECK(patch.timeZone)) {
      return refused({ code: 'INVALID_TIME_ZONE', timeZone: patch.timeZone })
    }
    const set = {
      ...(patch.locale === undefined ? {} : { locale: patch.locale }),
      ...(patch.timeZone === undefined ? {} : { timeZone: patch.timeZone }),
    }
    await uow.tx
      .insert(users)
      .values({ id: actor.id, role: actor.kind, name: actor.id, createdAt: uow.now, ...set })
      .onConflictDoUpdate({
        target: users.id,
        set: Object.keys(set).length ? set : { id: actor.id },
      })
    return done(await this.profile(uow.tx, actor))
  }

  /** The marketplace mirrors a user's name, email, language and time zone (upsert). */
  async mirrorUser(
    uow: UnitOfWork,
    id: string,
    input: {
      role: 'buyer' | 'seller'
      name: string
      email?: string | null | undefined
      locale?: string | undefined
      timeZone?: string | undefined
    },
  ): Promise<Outcome<ProfileView>> {
    if (input.timeZone !== undefined && !TIME_ZONE_CHECK(input.timeZone)) {
      return refused({ code: 'INVALID_TIME_ZONE', timeZone: input.timeZone })
    }
    const set = {
      role: input.role,
      name: input.name,
      ...(input.email === undefined ? {} : { email: input.email }),
      ...(input.locale === undefined ? {} : { locale: input.locale }),
      ...(input.timeZone === undefined ? {} : { timeZone: input.timeZone }),
    }
    await uow.tx
      .insert(users)
      .values({ id, createdAt: uow.now, ...set })
      .onConflictDoUpdate({ target: users.id, set })
    return done(await this.profile(uow.tx, { kind: input.role, id } as Actor))
  }
}
