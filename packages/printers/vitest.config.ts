import { defineConfig } from "vitest/config";

// Unit tier: fast, no network beyond what a test opens itself.
export default defineConfig({
  // Generous timeout: CI shares 2 cores with other tasks (the packet-guard property test takes 2 s quiet, 12 s loaded).
  test: { include: ["src/**/*.test.ts", "test/**/*.test.ts"], testTimeout: 20_000 },
});
