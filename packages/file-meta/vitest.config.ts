import { defineConfig } from "vitest/config";

// Unit tier: no network, no database. Generous timeout: CI shares 2 cores with other tasks.
export default defineConfig({
  test: { include: ["src/**/*.test.ts"], testTimeout: 20_000 },
});
