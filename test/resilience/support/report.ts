import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const dir = fileURLToPath(new URL('../../../artifacts/resilience/', import.meta.url))

/**
 * Prints a criterion's measured figures and keeps them in
 * `artifacts/resilience/<id>.<engine>.json`, where docs/reliability.md's figures come from.
 */
export const report = (id: string, figures: Record<string, unknown>): void => {
  const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite'
  const entry = { id, engine, at: new Date().toISOString(), ...figures }
  console.log(`[${id}] ${JSON.stringify(entry)}`)
  mkdirSync(dir, { recursive: true })
  writeFileSync(`${dir}${id}.${engine}.json`, `${JSON.stringify(entry, null, 2)}\n`)
}
