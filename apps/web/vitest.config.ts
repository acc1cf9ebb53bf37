import { defineConfig } from "vitest/config";

// Unit tier only; e2e/ belongs to Playwright.
export default defineConfig({
  test: { include: ["src/**/*.test.ts", "src/**/*.test.tsx"], testTimeout: 20_000 }, // CI shares 2 cores with other tasks
});
