// The bench's dashboard measurement (`npm run bench -- --dashboard`, e2e/dashboard-scale.spec.ts):
// run by the bench against the web app it started, never by CI. Debian's chromium with the e2e
// tier's flags.
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "../web/e2e/support/chromium";

export default defineConfig({
  testDir: "./e2e",
  outputDir: path.join(os.tmpdir(), "printernizer-bench-dashboard-results"),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 15 * 60_000,
  reporter: [["list"]],
  use: {
    ...(process.env.BENCH_DASHBOARD_ORIGIN ? { baseURL: process.env.BENCH_DASHBOARD_ORIGIN } : {}),
    viewport: { width: 1600, height: 1000 },
    launchOptions: chromiumLaunchOptions,
  },
});
