import type { Config } from '../config.ts'
import { openRecourse } from '../app/recourse.ts'
import { buildServer } from '../http/server.ts'
import { chooseTranslator } from '../integrations/translation.ts'
import { every } from '../scheduler/deadline-runner.ts'
import { ensureDemoUsers } from '../demo/demo-users.ts'
import { ensureDemoMarketplace } from '../demo/seed.ts'
import { ensureWebBuild, startWebDevServer } from './web-build.ts'

/** `recourse start`: HTTP API and scheduler (either can be turned off), until SIGINT/SIGTERM. */
export const start = async (
  config: Config,
  /** `webBuild: false` (`--no-web-build`) skips the stale-build check, e.g. for several API processes sharing one checkout. */
  options: { watch: boolean; webBuild?: boolean },
): Promise<void> => {
  const log = (message: string, data?: Record<string, unknown>): void => {
    console.log(
      JSON.stringify({ level: 'info', time: new Date().toISOString(), msg: message, ...data }),
    )
  }
  const recourse = await openRecourse(config, {
    log,
    translator: await chooseTranslator(process.env, log),
  })
  const where =
    recourse.database.engine === 'pglite'
      ? `PGlite in ${recourse.database.location}`
      : `PostgreSQL ${recourse.database.location}`
  if (config.demo) {
    await ensureDemoUsers(recourse.database, await recourse.clock.now())
    await ensureDemoMarketplace(recourse, { progress: process.stdout.isTTY === true })
  }

  const stops: (() => Promise<void>)[] = []
  if (config.scheduler) {
    const loop = every(config.sweepIntervalMs, async () => {
      await recourse.deadlines.sweep(await recourse.clock.now())
      return recourse.deadlines.untilNextDue(await recourse.clock.now())
    })
    stops.push(() => loop.stop())
    // A loop of its own, so a slow webhook receiver never holds up deadlines.
    const outboxLoop = every(config.sweepIntervalMs, async () => {
      await recourse.messaging.outbox.sweep(await recourse.clock.now())
    })
    stops.push(() => outboxLoop.stop())
  }
  if (config.http) {
    if (!options.watch && options.webBuild !== false) await ensureWebBuild({ log: (m) => log(m) })
    const server = await buildServer(recourse, { logger: { level: config.logLevel } })
    await server.listen({ port: config.port, host: config.host })
    stops.push(() => server.close())
    if (options.watch) stops.push(await startWebDevServer(config.port))
    console.log(
      `Recourse is running on http://localhost:${config.port} (${where}${config.sandbox ? ', sandbox clock' : ''}${config.demo ? ', demo' : ''})\n` +
        `  API docs: http://localhost:${config.port}/docs`,
    )
  } else {
    console.log(`Recourse scheduler running (${where})`)
  }

  let stopping = false
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return
    stopping = true
    log('shutting down', { signal })
    for (const stop of stops.reverse()) await stop()
    await recourse.close()
    process.exit(0)
  }
  process.on('SIGINT', (s) => void shutdown(s))
  process.on('SIGTERM', (s) => void shutdown(s))
}
