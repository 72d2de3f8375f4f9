import { defineConfig } from 'vitest/config'

// Browser journeys: the real server in-process and Debian's Chromium driven by
// playwright-core. One worker: a single Chromium and a single PGlite at a time
// keep a 2-core machine responsive. Screenshots go to artifacts/screenshots.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['test/support/global-setup.ts'],
  },
})
