import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Several processes and a 3-node cluster: `npm run test:cluster` (vitest.cluster.config.ts).
    exclude: ['test/cluster/**', 'node_modules/**'],
    // One real Elasticsearch for the whole run (started unless ELASTICSEARCH_URL is set);
    // each test file works under its own index prefix, so files run in parallel safely.
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup.ts'],
    // Generous: CLI tests start real rykte processes, and CI shares 2 cores with Elasticsearch.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
