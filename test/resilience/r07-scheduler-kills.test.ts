import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemClock } from '../../src/app/clock.ts'
import { openRecourse, type Recourse } from '../../src/app/recourse.ts'
import { loadConfig } from '../../src/config.ts'
import { addHours, instant } from '../../src/policy/time.ts'
import { queryRows } from '../../src/store/database.ts'
import { onPostgres } from '../support/db.ts'
import { orderBody } from '../support/orders.ts'
import {
  createOwnDatabase,
  JWT_SECRET,
  RecourseProcess,
  type OwnDatabase,
} from './support/cluster.ts'
import { report } from './support/report.ts'

// 10,000 ship-by reminders due within the next minute, fired by a real
// `recourse start --scheduler-only` process that is killed with SIGKILL 5
// times and restarted. One order is imported through the real command; the
// other 9,999 are copies of its rows (events, aggregate, deadline) under new
// ids and ship-by dates, so the decider sees genuine state for each.
const DEADLINES = 10_000
const KILLS = 5
const SWEEP_MS = 1000
/** How long a claim lasts before another process may take the row (DeadlineRunner's default). */
const LEASE_MS = 1_000

describe.runIf(onPostgres)('R-7 10,000 deadlines, scheduler killed 5 times', () => {
  let db: OwnDatabase
  let recourse: Recourse
  let scheduler: RecourseProcess

  beforeAll(async () => {
    db = await createOwnDatabase()
    const config = loadConfig({ RECOURSE_JWT_SECRET: JWT_SECRET }, {})
    recourse = await openRecourse(config, { database: db.database, clock: systemClock })
    scheduler = new RecourseProcess({
      databaseUrl: db.url,
      role: 'scheduler',
      env: { RECOURSE_SWEEP_MS: String(SWEEP_MS) },
    })
    // Running before the deadlines exist, so its start-up is not counted as lateness.
    await scheduler.start()
  })
  afterAll(async () => {
    await scheduler.stop()
    await db.drop()
  })

  it('applies every effect exactly once, each within the sweep interval plus restart time', async () => {
    // Due from 30 s from now over one minute.
    const from = Date.now() + 30_000
    const template = await recourse.runner.run({ kind: 'integration', id: 'r7' }, (uow) =>
      recourse.orders.import(uow, orderBody({ shipBy: addHours(instant(from), 24) })),
    )
    if (!template.ok) throw new Error(JSON.stringify(template.rejection))
    const id = template.value.id
    const [row] = await queryRows<{ ship_by: string }>(
      db.database.db,
      sql`select state->>'shipBy' as ship_by from aggregates where id = ${id}`,
    )
    const shipBy = row?.ship_by ?? ''
    await db.database.db.execute(sql`
      create temporary table r7_copies as
      select gen_random_uuid() as id,
             ${instant(from)}::timestamptz + (random() * 60000)::int * interval '1 millisecond' as due
      from generate_series(1, ${DEADLINES - 1})`)
    const iso = sql`to_char((c.due + interval '24 hours') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
    const swap = (column: string) =>
      sql`replace(replace(${sql.raw(column)}::text, ${id}, c.id::text), ${shipBy}, ${iso})::jsonb`
    await db.database.db.execute(sql`
      insert into events (id, stream_id, stream_type, version, type, data, actor_kind, actor_id, occurred_at)
      select gen_random_uuid(), c.id, e.stream_type, e.version, e.type, ${swap('e.data')},
             e.actor_kind, e.actor_id, e.occurred_at
      from events e, r7_copies c where e.stream_id = ${id}`)
    await db.database.db.execute(sql`
      insert into aggregates (id, type, version, status, buyer_id, seller_id, order_id, state, created_at, updated_at)
      select c.id, a.type, a.version, a.status, a.buyer_id, a.seller_id, c.id, ${swap('a.state')},
             a.created_at, a.updated_at
      from aggregates a, r7_copies c where a.id = ${id}`)
    await db.database.db.execute(sql`
      insert into deadlines (aggregate_id, aggregate_type, kind, due_at)
      select c.id, d.aggregate_type, d.kind, c.due
      from deadlines d, r7_copies c where d.aggregate_id = ${id}`)
    const [due] = await queryRows<{ n: number; last: string }>(
      db.database.db,
      sql`select count(*)::int as n, max(due_at)::text as last from deadlines where kind = 'ship_by_reminder'`,
    )
    expect(due?.n, 'deadlines due within the minute').toBe(DEADLINES)

    // Kills at random moments while the deadlines fall due: one in each fifth
    // of the minute, in its first 8 s, so each outage is over before the next
    // kill and a deadline waits out one restart, which is what the bound allows.
    const slot = 60_000 / KILLS
    const killAt = Array.from({ length: KILLS }, (_, i) => from + i * slot + Math.random() * 8_000)
    const restarts: number[] = []
    for (const at of killAt) {
      await new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())))
      await scheduler.kill()
      const down = Date.now()
      await scheduler.start()
      restarts.push(Date.now() - down)
    }
    // Wait until nothing is left to fire.
    const waitUntil = Date.now() + 600_000
    for (;;) {
      const [left] = await queryRows<{ n: number }>(
        db.database.db,
        sql`select count(*)::int as n from deadlines where kind = 'ship_by_reminder'`,
      )
      if (left?.n === 0 || Date.now() > waitUntil) break
      await new Promise((r) => setTimeout(r, 1000))
    }

    const [effects] = await queryRows<{ streams: number; events: number; twice: number }>(
      db.database.db,
      sql`select count(*)::int as streams, coalesce(sum(n), 0)::int as events,
                 count(*) filter (where n > 1)::int as twice
          from (select stream_id, count(*) as n from events where type = 'ShipByReminderDue' group by 1) s`,
    )
    // Lateness: when the reminder was recorded against when it was due (state's ship-by − 24 h).
    const [late] = await queryRows<{ max_ms: number; p99_ms: number }>(
      db.database.db,
      sql`select max(ms)::int as max_ms, percentile_cont(0.99) within group (order by ms)::int as p99_ms
          from (select extract(epoch from (e.occurred_at - ((a.state->>'shipBy')::timestamptz - interval '24 hours'))) * 1000 as ms
                from events e join aggregates a on a.id = e.stream_id
                where e.type = 'ShipByReminderDue') l`,
    )
    const [early] = await queryRows<{ n: number }>(
      db.database.db,
      sql`select count(*)::int as n from events e join aggregates a on a.id = e.stream_id
          where e.type = 'ShipByReminderDue'
            and e.occurred_at < (a.state->>'shipBy')::timestamptz - interval '24 hours'`,
    )
    const restartMs = Math.max(...restarts)
    report('R-7', {
      deadlines: DEADLINES,
      kills: scheduler.kills,
      sweepMs: SWEEP_MS,
      restartMsMax: restartMs,
      restartsMs: restarts,
      leaseMs: LEASE_MS,
      fired: effects?.events,
      latenessMsMax: late?.max_ms,
      latenessMsP99: late?.p99_ms,
    })

    expect(scheduler.kills, 'kills').toBe(KILLS)
    expect(effects?.streams, `orders reminded (of ${DEADLINES})`).toBe(DEADLINES)
    expect(effects?.twice, 'orders reminded more than once').toBe(0)
    expect(effects?.events, 'reminders').toBe(DEADLINES)
    expect(early?.n, 'reminders fired before they were due').toBe(0)
    expect(
      late?.max_ms,
      `latest reminder (ms after due) against sweep ${SWEEP_MS} + restart ${restartMs}`,
    ).toBeLessThanOrEqual(SWEEP_MS + restartMs)
  })
})
