/**
 * The suite's vitest configuration (`npm test` runs `vitest run --config test/vitest.config.ts`).
 * Files run in forked processes (the tests start servers, SQLite and child peers), two at a time
 * on the 2-core CI machine. The timeouts are hang guards only: no test depends on how fast the
 * machine is, so they are generous enough for a loaded machine.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    exclude: ['test/tmp/**', '**/node_modules/**'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 600_000,
    hookTimeout: 600_000,
    teardownTimeout: 60_000,
  },
});
