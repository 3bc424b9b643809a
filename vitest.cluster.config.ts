import { defineConfig } from 'vitest/config';

/**
 * `npm run test:cluster`: tests with several real `rykte run` processes and a 3-node
 * Elasticsearch cluster. Too heavy for `npm test`'s budget on two cores, so apart; the files
 * run one after another (each starts processes or JVMs of its own).
 */
export default defineConfig({
  test: {
    include: ['test/cluster/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
