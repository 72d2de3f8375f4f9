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
import type { Reactor, UnitOfWork } from '../store/event-store.ts'
import { settings } from '../store/schema.ts'
import type { Instant } from '../policy/time.ts'
import type { DueDeadline } from '../scheduler/deadline-runner.ts'
import { DeadlineRunner } from '../scheduler/deadline-runner.ts'
import { OutboxRunner } from '../scheduler/outbox-runner.ts'
import { mailerFromEnv, type Mailer } from '../integrations/email.ts'
import { MarketplaceAddressBook, MarketplaceLabelProvider } from '../integrations/labels.ts'
import { translatorFromEnv, type Translator } from '../integrations/translation.ts'
import { insightsReactor } from '../insights/store.ts'
import { nearDuplicatesReactor } from '../insights/near-duplicates.ts'
import { AbuseAppealService } from './abuse-appeals/commands.ts'
import { CancellationService } from './cancellations/commands.ts'
import { CaseService } from './cases/commands.ts'
import type { Clock } from './clock.ts'
import { SandboxClock, systemClock } from './clock.ts'
import { CommandRunner, type Outcome } from './command-runner.ts'
import { ConversationService } from './conversations/commands.ts'
import { translationTopic } from './conversations/translation.ts'
import { CreditService } from './credits/commands.ts'
import { LedgerService } from './ledger/commands.ts'
import { NotificationService } from './notifications/commands.ts'
import { emailTopic } from './notifications/email.ts'
import { OrderService } from './orders/commands.ts'
import { PaymentDisputeService } from './payment-disputes/commands.ts'
import { PolicyBook } from './policies/commands.ts'
import { carryOutCaseOutcomes } from './reactions/carry-out-case-outcomes.ts'
import { mirrorCaseMessages } from './reactions/mirror-case-messages.ts'
import { noteSwapOutcomes } from './reactions/note-swap-outcomes.ts'
import { notifyParties } from './reactions/notify-parties.ts'
import { postOrderPayments } from './reactions/post-order-payments.ts'
import { queueWebhooks } from './reactions/queue-webhooks.ts'
import { refundCancellations } from './reactions/refund-cancellations.ts'
import { settleReturns } from './reactions/settle-returns.ts'
import { ReturnService } from './returns/commands.ts'
import type { StaffHooks } from './staff/audit.ts'
import { defaultStaffSettings, StaffService, type StaffSettings } from './staff/commands.ts'
import { StaffSignIn } from './staff/sign-in.ts'
import { endSessionsOf, type SessionSettings } from './sessions/commands.ts'
import { recordAudit } from './audit/commands.ts'
import { SwapService } from './swaps/commands.ts'
import { WebhookService } from './webhooks/commands.ts'
import type { ResolveAll } from '../integrations/outbound.ts'
import { webhookTopic } from './webhooks/delivery.ts'
import { OrderRefCache } from './webhooks/order-refs.ts'

interface Expirer {
  expire(uow: UnitOfWork, id: string, kind: string, dueAt: Instant): Promise<Outcome<unknown>>
}

/** Conversations, notifications, webhooks, and the outbox runner that delivers for them. */
export interface ConversationServices {
  readonly conversations: ConversationService
  readonly notifications: NotificationService
  readonly webhooks: WebhookService
  readonly translator: Translator
  readonly mailer: Mailer
  /** Delivers webhooks, emails, reminders and translations; sweep it beside the deadlines. */
  readonly outbox: OutboxRunner
  /**
   * The messaging reactions as one reactor, last in the list (see
   * `openRecourse`): notifications, case messages mirrored into the order's
   * thread, webhook deliveries. The seed and the simulator leave it out as a
   * whole: history notifies nobody.
   */
  readonly reactor: Reactor
  readonly close: () => void
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
  /** Chargebacks on orders' card payments. */
  readonly paymentDisputes: PaymentDisputeService
  /** Conversations, notifications, webhooks, and the outbox runner that delivers for them. */
  readonly messaging: ConversationServices
  readonly deadlines: DeadlineRunner
  /** Staff accounts: invitations, roles, deactivation, required second factors. */
  readonly staff: StaffService
  /** Staff password and second-factor sign-in, throttled. */
  readonly staffSignIn: StaffSignIn
  /** HS256 secret for user tokens: configured, or generated and kept in the database in demo mode. */
  readonly jwtSecret: string | undefined
  /** Sessions, hand-off links and the audit trail (docs/authentication.md). */
  readonly identity: IdentitySettings
  close(): Promise<void>
}

/** How sign-in and sessions behave, from the configuration. */
export interface IdentitySettings {
  readonly sessions: SessionSettings
  /** How long a hand-off link is valid, in ms. */
  readonly handoffMs: number
  /**
   * The time sessions, hand-off links and token checks run on: the wall
   * clock, not the sandbox clock (moving the demo's clock three days on must
   * not end every session).
   */
  readonly clock: Clock
}

export interface OpenOptions {
  /** An already open database (tests share one per file). */
  readonly database?: Database
  /** Replaces the clock (tests). */
  readonly clock?: Clock
  /** Postgres schema for migrations bookkeeping (tests). */
  readonly migrationsSchema?: string
  readonly log?: (message: string, data?: Record<string, unknown>) => void
  /** Replaces the wall clock sessions and hand-off links run on (tests); never the sandbox clock. */
  readonly authClock?: Clock
  /** The machine translator; by default the one `RECOURSE_TRANSLATOR` names (see `chooseTranslator`). */
  readonly translator?: Translator
  /** Staff settings other than the defaults (tests lower the scrypt cost). */
  readonly staff?: Partial<StaffSettings>
  /** How outbound hosts are resolved (tests: a resolver they control). @default the system's */
  readonly resolve?: ResolveAll
}

/**
 * Staff management ends a person's sessions (deactivation, a role change) and
 * writes the audit trail in the caller's transaction, through the identity
 * tables.
 */
const staffHooks: StaffHooks = {
  endSessionsOf: async (q, staffId, now) => {
    await endSessionsOf(
      q,
      staffId,
      { kind: 'system', id: 'staff-management' },
      { now, ip: null, userAgent: null },
    )
  },
  audit: async (q, entry) => {
    await recordAudit(q, {
      type: entry.action,
      at: entry.at,
      actor: entry.actorId ? { kind: 'person', id: entry.actorId } : null,
      subject: entry.subjectId ? { kind: 'person', id: entry.subjectId } : undefined,
      origin: { ip: entry.address, userAgent: null },
      data: entry.data,
    })
  },
}

const number = (v: string | undefined, fallback: number): number =>
  v !== undefined && v !== '' && Number.isFinite(Number(v)) ? Number(v) : fallback

/** Runs reactors one after another; the first refusal refuses the command. */
const inOrder =
  (...reactors: readonly Reactor[]): Reactor =>
  async (uow, appended) => {
    for (const react of reactors) {
      const rejection = await react(uow, appended)
      if (rejection) return rejection
    }
    return null
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
    const cases = new CaseService(policies, orders, (q, order) => ledger.refundLimitOf(q, order))
    const returns = new ReturnService(
      cases,
      ledger,
      new MarketplaceLabelProvider(),
      new MarketplaceAddressBook(),
    )
    const swaps = new SwapService(cases, ledger, new MarketplaceLabelProvider())
    const abuseAppeals = new AbuseAppealService(policies)
    const paymentDisputes = new PaymentDisputeService(policies, ledger, cases)

    const env = process.env
    const messagingSettings = {
      marketplace: env.RECOURSE_MARKETPLACE_ID || 'recourse',
      publicUrl: env.RECOURSE_PUBLIC_URL || 'http://localhost:3000',
      webhookTimeoutMs: number(env.RECOURSE_WEBHOOK_TIMEOUT_MS, 10_000),
      translateTimeoutMs: number(env.RECOURSE_TRANSLATE_TIMEOUT_MS, 10_000),
      feedSettleMs: number(env.RECOURSE_EVENTS_SETTLE_MS, 5_000),
    }
    const translator = options.translator ?? translatorFromEnv(env)
    // `<dataDir>/mail` receives `.eml` files when no SMTP server is configured.
    const mailer = mailerFromEnv(env, config.dataDir)
    const conversations = new ConversationService(policies, translator)
    const notifications = new NotificationService(messagingSettings, options.log)
    const webhookSettings = {
      marketplace: messagingSettings.marketplace,
      timeoutMs: messagingSettings.webhookTimeoutMs,
      feedSettleMs: messagingSettings.feedSettleMs,
      outbound: { ...config.outbound, ...(options.resolve ? { resolve: options.resolve } : {}) },
    }
    const webhooks = new WebhookService(webhookSettings)
    const orderRefs = new OrderRefCache()
    // Notifications, then the mirror (its append to the thread notifies the
    // other party in turn), then webhooks.
    const messagingReactor = inOrder(
      notifyParties({ notifications, orderRefs }),
      mirrorCaseMessages({ conversations, orderRefs }),
      queueWebhooks({ marketplace: messagingSettings.marketplace, orderRefs }),
    )

    /**
     * What reacts to facts appended anywhere, in this order, inside the
     * transaction of the command that appended them: `UnitOfWork.append`
     * runs each in turn, and a reactor's own appends run the whole list
     * again, depth first. The order is part of the behaviour:
     * - money first: the ledger may refuse (it will not over-refund), which
     *   refuses the command before any other reaction has done its work.
     *   Each money reactor answers one stream type, so their order among
     *   themselves does not matter;
     * - the insights projector before the near-duplicate check, which reads
     *   the images the projector has just filed;
     * - messaging last: the refund or return a reaction above appends is
     *   notified and published (depth first) before the fact that caused it,
     *   and that is the order notifications and webhook deliveries are written in.
     */
    const reactors: readonly Reactor[] = [
      postOrderPayments(ledger),
      refundCancellations(policies, ledger),
      carryOutCaseOutcomes(ledger, returns),
      settleReturns(ledger, returns, cases),
      noteSwapOutcomes(cases),
      insightsReactor,
      nearDuplicatesReactor,
      messagingReactor,
    ]
    const runner = new CommandRunner(database, clock, reactors)
    const outbox = new OutboxRunner(
      database,
      {
        webhook: webhookTopic(database.db, webhookSettings),
        email: emailTopic(mailer),
        translate: translationTopic({
          db: database.db,
          runner,
          translator,
          conversations,
          settings: messagingSettings,
        }),
      },
      options.log ? { log: options.log } : {},
    )
    const messaging: ConversationServices = {
      conversations,
      notifications,
      webhooks,
      translator,
      mailer,
      outbox,
      reactor: messagingReactor,
      close: () => mailer.close(),
    }

    // Each aggregate type whose deadlines the scheduler fires, by its stored type name.
    const expirers: Readonly<Record<string, Expirer>> = {
      order: orders,
      cancellation: cancellations,
      case: cases,
      return: returns,
      swap: swaps,
      credit_account: credits,
      payment_dispute: paymentDisputes,
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

    const staff = new StaffService(
      database,
      {
        ...defaultStaffSettings,
        publicUrl: messagingSettings.publicUrl,
        invitationTtlMs: number(env.RECOURSE_INVITATION_HOURS, 72) * 3_600_000,
        ...options.staff,
      },
      staffHooks,
    )
    const staffSignIn = new StaffSignIn(database, staff)

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
      paymentDisputes,
      messaging,
      deadlines,
      staff,
      staffSignIn,
      jwtSecret,
      identity: {
        sessions: {
          idleMs: config.sessionIdleMinutes * 60_000,
          absoluteMs: config.sessionMaxHours * 3_600_000,
        },
        handoffMs: config.handoffSeconds * 1000,
        clock: options.authClock ?? systemClock,
      },
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
