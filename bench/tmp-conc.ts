import { openBenchRecourse } from './engine.ts'
import { generateCast } from '../src/cli/seed-people.ts'
import { generatePlans } from '../src/cli/seed-plan.ts'
import { runPlans } from '../src/cli/seed-run.ts'
const env = await openBenchRecourse((process.env.ENGINE ?? 'pglite') as 'pglite')
const r = env.recourse
const now = await r.clock.now()
const { policy } = await r.policies.current(r.database.db)
const plans = generatePlans('demo', Number(process.argv[2] ?? 1500), now, policy, generateCast('demo'))
const t0 = performance.now()
const res = await runPlans(r, plans, now, { concurrency: Number(process.env.CONC ?? 1) })
console.log(`conc ${process.env.CONC}: ${res.commands} commands in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
await env.close()
