import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { PrusaLinkSimulator } from "@printernizer/printer-sim";
import { e2eDataDir } from "../playwright.config";
import { e2eDatabaseUrl, loginAs } from "./support/auth";
import { addPrusaPrinter, withE2eDatabase } from "./support/database";

const sampleFile = "/usb/painting_cone_0.4n_0.2mm_PETG_MK4_31m.bgcode";

async function setTheme(page: Page, theme: "light" | "dark") {
  // on a phone the theme toggle sits in the header's Menu
  const menu = page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Menu" });
  if ((await menu.isVisible()) && (await menu.getAttribute("aria-expanded")) !== "true") await menu.click();
  const toggle = page.getByTestId("theme-toggle");
  for (let i = 0; i < 3 && (await toggle.getAttribute("data-theme")) !== theme; i++) await toggle.click();
  await expect(toggle).toHaveAttribute("data-theme", theme);
}

test("the dashboard in light and dark, on a desktop and a phone; the theme is remembered", async ({
  page,
}, testInfo) => {
  await loginAs(page, "viewer");
  const sims = await Promise.all(
    ["Shelf A MK4", "Shelf B MK4", "Shelf C MINI"].map((name, i) =>
      new PrusaLinkSimulator({
        host: `127.0.1.${240 + i}`,
        port: 0,
        name,
        password: "theme-pass-1",
        timeScale: 20,
      }).start(),
    ),
  );
  const ids = sims.map((_, i) => `e2e-theme-${i}-${Date.now()}`);
  try {
    for (const [i, sim] of sims.entries())
      await addPrusaPrinter({
        id: ids[i]!,
        name: sim.options.name,
        host: sim.host,
        port: sim.port,
        password: "theme-pass-1",
      });
    sims[0]!.startPrint(sampleFile);
    await page.goto("/");
    for (const id of ids)
      await expect(page.locator(`[data-printer-id="${id}"]`)).not.toHaveAttribute("data-state", "unknown", {
        timeout: 40_000,
      });
    await expect(page.locator(`[data-printer-id="${ids[0]}"]`)).toHaveAttribute("data-state", "printing", {
      timeout: 20_000,
    });

    await setTheme(page, "light");
    await expect(page.locator("html")).not.toHaveClass(/dark/);
    await testInfo.attach("dashboard light desktop", {
      body: await page.screenshot({ fullPage: true }),
      contentType: "image/png",
    });
    await setTheme(page, "dark");
    await expect(page.locator("html")).toHaveClass(/dark/);
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe(
      "rgb(248, 250, 252)",
    );
    await testInfo.attach("dashboard dark desktop", {
      body: await page.screenshot({ fullPage: true }),
      contentType: "image/png",
    });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await expect(page.locator("html")).toHaveClass(/dark/);
    // Nothing wider than the phone's screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await testInfo.attach("dashboard dark phone", {
      body: await page.screenshot({ fullPage: true }),
      contentType: "image/png",
    });
    await setTheme(page, "light");
    await testInfo.attach("dashboard light phone", {
      body: await page.screenshot({ fullPage: true }),
      contentType: "image/png",
    });
  } finally {
    await withE2eDatabase((db) => db.query(`DELETE FROM "Printer" WHERE id = ANY($1)`, [ids]));
    await Promise.all(sims.map((sim) => sim.stop()));
  }
});

/** A second web instance of the same install, which this test stops and starts at will. */
function startWeb(port: number): ChildProcess {
  const webDir = path.resolve(import.meta.dirname, "..");
  const nextBin = createRequire(path.join(webDir, "package.json")).resolve("next/dist/bin/next");
  return spawn(process.execPath, [nextBin, "start", "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: webDir,
    stdio: "ignore",
    env: {
      ...process.env,
      DATABASE_URL: e2eDatabaseUrl(),
      PRINTERNIZER_SECRET: readFileSync(path.join(e2eDataDir, "secret.key"), "utf8").trim(),
      PRINTERNIZER_DATA_DIR: e2eDataDir,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
}

async function healthy(url: string) {
  await expect
    .poll(async () => (await fetch(`${url}/api/health`).catch(() => null))?.status ?? 0, { timeout: 60_000 })
    .toBe(200);
}

async function stop(web: ChildProcess) {
  if (web.exitCode !== null) return;
  const exited = new Promise((resolve) => web.once("exit", resolve));
  web.kill("SIGTERM");
  // A graceful stop must not hang on open live streams; if it does, the test says so.
  const stuck = setTimeout(() => web.kill("SIGKILL"), 20_000);
  await exited;
  clearTimeout(stuck);
  expect(web.signalCode, "the web process did not stop on SIGTERM within 20 s").not.toBe("SIGKILL");
}

test("a web restart during a session: the stream reconnects by itself and the dashboard catches up", async ({
  page,
}) => {
  const port = 3107;
  const url = `http://127.0.0.1:${port}`;
  await loginAs(page, "viewer");
  const sim = await new PrusaLinkSimulator({
    host: "127.0.1.245",
    port: 0,
    name: "Restart MK4",
    password: "restart-pass-1",
    timeScale: 20,
  }).start();
  const id = `e2e-restart-${Date.now()}`;
  let web = startWeb(port);
  try {
    await healthy(url);
    await addPrusaPrinter({
      id,
      name: "Restart MK4",
      host: sim.host,
      port: sim.port,
      password: "restart-pass-1",
    });
    await page.goto(`${url}/`);
    const card = page.locator(`[data-printer-id="${id}"]`);
    await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-live", "live");
    await expect(card).toHaveAttribute("data-state", "idle", { timeout: 20_000 });

    await stop(web);
    await expect(page.getByTestId("live-indicator")).not.toHaveAttribute("data-live", "live", {
      timeout: 20_000,
    });
    // While the web is down the worker goes on: the print starts and is written to the database.
    expect(sim.startPrint(sampleFile)).toBe(true);
    await expect
      .poll(
        async () =>
          (
            await withE2eDatabase((db) =>
              db.query<{ state: string }>(`SELECT state FROM "LiveStatus" WHERE "printerId" = $1`, [id]),
            )
          ).rows[0]?.state,
        { timeout: 20_000 },
      )
      .toBe("printing");
    await expect(card).toHaveAttribute("data-state", "idle");

    web = startWeb(port);
    await healthy(url);
    // No reload: the page's stream comes back and resyncs what it missed.
    await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-live", "live", {
      timeout: 30_000,
    });
    await expect(card).toHaveAttribute("data-state", "printing", { timeout: 30_000 });
    await expect(card).toContainText("painting_cone");
  } finally {
    await stop(web);
    await withE2eDatabase((db) => db.query(`DELETE FROM "Printer" WHERE id = $1`, [id]));
    await sim.stop();
  }
});
