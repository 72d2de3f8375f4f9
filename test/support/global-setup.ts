import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { migrateDatabase, migrationsFolder, openDatabase } from '../../src/store/database.ts'
import { templateDir } from './paths.ts'

/**
 * PGlite runs initdb on every fresh database (~1.5 s, ~700 MB). We migrate one
 * template data folder per migration set, and each test file copies it (0.2 s).
 */
export default async function setup(project: TestProject): Promise<void> {
  if (process.env.DATABASE_URL) return
  const hash = createHash('sha256')
  for (const f of readdirSync(migrationsFolder)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    hash.update(f).update(readFileSync(join(migrationsFolder, f)))
  }
  const dir = templateDir(hash.digest('hex').slice(0, 12))
  project.provide('pgliteTemplate', dir)
  if (existsSync(join(dir, 'pgdata', 'PG_VERSION'))) return
  const building = `${dir}.building-${process.pid}`
  rmSync(building, { recursive: true, force: true })
  const database = await openDatabase({ dataDir: building })
  await migrateDatabase(database)
  await database.close()
  rmSync(dir, { recursive: true, force: true })
  renameSync(building, dir)
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string
  }
}
