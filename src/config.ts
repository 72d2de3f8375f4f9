import { outboundPolicyFromEnv, type OutboundPolicy } from './integrations/outbound.ts'

/**
 * Configuration from the environment, overridable by CLI flags
 * (`--port 3001` beats `PORT=3000`). README's table lists every variable.
 */
export interface Config {
  /** HTTP port. `PORT`, `--port`. @default 3000 */
  readonly port: number
  /** Interface to listen on. `HOST`, `--host`. @default '0.0.0.0' */
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

export const loadConfig = (env: NodeJS.ProcessEnv = process.env, flags: Flags = {}): Config => {
  const demo = flags.demo === true || truthy(env.RECOURSE_DEMO)
  const schedulerOnly = flags['scheduler-only'] === true
  return {
    port: Number(flag(flags, 'port') ?? env.PORT ?? 3000),
    host: flag(flags, 'host') ?? env.HOST ?? '0.0.0.0',
    dataDir: flag(flags, 'data-dir') ?? env.RECOURSE_DATA_DIR ?? './data',
    databaseUrl: flag(flags, 'database-url') ?? (env.DATABASE_URL || undefined),
    sandbox: flags.sandbox === true || truthy(env.RECOURSE_SANDBOX) || demo,
    demo,
    jwtSecret: env.RECOURSE_JWT_SECRET || undefined,
    jwksUrl: env.RECOURSE_JWKS_URL || undefined,
    jwtAudience: env.RECOURSE_JWT_AUDIENCE ?? 'recourse',
    jwtIssuer: env.RECOURSE_JWT_ISSUER || undefined,
    sweepIntervalMs: Number(env.RECOURSE_SWEEP_MS ?? 1000),
    http: !schedulerOnly,
    scheduler: flags.scheduler !== false && flags['no-scheduler'] !== true,
    dbPoolSize: Number(env.RECOURSE_DB_POOL ?? 10),
    logLevel: env.LOG_LEVEL ?? 'info',
    outbound: outboundPolicyFromEnv(env),
  }
}
