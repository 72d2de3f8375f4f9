import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { inject } from 'vitest'
import { insightTables } from '../../src/insights/store.ts'
import type { Database } from '../../src/store/database.ts'
import { migrateDatabase, openDatabase } from '../../src/store/database.ts'
import { testDataRoot } from './paths.ts'

export const onPostgres = Boolean(process.env.DATABASE_URL)

export interface TestDatabase {
  readonly database: Database
  /** Empties every table (between tests). */
  truncate(): Promise<void>
  /** Closes and deletes the database. */
  destroy(): Promise<void>
}

const TABLES = [
  'aggregates, events, deadlines, outbox, idempotency_records, api_keys, users, settings, policy_versions',
  'files, case_queue',
  'conversation_messages, message_attachments, notifications, notification_preferences',
  'webhook_endpoints, webhook_deliveries, webhook_attempts',
  'refunds, return_labels, replacement_shipments, seller_balances',
  'abuse_appeal_standings, insight_evidence_near',
  'staff_accounts, staff_invitations, sign_in_throttle, sign_in_challenges',
  'sessions, handoff_links, audit_events',
  ...insightTables,
].join(', ')

/**
 * A database of its own for one test file: on PostgreSQL a fresh schema in
 * DATABASE_URL's database, otherwise a copy of the migrated PGlite template.
 */
export const openTestDatabase = async (
  options: { poolSize?: number } = {},
): Promise<TestDatabase> => {
  let database: Database
  let drop: () => Promise<void>
  const url = process.env.DATABASE_URL
  if (url) {
    const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`
    const admin = await openDatabase({ databaseUrl: url, poolSize: 1 })
    await admin.db.execute(sql.raw(`create schema ${schema}`))
    database = await openDatabase({
      databaseUrl: url,
      searchPath: schema,
      poolSize: options.poolSize ?? 10,
    })
    await migrateDatabase(database, schema)
    drop = async () => {
      await admin.db.execute(sql.raw(`drop schema ${schema} cascade`))
      await admin.close()
    }
  } else {
    const template = inject('pgliteTemplate')
    const dir = mkdtempSync(join(testDataRoot, 'run-'))
    cpSync(template, dir, { recursive: true })
    database = await openDatabase({ dataDir: dir })
    drop = async () => rmSync(dir, { recursive: true, force: true })
  }
  return {
    database,
    truncate: async () => {
      await database.db.execute(sql.raw(`truncate ${TABLES}`))
    },
    destroy: async () => {
      await database.close()
      await drop()
    },
  }
}
