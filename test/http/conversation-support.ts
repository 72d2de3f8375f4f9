import { mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import type { ConversationServices } from '../../src/app/recourse.ts'
import type { Server } from '../../src/http/server.ts'
import type { Instant } from '../../src/policy/time.ts'
import { openTestApp, type TestApp, type TestAppOptions } from '../support/app.ts'
import { testDataRoot } from '../support/paths.ts'

/** How the tests configure the adapters: the same variables an operator sets (README). */
const TEST_ENV: Readonly<Record<string, string>> = {
  RECOURSE_TRANSLATOR: 'none',
  RECOURSE_MARKETPLACE_ID: 'test-market',
  RECOURSE_PUBLIC_URL: 'https://recourse.test',
  RECOURSE_EVENTS_SETTLE_MS: '0',
  RECOURSE_WEBHOOK_TIMEOUT_MS: '2000',
  RECOURSE_TRANSLATE_TIMEOUT_MS: '5000',
}

/** The tables this issue added, emptied beside the app's own. */
const OWN_TABLES =
  'conversation_messages, message_attachments, notifications, notification_preferences, webhook_endpoints, webhook_deliveries, webhook_attempts'

export interface MessagingApp {
  readonly t: TestApp
  readonly server: Server
  readonly services: ConversationServices
  readonly mailDir: string
  /** Delivers the outbox as the scheduler would at `at` (default: the test clock's now). */
  sweep(at?: Instant): Promise<number>
  truncate(): Promise<void>
  close(): Promise<void>
}

/**
 * A test app with the conversation, notification, webhook and event routes
 * and every append published. Adapters are chosen by `env` (over
 * `TEST_ENV`), as in production; emails without SMTP go to a temporary folder.
 */
export const openMessagingApp = async (
  options: { readonly app?: TestAppOptions; readonly env?: Readonly<Record<string, string>> } = {},
): Promise<MessagingApp> => {
  const mailDir = mkdtempSync(join(testDataRoot, 'mail-'))
  const env = { ...TEST_ENV, ...options.env }
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]))
  Object.assign(process.env, env)
  const restoreEnv = () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) Reflect.deleteProperty(process.env, k)
      else process.env[k] = v
    }
  }
  const t = await openTestApp(options.app ?? {})
  const services = t.recourse.messaging
  const server = t.server
  return {
    t,
    server,
    services,
    mailDir,
    sweep: async (at) => services.outbox.sweep(at ?? (await t.recourse.clock.now())),
    truncate: async () => {
      await t.db.truncate()
      await t.db.database.db.execute(sql.raw(`truncate ${OWN_TABLES}`))
    },
    close: async () => {
      await t.close()
      restoreEnv()
      rmSync(mailDir, { recursive: true, force: true })
    },
  }
}
