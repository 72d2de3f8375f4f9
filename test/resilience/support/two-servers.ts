import { sql } from 'drizzle-orm'
import { fixedClock } from '../../../src/app/clock.ts'
import { openRecourse } from '../../../src/app/recourse.ts'
import { loadConfig } from '../../../src/config.ts'
import { buildServer, type Server } from '../../../src/http/server.ts'
import { openDatabase, queryRows } from '../../../src/store/database.ts'
import { monday9am, openTestApp, TEST_JWT_SECRET, type TestApp } from '../../support/app.ts'
import { onPostgres } from '../../support/db.ts'

export interface Servers {
  readonly t: TestApp
  /** On PostgreSQL two servers with pools of their own on one schema (as two processes); on PGlite the one server twice. */
  readonly servers: readonly [Server, Server]
  close(): Promise<void>
}

export const openServers = async (poolSize = 10): Promise<Servers> => {
  const t = await openTestApp({ poolSize })
  if (!onPostgres) return { t, servers: [t.server, t.server], close: () => t.close() }
  const [row] = await queryRows<{ s: string }>(t.db.database.db, sql`select current_schema() as s`)
  const database = await openDatabase({
    databaseUrl: process.env.DATABASE_URL,
    searchPath: row?.s,
    poolSize,
  })
  const config = loadConfig({ RECOURSE_JWT_SECRET: TEST_JWT_SECRET }, {})
  const recourse = await openRecourse(config, { database, clock: fixedClock(monday9am) })
  const second = await buildServer(recourse)
  await second.ready()
  return {
    t,
    servers: [t.server, second],
    close: async () => {
      await second.close()
      await database.close()
      await t.close()
    },
  }
}
