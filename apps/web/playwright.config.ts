import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "./e2e/support/chromium";

// End-to-end tests run the real product: the launcher starts embedded Postgres, the
// worker and the built web app, on ports of their own and a fresh data directory.
export const e2eDataDir = path.join(os.tmpdir(), "printernizer-e2e");
const port = 3100;
export const e2ePgPort = 54391;
export const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "./e2e",
  // First-run setup needs an empty database, so it runs before everything else.
  projects: [
    { name: "first-run", testMatch: /first-run\.spec\.ts/ },
    { name: "app", testIgnore: /first-run\.spec\.ts/, dependencies: ["first-run"] },
  ],
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  // The e2e tier runs the whole product (launcher, PostgreSQL, worker, web, simulators) on 2 cores:
  // a state change that takes a poll interval plus a busy moment must not fail a check after 5 s.
  expect: { timeout: 10_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: chromiumLaunchOptions,
  },
  webServer: {
    command: `rm -rf ${e2eDataDir} && cd ../launcher && exec node --import tsx src/main.ts`,
    url: `${baseURL}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    env: {
      PRINTERNIZER_DATA_DIR: e2eDataDir,
      PORT: String(port),
      PRINTERNIZER_HOST: "127.0.0.1",
      PRINTERNIZER_PG_PORT: String(e2ePgPort),
      PRINTERNIZER_WORKER_PORT: "4191",
      NEXT_TELEMETRY_DISABLED: "1",
      PRINTERNIZER_DEMO: "off",
      // webhooks.spec.ts posts to a receiver on 127.0.0.1
      PRINTERNIZER_WEBHOOK_ALLOW_LOOPBACK: "1",
      // offline-printer.spec.ts waits for the banner: a 5 s grace instead of a minute
      PRINTERNIZER_OFFLINE_GRACE_SECONDS: "5",
      DATABASE_URL: "",
      PRINTERNIZER_SECRET: "",
    },
  },
});
