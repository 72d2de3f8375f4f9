import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { eq } from 'drizzle-orm'
import type { Config } from '../config.ts'
import { systemActor } from '../domain/shared/actor.ts'
import { defaultPolicy, presets } from '../policy/presets.ts'
import type { Policy, PresetName } from '../policy/types.ts'
import type { Database } from '../store/database.ts'
import { migrateDatabase, openDatabase } from '../store/database.ts'
import { settings } from '../store/schema.ts'
import type { DueDeadline } from '../scheduler/deadline-runner.ts'
import { DeadlineRunner } from '../scheduler/deadline-runner.ts'
import type { Clock } from './clock.ts'
import { SandboxClock, systemClock } from './clock.ts'
import { CommandRunner, type Outcome } from './command-runner.ts'
import type { Reactor, UnitOfWork } from '../store/event-store.ts'
import type { Instant } from '../policy/time.ts'
import { OrderService } from './orders.ts'
import { CancellationService } from './cancellations.ts'
import { CaseService } from './cases.ts'
import { PolicyBook } from './policies.ts'
import { insightsReactor } from '../insights/store.ts'
import { nearDuplicatesReactor } from '../insights/near-duplicates.ts'
import { AbuseAppealService } from './abuse-appeals.ts'
import type { Translator } from '../integrations/translation.ts'
import { createConversationServices, type ConversationServices } from './conversations.ts'
import { CreditService } from './credits.ts'
import { LedgerService } from './ledger.ts'
import { ReturnService } from './returns.ts'
import { SwapService, swapReactor } from './swaps.ts'
import { moneyReactors } from './money-reactions.ts'
import { MarketplaceAddressBook, MarketplaceLabelProvider } from '../integrations/labels.ts'

interface Expirer {
  expire(uow: UnitOfWork, id: string, kind: string, dueAt: Instant): Promise<Outcome<unknown>>
}

/** Everything a process needs, wired once: the HTTP server, the scheduler, the CLI and tests share it. */
export interface Recourse {
  readonly config: Config
  readonly database: Database
  readonly clock: Clock
  readonly sandboxClock: SandboxClock | null
  readonly runner: CommandRunner
  readonly policies: PolicyBook
  readonly orders: OrderService
  readonly cancellations: CancellationService
  readonly cases: CaseService
  readonly ledger: LedgerService
  readonly credits: CreditService
  readonly returns: ReturnService
  readonly swaps: SwapService
  /** Buyers' appeals against their abuse signals. */
  readonly abuseAppeals: AbuseAppealService
  /** Conversations, notifications, webhooks, and the outbox runner that delivers for them. */
  readonly messaging: ConversationServices
  readonly deadlines: DeadlineRunner
  /** HS256 secret for user tokens: configured, or generated and kept in the database in demo mode. */
  readonly jwtSecret: string | undefined
  close(): Promise<void>
}

export interface OpenOptions {
  /** An already open database (tests share one per file). */
  readonly database?: Database
  /** Replaces the clock (tests). */
  readonly clock?: Clock
  /** Postgres schema for migrations bookkeeping (tests). */
  readonly migrationsSchema?: string
  readonly log?: (message: string, data?: Record<string, unknown>) => void
  /** The machine translator; by default the one `RECOURSE_TRANSLATOR` names (see `chooseTranslator`). */
  readonly translator?: Translator
}

const initialPolicy = (): Policy => {
  const name = process.env.RECOURSE_POLICY_PRESET as PresetName | undefined
  return name && name in presets ? presets[name] : defaultPolicy
}

/**
 * Demo mode signs its own user tokens. With PGlite the secret sits in the data
 * folder, so `recourse token` can read it while the server holds the database;
 * on PostgreSQL every process reads it from the settings table.
 */
export const demoSecret = async (database: Database, dataDir: string): Promise<string> => {
  const fresh = randomBytes(32).toString('base64url')
  if (database.engine === 'pglite' && database.location !== 'memory') {
    const file = join(dataDir, 'demo-jwt-secret')
    if (!existsSync(file)) writeFileSync(file, fresh, { mode: 0o600 })
    return readFileSync(file, 'utf8').trim()
  }
  const key = 'demo_jwt_secret'
  await database.db.insert(settings).values({ key, value: fresh }).onConflictDoNothing()
  const rows = await database.db.select().from(settings).where(eq(settings.key, key))
  return rows[0]?.value as string
}

export const openRecourse = async (
  config: Config,
  options: OpenOptions = {},
): Promise<Recourse> => {
  const database =
    options.database ??
    (await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      poolSize: config.dbPoolSize,
    }))
  try {
    if (!options.database) await migrateDatabase(database, options.migrationsSchema)
    const sandboxClock = config.sandbox && !options.clock ? new SandboxClock(database.db) : null
    const clock = options.clock ?? sandboxClock ?? systemClock
    const policies = new PolicyBook()
    await policies.ensureInitial(database.db, initialPolicy(), await clock.now())
    const orders = new OrderService(policies)
    const cancellations = new CancellationService(policies, orders)
    const credits = new CreditService()
    const ledger = new LedgerService(policies, credits)
    const cases = new CaseService(policies, orders, (q, order) => ledger.refundableOf(q, order))
    const returns = new ReturnService(
      cases,
      ledger,
      new MarketplaceLabelProvider(),
      new MarketplaceAddressBook(),
    )
    const swaps = new SwapService(cases, ledger, new MarketplaceLabelProvider())
    const abuseAppeals = new AbuseAppealService(policies)
    // What reacts, in the command's transaction, to facts appended anywhere.
    const reactors: Reactor[] = []
    reactors.push(...moneyReactors({ policies, ledger, returns, cases }))
    reactors.push(swapReactor(cases))
    reactors.push(insightsReactor)
    // After the projector: it looks up the images the projector just filed.
    reactors.push(nearDuplicatesReactor)
    const runner = new CommandRunner(database, clock, reactors)
    const messaging = createConversationServices({
      database,
      clock,
      runner,
      policies,
      dataDir: config.dataDir,
      ...(options.log ? { log: options.log } : {}),
      ...(options.translator ? { translator: options.translator } : {}),
    })
    // Last, so the events the other reactors append are published too.
    reactors.push(messaging.reactor)

    // Each aggregate type whose deadlines the scheduler fires, by its stored type name.
    const expirers: Readonly<Record<string, Expirer>> = {
      order: orders,
      cancellation: cancellations,
      case: cases,
      return: returns,
      swap: swaps,
      credit_account: credits,
    }
    const dispatch = async (d: DueDeadline): Promise<void> => {
      const expirer = expirers[d.aggregateType]
      if (!expirer) throw new Error(`no deadline handler for aggregate type ${d.aggregateType}`)
      const outcome = await runner.run(systemActor, (uow) =>
        expirer.expire(uow, d.aggregateId, d.kind, d.dueAt),
      )
      if (!outcome.ok) options.log?.('deadline refused', { ...d, rejection: outcome.rejection })
    }
    const deadlines = new DeadlineRunner(
      database,
      dispatch,
      options.log ? { log: options.log } : {},
    )

    const jwtSecret =
      config.jwtSecret ?? (config.demo ? await demoSecret(database, config.dataDir) : undefined)
    return {
      config,
      database,
      clock,
      sandboxClock,
      runner,
      policies,
      orders,
      cancellations,
      cases,
      ledger,
      credits,
      returns,
      swaps,
      abuseAppeals,
      messaging,
      deadlines,
      jwtSecret,
      close: async () => {
        messaging.close()
        if (!options.database) await database.close()
      },
    }
  } catch (error) {
    if (!options.database) await database.close()
    throw error
  }
}
