import { readdirSync, readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fileMailer } from '../../src/integrations/email.ts'
import { addHours, type Instant } from '../../src/policy/time.ts'
import { monday9am } from '../support/app.ts'
import { expectProblem } from '../support/http.ts'
import { orderBody } from '../support/orders.ts'
import { openMessagingApp, type MessagingApp } from '../http/conversation-support.ts'

/** A real SMTP server on this machine that keeps what it is sent. */
const startSmtp = async (): Promise<{
  port: number
  inbox: ParsedMail[]
  stop(): Promise<void>
}> => {
  const inbox: ParsedMail[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          inbox.push(mail)
          callback()
        })
        .catch(callback)
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo
  return { port, inbox, stop: () => new Promise((r) => server.close(() => r())) }
}

let m: MessagingApp
let smtp: Awaited<ReturnType<typeof startSmtp>>
let integration: string
let buyer: string
let seller: string

const at = (time: Instant) => m.t.clock?.set(time)
/** The scheduler at `time`: due deadlines fire (reminders among them), then the outbox sends. */
const fire = async (time: Instant): Promise<void> => {
  at(time)
  await m.t.recourse.deadlines.sweep(time)
  await m.sweep(time)
}
const req = (
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  authorization: string,
  payload?: object,
) => m.server.inject({ method, url, headers: { authorization }, ...(payload ? { payload } : {}) })

beforeAll(async () => {
  smtp = await startSmtp()
  m = await openMessagingApp({
    env: {
      RECOURSE_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      RECOURSE_MAIL_FROM: 'Recourse <cases@recourse.test>',
    },
  })
  integration = await m.t.integration()
  buyer = await m.t.bearer('buyer', 'buyer-ana')
  seller = await m.t.bearer('seller', 'seller-lucia')
  const people = [
    ['buyer-ana', 'buyer', 'Ana Souza', 'en', 'America/New_York'],
    ['seller-lucia', 'seller', 'Lucía Moda', 'es', 'America/Mexico_City'],
  ] as const
  for (const [id, role, name, locale, timeZone] of people) {
    const res = await req('PUT', `/v1/users/${id}`, integration, {
      role,
      name,
      email: `${id}@example.com`,
      locale,
      timeZone,
    })
    expect(res.statusCode).toBe(200)
  }
})
afterAll(async () => {
  await m.close()
  await smtp.stop()
})

const deliveredOrder = async (): Promise<{ orderId: string; externalRef: string }> => {
  at(monday9am)
  const body = orderBody({ buyerId: 'buyer-ana', sellerId: 'seller-lucia' })
  const order = await req('POST', '/v1/orders', integration, body)
  const orderId = order.json<{ id: string }>().id
  await req('POST', `/v1/orders/${orderId}/shipments`, seller, {
    carrier: 'USPS',
    trackingNumber: '9400111',
  })
  at(addHours(monday9am, 48))
  await req('POST', `/v1/orders/${orderId}/delivery`, integration)
  return { orderId, externalRef: body.externalRef }
}

describe('notifications by email', () => {
  it('tells the seller about a new case over SMTP, in the seller’s language and time zone', async () => {
    const { orderId, externalRef } = await deliveredOrder()
    const opened = await req('POST', `/v1/orders/${orderId}/cases`, buyer, {
      reason: 'damaged',
      desiredOutcome: 'full_refund',
      description: 'The mug arrived in pieces.',
    })
    expect(opened.statusCode).toBe(201)
    const caseId = opened.json<{ id: string; sellerRespondBy: string }>().id
    expect(smtp.inbox).toHaveLength(0)
    await m.sweep()
    const mail = smtp.inbox.find((x) => x.subject?.includes(externalRef))
    expect(mail).toBeDefined()
    expect(mail?.subject).toBe(`Nuevo caso en el pedido ${externalRef}`)
    expect(mail?.to && 'text' in mail.to ? mail.to.text : '').toBe(
      '"Lucía Moda" <seller-lucia@example.com>',
    )
    expect(mail?.from?.value[0]).toMatchObject({ name: 'Recourse', address: 'cases@recourse.test' })
    expect(mail?.headers.get('content-language')).toBe('es')
    expect(mail?.headers.get('auto-submitted')).toBe('auto-generated')
    expect(mail?.headers.get('x-recourse-notification')).toMatch(/^[0-9a-f-]{36}$/)
    expect(mail?.text).toContain('El comprador abrió un caso: dañado.')
    expect(mail?.text).toContain('US$')
    expect(mail?.text).toContain(`https://recourse.test/cases/${caseId}`)
    // 09:00 in New York is 08:00 in Mexico City: the deadline is shown in the seller's zone.
    expect(mail?.text).toMatch(/Responde antes del .*8:00/)
  })

  it('reminds the seller 24 hours before the response is due, and not after the seller answered', async () => {
    const { orderId, externalRef } = await deliveredOrder()
    const opened = await req('POST', `/v1/orders/${orderId}/cases`, buyer, {
      reason: 'not_as_described',
      desiredOutcome: 'full_refund',
      description: 'Wrong colour.',
    })
    const c = opened.json<{ sellerRespondBy: string }>()
    await m.sweep()
    const before = smtp.inbox.length
    const remindAt = addHours(c.sellerRespondBy as Instant, -24)
    const subject = `Responde al caso del pedido ${externalRef} en 24 horas`
    // The reminder is the case's deadline row: nothing is due an hour early.
    await fire(addHours(remindAt, -1))
    expect(smtp.inbox.slice(before).map((x) => x.subject)).not.toContain(subject)
    await fire(remindAt)
    const reminder = smtp.inbox.slice(before).find((x) => x.subject?.includes(externalRef))
    expect(reminder?.subject).toBe(subject)
    // Exactly once: sweeping again, later, sends nothing more for it.
    await fire(addHours(remindAt, 1))
    expect(smtp.inbox.filter((x) => x.subject === subject)).toHaveLength(1)

    // A case the seller already answered gets no reminder.
    const second = await deliveredOrder()
    const again = await req('POST', `/v1/orders/${second.orderId}/cases`, buyer, {
      reason: 'damaged',
      desiredOutcome: 'full_refund',
      description: 'Cracked.',
    })
    const caseId = again.json<{ id: string; sellerRespondBy: string }>().id
    await req('POST', `/v1/cases/${caseId}/dispute`, seller, { statement: 'Packed with care.' })
    await m.sweep()
    const count = smtp.inbox.length
    const due = addHours(again.json<{ sellerRespondBy: string }>().sellerRespondBy as Instant, -24)
    await fire(due)
    expect(smtp.inbox.slice(count).map((x) => x.subject)).not.toContain(
      `Responde al caso del pedido ${second.externalRef} en 24 horas`,
    )
  })

  it('sends no stale reminder when the scheduler first runs after the deadline itself', async () => {
    const { orderId, externalRef } = await deliveredOrder()
    const opened = await req('POST', `/v1/orders/${orderId}/cases`, buyer, {
      reason: 'damaged',
      desiredOutcome: 'full_refund',
      description: 'Chipped rim.',
    })
    const c = opened.json<{ id: string; sellerRespondBy: string }>()
    await m.sweep()
    // One sweep, an hour after the response was due: the deadline acts, the reminder is moot.
    await fire(addHours(c.sellerRespondBy as Instant, 1))
    const after = await req('GET', `/v1/cases/${c.id}`, seller)
    expect(after.json<{ status: string }>().status).toBe('escalated')
    expect(smtp.inbox.map((x) => x.subject)).not.toContain(
      `Responde al caso del pedido ${externalRef} en 24 horas`,
    )
  })

  it('reminds the buyer before a seller’s offer lapses, once', async () => {
    const { orderId, externalRef } = await deliveredOrder()
    const opened = await req('POST', `/v1/orders/${orderId}/cases`, buyer, {
      reason: 'not_as_described',
      desiredOutcome: 'full_refund',
      description: 'Smaller than listed.',
    })
    const caseId = opened.json<{ id: string }>().id
    const offered = await req('POST', `/v1/cases/${caseId}/offers`, seller, {
      terms: { kind: 'partial_refund', amount: 500 },
    })
    expect(offered.statusCode).toBe(200)
    const offer = offered.json<{ offers: { respondBy: string }[] }>().offers[0]
    const remindAt = addHours(offer?.respondBy as Instant, -24)
    await m.sweep()
    const before = smtp.inbox.length
    await fire(addHours(remindAt, -1))
    expect(smtp.inbox.slice(before).filter((x) => x.subject?.includes(externalRef))).toEqual([])
    await fire(remindAt)
    await fire(addHours(remindAt, 2))
    const reminders = smtp.inbox.filter((x) =>
      x.subject?.includes(`An offer on order ${externalRef}`),
    )
    // Ana reads English: the reminder is hers, in her language, with the terms.
    expect(reminders).toHaveLength(1)
    expect(reminders[0]?.text).toContain('partial refund $5.00')
    const list = await req('GET', '/v1/notifications?limit=5', buyer)
    expect(
      list
        .json<{ items: { type: string }[] }>()
        .items.filter((n) => n.type === 'offer_expiring_reminder'),
    ).toHaveLength(1)
  })

  it('reminds the buyer to ship a return before its ship-by date, once', async () => {
    const { orderId, externalRef } = await deliveredOrder()
    const opened = await req('POST', `/v1/orders/${orderId}/cases`, buyer, {
      reason: 'not_as_described',
      desiredOutcome: 'return_and_refund',
      description: 'Wrong size.',
    })
    const caseId = opened.json<{ id: string }>().id
    const accepted = await req('POST', `/v1/cases/${caseId}/accept-claim`, seller, {
      resolution: 'return',
    })
    expect(accepted.statusCode).toBe(200)
    const returns = await req('GET', `/v1/cases/${caseId}/returns`, buyer)
    const r = returns.json<{ items: { shipBy: string }[] }>().items[0]
    const remindAt = addHours(r?.shipBy as Instant, -24)
    const subject = `Ship the return for order ${externalRef}`
    await m.sweep()
    await fire(addHours(remindAt, -1))
    expect(smtp.inbox.filter((x) => x.subject?.startsWith(subject))).toEqual([])
    await fire(remindAt)
    await fire(addHours(remindAt, 3))
    const reminders = smtp.inbox.filter((x) => x.subject?.startsWith(subject))
    expect(reminders).toHaveLength(1)
    expect(reminders[0]?.to && 'text' in reminders[0].to ? reminders[0].to.text : '').toBe(
      '"Ana Souza" <buyer-ana@example.com>',
    )
  })

  it('sends the ship-by reminder the order decider raises', async () => {
    at(monday9am)
    const body = orderBody({
      buyerId: 'buyer-ana',
      sellerId: 'seller-lucia',
      shipBy: addHours(monday9am, 30),
    })
    await req('POST', '/v1/orders', integration, body)
    const due = addHours(monday9am, 6)
    at(due)
    await m.t.recourse.deadlines.sweep(due)
    await m.sweep(due)
    expect(smtp.inbox.map((x) => x.subject)).toContain(
      `Envía el pedido ${body.externalRef} antes del ${new Intl.DateTimeFormat('es', {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
        timeZone: 'America/Mexico_City',
        timeZoneName: 'short',
      }).format(new Date(addHours(monday9am, 30)))}`,
    )
  })
})

describe('notifications in the app', () => {
  it('lists the caller’s notifications newest first, cursor paged, and marks them read', async () => {
    const first = await req('GET', '/v1/notifications?limit=1', seller)
    expect(first.statusCode).toBe(200)
    const page = first.json<{
      items: { id: string; language: string }[]
      nextCursor: string
      unreadCount: number
    }>()
    expect(page.items).toHaveLength(1)
    expect(page.items[0]?.language).toBe('es')
    expect(page.unreadCount).toBeGreaterThan(1)
    const second = await req('GET', `/v1/notifications?limit=1&cursor=${page.nextCursor}`, seller)
    expect(second.json<{ items: { id: string }[] }>().items[0]?.id).not.toBe(page.items[0]?.id)

    const read = await req('POST', `/v1/notifications/${page.items[0]?.id}/read`, seller)
    expect(read.statusCode).toBe(200)
    const after = await req('GET', '/v1/notifications?limit=1', seller)
    expect(after.json<{ unreadCount: number }>().unreadCount).toBe(page.unreadCount - 1)
    expectProblem(
      await req('POST', `/v1/notifications/${page.items[0]?.id}/read`, buyer),
      404,
      'NOT_FOUND',
    )
    expectProblem(await req('GET', '/v1/notifications', integration), 403, 'FORBIDDEN')
  })

  it('follows each user’s preferences: no email for a type switched off', async () => {
    const prefs = await req('PUT', '/v1/me/notification-preferences', seller, {
      case_opened: { email: false },
    })
    expect(prefs.statusCode).toBe(200)
    expect(prefs.json()).toMatchObject({
      case_opened: { email: false, inApp: true },
      offer_made: { email: true, inApp: true },
    })
    const { orderId, externalRef } = await deliveredOrder()
    await req('POST', `/v1/orders/${orderId}/cases`, buyer, {
      reason: 'damaged',
      desiredOutcome: 'full_refund',
      description: 'Broken handle.',
    })
    await m.sweep()
    expect(smtp.inbox.map((x) => x.subject)).not.toContain(`Nuevo caso en el pedido ${externalRef}`)
    const inApp = await req('GET', '/v1/notifications?limit=1', seller)
    expect(inApp.json<{ items: { title: string }[] }>().items[0]?.title).toBe(
      `Nuevo caso en el pedido ${externalRef}`,
    )
    expectProblem(
      await req('PUT', '/v1/me/notification-preferences', seller, { nonsense: { email: true } }),
      400,
      'VALIDATION_FAILED',
    )
  })

  it('lets people set the language they read in', async () => {
    const res = await m.server.inject({
      method: 'PATCH',
      url: '/v1/me/profile',
      headers: { authorization: buyer },
      payload: { locale: 'pt-BR', timeZone: 'America/Sao_Paulo' },
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      locale: 'pt-BR',
      timeZone: 'America/Sao_Paulo',
      email: 'buyer-ana@example.com',
    })
    expectProblem(
      await m.server.inject({
        method: 'PATCH',
        url: '/v1/me/profile',
        headers: { authorization: buyer },
        payload: { timeZone: 'Mars/Olympus_Mons' },
      }),
      422,
      'INVALID_TIME_ZONE',
    )
  })
})

describe('without an SMTP server', () => {
  it('writes each email as an .eml file a person can open', async () => {
    const mailer = fileMailer(join(m.mailDir, 'eml'))
    const sent = await mailer.send({
      to: 'seller@example.com',
      subject: 'Nouveau litige sur la commande A-1',
      text: 'Bonjour',
      language: 'fr',
      headers: {},
    })
    const [file] = readdirSync(join(m.mailDir, 'eml'))
    expect(sent.file).toContain(file)
    const mail = await simpleParser(readFileSync(join(m.mailDir, 'eml', file ?? '')))
    expect(mail.subject).toBe('Nouveau litige sur la commande A-1')
    expect(mail.headers.get('content-language')).toBe('fr')
    mailer.close()
  })
})
