import { defineConfig } from "vitest/config";

// Integration tier: the benchmark's smoke mode, end to end (embedded Postgres, simulators,
// the real worker and the built web app as child processes).
export default defineConfig({
  test: {
    include: ["src/**/*.integration-test.ts"],
    testTimeout: 300_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
