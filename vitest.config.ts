import {defineConfig} from 'vitest/config'

// Unit tests (next to the code) and integration suites (test/integration). Slow end-to-end suites
// live in test/e2e and run with vitest.e2e.config.ts.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/integration/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
