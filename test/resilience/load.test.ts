import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { onPostgres } from '../support/db.ts'
import {
  createOwnDatabase,
  credentials,
  port,
  RecourseProcess,
  type OwnDatabase,
} from './support/cluster.ts'
import { report } from './support/report.ts'
import { audit, Driver, percentile, statuses } from './support/workload.ts'

// Load: two API processes and two scheduler processes on one PostgreSQL
// database of their own, under a mixed load of order stories (import, ship,
// deliver, cancel, message, open a case, offer, accept, refund, read) from
// concurrent clients spread over both API processes. 10 minutes with
// RESILIENCE_FULL=1, 1 minute otherwise (CI).
const FULL = process.env.RESILIENCE_FULL === '1'
const SECONDS = Number(process.env.LOAD_SECONDS ?? (FULL ? 600 : 60))
const CLIENTS = 16

describe.runIf(onPostgres)(
  `Load: ${SECONDS} s of mixed commands on 2 API + 2 scheduler processes`,
  () => {
    let db: OwnDatabase
    let processes: RecourseProcess[]

    beforeAll(async () => {
      db = await createOwnDatabase()
      processes = [
        new RecourseProcess({ databaseUrl: db.url, role: 'api', port: port() }),
        new RecourseProcess({ databaseUrl: db.url, role: 'api', port: port() }),
        new RecourseProcess({ databaseUrl: db.url, role: 'scheduler' }),
        new RecourseProcess({ databaseUrl: db.url, role: 'scheduler' }),
      ]
      // The first start publishes the initial policy; the others find it.
      await processes[0]?.start()
      await Promise.all(processes.slice(1).map((p) => p.start()))
    })
    afterAll(async () => {
      await Promise.all(processes.map((p) => p.stop()))
      await db.drop()
    })

    it('answers every request without a 5xx or a broken connection, and loses or duplicates no event', async () => {
      const run = `ld${Date.now().toString(36)}`
      const driver = new Driver({
        urls: processes.filter((p) => p.options.role === 'api').map((p) => p.url),
        credentials: await credentials(db.database),
        run,
        retryBrokenConnections: false,
      })
      const until = Date.now() + SECONDS * 1000
      let story = 0
      const started = Date.now()
      await Promise.all(
        Array.from({ length: CLIENTS }, () =>
          driver.loop(
            () => Date.now() >= until,
            () => story++,
          ),
        ),
      )
      const seconds = (Date.now() - started) / 1000
      const result = await audit(db.database, driver.sent, run)
      const serverErrors = driver.sent.filter((s) => s.reply.status >= 500)
      const figures = {
        seconds,
        clients: CLIENTS,
        stories: story,
        commands: driver.sent.length,
        requests: driver.latencies.length,
        perSecond: Math.round((driver.latencies.length / seconds) * 10) / 10,
        p50Ms: Math.round(percentile(driver.latencies, 50)),
        p99Ms: Math.round(percentile(driver.latencies, 99)),
        maxMs: Math.round(percentile(driver.latencies, 100)),
        statuses: statuses(driver.sent),
        brokenConnections: driver.brokenConnections,
        events: result.events,
      }
      report(FULL ? 'Load-full' : 'Load', figures)

      expect(
        processes.every((p) => p.running),
        'all four processes still running',
      ).toBe(true)
      expect(driver.brokenConnections, 'broken connections').toBe(0)
      expect(
        serverErrors.map((s) => `${s.command.path} ${s.reply.status}`),
        '5xx replies',
      ).toEqual([])
      expect(result.lost, `${result.lost.length} 2xx commands without their event`).toEqual([])
      expect(result.duplicated, `${result.duplicated.length} commands applied twice`).toEqual([])
      expect(result.phantom, 'events no 2xx reply accounts for').toEqual([])
      expect(
        result.gappyStreams,
        `${result.gappyStreams.length} streams with a version gap`,
      ).toEqual([])
      expect(driver.sent.length, 'commands sent').toBeGreaterThan(0)
    })
  },
)
