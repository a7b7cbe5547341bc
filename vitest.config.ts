import { defineConfig } from 'vitest/config';

// Unit and module tests of every workspace. `npm test` runs them on PGlite; with DATABASE_URL
// set (`npm run test:pg`) the same files run against PostgreSQL, one fresh database per file.
export default defineConfig({
  test: {
    include: ['apps/*/src/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    reporters: process.env.CI ? ['default', 'junit'] : ['default'],
    outputFile: { junit: process.env.VITEST_JUNIT ?? 'test-results/unit.xml' },
  },
});
