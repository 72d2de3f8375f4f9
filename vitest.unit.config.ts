import { defineConfig } from 'vitest/config'

// `npm run test:unit`: the pure specs, in seconds, with no database and no
// global setup: decider specs and properties (src/domain), policy arithmetic
// (src/policy), and the insights read models and scorecard played through the
// simulation's in-memory engine (src/insights). The simulation's own test
// replays whole marketplaces (half a minute), so it runs with `npm test` only.
export default defineConfig({
  test: {
    include: ['src/domain/**/*.test.ts', 'src/policy/**/*.test.ts', 'src/insights/**/*.test.ts'],
    pool: 'threads',
    maxWorkers: 2,
    // Pure specs share no mutable module state, so each worker keeps one
    // module cache: this halves the time spent importing.
    isolate: false,
  },
})
