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
import { audit, Driver, statuses } from './support/workload.ts'

// the real server (`node bin/recourse.mjs start`) on a database of its
// own, killed with SIGKILL 20 times while 8 clients send 1,000 commands with
// Idempotency-Keys. A client whose connection breaks retries the same key
// until the restarted server answers.
const COMMANDS = Number(process.env.R6_COMMANDS ?? 1000)
const CLIENTS = 8
const KILLS = Number(process.env.R6_KILLS ?? 20)

describe.runIf(onPostgres)('R-6 kill -9 during 1,000 commands', () => {
  let db: OwnDatabase
  let server: RecourseProcess

  beforeAll(async () => {
    db = await createOwnDatabase()
    server = new RecourseProcess({ databaseUrl: db.url, role: 'api', port: port() })
    await server.start()
  })
  afterAll(async () => {
    await server.stop()
    await db.drop()
  })

  it('keeps every 2xx command exactly once, replays retried keys, and leaves no version gap', async () => {
    const run = `r6${Date.now().toString(36)}`
    const driver = new Driver({
      urls: [server.url],
      credentials: await credentials(db.database),
      run,
      retryBrokenConnections: true,
      budget: COMMANDS,
    })
    // Kill points spread at random over the run's commands.
    const killAt = Array.from({ length: KILLS }, () => Math.floor(Math.random() * COMMANDS * 0.95))
      .sort((a, b) => a - b)
      .reverse()
    let done = false
    const restartSeconds: number[] = []
    const killer = (async () => {
      while (killAt.length > 0) {
        const next = killAt[killAt.length - 1] ?? 0
        if (driver.sent.length >= next || done) {
          killAt.pop()
          // A random moment within the next few requests, so kills land mid-transaction too.
          await new Promise((r) => setTimeout(r, Math.random() * 40))
          await server.kill()
          const down = Date.now()
          await server.start()
          restartSeconds.push((Date.now() - down) / 1000)
        } else await new Promise((r) => setTimeout(r, 5))
      }
    })().catch((error: unknown) => {
      driver.aborted = error instanceof Error ? error : new Error(String(error))
    })
    let story = 0
    const started = Date.now()
    await Promise.all(
      Array.from({ length: CLIENTS }, () =>
        driver.loop(
          () => false,
          () => story++,
        ),
      ),
    )
    done = true
    await killer
    if (driver.aborted) throw driver.aborted
    const seconds = (Date.now() - started) / 1000

    // Every key once more: the server must answer with what it said the first time.
    const replays: string[] = []
    for (const s of driver.sent) {
      const again = await driver.send(s.command, false)
      if (
        again.status !== s.reply.status ||
        JSON.stringify(again.body) !== JSON.stringify(s.reply.body)
      )
        replays.push(`${s.command.key}: ${s.reply.status} then ${again.status}`)
    }
    const result = await audit(db.database, driver.sent, run)
    const serverErrors = driver.sent.filter((s) => s.reply.status >= 500)
    const cutOff = driver.sent.filter((s) => s.cutOff).length
    report('R-6', {
      commands: COMMANDS,
      clients: CLIENTS,
      kills: server.kills,
      cutOffAndRetried: cutOff,
      brokenConnections: driver.brokenConnections,
      statuses: statuses(driver.sent),
      events: result.events,
      restartSecondsMax: Math.max(...restartSeconds),
      restartSecondsMean: restartSeconds.reduce((a, b) => a + b, 0) / restartSeconds.length,
      seconds,
    })

    expect(server.kills, 'kills').toBe(KILLS)
    expect(driver.sent.length, 'commands answered').toBe(COMMANDS)
    expect(
      serverErrors.map((s) => `${s.command.path} ${s.reply.status}`),
      '5xx replies',
    ).toEqual([])
    expect(result.lost, `${result.lost.length} 2xx commands without their event`).toEqual([])
    expect(result.duplicated, `${result.duplicated.length} commands applied twice`).toEqual([])
    expect(result.phantom, 'events no 2xx reply accounts for').toEqual([])
    expect(replays, `${replays.length} retried keys answered differently`).toEqual([])
    expect(result.gappyStreams, `${result.gappyStreams.length} streams with a version gap`).toEqual(
      [],
    )
  }, 3_600_000)
})
