import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openRecourse } from '../../src/app/recourse.ts'
import { loadConfig } from '../../src/config.ts'
import { buildServer, type Server } from '../../src/http/server.ts'
import { openDatabase, queryRows } from '../../src/store/database.ts'
import { monday9am, openTestApp, type TestApp } from '../support/app.ts'
import { fixedClock } from '../../src/app/clock.ts'
import { onPostgres } from '../support/db.ts'
import { orderBody } from '../support/orders.ts'

// Concurrent duplicates across two server processes (separate pools, so the
// in-process guard cannot help): only PostgreSQL has concurrent sessions.
describe.runIf(onPostgres)('one Idempotency-Key sent 50 times at once to two servers', () => {
  let t: TestApp
  let second: Server
  let closeSecond: () => Promise<void>

  beforeAll(async () => {
    t = await openTestApp({ poolSize: 10 })
    const [schema] = await queryRows<{ s: string }>(
      t.db.database.db,
      sql`select current_schema() as s`,
    )
    const database = await openDatabase({
      databaseUrl: process.env.DATABASE_URL,
      searchPath: schema?.s,
      poolSize: 10,
    })
    const config = loadConfig({ RECOURSE_JWT_SECRET: 'test-secret-for-recourse-tests-only' }, {})
    const recourse = await openRecourse(config, { database, clock: fixedClock(monday9am) })
    second = await buildServer(recourse)
    closeSecond = async () => {
      await second.close()
      await database.close()
    }
  })
  afterAll(async () => {
    await closeSecond()
    await t.close()
  })

  it('has one effect; every reply is the stored one or 409', async () => {
    const integration = await t.integration()
    const body = orderBody()
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 ? second : t.server).inject({
          method: 'POST',
          url: '/v1/orders',
          headers: { authorization: integration, 'idempotency-key': 'import-once' },
          payload: body,
        }),
      ),
    )
    const statuses = replies.map((r) => r.statusCode)
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true)
    const created = replies.filter((r) => r.statusCode === 201).map((r) => r.json<{ id: string }>())
    expect(created.length).toBeGreaterThan(0)
    expect(new Set(created.map((c) => c.id)).size).toBe(1)
    const conflicts = replies
      .filter((r) => r.statusCode === 409)
      .map((r) => r.json<{ code: string }>().code)
    expect(conflicts.every((c) => c === 'IDEMPOTENCY_KEY_IN_PROGRESS')).toBe(true)
    const [events] = await queryRows<{ n: number }>(
      t.db.database.db,
      sql`select count(*)::int as n from events where type = 'OrderImported'`,
    )
    expect(events?.n).toBe(1)
  })
})
