import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The host and packaging tests on their own (`vitest run -c desktop/test/host/vitest.config.ts`),
 * without the repository-wide integration setup (Postgres, Ceph). The root vitest.config.ts runs
 * the same files in its unit and integration projects.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../../..', import.meta.url)),
  test: {
    include: ['desktop/test/host/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
