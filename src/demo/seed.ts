import cliProgress from 'cli-progress'
import { eq } from 'drizzle-orm'
import type { Recourse } from '../app/recourse.ts'
import type { Instant } from '../policy/time.ts'
import { addHours } from '../policy/time.ts'
import { aggregates, settings, users } from '../store/schema.ts'
import type { SeedCasesResult } from './seed-cases.ts'
import { CLAIM_SHARE, seedCases } from './seed-cases.ts'
import type { Cast } from '../simulation/people.ts'
import { generateCast } from '../simulation/people.ts'
import type { OrderPlan } from './seed-plan.ts'
import { generatePlans, HISTORY_DAYS } from './seed-plan.ts'
import type { SeedRunResult } from './seed-run.ts'
import { runPlans } from './seed-run.ts'
import { seedStoryConversation } from './seed-conversation.ts'
import { seedSwappedOrders } from './seed-swaps.ts'
import { seedAbuseAppeal } from './seed-appeals.ts'
import { demoSellers, storyPlans } from './seed-story.ts'

/** Orders in the demo marketplace: enough for the analytics to say something, few enough for a fast first start on PGlite. */
export const DEMO_ORDERS = 1500
export const DEMO_SEED = 'demo'

export interface SeedOptions {
  readonly orders: number
  readonly seed: string
  readonly progress: boolean
}

/**
 * Mirrors the generated people into `users` (names, languages, time zones
 * for the UI and translation). Only generated ids: the demo's named users
 * belong to whoever manages demo accounts.
 */
const mirrorUsers = async (
  recourse: Recourse,
  cast: Cast,
  now: Instant,
  skip: ReadonlySet<string>,
): Promise<void> => {
  const createdAt = addHours(now, -24 * (HISTORY_DAYS + 30))
  const rows = [
    ...cast.sellers.map((s) => ({
      id: s.id,
      role: 'seller',
      name: s.name,
      locale: s.locale,
      timeZone: s.timeZone,
    })),
    ...cast.buyers.map((b) => ({
      id: b.id,
      role: 'buyer',
      name: b.name,
      locale: b.locale,
      timeZone: b.timeZone,
    })),
  ]
    .filter((r) => !skip.has(r.id))
    .map((r) => ({ ...r, email: `${r.id}@example.com`, createdAt }))
  for (let i = 0; i < rows.length; i += 200) {
    await recourse.database.db
      .insert(users)
      .values(rows.slice(i, i + 200))
      .onConflictDoNothing()
  }
}

const run = async (
  recourse: Recourse,
  plans: readonly OrderPlan[],
  now: Instant,
  progress: boolean,
): Promise<SeedRunResult> => {
  const bar = progress
    ? new cliProgress.SingleBar(
        {
          format: 'Seeding {bar} {percentage}% | {value}/{total} steps | {duration_formatted}',
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : null
  bar?.start(
    plans.reduce((s, p) => s + p.steps.length, 0),
    0,
  )
  try {
    // PGlite is one session: commands queue on its lock, so running several at once buys nothing.
    const concurrency = recourse.database.engine === 'postgres' ? 8 : 1
    const result = await runPlans(recourse, plans, now, {
      concurrency,
      ...(bar ? { onProgress: (done: number) => bar.update(done) } : {}),
    })
    if (result.refused > 0) {
      console.warn(
        `Seeding: ${result.refused} commands were refused (a bug in the seed plan):`,
        result.refusals,
      )
    }
    return result
  } finally {
    bar?.stop()
  }
}

/**
 * A generated marketplace, the same for the same seed: ~40 sellers, ~400
 * buyers, listings in several categories and `orders` orders over the last
 * 90 days in every state, plus 8 % more orders whose buyers claim (see
 * seed-cases.ts). Every fact goes through the real command path on
 * a virtual clock (see seed-run.ts), so events carry realistic timestamps.
 * History ends at the app's clock.
 */
export const seedMarketplace = async (
  recourse: Recourse,
  options: SeedOptions,
): Promise<SeedRunResult & { readonly cases: SeedCasesResult }> => {
  const now = await recourse.clock.now()
  const { policy } = await recourse.policies.current(recourse.database.db)
  const cast = generateCast(options.seed)
  await mirrorUsers(recourse, cast, now, new Set())
  const result = await run(
    recourse,
    generatePlans(options.seed, options.orders, now, policy, cast),
    now,
    options.progress,
  )
  const cases = await seedCases(recourse, {
    seed: options.seed,
    count: claimCount(options.orders),
    cast,
    end: now,
  })
  return { ...result, cases }
}

/** How many of a seeded marketplace's orders end in a claim. */
const claimCount = (orders: number): number => Math.max(4, Math.round(orders * CLAIM_SHARE))

const DEMO_CLAIM = 'demo_seeding'

/**
 * On first start of the demo (no orders yet): the generated marketplace plus
 * the walkthrough's orders for Ana and Ben, and one open abuse appeal.
 * Several processes may start on one PostgreSQL together; the one that
 * inserts the claim row seeds, the others go on without waiting.
 */
export const ensureDemoMarketplace = async (
  recourse: Recourse,
  options: { progress: boolean; /** @default DEMO_ORDERS */ orders?: number },
): Promise<void> => {
  const orders = options.orders ?? DEMO_ORDERS
  const { db } = recourse.database
  const existing = await db
    .select({ id: aggregates.id })
    .from(aggregates)
    .where(eq(aggregates.type, 'order'))
    .limit(1)
  if (existing.length > 0) return
  const claimed = await db
    .insert(settings)
    .values({ key: DEMO_CLAIM, value: { pid: process.pid } })
    .onConflictDoNothing()
    .returning({ key: settings.key })
  if (claimed.length === 0) {
    console.log('Another process is seeding the demo marketplace.')
    return
  }
  try {
    const started = Date.now()
    console.log(`Seeding the demo marketplace (${orders} orders, seed '${DEMO_SEED}')…`)
    const now = await recourse.clock.now()
    const { policy } = await recourse.policies.current(db)
    const cast = generateCast(DEMO_SEED, { named: demoSellers })
    await mirrorUsers(recourse, cast, now, new Set(demoSellers.map((s) => s.id)))
    const plans = [...generatePlans(DEMO_SEED, orders, now, policy, cast), ...storyPlans(now)]
    const result = await run(recourse, plans, now, options.progress)
    await seedStoryConversation(recourse, now)
    await seedSwappedOrders(recourse, now)
    const cases = await seedCases(recourse, {
      seed: DEMO_SEED,
      count: claimCount(orders),
      cast,
      end: now,
    })
    await seedAbuseAppeal(recourse)
    console.log(
      `Demo marketplace ready: ${result.orders + cases.orders} orders, ${cases.cases} cases, ${result.commands + cases.steps} commands in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    )
  } finally {
    await db.delete(settings).where(eq(settings.key, DEMO_CLAIM))
  }
}
