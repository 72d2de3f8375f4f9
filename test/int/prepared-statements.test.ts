import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../src/store/database.ts'
import { onPostgres, openTestDatabase, type TestDatabase } from '../support/db.ts'

// On PostgreSQL every parameterised statement runs as a named prepared
// statement of its connection (src/store/database.ts `reuseStatements`).

describe.runIf(onPostgres)('prepared statements on PostgreSQL', () => {
  let t: TestDatabase
  beforeAll(async () => {
    // One connection, so a name prepared (or not) in one test is the next one's.
    t = await openTestDatabase({ poolSize: 1 })
  })
  afterAll(async () => t.destroy())

  const probe = (id: string) =>
    sql`select count(*)::int as n from aggregates where id = ${id}::uuid and type = ${'order'}`

  it('are prepared once per connection and reused', async () => {
    const prepared = await t.database.db.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) await queryRows(tx, probe('01890000-0000-7000-8000-000000000000'))
      return queryRows<{ name: string; statement: string }>(
        tx,
        sql`select name, statement from pg_prepared_statements where statement like '%from aggregates where id = $1::uuid%'`,
      )
    })
    expect(prepared).toHaveLength(1)
    expect(prepared[0]?.name).toMatch(/^recourse_\d+$/)
  })

  it('are prepared again after a Parse the server refused', async () => {
    // First use of this text inside a failed transaction: the server refuses
    // its Parse ("current transaction is aborted"), so the name must not be
    // remembered as prepared on the connection.
    const fresh = (id: string) =>
      sql`select count(*)::int as n from aggregates where order_id = ${id}::uuid`
    let refused: unknown
    await t.database.db
      .transaction(async (tx) => {
        await queryRows(tx, probe('not-a-uuid')).catch(() => undefined)
        refused = await queryRows(tx, fresh('01890000-0000-7000-8000-000000000001')).catch(
          (error: unknown) => (error as { cause?: { code?: string } }).cause?.code ?? error,
        )
        throw new Error('roll back')
      })
      .catch(() => undefined)
    expect(refused).toBe('25P02')
    const [row] = await queryRows<{ n: number }>(
      t.database.db,
      fresh('01890000-0000-7000-8000-000000000001'),
    )
    expect(row?.n).toBe(0)
  })
})
