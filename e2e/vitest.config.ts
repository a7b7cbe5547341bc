import { defineConfig } from 'vitest/config';

// Browser tests: each file starts the built server and drives Debian's Chromium. One file at a
// time: two cores do not run two servers and two browsers well.
export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    poolOptions: { forks: { singleFork: true } },
    fileParallelism: false,
    // The browser and server share two cores: give polled assertions time to settle.
    expect: { poll: { timeout: 10_000, interval: 100 } },
    reporters: process.env.CI ? ['default', 'junit'] : ['default'],
    outputFile: { junit: process.env.VITEST_JUNIT ?? 'test-results/e2e.xml' },
  },
});
