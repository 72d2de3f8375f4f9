import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'
import * as schema from './schema.ts'

export type Schema = typeof schema
export type Db = PgDatabase<PgQueryResultHKT, Schema>
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>
/** Anything queries can run on: the database or an open transaction. */
export type Queryable = Db | Tx

export type Engine = 'pglite' | 'postgres'

export interface Database {
  readonly db: Db
  readonly engine: Engine
  /** Where the data lives, for messages: a folder, `memory`, or the server URL without password. */
  readonly location: string
  close(): Promise<void>
}

export interface DatabaseOptions {
  /** `postgres://…`: use that server. Otherwise PGlite. */
  readonly databaseUrl?: string | undefined
  /** PGlite data folder; `memory://` for a throwaway in-memory database. */
  readonly dataDir?: string | undefined
  /** Connections in the node-postgres pool. @default 10 */
  readonly poolSize?: number | undefined
  /** Postgres schema to use (tests isolate themselves in a schema of their own). */
  readonly searchPath?: string | undefined
}

export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url))

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `Another Recourse process (pid ${pid}) is using the data folder ${dataDir}. ` +
        'PGlite is single-process: two processes on one folder silently lose data. ' +
        'Stop the other process, or use PostgreSQL (DATABASE_URL) to run several processes.',
    )
  }
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Takes `<dataDir>/recourse.lock` for this process. A lock left by a process
 * that no longer exists (a crash, `kill -9`) is taken over.
 */
const lockedHere = new Set<string>()

const lockDataDir = (dataDir: string): (() => void) => {
  const path = resolve(dataDir, 'recourse.lock')
  // Two PGlite instances on one folder in this very process lose data too.
  if (lockedHere.has(path)) throw new DataDirLockedError(dataDir, process.pid)
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx')
      writeFileSync(fd, String(process.pid))
      closeSync(fd)
      lockedHere.add(path)
      return () => {
        lockedHere.delete(path)
        try {
          if (readFileSync(path, 'utf8') === String(process.pid)) unlinkSync(path)
        } catch {
          // already gone
        }
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const pid = Number(readFileSync(path, 'utf8'))
      // Our own pid in a lock we do not hold is a leftover from a crashed run that had the same pid.
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new DataDirLockedError(dataDir, pid)
      }
      unlinkSync(path)
    }
  }
  throw new Error(`could not lock ${dataDir}`)
}

const openPglite = async (dataDir: string): Promise<Database> => {
  const inMemory = dataDir.startsWith('memory://')
  let unlock = (): void => {}
  if (!inMemory) {
    mkdirSync(dataDir, { recursive: true })
    unlock = lockDataDir(dataDir)
  }
  try {
    // PGlite is one Postgres session in this process. Drizzle's PGlite driver
    // runs every transaction under PGlite's transaction lock, so concurrent
    // commands queue instead of interleaving inside one another's BEGIN.
    const client = new PGlite(inMemory ? undefined : join(dataDir, 'pgdata'))
    await client.waitReady
    const db = drizzlePglite({ client, schema }) as unknown as Db
    return {
      db,
      engine: 'pglite',
      location: inMemory ? 'memory' : dataDir,
      async close() {
        await client.close()
        unlock()
      },
    }
  } catch (error) {
    unlock()
    throw error
  }
}

/** Statement texts given a name so far (the app has a few dozen shapes). */
const statementNames = new Map<string, string>()
/** Past this many, new texts run unnamed: a text with inlined values must not grow every session's cache forever. */
const MAX_NAMED_STATEMENTS = 500

/**
 * Runs every parameterised statement as a named prepared statement of its
 * session, so PostgreSQL parses and plans each statement text once per
 * connection instead of on every execution: for a command's short
 * statements, planning cost as much as executing (pg_stat_statements).
 * node-postgres sends Parse only the first time a name is used on a
 * connection, and forgets a name whose Parse failed. (Behind PgBouncer in
 * transaction mode this needs PgBouncer 1.21+ with `max_prepared_statements`.)
 */
export const reuseStatements = (client: pg.PoolClient): void => {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown
  const named = (...args: unknown[]): unknown => {
    // `query(text, values)` or `query({ text, values, … })`, as Drizzle calls it.
    const config = (typeof args[0] === 'string' ? { text: args[0] } : args[0]) as {
      text?: unknown
      name?: unknown
      values?: unknown
    } | null
    const params = args[1] ?? config?.values
    if (
      typeof config?.text === 'string' &&
      !config.name &&
      Array.isArray(params) &&
      params.length > 0
    ) {
      let name = statementNames.get(config.text)
      if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS) {
        name = `recourse_${statementNames.size}`
        statementNames.set(config.text, name)
      }
      if (name !== undefined) args[0] = { ...config, name }
    }
    return query(...args)
  }
  Object.assign(client, { query: named })
}

const openPostgres = async (url: string, options: DatabaseOptions): Promise<Database> => {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
  })
  // A pooled client that errors while idle must not crash the process.
  pool.on('error', () => {})
  pool.on('connect', (client) => reuseStatements(client))
  const db = drizzlePg({ client: pool, schema }) as unknown as Db
  return {
    db,
    engine: 'postgres',
    location: url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@'),
    close: () => pool.end(),
  }
}

export const openDatabase = async (options: DatabaseOptions): Promise<Database> =>
  options.databaseUrl
    ? openPostgres(options.databaseUrl, options)
    : openPglite(options.dataDir ?? './data')

/**
 * Applies pending migrations. Two processes starting together on one
 * PostgreSQL may race here; the loser's DDL fails, so it waits and tries again
 * and then finds the migrations applied (no advisory locks: DESIGN §5).
 */
export const migrateDatabase = async (
  database: Database,
  migrationsSchema?: string,
): Promise<void> => {
  const config = { migrationsFolder, ...(migrationsSchema ? { migrationsSchema } : {}) }
  for (let attempt = 1; ; attempt++) {
    try {
      if (database.engine === 'pglite') await migratePglite(database.db as never, config)
      else await migratePg(database.db as never, config)
      return
    } catch (error) {
      if (attempt >= 5) throw error
      await new Promise((r) => setTimeout(r, 200 * attempt))
    }
  }
}

/**
 * Runs raw SQL and returns its rows. Both drivers answer `{ rows }`; Drizzle
 * types the generic result as unknown, so the row shape is the caller's word.
 */
export const queryRows = async <T>(q: Queryable, query: SQL): Promise<T[]> => {
  const result: unknown = await q.execute(query)
  return (result as { rows: T[] }).rows
}
