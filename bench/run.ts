/**
 * `npm run bench`: throughput and latency of Recourse on PGlite, and on
 * PostgreSQL when DATABASE_URL is set, each against the raw SQL rate of the
 * same engine measured in the same run. `BENCH_QUICK=1` for a short run;
 * `BENCH_ENGINES=postgres` (or `pglite`) to run one engine only.
 * Figures go to stdout and to artifacts/bench-<engine>.json; docs/benchmarks.md
 * explains them.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { cpus, loadavg, totalmem } from 'node:os'
import type { AddressInfo } from 'node:net'
import { v7 as uuidv7 } from 'uuid'
import { createApiKey } from '../src/app/people/commands.ts'
import { issueUserToken } from '../src/http/auth.ts'
import { buildServer } from '../src/http/server.ts'
import { addHours, instant } from '../src/policy/time.ts'
import { DeadlineRunner } from '../src/scheduler/deadline-runner.ts'
import type { Engine } from '../src/store/database.ts'
import type { BenchEnv } from './engine.ts'
import { BENCH_JWT_SECRET, openBenchRecourse } from './engine.ts'
import { benchInsights, timing } from './insights.ts'
import type { LoadRequest, LoadResult } from './load.ts'
import { runLoad } from './load.ts'
import {
  asBuyer,
  asSeller,
  BUYERS,
  buyerOf,
  importOrders,
  integration,
  must,
  pool,
  SELLERS,
  sellerOf,
} from './workload.ts'

const QUICK = process.env.BENCH_QUICK === '1'
/** `BENCH_PROFILE=1`: a CPU profile of the server during the HTTP run, in artifacts/ (open it in Chrome DevTools). */
const PROFILE = process.env.BENCH_PROFILE === '1'
/** Concurrent callers everywhere: raw transactions, commands, HTTP connections. */
const CONCURRENCY = 50

const sizes = (engine: Engine) => {
  const pg = engine === 'postgres'
  return {
    rawSeconds: QUICK ? 3 : 10,
    commandOrders: QUICK ? (pg ? 1000 : 300) : pg ? 8000 : 2500,
    httpRequests: QUICK ? (pg ? 2000 : 600) : pg ? 12000 : 4000,
    readSeconds: QUICK ? 3 : 10,
    sweepPending: Number(process.env.BENCH_SWEEP_PENDING ?? (QUICK ? 100_000 : 1_000_000)),
    sweepDue: 1000,
    firingOrders: QUICK ? 1000 : pg ? 5000 : 2000,
    insightOrders: QUICK ? (pg ? 1_000_000 : 100_000) : pg ? 10_000_000 : 1_000_000,
  }
}

const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
const say = (engine: Engine, line: string): void => console.log(`[${engine}] ${line}`)

/**
 * (1) The engine's own rate for a transaction shaped like a command: BEGIN;
 * SELECT the state row; INSERT an event; UPDATE the state row; UPSERT the
 * deadline row; COMMIT — through the driver, no ORM, no app code, at the
 * same concurrency and pool size as the app.
 */
const rawReference = async (env: BenchEnv, seconds: number) => {
  const { recourse } = env
  const sample = await importOrders(recourse, 'raw-template', 1, 1)
  const [template] = await env.raw((q) =>
    q<{ state: unknown }>('select state from aggregates where id = $1', [sample.ids[0]]),
  )
  const rows = CONCURRENCY * 40
  await env.raw((q) =>
    q(
      `insert into aggregates (id, type, version, status, buyer_id, seller_id, order_id, state, created_at, updated_at)
       select md5('raw' || g)::uuid, 'order', 1, 'awaiting_shipment', 'buyer-1', 'seller-1', md5('raw' || g)::uuid, $1::jsonb, now(), now()
       from generate_series(1, ${rows}) g`,
      [JSON.stringify(template?.state)],
    ),
  )
  const rowIds = (
    await env.raw((q) =>
      q<{ id: string }>(
        `select md5('raw' || g)::uuid::text as id from generate_series(1, ${rows}) g`,
        [],
      ),
    )
  ).map((r) => r.id)
  let transactions = 0
  const latencies: number[] = []
  const until = performance.now() + seconds * 1000
  const started = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, w) => {
      // Each caller owns its rows, as independent commands on different orders would.
      for (let k = 0; performance.now() < until; k++) {
        const id = rowIds[(w + k * CONCURRENCY) % rowIds.length]
        const now = new Date().toISOString()
        const began = performance.now()
        await env.raw(async (q) => {
          const [row] = await q<{ version: number; state: Record<string, unknown> }>(
            `select version, state from aggregates where id = $1 and type = 'order'`,
            [id],
          )
          if (!row) throw new Error(`no row ${id}`)
          const version = row.version + 1
          await q(
            `insert into events (id, stream_id, stream_type, version, type, data, actor_kind, actor_id, occurred_at)
             values ($1, $2, 'order', $3, 'OrderShipped', $4, 'seller', 'seller-1', $5)`,
            [
              uuidv7(),
              id,
              version,
              JSON.stringify({
                carrier: 'UPS',
                trackingNumber: '1Z999AA10123456784',
                shippedAt: now,
                late: false,
              }),
              now,
            ],
          )
          await q(
            `update aggregates set version = $2, status = 'shipped', state = $3, updated_at = $4 where id = $1`,
            [id, version, JSON.stringify({ ...row.state, status: 'shipped' }), now],
          )
          await q(
            `insert into deadlines (aggregate_id, aggregate_type, kind, due_at) values ($1, 'order', 'auto_accept', $2)
             on conflict (aggregate_id) do update set kind = excluded.kind, due_at = excluded.due_at,
               claimed_until = '-infinity', attempts = 0`,
            [id, addHours(instant(now), 72)],
          )
        })
        latencies.push(performance.now() - began)
        transactions++
      }
    }),
  )
  const elapsed = (performance.now() - started) / 1000
  const { p50Ms, p99Ms } = timing(latencies)
  // The same 50 callers' latency: the floor under the HTTP p99 target.
  return { transactions, seconds: elapsed, perSecond: transactions / elapsed, p50Ms, p99Ms }
}

/** (2) Commands through CommandRunner + OrderService: ship, then deliver, pre-imported orders. */
const commandRate = async (env: BenchEnv, orders: number) => {
  const { recourse } = env
  const { runner } = recourse
  const imported = await importOrders(recourse, 'cmd', orders, CONCURRENCY)
  const ids = imported.ids
  const shipSeconds = await pool(orders, CONCURRENCY, async (i) => {
    must(
      await runner.run(asSeller(i), (uow) =>
        recourse.orders.execute(uow, ids[i] ?? '', {
          type: 'ShipOrder',
          carrier: 'UPS',
          trackingNumber: `1Z${String(i).padStart(16, '0')}`,
        }),
      ),
      'ship',
    )
  })
  const deliverSeconds = await pool(orders, CONCURRENCY, async (i) => {
    must(
      await runner.run(integration, (uow) =>
        recourse.orders.execute(uow, ids[i] ?? '', { type: 'MarkDelivered' }),
      ),
      'deliver',
    )
  })
  return {
    orders,
    importPerSecond: imported.perSecond,
    shipPerSecond: orders / shipSeconds,
    deliverPerSecond: orders / deliverSeconds,
    perSecond: (2 * orders) / (shipSeconds + deliverSeconds),
    ids,
  }
}

/**
 * (3) HTTP commands: a mix of ship, deliver, buyer cancellation request and
 * seller approval, each on its own pre-imported order with its own
 * Idempotency-Key (nothing is a replay), as a real integration and portal send them.
 */
const httpMix = async (env: BenchEnv, url: string, total: number) => {
  const { recourse } = env
  const { runner } = recourse
  // Half as many again for the paced run (3b), and a fifth for one caller (3c), on orders of their own.
  const paced = Math.floor(total / 2)
  const single = Math.floor(total / 5)
  const each = Math.floor((total + paced + single) / 4)
  const audience = recourse.config.jwtAudience
  const token = new Map<string, string>()
  for (let i = 0; i < Math.max(SELLERS, BUYERS); i++) {
    token.set(
      sellerOf(i),
      `Bearer ${await issueUserToken(BENCH_JWT_SECRET, { sub: sellerOf(i), role: 'seller' }, audience)}`,
    )
    token.set(
      buyerOf(i),
      `Bearer ${await issueUserToken(BENCH_JWT_SECRET, { sub: buyerOf(i), role: 'buyer' }, audience)}`,
    )
  }
  const apiKey = `Bearer ${(await createApiKey(recourse.database.db, 'bench', await recourse.clock.now())).secret}`
  const auth = (user: string): string => token.get(user) ?? ''

  const toShip = (await importOrders(recourse, 'http-ship', each, CONCURRENCY)).ids
  const toDeliver = (await importOrders(recourse, 'http-deliver', each, CONCURRENCY)).ids
  await pool(each, CONCURRENCY, async (i) => {
    must(
      await runner.run(asSeller(i), (uow) =>
        recourse.orders.execute(uow, toDeliver[i] ?? '', {
          type: 'ShipOrder',
          carrier: 'USPS',
          trackingNumber: `9400${String(i).padStart(18, '0')}`,
        }),
      ),
      'ship',
    )
  })
  // Bought 5 hours ago: past the buyer's window, so a request waits for the seller.
  const toRequest = (await importOrders(recourse, 'http-request', each, CONCURRENCY, 5)).ids
  const toApproveOrders = (await importOrders(recourse, 'http-approve', each, CONCURRENCY, 5)).ids
  const toApprove: string[] = new Array<string>(each)
  await pool(each, CONCURRENCY, async (i) => {
    const c = must(
      await runner.run(asBuyer(i), (uow) =>
        recourse.cancellations.start(uow, toApproveOrders[i] ?? '', {
          reason: 'found_cheaper_price',
        }),
      ),
      'request',
    )
    if (c.status !== 'requested') throw new Error(`expected a pending request, got ${c.status}`)
    toApprove[i] = c.id
  })

  const json = { 'content-type': 'application/json' }
  const requests: LoadRequest[] = []
  for (let i = 0; i < each; i++) {
    const key = (kind: string): Record<string, string> => ({
      'idempotency-key': `bench-${kind}-${i}-${uuidv7()}`,
    })
    requests.push(
      {
        method: 'POST',
        path: `/v1/orders/${toShip[i]}/shipments`,
        headers: { authorization: auth(sellerOf(i)), ...json, ...key('ship') },
        body: JSON.stringify({
          carrier: 'UPS',
          trackingNumber: `1Z${String(i).padStart(16, '0')}`,
        }),
      },
      {
        method: 'POST',
        path: `/v1/orders/${toDeliver[i]}/delivery`,
        headers: { authorization: apiKey, ...key('deliver') },
      },
      {
        method: 'POST',
        path: `/v1/orders/${toRequest[i]}/cancellations`,
        headers: { authorization: auth(buyerOf(i)), ...json, ...key('request') },
        body: JSON.stringify({ reason: 'order_mistake' }),
      },
      {
        method: 'POST',
        path: `/v1/cancellations/${toApprove[i]}/approve`,
        headers: { authorization: auth(sellerOf(i)), ...key('approve') },
      },
    )
  }
  const saturating = requests.slice(0, requests.length - paced - single)
  const profiler = PROFILE ? await startProfile() : null
  const result = await runLoad({
    url,
    connections: CONCURRENCY,
    requests: saturating,
    amount: saturating.length,
  })
  if (profiler) {
    mkdirSync('artifacts', { recursive: true })
    writeFileSync(
      `artifacts/bench-${env.engine}-http.cpuprofile`,
      JSON.stringify(await profiler.stop()),
    )
  }
  // The same mix at half the rate just measured: latency without the queue
  // that 50 closed-loop connections build in front of a saturated server.
  const rate = Math.max(1, Math.floor(result.perSecond / 2))
  const pacedRequests = requests.slice(saturating.length, saturating.length + paced)
  const atHalfRate = await runLoad({
    url,
    connections: CONCURRENCY,
    requests: pacedRequests,
    amount: pacedRequests.length,
    overallRate: rate,
  })
  // One caller, one request at a time: what a command costs with no queue at
  // all. (autocannon paces 3b per second, so its requests still arrive in bursts.)
  const singleRequests = requests.slice(saturating.length + paced)
  const oneCaller = await runLoad({
    url,
    connections: 1,
    requests: singleRequests,
    amount: singleRequests.length,
  })
  return {
    ...result,
    mix: { ship: each, deliver: each, cancelRequest: each, approve: each },
    atHalfRate: { ...atHalfRate, targetRate: rate },
    oneCaller,
    apiKey,
  }
}

const startProfile = async (): Promise<{ stop(): Promise<unknown> }> => {
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.start')
  return {
    stop: async () => {
      const { profile } = await session.post('Profiler.stop')
      session.disconnect()
      return profile
    },
  }
}

/** (4) Reads: GET /v1/orders/{id} over every order, as the integration. */
const reads = async (
  url: string,
  ids: readonly string[],
  apiKey: string,
  seconds: number,
): Promise<LoadResult> =>
  runLoad({
    url,
    connections: CONCURRENCY,
    durationSeconds: seconds,
    requests: ids.map((id) => ({
      method: 'GET',
      path: `/v1/orders/${id}`,
      headers: { authorization: apiKey },
    })),
  })

/**
 * (5a) Firing: orders imported as bought ten days ago and never shipped, so
 * their ship-by reminder and the buyer's right to cancel are already due;
 * one sweep fires everything due through the ordinary `ExpireDeadline`
 * command, as the scheduler does. What one scheduler process can fire (R-7
 * asks for 10,000 deadlines in a minute, 167 a second).
 */
const firingRate = async (env: BenchEnv, orders: number) => {
  const { recourse } = env
  await importOrders(recourse, 'fire', orders, CONCURRENCY, 24 * 10)
  const started = performance.now()
  const fired = await recourse.deadlines.sweep(await recourse.clock.now())
  const seconds = (performance.now() - started) / 1000
  return { orders, fired, seconds, perSecond: fired / seconds }
}

/**
 * (5) Claiming due deadlines among many pending ones: N future rows plus
 * 1,000 due ones inserted in one statement each, then the claim of the due
 * batch timed (median of 5, the rows released in between). The claim walks
 * the due_at index from the oldest, so its cost should not grow with N.
 */
const sweepCost = async (env: BenchEnv, pending: number, due: number) => {
  await env.exec('truncate deadlines')
  const insertStarted = performance.now()
  await env.exec(`insert into deadlines (aggregate_id, aggregate_type, kind, due_at)
    select md5('pending' || g)::uuid, 'order', 'auto_accept', now() + interval '1 day' + g * interval '1 second'
    from generate_series(1, ${pending}) g`)
  const insertSeconds = (performance.now() - insertStarted) / 1000
  await env.exec(`insert into deadlines (aggregate_id, aggregate_type, kind, due_at)
    select md5('due' || g)::uuid, 'order', 'auto_accept', now() - interval '1 hour' + g * interval '1 millisecond'
    from generate_series(1, ${due}) g`)
  await env.exec('analyze deadlines')
  const scheduler = new DeadlineRunner(env.database, async () => {})
  const runs: number[] = []
  for (let run = 0; run < 5; run++) {
    await env.exec(
      `update deadlines set claimed_until = '-infinity', attempts = 0 where due_at <= now()`,
    )
    const started = performance.now()
    const claimed = await scheduler.claim(instant(Date.now()), due)
    runs.push(performance.now() - started)
    if (claimed.length !== due) throw new Error(`claimed ${claimed.length} of ${due} due deadlines`)
  }
  const sorted = [...runs].sort((a, b) => a - b)
  return {
    pending,
    due,
    insertSeconds,
    claimMs: { median: sorted[2] ?? NaN, min: sorted[0] ?? NaN, runs },
  }
}

const machine = () => {
  const cpu = cpus()
  return {
    cpus: cpu.length,
    model: cpu[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    platform: `${process.platform} ${process.arch}`,
    node: process.version,
    /** Other work on the machine skews every figure: the 1-minute load average when the engine's run began. */
    loadAverage: loadavg()[0] ?? 0,
  }
}

const benchEngine = async (engine: Engine) => {
  const size = sizes(engine)
  const startedOn = machine()
  const env = await openBenchRecourse(engine)
  try {
    say(
      engine,
      `${env.version.split(',')[0] ?? env.version}; pool ${env.poolSize}; ${CONCURRENCY} concurrent callers${QUICK ? '; QUICK run' : ''}`,
    )

    const raw = await rawReference(env, size.rawSeconds)
    say(
      engine,
      `(1) raw SQL reference: ${fmt(raw.perSecond)} tx/s, p50 ${fmt(raw.p50Ms, 1)} ms, p99 ${fmt(raw.p99Ms, 1)} ms at ${CONCURRENCY} callers (BEGIN; SELECT state; INSERT event; UPDATE state; UPSERT deadline; COMMIT — ${fmt(raw.transactions)} in ${fmt(raw.seconds, 1)} s)`,
    )

    const commands = await commandRate(env, size.commandOrders)
    say(
      engine,
      `(2) commands (CommandRunner + OrderService): ${fmt(commands.perSecond)}/s — ship ${fmt(commands.shipPerSecond)}/s, deliver ${fmt(commands.deliverPerSecond)}/s on ${fmt(commands.orders)} orders (import ${fmt(commands.importPerSecond)}/s); ${fmt(commands.perSecond / raw.perSecond, 2)}× raw`,
    )

    // BENCH_LOG=1: the server's error log, to see why a request failed.
    const server = await buildServer(env.recourse, {
      logger: process.env.BENCH_LOG === '1' ? { level: 'error' } : false,
    })
    await server.listen({ host: '127.0.0.1', port: 0 })
    const url = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`
    try {
      const http = await httpMix(env, url, size.httpRequests)
      const ratio = http.perSecond / raw.perSecond
      say(
        engine,
        `(3) HTTP commands: ${fmt(http.perSecond)}/s, p50 ${fmt(http.p50Ms, 1)} ms, p99 ${fmt(http.p99Ms, 1)} ms (autocannon, ${CONCURRENCY} connections, ${fmt(http.requests)} requests: ship / deliver / cancel request / approve; ${http.non2xx} non-2xx, ${http.errors} errors)`,
      )
      if (http.non2xx > 0)
        say(engine, `    non-2xx: ${JSON.stringify(http.failures)} ${http.samples.join(' | ')}`)
      say(
        engine,
        `    HTTP ÷ raw = ${fmt(ratio, 2)} (target ≥ 0.5: ${ratio >= 0.5 ? 'met' : 'NOT met'}); p99 ${fmt(http.p99Ms, 1)} ms (target ≤ 25 ms: ${http.p99Ms <= 25 ? 'met' : 'NOT met'})`,
      )
      const half = http.atHalfRate
      say(
        engine,
        `(3b) HTTP commands paced at ${fmt(half.targetRate)}/s (half the rate above): p50 ${fmt(half.p50Ms, 1)} ms, p99 ${fmt(half.p99Ms, 1)} ms (${fmt(half.requests)} requests, ${half.non2xx} non-2xx)`,
      )
      const one = http.oneCaller
      say(
        engine,
        `(3c) HTTP commands from one caller, one at a time: p50 ${fmt(one.p50Ms, 1)} ms, p99 ${fmt(one.p99Ms, 1)} ms, ${fmt(one.perSecond)}/s (${fmt(one.requests)} requests, ${one.non2xx} non-2xx)`,
      )

      const read = await reads(url, commands.ids, http.apiKey, size.readSeconds)
      say(
        engine,
        `(4) reads GET /v1/orders/{id}: ${fmt(read.perSecond)}/s, p50 ${fmt(read.p50Ms, 1)} ms, p99 ${fmt(read.p99Ms, 1)} ms (${read.non2xx} non-2xx)`,
      )

      const firing = await firingRate(env, size.firingOrders)
      say(
        engine,
        `(5a) deadline firing: ${fmt(firing.fired)} due deadlines of ${fmt(firing.orders)} unshipped orders fired in ${fmt(firing.seconds, 1)} s — ${fmt(firing.perSecond)}/s through ExpireDeadline (one process)`,
      )

      const sweeps = []
      for (const pending of [10_000, size.sweepPending]) {
        const s = await sweepCost(env, pending, size.sweepDue)
        sweeps.push(s)
        say(
          engine,
          `(5) deadline sweep: claimed ${fmt(s.due)} due among ${fmt(s.pending)} pending in ${fmt(s.claimMs.median, 1)} ms (median of 5, min ${fmt(s.claimMs.min, 1)} ms; inserting the pending rows took ${fmt(s.insertSeconds, 1)} s)`,
        )
      }
      // (6) Insights: rollups for 10M orders (PostgreSQL) or 1M (PGlite), then scorecards and top-N lists.
      const insights = await benchInsights(env.database, {
        orders: Number(process.env.BENCH_INSIGHTS_ORDERS ?? size.insightOrders),
        log: (line) => say(engine, `(6) ${line}`),
      })
      const { apiKey: _apiKey, ...httpFigures } = http
      const { ids: _ids, ...commandFigures } = commands
      const report = {
        engine,
        engineVersion: env.version,
        date: new Date().toISOString(),
        machine: { ...startedOn, loadAverageAtEnd: loadavg()[0] ?? 0 },
        quick: QUICK,
        concurrency: CONCURRENCY,
        poolSize: env.poolSize,
        raw,
        commands: commandFigures,
        http: { ...httpFigures, ratioToRaw: ratio },
        reads: read,
        firing,
        sweep: sweeps,
        insights,
      }
      mkdirSync('artifacts', { recursive: true })
      writeFileSync(`artifacts/bench-${engine}.json`, `${JSON.stringify(report, null, 2)}\n`)
      say(engine, `written artifacts/bench-${engine}.json`)
    } finally {
      await server.close()
    }
  } finally {
    await env.close()
  }
}

const engines = (
  process.env.BENCH_ENGINES?.split(',') ?? [
    'pglite',
    ...(process.env.DATABASE_URL ? ['postgres'] : []),
  ]
).filter((e): e is Engine => e === 'pglite' || e === 'postgres')
const m = machine()
console.log(
  `Recourse bench — ${m.cpus} × ${m.model}, ${m.memoryGb} GB, ${m.platform}, Node ${m.node}, ${new Date().toISOString()}`,
)
for (const engine of engines) await benchEngine(engine)
