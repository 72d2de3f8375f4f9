import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import type { Clock } from '../src/app/clock.ts'
import type { Recourse } from '../src/app/recourse.ts'
import { openRecourse } from '../src/app/recourse.ts'
import { loadConfig } from '../src/config.ts'
import type { Database, Engine } from '../src/store/database.ts'
import { migrateDatabase, openDatabase, reuseStatements } from '../src/store/database.ts'

export const BENCH_JWT_SECRET = 'bench-secret-not-for-production'

/** One statement inside a raw transaction: text with `$n` parameters, answering rows. */
export type RawQuery = <R>(text: string, params: readonly unknown[]) => Promise<R[]>

/**
 * Runs `work` in one SQL transaction straight through the driver (the raw
 * reference): PGlite's own `transaction` (the lock Drizzle's driver takes
 * too) or a client of a pg pool as large as the app's.
 */
export type RawTransaction = <T>(work: (query: RawQuery) => Promise<T>) => Promise<T>

export interface BenchEnv {
  readonly engine: Engine
  readonly recourse: Recourse
  readonly database: Database
  /** `select version()` of the engine. */
  readonly version: string
  /** Connections the app's pool has (PGlite: one session). */
  readonly poolSize: number
  readonly raw: RawTransaction
  /** Runs one statement outside any transaction (setup). */
  readonly exec: (text: string) => Promise<void>
  close(): Promise<void>
}

/**
 * A fresh, migrated database for a benchmark: PGlite in a temp folder, or a
 * throwaway schema in DATABASE_URL's database (dropped on close), as
 * test/support/db.ts does.
 */
export const openBenchRecourse = async (
  engine: Engine,
  options: { clock?: Clock; poolSize?: number } = {},
): Promise<BenchEnv> => {
  const config = loadConfig({ RECOURSE_JWT_SECRET: BENCH_JWT_SECRET, LOG_LEVEL: 'warn' })
  const poolSize = options.poolSize ?? config.dbPoolSize
  const openWith = async (database: Database): Promise<Recourse> =>
    openRecourse(config, { database, ...(options.clock ? { clock: options.clock } : {}) })

  if (engine === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'recourse-bench-'))
    const database = await openDatabase({ dataDir: dir })
    await migrateDatabase(database)
    const client = (database.db as unknown as { $client: PGlite }).$client
    const recourse = await openWith(database)
    const version =
      (await client.query<{ version: string }>('select version()')).rows[0]?.version ?? '?'
    return {
      engine,
      recourse,
      database,
      version,
      poolSize: 1,
      raw: (work) =>
        client.transaction((tx) =>
          work(
            async <R>(text: string, params: readonly unknown[]) =>
              (await tx.query<R>(text, [...params])).rows,
          ),
        ),
      exec: async (text) => {
        await client.exec(text)
      },
      close: async () => {
        await recourse.close()
        await database.close()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  }

  const url = process.env.DATABASE_URL
  if (!url) throw new Error('DATABASE_URL is not set')
  const schema = `bench_${process.pid}_${Date.now().toString(36)}`
  const admin = new pg.Pool({ connectionString: url, max: 1 })
  await admin.query(`create schema ${schema}`)
  const database = await openDatabase({ databaseUrl: url, searchPath: schema, poolSize })
  await migrateDatabase(database, schema)
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    options: `-c search_path=${schema}`,
  })
  pool.on('error', () => {})
  // Prepared like the app's statements, so the ratio compares like with like.
  pool.on('connect', (client) => reuseStatements(client))
  const recourse = await openWith(database)
  const version =
    (await pool.query<{ version: string }>('select version()')).rows[0]?.version ?? '?'
  return {
    engine,
    recourse,
    database,
    version,
    poolSize,
    raw: async (work) => {
      const client = await pool.connect()
      try {
        await client.query('begin')
        const result = await work(
          async <R>(text: string, params: readonly unknown[]) =>
            (await client.query(text, [...params])).rows as R[],
        )
        await client.query('commit')
        return result
      } catch (error) {
        await client.query('rollback').catch(() => undefined)
        throw error
      } finally {
        client.release()
      }
    },
    exec: async (text) => {
      await pool.query(text)
    },
    close: async () => {
      await recourse.close()
      await database.close()
      await pool.end()
      await admin.query(`drop schema ${schema} cascade`)
      await admin.end()
    },
  }
}
