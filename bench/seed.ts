/**
 * Times the generated marketplace on a fresh database:
 *   node --import tsx bench/seed.ts [orders=2000] [seed=recourse]
 * PGlite in a temp folder, or PostgreSQL in a throwaway schema when DATABASE_URL is set.
 */
import { sql } from 'drizzle-orm'
import { seedMarketplace } from '../src/demo/seed.ts'
import { queryRows } from '../src/store/database.ts'
import { openBenchRecourse } from './engine.ts'

const orders = Number(process.argv[2] ?? 2000)
const seed = process.argv[3] ?? 'recourse'
const env = await openBenchRecourse(process.env.DATABASE_URL ? 'postgres' : 'pglite')
try {
  const started = performance.now()
  const result = await seedMarketplace(env.recourse, {
    orders,
    seed,
    progress: process.stdout.isTTY === true,
  })
  const seconds = (performance.now() - started) / 1000
  console.log(
    `seed ${env.engine}: ${result.orders} orders, ${result.commands} commands (${result.deadlinesFired} deadlines fired, ${result.refused} refused) in ${seconds.toFixed(1)} s = ${(result.commands / seconds).toFixed(0)} commands/s`,
  )
  const counts = await queryRows<{ type: string; status: string; n: number }>(
    env.recourse.database.db,
    sql`select type, status, count(*)::int as n from aggregates group by 1, 2 order by 1, 2`,
  )
  console.log(counts.map((r) => `  ${r.type}/${r.status}: ${r.n}`).join('\n'))
} finally {
  await env.close()
}
