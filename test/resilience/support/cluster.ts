import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createServer, type AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { createApiKey } from '../../../src/app/people/commands.ts'
import { issueUserToken } from '../../../src/http/auth.ts'
import { instant } from '../../../src/policy/time.ts'
import { migrateDatabase, openDatabase, type Database } from '../../../src/store/database.ts'

export const JWT_SECRET = 'resilience-secret-for-recourse-tests-only'
const AUDIENCE = 'recourse'

/** The PostgreSQL server the resilience suite runs against. */
export const serverUrl = (): string =>
  process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test'

const withDatabase = (url: string, name: string): string => {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

/**
 * A database of its own (`recourse_res_<random>`) for tests that start real
 * `recourse` processes: they use the public schema and may not share it with
 * other test files or other runs on the same server.
 */
export interface OwnDatabase {
  readonly url: string
  readonly database: Database
  drop(): Promise<void>
}

export const createOwnDatabase = async (): Promise<OwnDatabase> => {
  const name = `recourse_res_${process.pid}_${Math.random().toString(36).slice(2, 10)}`
  const admin = new pg.Client({ connectionString: serverUrl() })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = withDatabase(serverUrl(), name)
  const database = await openDatabase({ databaseUrl: url, poolSize: 4 })
  await migrateDatabase(database)
  return {
    url,
    database,
    drop: async () => {
      await database.close()
      const client = new pg.Client({ connectionString: serverUrl() })
      await client.connect()
      await client.query(`drop database if exists ${name} with (force)`)
      await client.end()
    },
  }
}

const bin = fileURLToPath(new URL('../../../bin/recourse.mjs', import.meta.url))
const root = fileURLToPath(new URL('../../../', import.meta.url))

export interface ProcessOptions {
  readonly databaseUrl: string
  /** `api`: HTTP only (`--no-scheduler`); `scheduler`: `--scheduler-only`. */
  readonly role: 'api' | 'scheduler'
  readonly port?: number
  readonly env?: Readonly<Record<string, string>>
}

/** A real `recourse start` process (node bin/recourse.mjs), restartable and killable with SIGKILL. */
export class RecourseProcess {
  private child: ChildProcess | null = null
  private output: string[] = []
  starts = 0
  kills = 0

  constructor(readonly options: ProcessOptions) {}

  get url(): string {
    return `http://127.0.0.1:${this.options.port ?? 0}`
  }

  get running(): boolean {
    return this.child !== null
  }

  /** The last lines the process printed (for failure messages). */
  tail(lines = 30): string {
    return this.output.slice(-lines).join('')
  }

  /** Starts the process and resolves when it answers `/ready` (API) or says it runs (scheduler). */
  async start(timeoutMs = 180_000): Promise<void> {
    if (this.child) throw new Error('already running')
    const args = [bin, 'start', '--no-web-build']
    args.push(this.options.role === 'api' ? '--no-scheduler' : '--scheduler-only')
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: this.options.databaseUrl,
        PORT: String(this.options.port ?? 0),
        HOST: '127.0.0.1',
        RECOURSE_JWT_SECRET: JWT_SECRET,
        LOG_LEVEL: 'warn',
        ...this.options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.child = child
    this.starts++
    const printedBefore = this.output.length
    const collect = (chunk: Buffer): void => {
      this.output.push(chunk.toString())
      if (this.output.length > 2000) this.output.splice(0, this.output.length - 2000)
    }
    child.stdout?.on('data', collect)
    child.stderr?.on('data', collect)
    child.once('exit', () => {
      if (this.child === child) this.child = null
    })
    const deadline = Date.now() + timeoutMs
    for (;;) {
      if (this.child !== child) throw new Error(`recourse exited while starting:\n${this.tail()}`)
      if (this.options.role === 'scheduler') {
        if (this.output.slice(printedBefore).join('').includes('Recourse scheduler running')) return
      } else {
        const ready = await fetch(`${this.url}/ready`).then(
          (r) => r.ok,
          () => false,
        )
        if (ready) return
      }
      if (Date.now() > deadline) throw new Error(`recourse did not start:\n${this.tail()}`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }

  /** `kill -9`: no shutdown hook runs, in-flight transactions are cut off. */
  async kill(): Promise<void> {
    const child = this.child
    if (!child) return
    this.kills++
    const exited = once(child, 'exit')
    child.kill('SIGKILL')
    await exited
  }

  /** SIGTERM: the graceful shutdown. */
  async stop(): Promise<void> {
    const child = this.child
    if (!child) return
    const exited = once(child, 'exit')
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(timer)
  }
}

/** Authorization headers for the processes: user tokens signed with the shared secret, and an integration key. */
export interface Credentials {
  integration: string
  user(role: 'buyer' | 'seller' | 'agent' | 'admin', id: string): Promise<string>
}

export const credentials = async (database: Database): Promise<Credentials> => {
  const key = await createApiKey(database.db, 'resilience', instant(Date.now()))
  const cache = new Map<string, string>()
  return {
    integration: `Bearer ${key.secret}`,
    user: async (role, id) => {
      const k = `${role}:${id}`
      let token = cache.get(k)
      if (!token) {
        token = `Bearer ${await issueUserToken(JWT_SECRET, { sub: id, role }, AUDIENCE)}`
        cache.set(k, token)
      }
      return token
    },
  }
}

/** A free port in this helper's range (3200-3299), different for each call in one process. */
let nextPort = 3200 + (process.pid % 10) * 10
export const port = (): number => {
  const p = nextPort++
  if (nextPort >= 3300) nextPort = 3200
  return p
}

/** A port the OS says is free right now (a fixed range once landed on MariaDB's 3306). */
export const freePort = async (): Promise<number> => {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port: free } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return free
}
