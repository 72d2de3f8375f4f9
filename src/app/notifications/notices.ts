import type { CaseEventOf } from '../../domain/case/events.ts'
import type { DomainEventOf, DomainEventType } from '../../domain/events.ts'
import type { Queryable } from '../../store/database.ts'
import { loadAggregate } from '../../store/event-store.ts'
import {
  formatInstant,
  formatMoney,
  word,
  type NotificationType,
  type TemplateData,
} from '../../integrations/email-templates.ts'
import type { SupportedLanguage } from '../../integrations/translation.ts'
import type { OrderRef } from '../../integrations/webhooks-catalog.ts'
import { caseAggregate } from '../aggregates.ts'
import type { Recipient } from './queries.ts'

/** One notification to write: to whom, which template, with what facts. */
export interface Notice {
  readonly userId: string
  readonly type: NotificationType
  /** Builds the template's facts in the recipient's language and zone. */
  readonly facts: (r: Recipient) => TemplateData
  readonly link: string
  readonly data: Readonly<Record<string, unknown>>
  /** What caused it (an event id, a reminder): the same cause never notifies twice. */
  readonly dedupeKey: string
}

/** A stored domain event, as the notices read it. */
export interface NoticeSource {
  readonly id: string
  readonly streamId: string
  readonly streamType: string
  readonly type: string
  readonly data: unknown
}

/** Links into the web app (`RECOURSE_PUBLIC_URL`). */
type Link = (path: string) => string

/** What a rule about an order fact has at hand besides the fact's data. */
interface OrderNoticeContext {
  readonly q: Queryable
  readonly event: NoticeSource
  readonly order: OrderRef
  readonly link: Link
  /** What every notice of this event carries: the event as dedupe key, the order in its data. */
  readonly base: Pick<Notice, 'dedupeKey' | 'data'>
  /** The same, linking to the case the event is about (its stream). */
  readonly forCase: Pick<Notice, 'dedupeKey' | 'data' | 'link'>
  /** The same, linking to the order. */
  readonly forOrder: Pick<Notice, 'dedupeKey' | 'data' | 'link'>
}

/** What a rule about a person's own record has at hand. */
interface PersonNoticeContext {
  readonly event: NoticeSource
  readonly link: Link
}

type Notices = readonly Notice[] | Promise<readonly Notice[]>

/** Notice rules keyed by the domain event they answer: a misspelt event type does not compile. */
type NoticeTable<C> = {
  readonly [T in DomainEventType]?: (data: DomainEventOf<T>['data'], c: C) => Notices
}

const when =
  (at: string) =>
  (r: Recipient): string =>
    formatInstant(at, r.language, r.timeZone)

const percent = (share: number, r: Recipient): string =>
  new Intl.NumberFormat(r.language, { style: 'percent', maximumFractionDigits: 1 }).format(share)

const terms = (
  t: CaseEventOf<'OfferMade'>['data']['terms'],
  currency: string,
  lang: SupportedLanguage,
): string =>
  t.kind === 'partial_refund'
    ? `${word(lang, t.kind)} ${formatMoney(t.amount, currency, lang)}`
    : word(lang, t.kind)

/** The same notice to the buyer and to the seller. */
const both = (c: OrderNoticeContext, n: Omit<Notice, 'userId'>): Notice[] => [
  { ...n, userId: c.order.buyerId },
  { ...n, userId: c.order.sellerId },
]

/**
 * Who hears of which fact about an order, in which template. Facts not
 * listed tell nobody. Reminders are deadlines of the order, case and return
 * deciders, fired once by the deadline runner and told here like any fact.
 */
const orderNotices: NoticeTable<OrderNoticeContext> = {
  CaseOpened: (d, c) => [
    {
      ...c.forCase,
      userId: c.order.sellerId,
      type: 'case_opened',
      facts: (r) => ({
        order: c.order.externalRef,
        reason: word(r.language, d.reason),
        amount: formatMoney(d.claimedAmount, d.currency, r.language),
        due: when(d.respondBy)(r),
      }),
    },
  ],
  OfferMade: (d, c) => {
    const to =
      d.by.role === 'seller' ? c.order.buyerId : d.by.role === 'buyer' ? c.order.sellerId : null
    if (!to) return []
    return [
      {
        ...c.forCase,
        userId: to,
        type: 'offer_made',
        facts: (r) => ({
          order: c.order.externalRef,
          who: word(r.language, d.by.role),
          terms: terms(d.terms, d.currency, r.language),
          due: when(d.respondBy)(r),
        }),
      },
    ]
  },
  CaseEscalated: (d, c) =>
    both(c, {
      ...c.forCase,
      type: 'case_escalated',
      facts: (r) => ({ order: c.order.externalRef, due: when(d.decisionDueAt)(r) }),
    }),
  CaseDecided: (d, c) =>
    both(c, {
      ...c.forCase,
      type: 'case_decided',
      facts: (r) => ({
        order: c.order.externalRef,
        outcome:
          d.amount !== null
            ? `${word(r.language, d.outcome)} (${formatMoney(d.amount, d.currency, r.language)})`
            : word(r.language, d.outcome),
        due: when(d.appealDueAt)(r),
      }),
    }),
  CaseClosed: (_d, c) =>
    both(c, { ...c.forCase, type: 'case_closed', facts: () => ({ order: c.order.externalRef }) }),
  CancellationRequested: (d, c) => {
    // Only a request the seller must answer needs the seller; an immediate one is approved at once.
    if (d.requestedBy !== 'buyer' || d.mode !== 'seller_approval' || d.respondBy === null) {
      return []
    }
    const respondBy = d.respondBy
    return [
      {
        ...c.forOrder,
        userId: c.order.sellerId,
        type: 'cancellation_requested',
        facts: (r) => ({
          order: c.order.externalRef,
          reason: word(r.language, d.reason),
          due: when(respondBy)(r),
        }),
      },
    ]
  },
  CancellationApproved: (d, c) => [
    {
      ...c.forOrder,
      userId: c.order.buyerId,
      type: 'cancellation_approved',
      facts: (r) => ({
        order: c.order.externalRef,
        amount: formatMoney(d.refundDue.total, d.refundDue.currency, r.language),
      }),
    },
  ],
  CancellationDeclined: (d, c) => [
    {
      ...c.forOrder,
      userId: c.order.buyerId,
      type: 'cancellation_declined',
      facts: () => ({ order: c.order.externalRef, reason: d.reason }),
    },
  ],
  ShipByReminderDue: (d, c) => [
    {
      ...c.forOrder,
      userId: c.order.sellerId,
      type: 'ship_by_reminder',
      facts: (r) => ({ order: c.order.externalRef, due: when(d.shipBy)(r) }),
    },
  ],
  ShipmentLate: (d, c) => [
    {
      ...c.forOrder,
      userId: c.order.sellerId,
      type: 'late_shipment_seller',
      facts: (r) => ({
        order: c.order.externalRef,
        due: when(d.shipBy)(r),
        limit: percent(d.lateShipmentLimit, r),
      }),
    },
    {
      ...c.forOrder,
      userId: c.order.buyerId,
      type: 'late_shipment_buyer',
      facts: (r) => ({
        order: c.order.externalRef,
        ...(d.buyerCancelRightFrom === null ? {} : { due: when(d.buyerCancelRightFrom)(r) }),
      }),
    },
  ],
  DeliveryLate: (d, c) => [
    {
      ...c.forOrder,
      userId: c.order.sellerId,
      type: 'late_delivery_seller',
      facts: (r) => ({
        order: c.order.externalRef,
        due: when(d.estimatedDeliveryAt)(r),
        limit: percent(d.caseRateLimit, r),
      }),
    },
    {
      ...c.forOrder,
      userId: c.order.buyerId,
      type: 'late_delivery_buyer',
      facts: (r) => ({
        order: c.order.externalRef,
        ...(d.caseOpensAt === null ? {} : { due: when(d.caseOpensAt)(r) }),
      }),
    },
  ],
  SellerResponseReminderDue: (d, c) => [
    {
      ...c.forCase,
      userId: c.order.sellerId,
      type: 'response_due_reminder',
      facts: (r) => ({ order: c.order.externalRef, due: when(d.respondBy)(r) }),
    },
  ],
  OfferExpiryReminderDue: async (d, c) => {
    const loaded = await loadAggregate(c.q, caseAggregate, c.event.streamId)
    const theCase = loaded.state.status === 'none' ? undefined : loaded.state
    const offer = theCase?.offers.find((o) => o.offerId === d.offerId)
    if (!offer || !theCase) return []
    const currency = theCase.currency
    return [
      {
        ...c.forCase,
        userId: d.to === 'buyer' ? c.order.buyerId : c.order.sellerId,
        type: 'offer_expiring_reminder',
        facts: (r) => ({
          order: c.order.externalRef,
          due: when(d.respondBy)(r),
          terms: terms(offer.terms, currency, r.language),
        }),
      },
    ]
  },
  ReturnShipByReminderDue: (d, c) => [
    {
      ...c.forOrder,
      userId: c.order.buyerId,
      type: 'return_ship_by_reminder',
      facts: (r) => ({ order: c.order.externalRef, due: when(d.shipBy)(r) }),
    },
  ],
  MessagePosted: (d, c) => {
    if (c.event.streamType !== 'conversation') return []
    const text = d.moderation.redacted ?? d.text
    const preview = text.length > 140 ? `${text.slice(0, 139)}…` : text
    const link = c.link(`/orders/${c.order.orderId}/conversation`)
    return [c.order.buyerId, c.order.sellerId]
      .filter((id) => id !== d.by.userId)
      .map((userId) => ({
        ...c.base,
        link,
        data: { ...c.base.data, messageId: d.messageId },
        userId,
        type: 'message_received' as const,
        facts: (r: Recipient) => ({
          order: c.order.externalRef,
          who: word(r.language, d.by.role),
          preview,
        }),
      }))
  },
}

/** Facts about a person's own record rather than an order. */
const personNotices: NoticeTable<PersonNoticeContext> = {
  // The buyer hears how its appeal against the abuse signals went.
  AbuseAppealDecided: (d, c) => [
    {
      userId: d.buyerId,
      type: 'abuse_appeal_decided',
      facts: () => ({ order: '', outcome: d.outcome, reason: d.rationale }),
      link: c.link('/record'),
      data: { appealId: d.appealId, outcome: d.outcome, eventId: c.event.id },
      dedupeKey: c.event.id,
    },
  ],
}

/** The rule for a stored event's type, reading the event's data as that type's. */
const ruleOf = <C>(
  table: NoticeTable<C>,
  type: string,
): ((data: unknown, c: C) => Notices) | undefined =>
  Object.hasOwn(table, type)
    ? (table[type as DomainEventType] as (data: unknown, c: C) => Notices)
    : undefined

/** Whether any notice answers events of this type (other appends cost no query). */
export const notifies = (type: string): boolean =>
  Object.hasOwn(orderNotices, type) || Object.hasOwn(personNotices, type)

/** The notices one stored event causes; an order fact needs its order. */
export const noticesFor = async (
  q: Queryable,
  event: NoticeSource,
  order: OrderRef | null,
  link: Link,
): Promise<readonly Notice[]> => {
  const aboutPerson = ruleOf(personNotices, event.type)
  if (aboutPerson) return aboutPerson(event.data, { event, link })
  const aboutOrder = ruleOf(orderNotices, event.type)
  if (!aboutOrder || !order) return []
  const base = { dedupeKey: event.id, data: { orderId: order.orderId, eventId: event.id } }
  return aboutOrder(event.data, {
    q,
    event,
    order,
    link,
    base,
    forCase: {
      ...base,
      link: link(`/cases/${event.streamId}`),
      data: { ...base.data, caseId: event.streamId },
    },
    forOrder: { ...base, link: link(`/orders/${order.orderId}`) },
  })
}
