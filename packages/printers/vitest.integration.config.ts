import { defineConfig } from "vitest/config";

// Integration tier: real sockets on loopback (simulators), real Postgres where needed.
export default defineConfig({
  test: {
    include: ["src/**/*.integration-test.ts", "test/**/*.integration-test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
