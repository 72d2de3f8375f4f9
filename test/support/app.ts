import type { Instant } from '../../src/policy/time.ts'
import { instant } from '../../src/policy/time.ts'
import type { Policy } from '../../src/policy/types.ts'
import type { Clock } from '../../src/app/clock.ts'
import { fixedClock } from '../../src/app/clock.ts'
import type { Recourse } from '../../src/app/recourse.ts'
import { openRecourse } from '../../src/app/recourse.ts'
import { loadConfig } from '../../src/config.ts'
import type { ResolveAll } from '../../src/integrations/outbound.ts'
import { createApiKey } from '../../src/app/people/commands.ts'
import { issueUserToken } from '../../src/http/auth.ts'
import type { Server } from '../../src/http/server.ts'
import { buildServer } from '../../src/http/server.ts'
import type { TestDatabase } from './db.ts'
import { openTestDatabase } from './db.ts'

export const TEST_SCRYPT = { logN: 10, r: 8, p: 1 } as const

export const TEST_JWT_SECRET = 'test-secret-for-recourse-tests-only'

/** A Monday, 09:00 in New York: the default "now" of the integration tests. */
export const monday9am = instant('2026-11-23T14:00:00.000Z')

export interface TestApp {
  readonly recourse: Recourse
  readonly server: Server
  readonly db: TestDatabase
  readonly clock: (Clock & { set(at: Instant): void }) | null
  /** Authorization header value for a user of this role. */
  bearer(role: 'buyer' | 'seller' | 'agent' | 'admin', userId: string): Promise<string>
  /** Authorization header value for a fresh integration API key. */
  integration(): Promise<string>
  /** Publishes a policy version (e.g. a preset) in force from now on. */
  usePolicy(policy: Policy): Promise<void>
  close(): Promise<void>
}

export interface TestAppOptions {
  /** Fixed clock at this instant (default monday9am); `'sandbox'` uses the sandbox clock. */
  readonly clock?: Instant | 'sandbox'
  readonly demo?: boolean
  readonly poolSize?: number
  /** The wall clock of sessions and hand-off links (default: the real time). */
  readonly authClock?: Clock
  /** More configuration, as an operator would set it (e.g. `RECOURSE_JWT_ISSUER`). */
  readonly env?: Readonly<Record<string, string>>
  /** How outbound hosts resolve (webhook URLs): a resolver the test controls. */
  readonly resolve?: ResolveAll
}

/**
 * The outbound settings for tests whose webhook receivers run on this
 * machine: plain http and 127.0.0.1 allowed, explicitly (issue #16).
 */
export const ALLOW_LOCAL_RECEIVERS = {
  RECOURSE_OUTBOUND_ALLOW_HTTP: '1',
  RECOURSE_OUTBOUND_ALLOW: '127.0.0.1/32',
} as const

export const openTestApp = async (options: TestAppOptions = {}): Promise<TestApp> => {
  const db = await openTestDatabase(options.poolSize ? { poolSize: options.poolSize } : {})
  const clock = options.clock === 'sandbox' ? null : fixedClock(options.clock ?? monday9am)
  const config = loadConfig(
    {
      RECOURSE_JWT_SECRET: TEST_JWT_SECRET,
      ...(options.clock === 'sandbox' ? { RECOURSE_SANDBOX: '1' } : {}),
      ...(options.demo ? { RECOURSE_DEMO: '1' } : {}),
      ...options.env,
    },
    {},
  )
  const recourse = await openRecourse(config, {
    database: db.database,
    ...(clock ? { clock } : {}),
    // scrypt at 2^10: the production cost (2^15, p=3) is tested once in passwords.test.ts.
    staff: { scrypt: TEST_SCRYPT },
    ...(options.resolve ? { resolve: options.resolve } : {}),
    ...(options.authClock ? { authClock: options.authClock } : {}),
  })
  const server = await buildServer(recourse)
  await server.ready()
  let keys = 0
  return {
    recourse,
    server,
    db,
    clock,
    bearer: async (role, userId) =>
      `Bearer ${await issueUserToken(TEST_JWT_SECRET, { sub: userId, role }, config.jwtAudience, undefined, config.jwtIssuer)}`,
    integration: async () =>
      `Bearer ${(await createApiKey(db.database.db, `test-${++keys}`, await recourse.clock.now())).secret}`,
    usePolicy: async (policy) => {
      await recourse.policies.publish(db.database.db, policy, 'test', await recourse.clock.now())
    },
    close: async () => {
      await server.close()
      await recourse.close()
      await db.destroy()
    },
  }
}
