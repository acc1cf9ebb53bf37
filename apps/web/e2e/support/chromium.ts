// Debian's chromium, headless (never `npx playwright install`): the e2e tier and the bench's
// dashboard measurement (apps/bench/playwright.config.ts) launch it alike.
export const chromiumLaunchOptions = {
  executablePath: "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
  ],
};
