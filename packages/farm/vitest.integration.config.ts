import { defineConfig } from "vitest/config";

// Integration tier: a real migrated PostgreSQL and, where needed, the printer simulators.
export default defineConfig({
  test: {
    include: ["src/**/*.integration-test.ts"],
    globalSetup: ["../../packages/db/src/testing/vitest-global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
