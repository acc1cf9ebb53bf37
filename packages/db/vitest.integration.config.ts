import { defineConfig } from "vitest/config";

// Integration tier: a real PostgreSQL (embedded unless DATABASE_URL is set).
export default defineConfig({
  test: {
    include: ["src/**/*.integration-test.ts"],
    globalSetup: ["./src/testing/vitest-global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
