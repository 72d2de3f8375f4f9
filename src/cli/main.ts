import { parseArgs } from 'node:util'
import { loadConfig } from '../config.ts'
import { DataDirLockedError } from '../store/database.ts'

const usage = `recourse — post-sale resolution center

Usage:
  recourse start [--port N] [--host H] [--data-dir D] [--database-url URL]
                 [--demo] [--sandbox] [--no-scheduler | --scheduler-only]
                 [--no-web-build]   serve web/dist as it is (API-only processes)
  recourse migrate            apply database migrations
  recourse seed [--orders N] [--seed S]
                              generate a demo marketplace (deterministic per seed)
  recourse keys create NAME   create an integration API key (shown once)
  recourse keys list | keys revoke ID
  recourse staff create EMAIL [--role agent|admin] [--name NAME]
                              a staff account: asks for a password in a terminal,
                              else prints a one-time setup link (the first admin)
  recourse staff list
  recourse simulate --from PRESET --to PRESET|FILE.json [--set KNOB=VALUE …] [--orders N] [--seed S] [--json]
                              replay a generated marketplace under two policies and compare
  recourse token USER_ID [--role buyer|seller|agent|admin]
                              a user token for a demo user (demo mode secret)

Configuration comes from the environment (PORT, RECOURSE_DATA_DIR,
DATABASE_URL, RECOURSE_SANDBOX, …; see README) and these flags override it.`

const main = async (): Promise<void> => {
  // `simulate` takes repeatable and free-form flags (--set KNOB=VALUE), so it parses its own.
  if (process.argv[2] === 'simulate') {
    const { simulateCli } = await import('./simulate.ts')
    await simulateCli(process.argv.slice(3))
    return
  }
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      'database-url': { type: 'string' },
      demo: { type: 'boolean' },
      sandbox: { type: 'boolean' },
      'no-scheduler': { type: 'boolean' },
      'scheduler-only': { type: 'boolean' },
      watch: { type: 'boolean' },
      'no-web-build': { type: 'boolean' },
      orders: { type: 'string' },
      seed: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const [command, ...rest] = positionals
  if (values.help || !command) {
    console.log(usage)
    return
  }
  const config = loadConfig(process.env, values)
  switch (command) {
    case 'start': {
      const { start } = await import('./start.ts')
      await start(config, {
        watch: values.watch === true,
        webBuild: values['no-web-build'] !== true,
      })
      return
    }
    case 'migrate': {
      const { migrate } = await import('./admin.ts')
      await migrate(config)
      return
    }
    case 'seed': {
      const { seedCommand } = await import('./admin.ts')
      await seedCommand(config, {
        orders: Number(values.orders ?? 2000),
        seed: values.seed ?? 'recourse',
      })
      return
    }
    case 'keys': {
      const { keys } = await import('./admin.ts')
      await keys(config, rest)
      return
    }
    case 'staff': {
      const { staffCli } = await import('./staff.ts')
      await staffCli(config, rest, { role: values.role, name: values.name })
      return
    }
    case 'token': {
      const { token } = await import('./admin.ts')
      await token(config, rest[0], values.role)
      return
    }
    default:
      console.error(`Unknown command '${command}'.\n\n${usage}`)
      process.exitCode = 2
  }
}

main().catch((error: unknown) => {
  if (error instanceof DataDirLockedError) {
    console.error(error.message)
    process.exit(3)
  }
  console.error(error)
  process.exit(1)
})
