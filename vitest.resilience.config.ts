import { defineConfig } from 'vitest/config'

// `npm run test:resilience` (issue #8, docs/reliability.md): tests that take
// minutes, kill processes or load the machine. Two projects: PostgreSQL
// (DATABASE_URL, default the local server) runs every test; PGlite runs the
// ones that apply to an embedded database (those needing several sessions or
// real `recourse` processes are skipped there with `describe.runIf(onPostgres)`).
// Files run one at a time: several of them start processes or saturate both cores.
const postgres = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test'

export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 900_000,
    hookTimeout: 300_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['test/resilience/**/*.test.ts'],
          env: { DATABASE_URL: postgres },
        },
      },
      {
        extends: true,
        test: {
          name: 'pglite',
          include: ['test/resilience/**/*.test.ts'],
          // No database or PostgreSQL only (real processes): run once, above.
          exclude: [
            'test/resilience/r04-*',
            'test/resilience/r06-*',
            'test/resilience/r07-*',
            'test/resilience/r11-*',
            'test/resilience/load.test.ts',
          ],
          env: { DATABASE_URL: '' },
          globalSetup: ['test/resilience/support/pglite-setup.ts'],
        },
      },
    ],
  },
})
