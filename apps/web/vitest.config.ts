import { defineConfig } from "vitest/config";

// Unit tier only; e2e/ belongs to Playwright.
export default defineConfig({
  test: { include: ["src/**/*.test.ts", "src/**/*.test.tsx"] },
});
