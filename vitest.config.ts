import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{shared,node-kit,appliance,desktop}/test/unit/**/*.test.ts', 'desktop/test/host/*.test.ts', 'bench/test/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['{appliance,desktop}/test/integration/**/*.test.ts', 'desktop/test/host/integration/**/*.test.ts'],
          environment: 'node',
          // Each file starts real processes (appliance, redis, Ceph RGW); two cores, so one file
          // at a time keeps timings honest and avoids port and CPU contention.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          globalSetup: ['appliance/test/integration/global-setup.ts'],
        },
      },
      {
        test: {
          // npm run test:hardening: security and fault injection against real components. Its
          // global setup prints the summary lines (inputs, authz, local, faults, load) at the end.
          name: 'hardening',
          include: ['appliance/test/hardening/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 300_000,
          globalSetup: ['appliance/test/hardening/global-setup.ts'],
        },
      },
    ],
  },
});
