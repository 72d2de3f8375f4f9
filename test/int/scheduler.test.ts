import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { CommandRunner } from '../../src/app/command-runner.ts'
import { fixedClock } from '../../src/app/clock.ts'
import { OrderService } from '../../src/app/orders/commands.ts'
import { PolicyBook } from '../../src/app/policies/commands.ts'
import { systemActor } from '../../src/domain/shared/actor.ts'
import { addHours } from '../../src/policy/time.ts'
import { defaultPolicy } from '../../src/policy/presets.ts'
import { DeadlineRunner, every, type DueDeadline } from '../../src/scheduler/deadline-runner.ts'
import { openDatabase, queryRows, type Database } from '../../src/store/database.ts'
import { monday9am } from '../support/app.ts'
import { onPostgres, openTestDatabase, type TestDatabase } from '../support/db.ts'
import { orderBody } from '../support/orders.ts'

const integration = { kind: 'integration', id: 'test' } as const

let t: TestDatabase
let policies: PolicyBook
let orders: OrderService
let runner: CommandRunner

beforeAll(async () => {
  t = await openTestDatabase()
  policies = new PolicyBook()
  await policies.ensureInitial(t.database.db, defaultPolicy, monday9am)
  orders = new OrderService(policies)
  runner = new CommandRunner(t.database, fixedClock(monday9am))
})
afterAll(async () => t.destroy())

/** Orders whose ship-by is an hour away, so their ship-by reminder is already due. */
const importDueOrders = async (count: number): Promise<string[]> => {
  const ids: string[] = []
  for (let i = 0; i < count; i++) {
    const outcome = await runner.run(integration, (uow) =>
      orders.import(uow, orderBody({ shipBy: addHours(monday9am, 1) })),
    )
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.rejection))
    ids.push(outcome.value.id)
  }
  return ids
}

const reminderCounts = async (db: Database): Promise<number[]> => {
  const rows = await queryRows<{ n: number }>(
    db.db,
    sql`select count(*)::int as n from events where type = 'ShipByReminderDue' group by stream_id`,
  )
  return rows.map((r) => r.n)
}

describe('the deadline runner', () => {
  it('fires each due deadline once through the order decider, and a second sweep finds nothing', async () => {
    await t.truncate()
    await policies.ensureInitial(t.database.db, defaultPolicy, monday9am)
    const ids = await importDueOrders(5)
    const fire = (d: DueDeadline) =>
      runner
        .run(systemActor, (uow) => orders.expire(uow, d.aggregateId, d.kind, d.dueAt))
        .then(() => undefined)
    const deadlines = new DeadlineRunner(t.database, fire)
    // Half an hour in: the reminder is due, the late-shipment nudge (at ship-by) not yet.
    expect(await deadlines.sweep(addHours(monday9am, 0.5))).toBe(5)
    expect(await deadlines.sweep(addHours(monday9am, 0.5))).toBe(0)
    expect(await reminderCounts(t.database)).toEqual(ids.map(() => 1))
  })

  it('does not fire a deadline before it is due', async () => {
    await t.truncate()
    await policies.ensureInitial(t.database.db, defaultPolicy, monday9am)
    await runner.run(integration, (uow) =>
      orders.import(uow, orderBody({ shipBy: addHours(monday9am, 72) })),
    )
    const deadlines = new DeadlineRunner(t.database, async () => {
      throw new Error('must not fire')
    })
    expect(await deadlines.claim(addHours(monday9am, 47))).toEqual([])
  })

  it('backs off a deadline its command did not consume, instead of firing it again at once', async () => {
    await t.truncate()
    await policies.ensureInitial(t.database.db, defaultPolicy, monday9am)
    const [id] = await importDueOrders(1)
    let calls = 0
    const failing = new DeadlineRunner(t.database, async () => {
      calls++
      throw new Error('the carrier API is down')
    })
    const before = Date.now()
    expect(await failing.sweep(addHours(monday9am, 1))).toBe(1)
    expect(await failing.sweep(addHours(monday9am, 1))).toBe(0)
    expect(calls).toBe(1)
    const [row] = await queryRows<{ kind: string; attempts: number; wait_ms: number }>(
      t.database.db,
      sql`select kind, attempts,
                 extract(epoch from claimed_until - ${new Date(before).toISOString()}::timestamptz) * 1000 as wait_ms
          from deadlines where aggregate_id = ${id}`,
    )
    // Still pending, held for 2^attempts seconds (first failure: 2 s), not the 1 s lease.
    expect(row?.kind).toBe('ship_by_reminder')
    expect(row?.attempts).toBe(1)
    expect(Number(row?.wait_ms)).toBeGreaterThanOrEqual(2000)
    expect(Number(row?.wait_ms)).toBeLessThan(60_000)
  })

  it('says how long until the next deadline falls due, so the loop wakes for it', async () => {
    await t.truncate()
    await policies.ensureInitial(t.database.db, defaultPolicy, monday9am)
    const deadlines = new DeadlineRunner(t.database, async () => {})
    expect(await deadlines.untilNextDue(monday9am)).toBeUndefined()
    // Ship-by in 30 hours: its reminder is due 24 hours before, 6 hours from now.
    await runner.run(integration, (uow) =>
      orders.import(uow, orderBody({ shipBy: addHours(monday9am, 30) })),
    )
    expect(await deadlines.untilNextDue(monday9am)).toBe(6 * 3_600_000)
  })
})

describe('every', () => {
  it('runs the next tick sooner when a tick asks, and never later than the interval', async () => {
    const ticks: number[] = []
    const started = Date.now()
    const loop = every(60_000, async () => {
      ticks.push(Date.now() - started)
      return ticks.length < 3 ? 10 : undefined
    })
    await vi.waitFor(() => expect(ticks.length).toBe(3), { timeout: 2000 })
    await loop.stop()
    expect(ticks.length).toBe(3)
  })
})

// Two schedulers on separate connection pools race over the same rows, as two
// processes would; only PostgreSQL has more than one session.
describe.runIf(onPostgres)('two schedulers on PostgreSQL', () => {
  it('never fire one deadline twice', async () => {
    await t.truncate()
    await policies.ensureInitial(t.database.db, defaultPolicy, monday9am)
    const ids = await importDueOrders(300)
    const url = process.env.DATABASE_URL
    const [schema] = await queryRows<{ s: string }>(
      t.database.db,
      sql`select current_schema() as s`,
    )
    const pools = await Promise.all(
      [0, 1].map(() => openDatabase({ databaseUrl: url, searchPath: schema?.s, poolSize: 4 })),
    )
    const dispatched = new Map<string, number>()
    const schedulers = pools.map((database) => {
      const processRunner = new CommandRunner(database, fixedClock(addHours(monday9am, 0.5)))
      return new DeadlineRunner(
        database,
        async (d) => {
          dispatched.set(d.aggregateId, (dispatched.get(d.aggregateId) ?? 0) + 1)
          await processRunner.run(systemActor, (uow) =>
            orders.expire(uow, d.aggregateId, d.kind, d.dueAt),
          )
        },
        { batchSize: 20, concurrency: 4 },
      )
    })
    // Before ship-by, so only the reminder is due (not the late-shipment nudge after it).
    const fired = await Promise.all(schedulers.map((s) => s.sweep(addHours(monday9am, 0.5))))
    await Promise.all(pools.map((p) => p.close()))
    expect(fired[0]! + fired[1]!).toBe(300)
    expect(fired[0]).toBeGreaterThan(0)
    expect(fired[1]).toBeGreaterThan(0)
    expect([...dispatched.values()].every((n) => n === 1)).toBe(true)
    expect(dispatched.size).toBe(ids.length)
    expect(await reminderCounts(t.database)).toEqual(ids.map(() => 1))
  })
})
