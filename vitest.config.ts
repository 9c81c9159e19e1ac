import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Two cores: one file per core. The end-to-end files are the long pole and run beside the rest.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 600_000,
    // Generated-project output is long; show it only when a test fails.
    silent: 'passed-only',
  },
});
