/**
 * The SQL statements each request of the HTTP mix runs, counted at the
 * driver (PostgreSQL only: it hooks node-postgres's `Client.query`):
 *   DATABASE_URL=postgres://… node --import tsx bench/statements.ts
 * Compare with the raw reference's 6 (BEGIN, SELECT, INSERT, UPDATE, UPSERT, COMMIT).
 */
import pg from 'pg'
import { createApiKey } from '../src/app/people/commands.ts'
import { issueUserToken } from '../src/http/auth.ts'
import { buildServer } from '../src/http/server.ts'
import { BENCH_JWT_SECRET, openBenchRecourse } from './engine.ts'
import { asBuyer, asSeller, buyerOf, importOrders, must, sellerOf } from './workload.ts'

const seen: string[] = []
// eslint-disable-next-line @typescript-eslint/unbound-method -- re-applied below with the client as `this`
const query = pg.Client.prototype.query
const counting = function (this: pg.Client, ...args: unknown[]): unknown {
  const q = args[0]
  seen.push(typeof q === 'string' ? q : String((q as { text?: unknown }).text))
  return (query as (...a: unknown[]) => unknown).apply(this, args)
}
Object.assign(pg.Client.prototype, { query: counting })

const env = await openBenchRecourse('postgres')
const { recourse } = env
const app = await buildServer(recourse)
try {
  const audience = recourse.config.jwtAudience
  const bearer = async (sub: string, role: 'buyer' | 'seller'): Promise<string> =>
    `Bearer ${await issueUserToken(BENCH_JWT_SECRET, { sub, role }, audience)}`
  const apiKey = `Bearer ${(await createApiKey(recourse.database.db, 'statements', await recourse.clock.now())).secret}`
  // Orders 0 and 1 are bought now; 2 and 3 five hours ago (a request then waits for the seller).
  const [toShip = '', toDeliver = ''] = (await importOrders(recourse, 'st', 2, 1)).ids
  const [toRequest = '', toApprove = ''] = (await importOrders(recourse, 'st5', 2, 1, 5)).ids
  must(
    await recourse.runner.run(asSeller(1), (uow) =>
      recourse.orders.execute(uow, toDeliver, {
        type: 'ShipOrder',
        carrier: 'UPS',
        trackingNumber: '1Z12345678',
      }),
    ),
    'ship',
  )
  const cancellation = must(
    await recourse.runner.run(asBuyer(1), (uow) =>
      recourse.cancellations.start(uow, toApprove, { reason: 'order_mistake' }),
    ),
    'request',
  )
  await app.inject({
    method: 'GET',
    url: `/v1/orders/${toShip}`,
    headers: { authorization: apiKey },
  })

  const show = async (
    label: string,
    request: {
      method: 'GET' | 'POST'
      url: string
      headers: Record<string, string>
      payload?: object
    },
  ): Promise<void> => {
    seen.length = 0
    const res = await app.inject(request)
    console.log(`${label} → ${res.statusCode}: ${seen.length} statements`)
    for (const text of seen) console.log(`    ${text.replace(/\s+/g, ' ').slice(0, 120)}`)
  }
  const key = (k: string): Record<string, string> => ({
    'idempotency-key': `statements-${k}-${Date.now()}`,
  })
  await show('ship (seller)', {
    method: 'POST',
    url: `/v1/orders/${toShip}/shipments`,
    headers: { authorization: await bearer(sellerOf(0), 'seller'), ...key('ship') },
    payload: { carrier: 'UPS', trackingNumber: '1Z99999999' },
  })
  await show('deliver (integration)', {
    method: 'POST',
    url: `/v1/orders/${toDeliver}/delivery`,
    headers: { authorization: apiKey, ...key('deliver') },
  })
  await show('cancellation request (buyer)', {
    method: 'POST',
    url: `/v1/orders/${toRequest}/cancellations`,
    headers: { authorization: await bearer(buyerOf(0), 'buyer'), ...key('request') },
    payload: { reason: 'order_mistake' },
  })
  await show('approve (seller)', {
    method: 'POST',
    url: `/v1/cancellations/${cancellation.id}/approve`,
    headers: { authorization: await bearer(sellerOf(1), 'seller'), ...key('approve') },
  })
  await show('read (integration)', {
    method: 'GET',
    url: `/v1/orders/${toShip}`,
    headers: { authorization: apiKey },
  })
} finally {
  await app.close()
  await env.close()
}
