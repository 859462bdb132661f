import { defineConfig } from 'vitest/config';

// Two projects: `unit` (fast, library-level, also run on Node 24 in CI) and `e2e` (real kubectl,
// the AWS SDK against embedded services, notebooks through the real kernel, Chromium).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.e2e.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/**/*.e2e.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
