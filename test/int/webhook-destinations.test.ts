import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse,
} from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { ResolvedAddress } from '../../src/integrations/outbound.ts'
import { expectProblem } from '../support/http.ts'
import { orderBody } from '../support/orders.ts'
import { openMessagingApp, type MessagingApp } from '../http/conversation-support.ts'

// Issue #16: webhook URLs may reach only public addresses, checked at
// registration and again at every delivery, connecting to the address that
// was checked. Name resolution is a table this test controls.

const dns = new Map<string, ResolvedAddress[]>()
const PUBLIC = { address: '93.184.215.14', family: 4 } as const
const LOOPBACK = { address: '127.0.0.1', family: 4 } as const

let m: MessagingApp
let admin: string
let integration: string
/** One receiver on 127.0.0.1 (not allowed) and on 127.0.0.2 (allow-listed), same port. */
let receivers: HttpServer[] = []
let port = 0
const received: { host: string | undefined; headers: IncomingHttpHeaders }[] = []

beforeAll(async () => {
  const receive = (req: IncomingMessage, res: ServerResponse) => {
    received.push({ host: req.headers.host, headers: req.headers })
    req.resume()
    req.on('end', () => res.writeHead(200).end('internal secret: root password'))
  }
  receivers = [createServer(receive), createServer(receive)]
  const [first, second] = receivers as [HttpServer, HttpServer]
  await new Promise<void>((resolve) => first.listen(0, '127.0.0.1', resolve))
  port = (first.address() as AddressInfo).port
  await new Promise<void>((resolve) => second.listen(port, '127.0.0.2', resolve))
  m = await openMessagingApp({
    app: {
      // Plain http is allowed here so that only the address rule is tested;
      // no address is allow-listed except where a test says so.
      env: { RECOURSE_OUTBOUND_ALLOW_HTTP: '1', RECOURSE_OUTBOUND_ALLOW: '127.0.0.2/32' },
      resolve: async (host) => {
        const answer = dns.get(host)
        if (!answer) throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' })
        return answer
      },
    },
  })
  admin = await m.t.bearer('admin', 'admin-ops')
  integration = await m.t.integration()
})
afterAll(async () => {
  await m.close()
  for (const receiver of receivers) {
    receiver.closeAllConnections()
    await new Promise((r) => receiver.close(r))
  }
})
beforeEach(() => {
  dns.clear()
  received.length = 0
})

const register = (url: string) =>
  m.server.inject({
    method: 'POST',
    url: '/v1/webhook-endpoints',
    headers: { authorization: admin },
    payload: { url, eventTypes: ['order.delivered'] },
  })

const deliverAnOrder = async (): Promise<void> => {
  const order = await m.server.inject({
    method: 'POST',
    url: '/v1/orders',
    headers: { authorization: integration },
    payload: orderBody(),
  })
  const orderId = order.json<{ id: string }>().id
  const seller = await m.t.bearer('seller', 'seller-1')
  await m.server.inject({
    method: 'POST',
    url: `/v1/orders/${orderId}/shipments`,
    headers: { authorization: seller },
    payload: { carrier: 'USPS', trackingNumber: '9400111' },
  })
  await m.server.inject({
    method: 'POST',
    url: `/v1/orders/${orderId}/delivery`,
    headers: { authorization: integration },
  })
}

/** Every attempt logged for the endpoint's deliveries. */
const attempts = async (endpointId: string) => {
  const get = (url: string) =>
    m.server.inject({ method: 'GET', url, headers: { authorization: admin } })
  const page = await get(`/v1/webhook-endpoints/${endpointId}/deliveries`)
  const log: { statusCode: number | null; error: string | null; responseExcerpt: string | null }[] =
    []
  for (const { id } of page.json<{ items: { id: string }[] }>().items) {
    const detail = await get(`/v1/webhook-endpoints/${endpointId}/deliveries/${id}`)
    log.push(...detail.json<{ log: typeof log }>().log)
  }
  return log
}

describe('registering a webhook endpoint', () => {
  it.each([
    ['loopback', 'http://127.0.0.1:5432/'],
    ['loopback, decimal', 'http://2130706433/'],
    ['loopback, hex', 'http://0x7f000001/'],
    ['loopback, octal', 'http://0177.0.0.1/'],
    ['loopback, short', 'http://127.1/'],
    ['IPv6 loopback', 'http://[::1]:8080/'],
    ['IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/'],
    ['IPv4-mapped public address', 'http://[::ffff:93.184.215.14]/'],
    ['unspecified', 'http://0.0.0.0:22/'],
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['RFC 1918', 'https://10.1.2.3/'],
    ['RFC 1918 172.16/12', 'https://172.20.0.1/'],
    ['RFC 1918 192.168/16', 'https://192.168.1.1/'],
    ['CGNAT', 'https://100.64.0.1/'],
    ['multicast', 'https://224.0.0.1/'],
    ['broadcast', 'https://255.255.255.255/'],
    ['IPv6 unique local', 'https://[fd00::1]/'],
    ['IPv6 link-local', 'https://[fe80::1]/'],
    ['IPv6 multicast', 'https://[ff02::1]/'],
    ['a name resolving to loopback', 'https://localhost.example/'],
    ['a name with one private address among public ones', 'https://mixed.example/'],
    ['a name that does not resolve', 'https://nowhere.example/'],
    ['credentials', 'https://user:pw@hooks.example/'],
    ['not http', 'ftp://hooks.example/'],
  ])('refuses %s with 422 INVALID_WEBHOOK_URL', async (_what, url) => {
    dns.set('localhost.example', [LOOPBACK])
    dns.set('mixed.example', [PUBLIC, { address: '10.0.0.5', family: 4 }])
    dns.set('hooks.example', [PUBLIC])
    const res = await register(url)
    expectProblem(res, 422, 'INVALID_WEBHOOK_URL')
  })

  it('accepts a name resolving to public addresses, and an allow-listed address', async () => {
    dns.set('hooks.example', [
      PUBLIC,
      { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
    ])
    expect((await register('https://hooks.example/recourse')).statusCode).toBe(201)
    expect((await register('http://127.0.0.2:9/hooks')).statusCode).toBe(201)
  })
})

describe('delivering', () => {
  it('refuses at delivery a name that resolved publicly at registration and now resolves to 127.0.0.1, and keeps no excerpt', async () => {
    dns.set('rebind.example', [PUBLIC])
    const res = await register(`http://rebind.example:${port}/hooks`)
    expect(res.statusCode).toBe(201)
    const endpointId = res.json<{ id: string }>().id
    dns.set('rebind.example', [LOOPBACK])
    await deliverAnOrder()
    await m.sweep()
    const tried = await attempts(endpointId)
    expect(tried).toHaveLength(1)
    expect(tried[0]).toMatchObject({ statusCode: null, responseExcerpt: null })
    expect(tried[0]?.error).toMatch(/^refused: rebind\.example resolves to a non-public address/)
    expect(received).toEqual([])
  })

  it('connects to the address it checked, sending the name as Host', async () => {
    // `pinned.example` is in no real DNS: the request can only arrive through the checked address.
    dns.set('pinned.example', [{ address: '127.0.0.2', family: 4 }])
    const res = await register(`http://pinned.example:${port}/hooks`)
    expect(res.statusCode).toBe(201)
    const endpointId = res.json<{ id: string }>().id
    await deliverAnOrder()
    await m.sweep()
    const tried = await attempts(endpointId)
    expect(tried[0]?.error ?? null).toBeNull()
    expect(tried[0]?.responseExcerpt).toBe('internal secret: root password')
    expect(received.map((r) => r.host)).toEqual([`pinned.example:${port}`])
  })
})
