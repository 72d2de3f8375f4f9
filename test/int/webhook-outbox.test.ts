import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { v7 as uuidv7 } from 'uuid'
import { addMillis } from '../../src/policy/time.ts'
import { OutboxRunner, type OutboxMessage } from '../../src/scheduler/outbox-runner.ts'
import { outbox } from '../../src/store/schema.ts'
import { queryRows } from '../../src/store/database.ts'
import { sql } from 'drizzle-orm'
import { monday9am } from '../support/app.ts'
import { onPostgres, openTestDatabase, type TestDatabase } from '../support/db.ts'

let t: TestDatabase
beforeAll(async () => {
  t = await openTestDatabase({ poolSize: 6 })
})
afterAll(async () => t.destroy())

const queue = async (topic: string, n: number): Promise<void> => {
  await t.database.db.insert(outbox).values(
    Array.from({ length: n }, (_, i) => ({
      id: uuidv7(),
      topic,
      payload: { n: i },
      availableAt: monday9am,
      createdAt: monday9am,
    })),
  )
}
const statuses = async (topic: string) =>
  queryRows<{ status: string; n: number }>(
    t.database.db,
    sql`select status, count(*)::int as n from outbox where topic = ${topic} group by status order by status`,
  )

describe('the outbox runner', () => {
  it('backs off after a failure, then dead-letters after the last retry', async () => {
    const seen: OutboxMessage[] = []
    const runner = new OutboxRunner(t.database, {
      flaky: {
        backoffMs: [1_000, 5_000],
        handle: async (m) => {
          seen.push(m)
          return { kind: 'retry', error: 'down' }
        },
      },
    })
    await queue('flaky', 1)
    expect(await runner.sweep(monday9am)).toBe(1)
    expect(await runner.sweep(addMillis(monday9am, 999))).toBe(0)
    expect(await runner.sweep(addMillis(monday9am, 1_000))).toBe(1)
    expect(await runner.sweep(addMillis(monday9am, 5_999))).toBe(0)
    expect(await runner.sweep(addMillis(monday9am, 6_000))).toBe(1)
    expect(seen.map((m) => [m.attempt, m.retryInMs])).toEqual([
      [1, 1_000],
      [2, 5_000],
      [3, null],
    ])
    expect(await statuses('flaky')).toEqual([{ status: 'dead', n: 1 }])
  })

  it('leaves topics it has no handler for to whoever handles them', async () => {
    await queue('someone-else', 2)
    const runner = new OutboxRunner(t.database, {
      mine: { backoffMs: [], handle: async () => ({ kind: 'done' }) },
    })
    expect(await runner.sweep(monday9am)).toBe(0)
    expect(await statuses('someone-else')).toEqual([{ status: 'pending', n: 2 }])
  })

  // Several sessions claiming at once needs a real server: PGlite is one session.
  it.runIf(onPostgres)(
    'hands each row to exactly one of several runners sweeping at once (PostgreSQL)',
    async () => {
      await queue('race', 60)
      const handled = new Map<string, number>()
      const make = () =>
        new OutboxRunner(
          t.database,
          {
            race: {
              backoffMs: [],
              handle: async (m) => {
                handled.set(m.id, (handled.get(m.id) ?? 0) + 1)
                await new Promise((r) => setTimeout(r, 2))
                return { kind: 'done' }
              },
            },
          },
          { batchSize: 7, concurrency: 2 },
        )
      const counts = await Promise.all([make(), make(), make()].map((r) => r.sweep(monday9am)))
      expect(counts.reduce((a, b) => a + b, 0)).toBe(60)
      expect(handled.size).toBe(60)
      expect([...handled.values()].every((n) => n === 1)).toBe(true)
      expect(await statuses('race')).toEqual([{ status: 'delivered', n: 60 }])
    },
  )
})
