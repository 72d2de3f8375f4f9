import { and, desc, eq, isNull, lt, sql, type SQL } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import type { AbuseAppealEventOf } from '../domain/abuse-appeal/events.ts'
import type { CancellationEvent } from '../domain/cancellation/events.ts'
import type { CaseEventOf, CaseEventType } from '../domain/case/events.ts'
import type { ConversationEventOf } from '../domain/conversation/events.ts'
import type { OrderEvent } from '../domain/order/events.ts'
import type { ReturnEvent } from '../domain/return/events.ts'
import type { Actor } from '../domain/shared/actor.ts'
import type { Instant } from '../policy/time.ts'
import { queryRows, type Queryable } from '../store/database.ts'
import type { UnitOfWork } from '../store/event-store.ts'
import { fromDbTime, loadAggregate } from '../store/event-store.ts'
import { notificationPreferences, notifications, users } from '../store/schema.ts'
import type { Mailer } from '../integrations/email.ts'
import {
  defaultChannels,
  formatInstant,
  formatMoney,
  notificationTypes,
  renderEmailText,
  renderNotification,
  word,
  type NotificationType,
  type RenderedNotification,
  type TemplateData,
} from '../integrations/email-templates.ts'
import { supportedLanguage, type SupportedLanguage } from '../integrations/translation.ts'
import type { OrderRef, SourceEvent } from '../integrations/webhooks-catalog.ts'
import type { OutboxMessage, OutboxResult, OutboxTopic } from '../scheduler/outbox-runner.ts'
import { caseAggregate } from './aggregates.ts'
import type { Outcome } from './command-runner.ts'
import { done, refused } from './command-runner.ts'

/** A stored domain event as the reactions see it: the public mapping's input plus the aggregate's parties. */
export interface PublishedEvent extends SourceEvent {
  readonly parties: { readonly buyerId: string | null; readonly sellerId: string | null }
}

/** Who gets a notification, and how they read. */
export interface Recipient {
  readonly userId: string
  readonly name: string | null
  readonly email: string | null
  readonly locale: string
  readonly language: SupportedLanguage
  readonly timeZone: string
}

type UserRow = Pick<typeof users.$inferSelect, 'name' | 'email' | 'locale' | 'timeZone'>

const recipientFrom = (userId: string, u: UserRow | undefined): Recipient => ({
  userId,
  name: u?.name ?? null,
  email: u?.email ?? null,
  locale: u?.locale ?? 'en',
  language: supportedLanguage(u?.locale ?? 'en'),
  timeZone: u?.timeZone ?? 'UTC',
})

export const recipientOf = async (q: Queryable, userId: string): Promise<Recipient> => {
  const rows = await q.select().from(users).where(eq(users.id, userId))
  return recipientFrom(userId, rows[0])
}

const withDefaults = (stored: PreferencesPatch): Preferences =>
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

export interface NotificationSettings {
  /** Where people open Recourse: links in notifications point there. `RECOURSE_PUBLIC_URL`. */
  readonly publicUrl: string
}

/** Email retries: a minute, five, half an hour, two hours, six, a day; then dead-letter. */
export const EMAIL_BACKOFF_MS = [60_000, 300_000, 1_800_000, 7_200_000, 21_600_000, 86_400_000]
interface EmailPayload {
  readonly notificationId: string
  readonly to: string
  readonly subject: string
  readonly text: string
  readonly language: string
}

interface Notice {
  readonly userId: string
  readonly type: NotificationType
  /** Builds the template's facts in the recipient's language and zone. */
  readonly facts: (r: Recipient) => TemplateData
  readonly link: string
  readonly data: Readonly<Record<string, unknown>>
  /** What caused it (an event id, a reminder): the same cause never notifies twice. */
  readonly dedupeKey: string
}

const TIME_ZONE_CHECK = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

type CaseData<T extends CaseEventType> = CaseEventOf<T>['data']
type CancellationData<T extends CancellationEvent['type']> = Extract<
  CancellationEvent,
  { type: T }
>['data']

/**
 * Tells people what needs them: in-app notifications and emails in each
 * recipient's language, written in the transaction of the command that
 * caused them (emails leave through the outbox). Reminders are deadlines of
 * the order, case and return deciders (`ShipByReminderDue`,
 * `SellerResponseReminderDue`, `OfferExpiryReminderDue`,
 * `ReturnShipByReminderDue`): fired once by the deadline runner, and turned
 * into notifications here like any other fact.
 */
export class NotificationService {
  constructor(
    private readonly settings: NotificationSettings,
    private readonly mailer: Mailer,
    private readonly log?: (message: string, data?: Record<string, unknown>) => void,
  ) {}

  private link(path: string): string {
    return `${this.settings.publicUrl.replace(/\/$/, '')}${path}`
  }

  // ── Reactions ────────────────────────────────────────────────────────────

  /** The notifications one stored event causes. Called by the publisher in the command's transaction. */
  async react(uow: UnitOfWork, e: PublishedEvent): Promise<void> {
    if (e.type === 'AbuseAppealDecided') {
      await this.notify(uow, this.appealDecided(e))
      return
    }
    const order = e.order
    if (!order) return
    for (const notice of await this.noticesFor(uow.tx, e, order)) await this.notify(uow, notice)
  }

  private async noticesFor(q: Queryable, e: PublishedEvent, order: OrderRef): Promise<Notice[]> {
    const base = { dedupeKey: e.id, data: { orderId: order.orderId, eventId: e.id } }
    const forCase = {
      ...base,
      link: this.link(`/cases/${e.streamId}`),
      data: { ...base.data, caseId: e.streamId },
    }
    const forOrder = { ...base, link: this.link(`/orders/${order.orderId}`) }
    const both = (n: Omit<Notice, 'userId'>): Notice[] => [
      { ...n, userId: order.buyerId },
      { ...n, userId: order.sellerId },
    ]
    const ref = order.externalRef
    const when = (at: string) => (r: Recipient) => formatInstant(at, r.language, r.timeZone)
    switch (e.type) {
      case 'CaseOpened': {
        const d = e.data as CaseData<'CaseOpened'>
        return [
          {
            ...forCase,
            userId: order.sellerId,
            type: 'case_opened',
            facts: (r) => ({
              order: ref,
              reason: word(r.language, d.reason),
              amount: formatMoney(d.claimedAmount, d.currency, r.language),
              due: when(d.respondBy)(r),
            }),
          },
        ]
      }
      case 'OfferMade': {
        const d = e.data as CaseData<'OfferMade'>
        const to =
          d.by.role === 'seller' ? order.buyerId : d.by.role === 'buyer' ? order.sellerId : null
        if (!to) return []
        return [
          {
            ...forCase,
            userId: to,
            type: 'offer_made',
            facts: (r) => ({
              order: ref,
              who: word(r.language, d.by.role),
              terms: this.terms(d.terms, d.currency, r.language),
              due: when(d.respondBy)(r),
            }),
          },
        ]
      }
      case 'CaseEscalated': {
        const d = e.data as CaseData<'CaseEscalated'>
        return both({
          ...forCase,
          type: 'case_escalated',
          facts: (r) => ({ order: ref, due: when(d.decisionDueAt)(r) }),
        })
      }
      case 'CaseDecided': {
        const d = e.data as CaseData<'CaseDecided'>
        return both({
          ...forCase,
          type: 'case_decided',
          facts: (r) => ({
            order: ref,
            outcome:
              d.amount !== null
                ? `${word(r.language, d.outcome)} (${formatMoney(d.amount, d.currency, r.language)})`
                : word(r.language, d.outcome),
            due: when(d.appealDueAt)(r),
          }),
        })
      }
      case 'CaseClosed':
        return both({ ...forCase, type: 'case_closed', facts: () => ({ order: ref }) })
      case 'CancellationRequested': {
        const d = e.data as CancellationData<'CancellationRequested'>
        // Only a request the seller must answer needs the seller; an immediate one is approved at once.
        if (d.requestedBy !== 'buyer' || d.mode !== 'seller_approval' || d.respondBy === null) {
          return []
        }
        const respondBy = d.respondBy
        return [
          {
            ...forOrder,
            userId: order.sellerId,
            type: 'cancellation_requested',
            facts: (r) => ({
              order: ref,
              reason: word(r.language, d.reason),
              due: when(respondBy)(r),
            }),
          },
        ]
      }
      case 'CancellationApproved': {
        const d = e.data as CancellationData<'CancellationApproved'>
        return [
          {
            ...forOrder,
            userId: order.buyerId,
            type: 'cancellation_approved',
            facts: (r) => ({
              order: ref,
              amount: formatMoney(d.refundDue.total, d.refundDue.currency, r.language),
            }),
          },
        ]
      }
      case 'CancellationDeclined': {
        const d = e.data as CancellationData<'CancellationDeclined'>
        return [
          {
            ...forOrder,
            userId: order.buyerId,
            type: 'cancellation_declined',
            facts: () => ({ order: ref, reason: d.reason }),
          },
        ]
      }
      case 'ShipByReminderDue': {
        const d = e.data as Extract<OrderEvent, { type: 'ShipByReminderDue' }>['data']
        return [
          {
            ...forOrder,
            userId: order.sellerId,
            type: 'ship_by_reminder',
            facts: (r) => ({ order: ref, due: when(d.shipBy)(r) }),
          },
        ]
      }
      case 'SellerResponseReminderDue': {
        const d = e.data as CaseData<'SellerResponseReminderDue'>
        return [
          {
            ...forCase,
            userId: order.sellerId,
            type: 'response_due_reminder',
            facts: (r) => ({ order: ref, due: when(d.respondBy)(r) }),
          },
        ]
      }
      case 'OfferExpiryReminderDue': {
        const d = e.data as CaseData<'OfferExpiryReminderDue'>
        const c = await loadAggregate(q, caseAggregate, e.streamId)
        const offer =
          c.state.status === 'none'
            ? undefined
            : c.state.offers.find((o) => o.offerId === d.offerId)
        if (!offer || c.state.status === 'none') return []
        const currency = c.state.currency
        return [
          {
            ...forCase,
            userId: d.to === 'buyer' ? order.buyerId : order.sellerId,
            type: 'offer_expiring_reminder',
            facts: (r) => ({
              order: ref,
              due: when(d.respondBy)(r),
              terms: this.terms(offer.terms, currency, r.language),
            }),
          },
        ]
      }
      case 'ReturnShipByReminderDue': {
        const d = e.data as Extract<ReturnEvent, { type: 'ReturnShipByReminderDue' }>['data']
        return [
          {
            ...forOrder,
            userId: order.buyerId,
            type: 'return_ship_by_reminder',
            facts: (r) => ({ order: ref, due: when(d.shipBy)(r) }),
          },
        ]
      }
      case 'MessagePosted': {
        if (e.streamType !== 'conversation') return []
        const d = e.data as ConversationEventOf<'MessagePosted'>['data']
        const text = d.moderation.redacted ?? d.text
        const preview = text.length > 140 ? `${text.slice(0, 139)}…` : text
        const link = this.link(`/orders/${order.orderId}/conversation`)
        return [order.buyerId, order.sellerId]
          .filter((id) => id !== d.by.userId)
          .map((userId) => ({
            ...base,
            link,
            data: { ...base.data, messageId: d.messageId },
            userId,
            type: 'message_received' as const,
            facts: (r: Recipient) => ({ order: ref, who: word(r.language, d.by.role), preview }),
          }))
      }
      default:
        return []
    }
  }

  /** The buyer hears how its appeal against the abuse signals went (it is about its record, not an order). */
  private appealDecided(e: PublishedEvent): Notice {
    const d = e.data as AbuseAppealEventOf<'AbuseAppealDecided'>['data']
    return {
      userId: d.buyerId,
      type: 'abuse_appeal_decided',
      facts: () => ({ order: '', outcome: d.outcome, reason: d.rationale }),
      link: this.link('/record'),
      data: { appealId: d.appealId, outcome: d.outcome, eventId: e.id },
      dedupeKey: e.id,
    }
  }

  private terms(
    t: CaseData<'OfferMade'>['terms'],
    currency: string,
    lang: SupportedLanguage,
  ): string {
    return t.kind === 'partial_refund'
      ? `${word(lang, t.kind)} ${formatMoney(t.amount, currency, lang)}`
      : word(lang, t.kind)
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

  // ── Outbox topics ────────────────────────────────────────────────────────

  readonly emailTopic: OutboxTopic = {
    backoffMs: EMAIL_BACKOFF_MS,
    handle: async (message: OutboxMessage): Promise<OutboxResult> => {
      const p = message.payload as EmailPayload
      await this.mailer.send({
        to: p.to,
        subject: p.subject,
        text: p.text,
        language: p.language,
        headers: { 'X-Recourse-Notification': p.notificationId },
      })
      return { kind: 'done' }
    },
  }

  // ── Reading and preferences ──────────────────────────────────────────────

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

  async preferencesOf(q: Queryable, userId: string): Promise<Preferences> {
    const rows = await q
      .select()
      .from(notificationPreferences)
      .where(eq(notificationPreferences.userId, userId))
    return withDefaults(rows[0]?.preferences ?? {})
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

  // ── People: language, time zone, email ──────────────────────────────────

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
