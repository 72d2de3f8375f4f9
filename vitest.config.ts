import { defineConfig } from 'vitest/config'

// Integration tests share one migrated database template per worker (see
// test/support/db.ts), so two workers keep memory and start-up cost low on a
// 2-core machine.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'test/resilience/**', 'node_modules/**'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ['test/support/global-setup.ts'],
  },
})
