import { sql } from 'drizzle-orm'
import { queryRows, type Database } from '../../../src/store/database.ts'
import { orderBody } from '../../support/orders.ts'
import type { Credentials } from './cluster.ts'

/** The event a command that got a 2xx must have written exactly once. */
export interface Expectation {
  readonly type: string
  /** A string unique to this command, found in the event's data. */
  readonly token?: string
  /** …or the stream it was written to (one such event per stream). */
  readonly streamId?: string
}

export interface Command {
  readonly key: string
  readonly method: 'GET' | 'POST'
  readonly path: string
  readonly authorization: string
  readonly body?: unknown
  readonly expect: Expectation | null
}

export interface Reply {
  readonly status: number
  readonly body: unknown
}

export interface Sent {
  readonly command: Command
  readonly reply: Reply
  /** Sends it took: more than one when the server went away or the key was in progress. */
  readonly attempts: number
  /** At least one attempt ended with a broken connection (the server was killed). */
  readonly cutOff: boolean
}

export interface DriverOptions {
  /** Where to send each request (several API processes: round robin). */
  readonly urls: readonly string[]
  readonly credentials: Credentials
  /** A prefix unique to this run; every key and token starts with it. */
  readonly run: string
  /** Retry a request whose connection broke (the server is being killed), with the same key. */
  readonly retryBrokenConnections: boolean
  /** Stop after this many POST commands. */
  readonly budget?: number
}

class BudgetExhausted extends Error {}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/**
 * Clients of a marketplace driving Recourse over HTTP: stories of an order
 * (import, ship, deliver, cancel, message, open a case, offer, accept, refund),
 * every command with an `Idempotency-Key`, every reply kept so the test can
 * compare what clients were told with what the event store holds.
 */
export class Driver {
  readonly sent: Sent[] = []
  /** Every request's latency in ms (reads and writes, only answered ones). */
  readonly latencies: number[] = []
  brokenConnections = 0
  /** Set when the test gives up (e.g. the server did not come back): every client stops. */
  aborted: Error | null = null
  private commands = 0
  private next = 0

  constructor(private readonly options: DriverOptions) {}

  private url(): string {
    const urls = this.options.urls
    return urls[this.next++ % urls.length] ?? ''
  }

  private async once(command: Command): Promise<Reply> {
    const started = performance.now()
    const res = await fetch(`${this.url()}${command.path}`, {
      method: command.method,
      headers: {
        authorization: command.authorization,
        ...(command.method === 'POST'
          ? { 'idempotency-key': command.key, 'content-type': 'application/json' }
          : {}),
      },
      ...(command.method === 'POST' ? { body: JSON.stringify(command.body ?? {}) } : {}),
      signal: AbortSignal.timeout(60_000),
    })
    const text = await res.text()
    this.latencies.push(performance.now() - started)
    let body: unknown = text
    try {
      body = JSON.parse(text)
    } catch {
      // not JSON (kept as text for the failure message)
    }
    return { status: res.status, body }
  }

  /**
   * Sends until answered: a broken connection (when allowed) or a key in
   * progress is retried with the same key. `record: false` sends it without
   * keeping it in `sent` (a replay).
   */
  async send(command: Command, record = true): Promise<Reply> {
    let cutOff = false
    for (let attempts = 1; ; attempts++) {
      let reply: Reply
      try {
        reply = await this.once(command)
      } catch (error) {
        this.brokenConnections++
        if (!this.options.retryBrokenConnections) {
          const reply = { status: 0, body: String(error) }
          if (record) this.sent.push({ command, reply, attempts, cutOff: true })
          return reply
        }
        cutOff = true
        if (this.aborted) throw this.aborted
        await sleep(50 + Math.min(attempts, 20) * 20)
        continue
      }
      const code = (reply.body as { code?: string } | null)?.code
      if (reply.status === 409 && code === 'IDEMPOTENCY_KEY_IN_PROGRESS') {
        await sleep(20 * attempts)
        continue
      }
      if (record && command.method === 'POST') this.sent.push({ command, reply, attempts, cutOff })
      return reply
    }
  }

  /** Runs stories until `stop()` says so (or the budget is spent). */
  async loop(stop: () => boolean, take: () => number): Promise<void> {
    while (!stop() && !this.aborted) {
      try {
        await this.story(take())
      } catch (error) {
        if (error instanceof BudgetExhausted) return
        throw error
      }
    }
  }

  private async story(n: number): Promise<void> {
    const { credentials: c, run } = this.options
    const tag = `${run}-${n}`
    const buyer = await c.user('buyer', `buyer-${tag}`)
    const seller = await c.user('seller', `seller-${n % 25}`)
    const agent = await c.user('agent', `agent-${n % 40}`)
    let step = 0
    const post = (
      path: string,
      authorization: string,
      body: unknown,
      expect: Expectation | null,
    ): Promise<Reply> => {
      if (this.options.budget !== undefined && this.commands >= this.options.budget)
        throw new BudgetExhausted()
      this.commands++
      return this.send({
        key: `${tag}-${++step}`,
        method: 'POST',
        path,
        authorization,
        body,
        expect,
      })
    }
    const ok = (r: Reply): boolean => r.status >= 200 && r.status < 300

    const externalRef = `${tag}-order`
    const imported = await post(
      '/v1/orders',
      c.integration,
      orderBody({ externalRef, buyerId: `buyer-${tag}`, sellerId: `seller-${n % 25}` }),
      { type: 'OrderImported', token: externalRef },
    )
    if (!ok(imported)) return
    const orderId = (imported.body as { id: string }).id
    await this.send({
      key: '',
      method: 'GET',
      path: `/v1/orders/${orderId}`,
      authorization: buyer,
      expect: null,
    })

    const kind = n % 6
    if (kind === 0) {
      const note = `${tag}-cancel`
      await post(
        `/v1/orders/${orderId}/cancellations`,
        buyer,
        { reason: 'no_longer_needed', note },
        { type: 'CancellationRequested', token: note },
      )
      return
    }
    const trackingNumber = `${tag}-ship`
    const shipped = await post(
      `/v1/orders/${orderId}/shipments`,
      seller,
      { carrier: 'UPS', trackingNumber },
      { type: 'OrderShipped', token: trackingNumber },
    )
    if (!ok(shipped)) return
    const delivered = await post(
      `/v1/orders/${orderId}/delivery`,
      c.integration,
      {},
      {
        type: 'OrderDelivered',
        streamId: orderId,
      },
    )
    if (!ok(delivered)) return
    const text = `Hello, about the jacket (${tag}-msg).`
    await post(
      `/v1/orders/${orderId}/conversation/messages`,
      kind % 2 ? buyer : seller,
      { text },
      { type: 'MessagePosted', token: `${tag}-msg` },
    )
    if (kind === 1 || kind === 4) {
      const reference = `${tag}-refund`
      await post(
        `/v1/orders/${orderId}/refunds`,
        agent,
        { amount: 500, funding: 'seller', reference },
        { type: 'RefundRequested', token: reference },
      )
      return
    }
    if (kind === 5) return
    const description = `The jacket has a stain on the back the listing did not show (${tag}-case).`
    const opened = await post(
      `/v1/orders/${orderId}/cases`,
      buyer,
      { reason: 'not_as_described', desiredOutcome: 'partial_refund_keep_item', description },
      { type: 'CaseOpened', token: `${tag}-case` },
    )
    if (!ok(opened)) return
    const caseId = (opened.body as { id: string }).id
    await post(
      `/v1/cases/${caseId}/messages`,
      seller,
      { body: `Sorry about that, let me make it right (${tag}-reply).` },
      { type: 'MessagePosted', token: `${tag}-reply` },
    )
    const offered = await post(
      `/v1/cases/${caseId}/offers`,
      seller,
      {
        terms: { kind: 'partial_refund', amount: 1000 },
        message: `Would a partial refund do? (${tag}-offer)`,
      },
      { type: 'OfferMade', token: `${tag}-offer` },
    )
    if (!ok(offered)) return
    const offers = (offered.body as { offers: { offerId: string }[] }).offers
    const offerId = offers[offers.length - 1]?.offerId ?? ''
    await post(
      `/v1/cases/${caseId}/offers/${offerId}/accept`,
      buyer,
      {},
      {
        type: 'OfferAccepted',
        streamId: caseId,
      },
    )
  }
}

export interface Ledger {
  /** 2xx commands whose event is missing. */
  readonly lost: string[]
  /** 2xx commands whose event is there more than once. */
  readonly duplicated: string[]
  /** Events of a checked type and run that no 2xx reply accounts for (an effect of a refused or unanswered command). */
  readonly phantom: string[]
  /** Streams whose versions are not 1…n. */
  readonly gappyStreams: string[]
  readonly events: number
}

/**
 * Compares what clients were told with the event store: every 2xx command's
 * event exactly once, no event of the run without a 2xx, no stream with a gap.
 */
export const audit = async (database: Database, sent: readonly Sent[], run: string) => {
  const lost: string[] = []
  const duplicated: string[] = []
  const expected = new Map<string, number>()
  const like = `%${run}-%`
  for (const s of sent) {
    const e = s.command.expect
    if (!e || s.reply.status < 200 || s.reply.status >= 300) continue
    expected.set(e.type, (expected.get(e.type) ?? 0) + 1)
    const [row] = await queryRows<{ n: number }>(
      database.db,
      e.token
        ? sql`select count(*)::int as n from events where type = ${e.type} and data::text like ${`%${e.token}%`}`
        : sql`select count(*)::int as n from events where type = ${e.type} and stream_id = ${e.streamId}`,
    )
    const n = row?.n ?? 0
    if (n === 0) lost.push(`${s.command.key} ${s.command.path}`)
    if (n > 1) duplicated.push(`${s.command.key} ${s.command.path} ×${n}`)
  }
  const phantom: string[] = []
  for (const [type, n] of expected) {
    const byToken = sent.some((s) => s.command.expect?.type === type && s.command.expect.token)
    const [row] = await queryRows<{ n: number }>(
      database.db,
      byToken
        ? sql`select count(*)::int as n from events where type = ${type} and data::text like ${like}`
        : sql`select count(*)::int as n from events where type = ${type}`,
    )
    if ((row?.n ?? 0) > n) phantom.push(`${type}: ${row?.n} events, ${n} replies`)
  }
  const gaps = await queryRows<{ stream_id: string }>(
    database.db,
    sql`select stream_id from events group by stream_id
        having min(version) <> 1 or max(version) <> count(*) or count(distinct version) <> count(*)`,
  )
  const [total] = await queryRows<{ n: number }>(
    database.db,
    sql`select count(*)::int as n from events`,
  )
  return {
    lost,
    duplicated,
    phantom,
    gappyStreams: gaps.map((g) => g.stream_id),
    events: total?.n ?? 0,
  } satisfies Ledger
}

/** The p-th percentile (0-100) of `values`. */
export const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0
}

/** Status counts of the replies, e.g. `{ 201: 120, 200: 300, 422: 3 }`. */
export const statuses = (sent: readonly Sent[]): Record<number, number> => {
  const out: Record<number, number> = {}
  for (const s of sent) out[s.reply.status] = (out[s.reply.status] ?? 0) + 1
  return out
}
