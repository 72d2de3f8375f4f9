import { outboundPolicyFromEnv, type OutboundPolicy } from './integrations/outbound.ts'

/**
 * Configuration from the environment, overridable by CLI flags
 * (`--port 3001` beats `PORT=3000`). README's table lists every variable.
 */
export interface Config {
  /** HTTP port. `PORT`, `--port`. @default 3000 */
  readonly port: number
  /**
   * Interface to listen on. `HOST`, `--host`. @default '0.0.0.0'; '127.0.0.1' with `--demo`
   * (the demo hands out admin tokens to anyone who asks, so it stays on this machine unless HOST says otherwise)
   */
  readonly host: string
  /** PGlite data folder when no `DATABASE_URL`. `RECOURSE_DATA_DIR`, `--data-dir`. @default './data' */
  readonly dataDir: string
  /** PostgreSQL server. `DATABASE_URL`, `--database-url`. */
  readonly databaseUrl: string | undefined
  /** Sandbox clock and its admin API. `RECOURSE_SANDBOX=1`, `--sandbox`. @default false (true with --demo) */
  readonly sandbox: boolean
  /** Demo marketplace: seeded on first start, demo sign-in and tokens. `RECOURSE_DEMO=1`, `--demo`. @default false */
  readonly demo: boolean
  /** HS256 secret for user tokens issued by the marketplace. `RECOURSE_JWT_SECRET`. In demo mode one is generated and kept in the database. */
  readonly jwtSecret: string | undefined
  /** The marketplace's JWKS URL, instead of a shared secret. `RECOURSE_JWKS_URL`. */
  readonly jwksUrl: string | undefined
  /** Expected `aud` claim of user tokens. `RECOURSE_JWT_AUDIENCE`. @default 'recourse' */
  readonly jwtAudience: string
  /** Required `iss` claim of user tokens, when set (the marketplace's issuer URL). `RECOURSE_JWT_ISSUER`. @default unset: any issuer */
  readonly jwtIssuer: string | undefined
  /** Longest lifetime a user token may have (`exp` − `iat`, or `exp` − now without `iat`), in seconds. `RECOURSE_JWT_MAX_LIFETIME_SECONDS`. @default 86400 (24 h) */
  readonly jwtMaxLifetimeSeconds: number
  /** A browser session ends after this many minutes without a request. `RECOURSE_SESSION_IDLE_MINUTES`. @default 120 */
  readonly sessionIdleMinutes: number
  /** A browser session ends this many hours after sign-in, however busy. `RECOURSE_SESSION_MAX_HOURS`. @default 12 */
  readonly sessionMaxHours: number
  /** How long a hand-off link stays valid, in seconds. `RECOURSE_HANDOFF_SECONDS`. @default 120 */
  readonly handoffSeconds: number
  /**
   * Trust `X-Forwarded-Proto`/`-Host`/`-For` from a reverse proxy (Fastify's `trustProxy`): the
   * proxy's addresses or CIDRs separated by commas (`127.0.0.1,10.0.0.0/8`, `loopback`), or `true`
   * for any peer. Decides `Secure` cookies, the origin CSRF checks compare with, and the client
   * address in the audit trail. `RECOURSE_TRUST_PROXY`. @default unset: no proxy trusted
   */
  readonly trustProxy: true | string | undefined
  /** Where people reach Recourse (`https://help.example.com`): links in emails and hand-offs, and an origin trusted for cookie requests. `RECOURSE_PUBLIC_URL`. @default unset (links use http://localhost:3000; hand-off links the request's own origin) */
  readonly publicUrl: string | undefined
  /** How often the scheduler looks for due deadlines, in ms. `RECOURSE_SWEEP_MS`. @default 1000 */
  readonly sweepIntervalMs: number
  /** Which parts run in this process. `--no-scheduler`, `--scheduler-only`. */
  readonly http: boolean
  readonly scheduler: boolean
  /** Connections to PostgreSQL per process. `RECOURSE_DB_POOL`. @default 10 */
  readonly dbPoolSize: number
  /** Log level (pino). `LOG_LEVEL`. @default 'info' */
  readonly logLevel: string
  /**
   * Where the server's own requests (webhooks, JWKS, translation) may go
   * (`src/integrations/outbound.ts`): plain http allowed
   * (`RECOURSE_OUTBOUND_ALLOW_HTTP=1`, default https only), and addresses or
   * CIDR ranges allowed although not public (`RECOURSE_OUTBOUND_ALLOW`,
   * comma-separated, default none: for development only).
   */
  readonly outbound: OutboundPolicy
}

type Flags = Readonly<Record<string, string | boolean | undefined>>

const flag = (flags: Flags, name: string): string | undefined => {
  const v = flags[name]
  return typeof v === 'string' ? v : undefined
}
const truthy = (v: string | undefined): boolean => v === '1' || v === 'true' || v === 'yes'

const trustProxy = (v: string | undefined): true | string | undefined => {
  if (!v || v === 'false' || v === 'no' || v === '0') return undefined
  return v === 'true' || v === 'yes' || v === '1' ? true : v
}

export const loadConfig = (env: NodeJS.ProcessEnv = process.env, flags: Flags = {}): Config => {
  const demo = flags.demo === true || truthy(env.RECOURSE_DEMO)
  const schedulerOnly = flags['scheduler-only'] === true
  return {
    port: Number(flag(flags, 'port') ?? env.PORT ?? 3000),
    host: flag(flags, 'host') ?? (env.HOST || (demo ? '127.0.0.1' : '0.0.0.0')),
    dataDir: flag(flags, 'data-dir') ?? env.RECOURSE_DATA_DIR ?? './data',
    databaseUrl: flag(flags, 'database-url') ?? (env.DATABASE_URL || undefined),
    sandbox: flags.sandbox === true || truthy(env.RECOURSE_SANDBOX) || demo,
    demo,
    jwtSecret: env.RECOURSE_JWT_SECRET || undefined,
    jwksUrl: env.RECOURSE_JWKS_URL || undefined,
    jwtAudience: env.RECOURSE_JWT_AUDIENCE ?? 'recourse',
    jwtIssuer: env.RECOURSE_JWT_ISSUER || undefined,
    jwtMaxLifetimeSeconds: Number(env.RECOURSE_JWT_MAX_LIFETIME_SECONDS || 86_400),
    sessionIdleMinutes: Number(env.RECOURSE_SESSION_IDLE_MINUTES || 120),
    sessionMaxHours: Number(env.RECOURSE_SESSION_MAX_HOURS || 12),
    handoffSeconds: Number(env.RECOURSE_HANDOFF_SECONDS || 120),
    trustProxy: trustProxy(env.RECOURSE_TRUST_PROXY),
    publicUrl: env.RECOURSE_PUBLIC_URL || undefined,
    sweepIntervalMs: Number(env.RECOURSE_SWEEP_MS ?? 1000),
    http: !schedulerOnly,
    scheduler: flags.scheduler !== false && flags['no-scheduler'] !== true,
    dbPoolSize: Number(env.RECOURSE_DB_POOL ?? 10),
    logLevel: env.LOG_LEVEL ?? 'info',
    outbound: outboundPolicyFromEnv(env),
  }
}
