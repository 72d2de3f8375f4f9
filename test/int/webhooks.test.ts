import { readFileSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { sql } from 'drizzle-orm'
import { Webhook } from 'standardwebhooks'
import { Compile } from 'typebox/compile'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { withGenerated } from '../../scripts/docs-generate.ts'
import { WEBHOOK_RETRY_SCHEDULE_MS } from '../../src/app/webhooks/delivery.ts'
import { eventCatalog, renderEventCatalog } from '../../src/integrations/webhooks-catalog.ts'
import { addHours, addMillis, type Instant } from '../../src/policy/time.ts'
import { ALLOW_LOCAL_RECEIVERS, monday9am } from '../support/app.ts'
import { expectProblem } from '../support/http.ts'
import { orderBody } from '../support/orders.ts'
import { openMessagingApp, type MessagingApp } from '../http/conversation-support.ts'

/** A marketplace's webhook receiver on this machine: verifies every signature, answers 500 on demand. */
class Receiver {
  readonly received: {
    id: string
    type: string
    status: number
    headers: IncomingHttpHeaders
    body: string
  }[] = []
  failing = false
  secrets: string[] = []
  private server!: HttpServer
  url = ''

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = ''
      req.on('data', (c: Buffer) => (body += c.toString()))
      req.on('end', () => {
        const headers = {
          'webhook-id': String(req.headers['webhook-id']),
          'webhook-timestamp': String(req.headers['webhook-timestamp']),
          'webhook-signature': String(req.headers['webhook-signature']),
        }
        // Any one of the receiver's secrets must verify the request (Standard Webhooks).
        const verified = this.secrets.some((s) => {
          try {
            new Webhook(s).verify(body, headers)
            return true
          } catch {
            return false
          }
        })
        const status = !verified ? 401 : this.failing ? 500 : 204
        const type = (JSON.parse(body) as { type: string }).type
        this.received.push({ id: headers['webhook-id'], type, status, headers: req.headers, body })
        res.writeHead(status).end(status === 500 ? 'database unavailable' : '')
      })
    })
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`
  }

  /** How many times each event id was accepted. */
  accepted(): Map<string, number> {
    const counts = new Map<string, number>()
    for (const r of this.received)
      if (r.status === 204) counts.set(r.id, (counts.get(r.id) ?? 0) + 1)
    return counts
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise((r) => this.server.close(r))
  }
}

let m: MessagingApp
let receiver: Receiver
let admin: string
let integration: string
let seller: string
let buyer: string
let now: Instant

const at = (time: Instant) => {
  now = time
  m.t.clock?.set(time)
}
const req = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  authorization: string,
  payload?: object,
) => m.server.inject({ method, url, headers: { authorization }, ...(payload ? { payload } : {}) })

interface Endpoint {
  id: string
  secret: string
}
const register = async (body: object = {}): Promise<Endpoint> => {
  const res = await req('POST', '/v1/webhook-endpoints', admin, { url: receiver.url, ...body })
  expect(res.statusCode).toBe(201)
  const endpoint = res.json<Endpoint>()
  receiver.secrets = [endpoint.secret]
  return endpoint
}

/** An order shipped and delivered: `order.shipped`, `order.delivered`. */
const deliveredOrder = async (): Promise<string> => {
  const order = await req('POST', '/v1/orders', integration, orderBody())
  const orderId = order.json<{ id: string }>().id
  await req('POST', `/v1/orders/${orderId}/shipments`, seller, {
    carrier: 'USPS',
    trackingNumber: '9400111',
  })
  await req('POST', `/v1/orders/${orderId}/delivery`, integration)
  return orderId
}

beforeAll(async () => {
  receiver = new Receiver()
  await receiver.start()
  m = await openMessagingApp({ app: { env: ALLOW_LOCAL_RECEIVERS } })
  admin = await m.t.bearer('admin', 'admin-ops')
  seller = await m.t.bearer('seller', 'seller-1')
  buyer = await m.t.bearer('buyer', 'buyer-1')
  integration = await m.t.integration()
})
afterAll(async () => {
  await m.close()
  await receiver.stop()
})
beforeEach(async () => {
  // Each test starts with no endpoints and an empty outbox; orders and policy stay.
  await m.t.db.database.db.execute(
    sql.raw(
      'truncate webhook_endpoints, webhook_deliveries, webhook_attempts, outbox, notifications',
    ),
  )
  receiver.received.length = 0
  receiver.failing = false
  at(monday9am)
})

describe('webhook endpoints', () => {
  it('receive signed events that the Standard Webhooks library verifies, in the documented schema', async () => {
    await register({ eventTypes: ['case.opened', 'case.escalated', 'order.delivered'] })
    const orderId = await deliveredOrder()
    const opened = await req('POST', `/v1/orders/${orderId}/cases`, buyer, {
      reason: 'damaged',
      desiredOutcome: 'full_refund',
      description: 'The mug arrived in pieces.',
    })
    const caseId = opened.json<{ id: string }>().id
    await req('POST', `/v1/cases/${caseId}/dispute`, seller, { statement: 'It left intact.' })
    await req('POST', `/v1/cases/${caseId}/escalate`, buyer, { statement: 'Photos attached.' })
    expect(await m.sweep()).toBe(3)

    // Deliveries go out side by side: not in order (docs/events.md).
    expect(receiver.received.map((r) => `${r.type} ${r.status}`).sort()).toEqual([
      'case.escalated 204',
      'case.opened 204',
      'order.delivered 204',
    ])
    for (const r of receiver.received) {
      const event = JSON.parse(r.body) as {
        id: string
        type: string
        version: number
        data: unknown
      }
      expect(event.id).toBe(r.id)
      expect(r.headers['content-type']).toBe('application/json')
      const entry = eventCatalog.find((e) => e.type === event.type)
      const errors = entry ? [...Compile(entry.schema).Errors(event.data)] : ['no schema']
      expect(errors).toEqual([])
    }
    const caseOpened = JSON.parse(
      receiver.received.find((r) => r.type === 'case.opened')?.body ?? '{}',
    ) as Record<string, unknown>
    expect(caseOpened).toMatchObject({
      type: 'case.opened',
      version: 1,
      marketplace: 'test-market',
      data: { caseId, orderId, reason: 'damaged', buyerId: 'buyer-1', sellerId: 'seller-1' },
    })
  })

  it('catch up after failing with 500 for a while: every event exactly once per event id', async () => {
    const endpoint = await register()
    receiver.failing = true
    for (let i = 0; i < 3; i++) await deliveredOrder()
    expect(await m.sweep()).toBe(6)
    // Still failing through the first two retries (30 s, then 2 min later).
    at(addMillis(now, WEBHOOK_RETRY_SCHEDULE_MS[0] ?? 0))
    expect(await m.sweep(now)).toBe(6)
    at(addMillis(now, WEBHOOK_RETRY_SCHEDULE_MS[1] ?? 0))
    // New events keep arriving while the receiver is down.
    await deliveredOrder()
    expect(await m.sweep(now)).toBe(8)
    receiver.failing = false
    at(addMillis(now, WEBHOOK_RETRY_SCHEDULE_MS[2] ?? 0))
    expect(await m.sweep(now)).toBe(8)
    // Nothing is ever sent again.
    for (let h = 1; h <= 80; h += 8) expect(await m.sweep(addHours(now, h))).toBe(0)

    const accepted = receiver.accepted()
    expect(accepted.size).toBe(8)
    expect([...accepted.values()].every((n) => n === 1)).toBe(true)
    const page = await req('GET', `/v1/webhook-endpoints/${endpoint.id}/deliveries?limit=50`, admin)
    const deliveries = page.json<{
      items: { id: string; eventId: string; status: string; attempts: number }[]
    }>().items
    expect(new Set(deliveries.map((d) => d.eventId))).toEqual(new Set(accepted.keys()))
    expect(deliveries.every((d) => d.status === 'delivered')).toBe(true)

    const first = deliveries.find((d) => d.attempts === 4)
    const detail = await req(
      'GET',
      `/v1/webhook-endpoints/${endpoint.id}/deliveries/${first?.id}`,
      admin,
    )
    expect(
      detail.json<{
        log: { statusCode: number; responseExcerpt: string | null; latencyMs: number }[]
      }>().log,
    ).toMatchObject([
      { statusCode: 500, responseExcerpt: 'database unavailable' },
      { statusCode: 500 },
      { statusCode: 500 },
      { statusCode: 204, responseExcerpt: null },
    ])
  })

  it('dead-letter after the last attempt (about 3 days), and deliver on a manual redelivery', async () => {
    const endpoint = await register({ eventTypes: ['order.shipped'] })
    receiver.failing = true
    const order = await req('POST', '/v1/orders', integration, orderBody())
    await req('POST', `/v1/orders/${order.json<{ id: string }>().id}/shipments`, seller, {
      carrier: 'USPS',
      trackingNumber: '9400111',
    })
    await m.sweep()
    for (const wait of WEBHOOK_RETRY_SCHEDULE_MS) {
      at(addMillis(now, wait))
      expect(await m.sweep(now)).toBe(1)
    }
    expect(await m.sweep(addHours(now, 240))).toBe(0)
    const dead = await req(
      'GET',
      `/v1/webhook-endpoints/${endpoint.id}/deliveries?status=dead`,
      admin,
    )
    const [letter] = dead.json<{ items: { id: string; attempts: number; status: string }[] }>()
      .items
    expect(letter).toMatchObject({ status: 'dead', attempts: WEBHOOK_RETRY_SCHEDULE_MS.length + 1 })

    receiver.failing = false
    const again = await req(
      'POST',
      `/v1/webhook-endpoints/${endpoint.id}/deliveries/${letter?.id}/redeliver`,
      admin,
    )
    expect(again.statusCode).toBe(202)
    expect(await m.sweep(now)).toBe(1)
    expect([...receiver.accepted().values()]).toEqual([1])
    const detail = await req(
      'GET',
      `/v1/webhook-endpoints/${endpoint.id}/deliveries/${letter?.id}`,
      admin,
    )
    expect(detail.json()).toMatchObject({ status: 'delivered', attempts: 12 })
  })

  it('rotate secrets with an overlap in which both verify', async () => {
    const endpoint = await register({ eventTypes: ['order.shipped'] })
    const oldSecret = endpoint.secret
    const rotated = await req('POST', `/v1/webhook-endpoints/${endpoint.id}/secret/rotate`, admin, {
      overlapHours: 24,
    })
    expect(rotated.statusCode).toBe(200)
    const newSecret = rotated.json<{ secret: string; secrets: unknown[] }>().secret
    expect(rotated.json<{ secrets: unknown[] }>().secrets).toHaveLength(2)
    const ship = async () => {
      const order = await req('POST', '/v1/orders', integration, orderBody())
      await req('POST', `/v1/orders/${order.json<{ id: string }>().id}/shipments`, seller, {
        carrier: 'USPS',
        trackingNumber: '9400111',
      })
      await m.sweep(now)
    }
    // During the overlap a receiver still on the old secret, or already on the new one, accepts.
    receiver.secrets = [oldSecret]
    await ship()
    receiver.secrets = [newSecret]
    await ship()
    expect(receiver.received.map((r) => r.status)).toEqual([204, 204])
    expect(String(receiver.received[0]?.headers['webhook-signature']).split(' ')).toHaveLength(2)

    at(addHours(now, 25))
    receiver.secrets = [oldSecret]
    await ship()
    expect(receiver.received.at(-1)?.status).toBe(401)
    const secrets = await req('GET', `/v1/webhook-endpoints/${endpoint.id}/secret`, admin)
    expect(secrets.json<{ secrets: { secret: string }[] }>().secrets.map((s) => s.secret)).toEqual([
      newSecret,
    ])
  })

  it('refuse bad input with problem codes, and are the admin’s alone', async () => {
    expectProblem(
      await req('POST', '/v1/webhook-endpoints', admin, { url: 'ftp://example.com/x' }),
      422,
      'INVALID_WEBHOOK_URL',
    )
    expectProblem(
      await req('POST', '/v1/webhook-endpoints', admin, {
        url: 'https://example.com/x',
        eventTypes: ['case.exploded'],
      }),
      422,
      'UNKNOWN_EVENT_TYPE',
    )
    expectProblem(
      await req('POST', '/v1/webhook-endpoints', integration, { url: 'https://example.com/x' }),
      403,
      'FORBIDDEN',
    )
    expectProblem(
      await req('GET', '/v1/webhook-endpoints/0190a000-0000-7000-8000-000000000000', admin),
      404,
      'NOT_FOUND',
    )
    const endpoint = await register()
    const off = await req('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, admin, {
      enabled: false,
    })
    expect(off.json()).toMatchObject({ enabled: false })
    await deliveredOrder()
    expect(await m.sweep()).toBe(0)
    expect((await req('DELETE', `/v1/webhook-endpoints/${endpoint.id}`, admin)).statusCode).toBe(
      200,
    )
    expect((await req('GET', '/v1/webhook-endpoints', admin)).json()).toEqual({ items: [] })
  })
})

describe('the event feed', () => {
  it('pages public events after a cursor, filters by type, and is for integrations', async () => {
    const first = await req('GET', '/v1/events?limit=500', integration)
    expect(first.statusCode).toBe(200)
    const cursor = first.json<{ nextCursor: string | null }>().nextCursor
    const orderId = await deliveredOrder()
    const next = await req('GET', `/v1/events?after=${cursor}`, integration)
    const items = next.json<{ items: { type: string; data: { orderId: string } }[] }>().items
    expect(items.map((e) => [e.type, e.data.orderId])).toEqual([
      ['order.shipped', orderId],
      ['order.delivered', orderId],
    ])
    const onlyDelivered = await req(
      'GET',
      `/v1/events?after=${cursor}&types=order.delivered`,
      integration,
    )
    expect(onlyDelivered.json<{ items: { type: string }[] }>().items.map((e) => e.type)).toEqual([
      'order.delivered',
    ])
    const end = next.json<{ nextCursor: string }>().nextCursor
    expect((await req('GET', `/v1/events?after=${end}`, integration)).json()).toEqual({
      items: [],
      nextCursor: end,
    })
    expectProblem(await req('GET', '/v1/events', buyer), 403, 'FORBIDDEN')
    const types = await req('GET', '/v1/event-types', buyer)
    expect(types.json<{ items: { type: string }[] }>().items.map((t) => t.type)).toContain(
      'refund.requested',
    )
  })

  it('is documented: docs/events.md shows the catalog as the code has it', () => {
    const page = readFileSync(new URL('../../docs/events.md', import.meta.url), 'utf8')
    const block = { name: 'events:catalog', file: 'docs/events.md', render: renderEventCatalog }
    expect(page).toBe(withGenerated(page, block))
  })
})
