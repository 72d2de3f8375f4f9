import { createServer, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { eq } from 'drizzle-orm'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SandboxClock } from '../../src/app/clock.ts'
import { WEBHOOK_RETRY_SCHEDULE_MS } from '../../src/app/webhooks/delivery.ts'
import { addMillis, toMillis } from '../../src/policy/time.ts'
import { webhookAttempts, webhookDeliveries } from '../../src/store/schema.ts'
import { openMessagingApp, type MessagingApp } from '../http/conversation-support.ts'
import { ALLOW_LOCAL_RECEIVERS } from '../support/app.ts'
import { orderBody } from '../support/orders.ts'
import { report } from './support/report.ts'

// the marketplace's receiver is down (connection refused) for 10
// minutes of sandbox time while events keep coming, then back. The outbox
// runner is swept every 5 sandbox seconds, as `recourse start` would.
const STEP_MS = 5_000
const OUTAGE_MS = 10 * 60_000

/** A receiver that verifies every request with the standardwebhooks library, and can be switched off. */
class Receiver {
  readonly accepted: { id: string; eventId: string }[] = []
  secret = ''
  port = 0
  private server: HttpServer | null = null

  async up(): Promise<void> {
    const server = createServer((req, res) => {
      let body = ''
      req.on('data', (c: Buffer) => (body += c.toString()))
      req.on('end', () => {
        try {
          const event = new Webhook(this.secret).verify(body, {
            'webhook-id': String(req.headers['webhook-id']),
            'webhook-timestamp': String(req.headers['webhook-timestamp']),
            'webhook-signature': String(req.headers['webhook-signature']),
          }) as { id: string }
          this.accepted.push({ id: String(req.headers['webhook-id']), eventId: event.id })
          res.writeHead(204).end()
        } catch {
          res.writeHead(401).end()
        }
      })
    })
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve))
    this.port = (server.address() as AddressInfo).port
    this.server = server
  }

  async down(): Promise<void> {
    const server = this.server
    if (!server) return
    server.closeAllConnections()
    await new Promise((r) => server.close(r))
    this.server = null
  }
}

/** Milliseconds of a stored time (the store reads them back as ISO strings). */
const ms = (at: string): number => Date.parse(at)

describe('R-10 webhook receiver down for 10 minutes', () => {
  let m: MessagingApp
  let clock: SandboxClock
  const receiver = new Receiver()

  beforeAll(async () => {
    m = await openMessagingApp({ app: { clock: 'sandbox', env: ALLOW_LOCAL_RECEIVERS } })
    if (!(m.t.recourse.clock instanceof SandboxClock)) throw new Error('no sandbox clock')
    clock = m.t.recourse.clock
    await receiver.up()
  })
  afterAll(async () => {
    await receiver.down()
    await m.close()
  })

  it('delivers every event once, with the same id, on the documented backoff', async () => {
    const admin = await m.t.bearer('admin', 'admin-r10')
    const integration = await m.t.integration()
    const endpoint = await m.server.inject({
      method: 'POST',
      url: '/v1/webhook-endpoints',
      headers: { authorization: admin },
      payload: { url: `http://127.0.0.1:${receiver.port}/hooks`, eventTypes: ['order.shipped'] },
    })
    expect(endpoint.statusCode).toBe(201)
    receiver.secret = endpoint.json<{ secret: string }>().secret
    const seller = await m.t.bearer('seller', 'seller-1')
    /** An order imported and shipped: one `order.shipped` event. */
    const importOrder = async () => {
      const res = await m.server.inject({
        method: 'POST',
        url: '/v1/orders',
        headers: { authorization: integration },
        payload: orderBody(),
      })
      expect(res.statusCode).toBe(201)
      const shipped = await m.server.inject({
        method: 'POST',
        url: `/v1/orders/${res.json<{ id: string }>().id}/shipments`,
        headers: { authorization: seller },
        payload: { carrier: 'UPS', trackingNumber: '1Z999AA1' },
      })
      expect(shipped.statusCode).toBe(200)
    }
    const tick = async () => {
      await clock.advanceTo(addMillis(await clock.now(), STEP_MS))
      await m.sweep()
    }

    await importOrder()
    await m.sweep()
    expect(receiver.accepted.length, 'delivered before the outage').toBe(1)

    await receiver.down()
    const downAt = await clock.now()
    let events = 1
    for (let elapsed = 0; elapsed < OUTAGE_MS; elapsed += STEP_MS) {
      // An event every minute of the outage.
      if (elapsed % 60_000 === 0) {
        await importOrder()
        events++
      }
      await tick()
    }
    await receiver.up()
    const upAt = await clock.now()
    // Back: wait (in sandbox time) for the retries to come round, at most the 4th wait (30 min).
    const until = toMillis(upAt) + (WEBHOOK_RETRY_SCHEDULE_MS[3] ?? 0) + 60_000
    while (receiver.accepted.length < events && toMillis(await clock.now()) < until) await tick()

    const deliveries = await m.t.db.database.db.select().from(webhookDeliveries)
    const counts = new Map<string, number>()
    for (const a of receiver.accepted) counts.set(a.id, (counts.get(a.id) ?? 0) + 1)
    const mismatched = receiver.accepted.filter((a) => a.id !== a.eventId)

    // Each delivery's attempts are spaced as the documented schedule says (to within one sweep).
    const offSchedule: string[] = []
    for (const d of deliveries) {
      const attempts = await m.t.db.database.db
        .select()
        .from(webhookAttempts)
        .where(eq(webhookAttempts.deliveryId, d.id))
        .orderBy(webhookAttempts.attempt)
      for (let i = 1; i < attempts.length; i++) {
        const gap = ms(attempts[i]?.at ?? upAt) - ms(attempts[i - 1]?.at ?? upAt)
        const wait = WEBHOOK_RETRY_SCHEDULE_MS[i - 1] ?? 0
        if (gap < wait || gap > wait + STEP_MS + 1000)
          offSchedule.push(`${d.eventId} attempt ${i + 1}: ${gap} ms after, documented ${wait}`)
      }
    }
    const recoveredMs = Math.max(
      ...deliveries.map((d) => ms(d.deliveredAt ?? upAt) - toMillis(upAt)),
    )
    report('R-10', {
      events,
      outageMs: toMillis(upAt) - toMillis(downAt),
      attempts: deliveries.reduce((n, d) => n + d.attempts, 0),
      lastDeliveredMsAfterBack: recoveredMs,
    })

    expect(deliveries.length, 'deliveries queued').toBe(events)
    expect(
      deliveries.filter((d) => d.status !== 'delivered').map((d) => `${d.eventId} ${d.status}`),
      'not delivered',
    ).toEqual([])
    expect(counts.size, `event ids accepted (of ${events})`).toBe(events)
    expect(
      [...counts.values()].every((n) => n === 1),
      'each id accepted once',
    ).toBe(true)
    expect(new Set(counts.keys()), 'the ids are the events’ own').toEqual(
      new Set(deliveries.map((d) => d.eventId)),
    )
    expect(mismatched, 'webhook-id differs from the event id in the body').toEqual([])
    expect(offSchedule, 'retries off the documented schedule').toEqual([])
  })
})
