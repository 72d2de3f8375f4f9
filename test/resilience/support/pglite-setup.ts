import type { TestProject } from 'vitest/node'
import setup from '../../support/global-setup.ts'

/** The PGlite project builds the migrated template even when the shell sets DATABASE_URL. */
export default async function pgliteSetup(project: TestProject): Promise<void> {
  const url = process.env.DATABASE_URL
  delete process.env.DATABASE_URL
  try {
    await setup(project)
  } finally {
    if (url !== undefined) process.env.DATABASE_URL = url
  }
}
