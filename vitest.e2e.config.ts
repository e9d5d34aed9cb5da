import {defineConfig} from 'vitest/config'

// End-to-end suites: real clusters, real podman, the real kubectl. Run in CI after the main suite.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
  },
})
