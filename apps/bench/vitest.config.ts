import { defineConfig } from "vitest/config";

// Unit tier: fast, no network beyond what a test opens itself.
export default defineConfig({
  test: { include: ["src/**/*.test.ts", "test/**/*.test.ts"], testTimeout: 20_000 }, // CI shares 2 cores with other tasks
});
