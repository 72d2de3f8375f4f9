import { Compile } from 'typebox/compile'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REDACTION_MARK } from '../../src/domain/conversation/moderation.ts'
import { ConversationView, MessageView } from '../../src/http/schemas/conversation.ts'
import { addHours, type Instant } from '../../src/policy/time.ts'
import { monday9am } from '../support/app.ts'
import { expectProblem, multipartFile, PNG_1x1 } from '../support/http.ts'
import { orderBody } from '../support/orders.ts'
import { openMessagingApp, type MessagingApp } from './conversation-support.ts'

let m: MessagingApp
let integration: string
let buyer: string
let seller: string
let stranger: string
let agent: string
let admin: string

const validators = { conversation: Compile(ConversationView), message: Compile(MessageView) }
const expectValid = (name: keyof typeof validators, body: unknown): void => {
  expect([...validators[name].Errors(body)].map((e) => `${e.instancePath} ${e.message}`)).toEqual(
    [],
  )
}

const at = (time: Instant) => m.t.clock?.set(time)
const req = (
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  url: string,
  authorization: string,
  payload?: object,
) => m.server.inject({ method, url, headers: { authorization }, ...(payload ? { payload } : {}) })

interface Msg {
  id: string
  seq: number
  text: string
  language: string
  untranslated: string
  original?: string
  caseId: string | null
  moderation: {
    redacted: boolean
    findings?: { kind: string }[]
    flagged?: boolean
    review?: string | null
  }
  attachments: { fileId: string; url: string }[]
}
interface Thread {
  messages: Msg[]
  readReceipts: { buyer: { upToSeq: number } | null; seller: { upToSeq: number } | null }
  unreadCount: number
  locked: boolean
  locksAt: string | null
  agentsJoined: boolean
  availableActions: { action: string }[]
}

beforeAll(async () => {
  m = await openMessagingApp()
  integration = await m.t.integration()
  buyer = await m.t.bearer('buyer', 'buyer-ana')
  seller = await m.t.bearer('seller', 'seller-sam')
  stranger = await m.t.bearer('buyer', 'buyer-other')
  agent = await m.t.bearer('agent', 'agent-alex')
  admin = await m.t.bearer('admin', 'admin-ops')
  for (const [id, role, locale] of [
    ['buyer-ana', 'buyer', 'es'],
    ['seller-sam', 'seller', 'en'],
  ] as const) {
    const res = await req('PUT', `/v1/users/${id}`, integration, { role, name: id, locale })
    expect(res.statusCode).toBe(200)
  }
})
afterAll(async () => m.close())

const newOrder = async (): Promise<string> => {
  at(monday9am)
  const res = await req(
    'POST',
    '/v1/orders',
    integration,
    orderBody({ buyerId: 'buyer-ana', sellerId: 'seller-sam' }),
  )
  expect(res.statusCode).toBe(201)
  return res.json<{ id: string }>().id
}
const thread = async (orderId: string, who: string): Promise<Thread> => {
  const res = await req('GET', `/v1/orders/${orderId}/conversation`, who)
  expect(res.statusCode).toBe(200)
  expectValid('conversation', res.json())
  return res.json<Thread>()
}
const say = (orderId: string, who: string, text: string, attachments?: string[]) =>
  req('POST', `/v1/orders/${orderId}/conversation/messages`, who, {
    text,
    ...(attachments ? { attachments } : {}),
  })

describe('a buyer and a seller talking about an order', () => {
  it('keeps the original for the author and hides a phone number from the counterparty', async () => {
    const orderId = await newOrder()
    const posted = await say(
      orderId,
      buyer,
      'Hola, el paquete no ha llegado. Llámame al +55 11 98765-4321 por favor.',
    )
    expect(posted.statusCode).toBe(201)
    expectValid('message', posted.json())
    expect(posted.json<Msg>()).toMatchObject({
      seq: 1,
      language: 'es',
      original: 'Hola, el paquete no ha llegado. Llámame al +55 11 98765-4321 por favor.',
      moderation: { redacted: true, findings: [{ kind: 'phone' }] },
    })

    const forSeller = (await thread(orderId, seller)).messages[0]
    expect(forSeller?.text).toBe(
      `Hola, el paquete no ha llegado. Llámame al ${REDACTION_MARK} por favor.`,
    )
    expect(forSeller?.untranslated).toBe(forSeller?.text)
    expect(forSeller).not.toHaveProperty('original')
    expect(forSeller?.moderation).toEqual({ redacted: true })
    expect(JSON.stringify(await thread(orderId, seller))).not.toContain('98765')
  })

  it('shows a foreign order to no one else: other buyers, agents before escalation, integrations', async () => {
    const orderId = await newOrder()
    await say(orderId, buyer, 'Hello')
    for (const who of [stranger, agent, integration]) {
      expectProblem(await req('GET', `/v1/orders/${orderId}/conversation`, who), 404, 'NOT_FOUND')
    }
    expectProblem(await say(orderId, stranger, 'hi'), 404, 'NOT_FOUND')
    expectProblem(await say(orderId, admin, 'hi'), 403, 'FORBIDDEN')
    expect((await thread(orderId, admin)).messages).toHaveLength(1)
  })

  it('refuses an empty message and one over the length limit', async () => {
    const orderId = await newOrder()
    expectProblem(await say(orderId, buyer, '   '), 422, 'MESSAGE_EMPTY')
    expectProblem(await say(orderId, buyer, 'x'.repeat(4001)), 400, 'VALIDATION_FAILED')
  })

  it('records read receipts the other side sees, and counts what is unread', async () => {
    const orderId = await newOrder()
    await say(orderId, buyer, 'one')
    await say(orderId, buyer, 'two')
    expect((await thread(orderId, seller)).unreadCount).toBe(2)
    const read = await req('POST', `/v1/orders/${orderId}/conversation/read`, seller, {
      upToSeq: 1,
    })
    expect(read.statusCode).toBe(200)
    expect(read.json()).toMatchObject({ readReceipts: { seller: { upToSeq: 1 }, buyer: null } })
    const seen = await thread(orderId, buyer)
    expect(seen.readReceipts.seller?.upToSeq).toBe(1)
    expect((await thread(orderId, seller)).unreadCount).toBe(1)
    expectProblem(
      await req('POST', `/v1/orders/${orderId}/conversation/read`, seller, { upToSeq: 9 }),
      422,
      'MESSAGE_NOT_FOUND',
    )
  })

  it('tells the other side about a new message in the app', async () => {
    const orderId = await newOrder()
    await say(orderId, seller, 'Shipping tomorrow morning.')
    const list = await req('GET', '/v1/notifications?limit=5', buyer)
    expect(list.statusCode).toBe(200)
    const latest = list.json<{
      items: { type: string; title: string; data: { orderId: string } }[]
    }>().items[0]
    expect(latest).toMatchObject({ type: 'message_received', data: { orderId } })
    expect(latest?.title).toMatch(/^Nuevo mensaje sobre el pedido/)
  })

  it('carries attachments by file id, served only to the thread, each file once', async () => {
    const orderId = await newOrder()
    const { payload, headers } = multipartFile(PNG_1x1, 'label.png', 'image/png')
    const upload = await m.server.inject({
      method: 'POST',
      url: '/v1/files',
      headers: { authorization: seller, ...headers },
      payload,
    })
    expect(upload.statusCode).toBe(201)
    const fileId = upload.json<{ fileId: string }>().fileId
    expectProblem(await say(orderId, buyer, 'mine?', [fileId]), 422, 'FILE_NOT_FOUND')
    const posted = await say(orderId, seller, 'Here is the label', [fileId])
    expect(posted.statusCode).toBe(201)
    const url = posted.json<Msg>().attachments[0]?.url ?? ''
    const download = await req('GET', url, buyer)
    expect(download.statusCode).toBe(200)
    expect(download.headers['content-type']).toBe('image/png')
    expect(download.rawPayload.equals(PNG_1x1)).toBe(true)
    expectProblem(await req('GET', url, stranger), 404, 'NOT_FOUND')
    expectProblem(await say(orderId, seller, 'again', [fileId]), 422, 'FILE_NOT_FOUND')
  })
})

describe('when the order has closed', () => {
  it('locks the conversation `lockAfterClose` after acceptance, but still records reads', async () => {
    const orderId = await newOrder()
    await say(orderId, buyer, 'Thanks!')
    await req('POST', `/v1/orders/${orderId}/shipments`, seller, {
      carrier: 'USPS',
      trackingNumber: '9400111',
    })
    at(addHours(monday9am, 48))
    await req('POST', `/v1/orders/${orderId}/delivery`, integration)
    const accepted = await req('POST', `/v1/orders/${orderId}/acceptance`, buyer)
    expect(accepted.statusCode).toBe(200)
    const open = await thread(orderId, buyer)
    expect(open.locked).toBe(false)
    expect(open.locksAt).toBe(addHours(monday9am, 48 + 30 * 24))
    at(addHours(monday9am, 48 + 30 * 24))
    expectProblem(await say(orderId, seller, 'One more thing'), 409, 'CONVERSATION_LOCKED')
    const locked = await thread(orderId, seller)
    expect(locked.locked).toBe(true)
    expect(locked.availableActions.map((a) => a.action)).toEqual(['mark_read'])
    expect((await req('POST', `/v1/orders/${orderId}/conversation/read`, seller)).statusCode).toBe(
      200,
    )
  })
})

describe('with a case on the order', () => {
  const deliveredOrder = async (): Promise<string> => {
    const orderId = await newOrder()
    await req('POST', `/v1/orders/${orderId}/shipments`, seller, {
      carrier: 'USPS',
      trackingNumber: '9400111',
    })
    at(addHours(monday9am, 48))
    await req('POST', `/v1/orders/${orderId}/delivery`, integration)
    return orderId
  }

  it('mirrors the case’s messages into the thread, and lets agents in once it is escalated', async () => {
    const orderId = await deliveredOrder()
    const opened = await req('POST', `/v1/orders/${orderId}/cases`, buyer, {
      reason: 'not_as_described',
      desiredOutcome: 'full_refund',
      description: 'La chaqueta tiene una mancha grande en la espalda.',
    })
    expect(opened.statusCode).toBe(201)
    const caseId = opened.json<{ id: string }>().id
    const onCase = await req('POST', `/v1/cases/${caseId}/messages`, seller, {
      body: 'Please pay me via PayPal and I will refund you directly.',
    })
    expect(onCase.statusCode).toBe(200)
    const forBuyer = await thread(orderId, buyer)
    const mirrored = forBuyer.messages.find((x) => x.caseId === caseId)
    expect(mirrored?.moderation.redacted).toBe(true)
    expect(mirrored?.text).not.toMatch(/paypal/i)

    expectProblem(await req('GET', `/v1/orders/${orderId}/conversation`, agent), 404, 'NOT_FOUND')
    const disputed = await req('POST', `/v1/cases/${caseId}/dispute`, seller, {
      statement: 'The jacket left here clean.',
    })
    expect(disputed.statusCode).toBe(200)
    const escalated = await req('POST', `/v1/cases/${caseId}/escalate`, buyer, {
      statement: 'The seller wants me to pay outside the marketplace.',
    })
    expect(escalated.statusCode).toBe(200)
    const forAgent = await thread(orderId, agent)
    expect(forAgent.agentsJoined).toBe(true)
    const flagged = forAgent.messages.find((x) => x.caseId === caseId)
    expect(flagged?.original).toMatch(/PayPal/)
    expect(flagged?.moderation).toMatchObject({
      flagged: true,
      findings: [{ kind: 'off_platform_payment' }],
    })
    const queue = await req('GET', '/v1/moderation/flagged-messages', agent)
    expect(queue.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toContain(flagged?.id)

    const reviewed = await req(
      'POST',
      `/v1/orders/${orderId}/conversation/messages/${flagged?.id}/review`,
      agent,
      { verdict: 'confirmed' },
    )
    expect(reviewed.statusCode).toBe(200)
    expect(reviewed.json<Msg>().moderation.review).toBe('reviewed')
    expectProblem(
      await req(
        'POST',
        `/v1/orders/${orderId}/conversation/messages/${flagged?.id}/review`,
        seller,
        {
          verdict: 'cleared',
        },
      ),
      403,
      'FORBIDDEN',
    )

    const fromAgent = await say(orderId, agent, 'I am looking into this case now.')
    expect(fromAgent.statusCode).toBe(201)
  })
})
