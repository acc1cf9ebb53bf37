import { defineConfig } from "vitest/config";

// Runs the real launcher (embedded Postgres, worker, built web app) as a child process.
export default defineConfig({
  test: {
    include: ["src/**/*.integration-test.ts"],
    testTimeout: 180_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
