import { defineConfig } from "vitest/config";

// Unit tier: fast, no network beyond what a test opens itself.
export default defineConfig({
  test: { include: ["src/**/*.test.ts", "test/**/*.test.ts"] },
});
