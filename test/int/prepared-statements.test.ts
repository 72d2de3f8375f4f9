import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../src/store/database.ts'
import { onPostgres, openTestDatabase, type TestDatabase } from '../support/db.ts'

// On PostgreSQL every parameterised statement runs as a named prepared
// statement of its connection (src/store/database.ts `reuseStatements`).

describe.runIf(onPostgres)('prepared statements on PostgreSQL', () => {
  let t: TestDatabase
  beforeAll(async () => {
    t = await openTestDatabase({ poolSize: 2 })
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

  it('still run after an execution of theirs failed', async () => {
    const bad = queryRows(t.database.db, probe('not-a-uuid'))
    await expect(bad).rejects.toThrow()
    for (let i = 0; i < 4; i++) {
      const [row] = await queryRows<{ n: number }>(
        t.database.db,
        probe('01890000-0000-7000-8000-000000000001'),
      )
      expect(row?.n).toBe(0)
    }
  })
})
