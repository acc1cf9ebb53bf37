// Jobs and events pages against the real product: job and event rows arranged in the e2e
// database (as the worker writes them), a simulated printer that refuses the worker's login
// for the health view and the banner, filters in the URL, and the CSV export.
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { PrusaLinkSimulator } from "@printernizer/printer-sim";
import { loginAs } from "./support/auth";
import { addPrusaPrinter, withE2eDatabase } from "./support/database";

const stamp = Date.now();
const alpha = { id: `e2e-jobs-alpha-${stamp}`, name: "E2E Jobs Alpha" };
const bravo = { id: `e2e-jobs-bravo-${stamp}`, name: "E2E Jobs Bravo" };
const quotedFile = 'bravo, "quoted".bgcode';

/** A printer row the worker leaves alone (disabled), for history that is already there. */
async function addDisabledPrinter(printer: { id: string; name: string }): Promise<void> {
  await withE2eDatabase((db) =>
    db.query(
      `INSERT INTO "Printer" (id, kind, name, host, credentials, enabled, "updatedAt") VALUES ($1, 'prusalink', $2, '192.0.2.10', 'unused', false, now())`,
      [printer.id, printer.name],
    ),
  );
}

async function removePrinters(ids: string[]): Promise<void> {
  await withE2eDatabase(async (db) => {
    await db.query(`DELETE FROM "PrinterEvent" WHERE "printerId" = ANY($1)`, [ids]);
    await db.query(`DELETE FROM "Printer" WHERE id = ANY($1)`, [ids]);
  });
}

test("jobs: success rate per printer, filters in the URL, and a CSV export of exactly the filtered rows", async ({
  page,
}, testInfo) => {
  await addDisabledPrinter(alpha);
  await addDisabledPrinter(bravo);
  try {
    await withE2eDatabase((db) =>
      db.query(
        `INSERT INTO "Job" (id, "printerId", "fileName", state, outcome, "startedAt", "endedAt", "durationSeconds", "updatedAt") VALUES
          ($1, $5, 'alpha-benchy.bgcode', 'COMPLETED', 'completed', '2026-11-20T10:00:00Z', '2026-11-20T11:00:00Z', 3600, now()),
          ($2, $5, 'alpha-fail.bgcode', 'FAILED', 'failed', '2026-11-21T10:00:00Z', '2026-11-21T10:30:00Z', 1800, now()),
          ($3, $6, 'bravo-vase.bgcode', 'COMPLETED', 'completed', '2026-11-22T10:00:00Z', '2026-11-22T12:00:00Z', 7200, now()),
          ($4, $6, $7, 'CANCELLED', 'cancelled', '2026-11-23T10:00:00Z', '2026-11-23T10:01:00Z', 60, now())`,
        [`${alpha.id}-1`, `${alpha.id}-2`, `${bravo.id}-1`, `${bravo.id}-2`, alpha.id, bravo.id, quotedFile],
      ),
    );
    await loginAs(page, "viewer");
    await page.goto("/jobs");
    const stats = page.getByTestId("job-stats");
    await expect(stats.locator(`tr[data-printer="${alpha.name}"]`)).toContainText("50 %");
    await expect(stats.locator(`tr[data-printer="${alpha.name}"]`)).toContainText("1 h 30 min");
    await expect(stats.locator(`tr[data-printer="${bravo.name}"]`)).toContainText("50 %");

    const rows = page.getByTestId("job-list").locator("tbody tr[data-job-id]");
    const filters = page.getByRole("search", { name: "Filter jobs" });
    await filters.getByLabel("Printer").selectOption({ label: alpha.name });
    await expect(rows).toHaveCount(2);
    await expect(page).toHaveURL(new RegExp(`printer=${alpha.id}`));
    await filters.getByLabel("Outcome").selectOption("completed");
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText("alpha-benchy.bgcode");
    await expect(page).toHaveURL(/outcome=completed/);

    const csvOf = async () => {
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("link", { name: "Export CSV" }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^printernizer-jobs-\d{4}-\d{2}-\d{2}\.csv$/);
      return (await readFile(await download.path(), "utf8")).trimEnd().split("\n");
    };
    expect(await csvOf()).toEqual([
      "printer,file,name,outcome,state,started,ended,duration_seconds,progress,layer,total_layers",
      "E2E Jobs Alpha,alpha-benchy.bgcode,alpha-benchy.bgcode,completed,COMPLETED,2026-11-20T10:00:00.000Z,2026-11-20T11:00:00.000Z,3600,,,",
    ]);

    // A reload keeps the filters (they live in the URL).
    await page.reload();
    await expect(rows).toHaveCount(1);
    await expect(filters.getByLabel("Outcome")).toHaveValue("completed");

    await page.getByRole("button", { name: "Clear filters" }).click();
    await filters.getByLabel("Printer").selectOption({ label: bravo.name });
    await filters.getByLabel("Started from").fill("2026-11-23");
    await filters.getByLabel("Started until").fill("2026-11-23");
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(quotedFile);
    await expect(page).toHaveURL(new RegExp(`\\?printer=${bravo.id}&from=2026-11-23&to=2026-11-23$`));
    const csv = await csvOf();
    expect(csv).toHaveLength(2);
    expect(csv[1]).toMatch(
      /^E2E Jobs Bravo,"bravo, ""quoted"".bgcode","bravo, ""quoted"".bgcode",cancelled,CANCELLED,2026-11-23T10:00:00.000Z,/,
    );

    // Sortable headers work from the keyboard and say their order.
    await filters.getByLabel("Started from").fill("");
    await filters.getByLabel("Started until").fill("");
    await expect(rows).toHaveCount(2);
    const durationHeader = page.getByTestId("job-list").getByRole("columnheader", { name: /Duration/ });
    await durationHeader.getByRole("button").press("Enter");
    await expect(durationHeader).toHaveAttribute("aria-sort", "ascending");
    await expect(rows.first()).toContainText(quotedFile);
    await durationHeader.getByRole("button").press("Enter");
    await expect(durationHeader).toHaveAttribute("aria-sort", "descending");
    await expect(rows.first()).toContainText("bravo-vase.bgcode");

    await page.getByRole("button", { name: "Clear filters" }).click();
    await expect(stats.locator(`tr[data-printer="${alpha.name}"]`)).toBeVisible();
    await testInfo.attach("jobs page", {
      body: await page.screenshot({ fullPage: true }),
      contentType: "image/png",
    });
  } finally {
    await removePrinters([alpha.id, bravo.id]);
  }
});

test("the CSV export needs a signed-in user", async ({ request }) => {
  const response = await request.get("/api/jobs/export", { headers: { cookie: "" } });
  expect(response.status()).toBe(401);
});

test("events: Load more brings the next page, saying so while it loads", async ({ page }) => {
  const busy = { id: `e2e-paged-${stamp}`, name: "E2E Paged Printer" };
  await addDisabledPrinter(busy);
  try {
    await withE2eDatabase((db) =>
      db.query(
        `INSERT INTO "PrinterEvent" ("printerId", type, payload, "createdAt")
         SELECT $1, 'printer_connected', '{}', timestamptz '2026-11-20T09:00:00Z' + n * interval '1 minute' FROM generate_series(1, 55) AS n`,
        [busy.id],
      ),
    );
    await loginAs(page, "viewer");
    await page.goto(`/events?printer=${busy.id}`);
    const rows = page.getByTestId("event-list").locator("tbody tr[data-event-type]");
    // 55 repeats of one event are one group; opened, it lists every event loaded so far.
    const group = page.getByTestId("event-group-toggle");
    await expect(group).toHaveAttribute("data-count", "50");
    await expect(page.getByTestId("event-stream")).toHaveAttribute("data-live", "live");
    await expect(rows).toHaveCount(1);
    await group.click();
    await expect(rows).toHaveCount(50);

    // Hold the next page's request to see the pending state.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(
      (url) => url.pathname.includes("events.list"),
      async (route) => {
        await held;
        await route.continue();
      },
    );
    await page.getByRole("button", { name: "Load more" }).click();
    await expect(page.getByRole("button", { name: "Loading…" })).toBeDisabled();
    release();
    await expect(rows).toHaveCount(55);
    await expect(group).toHaveAttribute("data-count", "55");
    await expect(page.getByRole("button", { name: "Load more" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Loading…" })).toHaveCount(0);
  } finally {
    await removePrinters([busy.id]);
  }
});

test("events: the log with filters, connection health, and a banner for a printer refusing the login", async ({
  page,
}, testInfo) => {
  const logged = { id: `e2e-events-${stamp}`, name: "E2E Events Printer" };
  const locked = { id: `e2e-locked-${stamp}`, name: "E2E Locked MK4" };
  const sim = await new PrusaLinkSimulator({
    host: "127.0.1.231",
    port: 0,
    name: locked.name,
    password: "the-right-password",
  }).start();
  await addDisabledPrinter(logged);
  try {
    await withE2eDatabase((db) =>
      db.query(
        `INSERT INTO "PrinterEvent" ("printerId", type, payload, "createdAt") VALUES
          ($1, 'job_completed', '{"job":{"name":"event-cube.bgcode"}}', '2026-11-20T09:00:00Z'),
          ($1, 'printer_error', '{"errors":[{"code":"HOTEND_FAN","message":"Hotend fan not spinning"}]}', '2026-11-21T09:00:00Z'),
          ($1, 'printer_connected', '{"identity":{"model":"MK4"}}', '2026-11-22T09:00:00Z')`,
        [logged.id],
      ),
    );
    // Registered with the wrong password: the worker's login is refused.
    await addPrusaPrinter({
      id: locked.id,
      name: locked.name,
      host: sim.host,
      port: sim.port,
      password: "a-wrong-password",
    });

    await loginAs(page, "viewer");
    await page.goto("/events");
    const health = page.getByTestId("connection-health");
    const lockedRow = health.locator(`tr[data-printer="${locked.name}"]`);
    await expect(lockedRow).toHaveAttribute("data-circuit", "open", { timeout: 30_000 });
    await expect(lockedRow).toContainText("authentication");
    await expect(lockedRow).toContainText("not connected");
    await expect(health.locator(`tr[data-printer="${logged.name}"]`)).toContainText("Disabled");

    const rows = page.getByTestId("event-list").locator("tbody tr[data-event-type]");
    const filters = page.getByRole("search", { name: "Filter events" });
    await filters.getByLabel("Printer").selectOption({ label: logged.name });
    await expect(rows).toHaveCount(3);
    await expect(rows.first()).toHaveAttribute("data-event-type", "printer_connected");
    await filters.getByLabel("Type").selectOption("printer_error");
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText("Hotend fan not spinning (HOTEND_FAN)");
    await filters.getByLabel("Type").selectOption("");
    await filters.getByLabel("From").fill("2026-11-21");
    await filters.getByLabel("Until").fill("2026-11-21");
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAttribute("data-event-type", "printer_error");
    await expect(page).toHaveURL(/from=2026-11-21&to=2026-11-21$/);
    await expect(page).not.toHaveURL(/type=/);

    // The worker logged the refused login for the other printer.
    await page.getByRole("button", { name: "Clear filters" }).click();
    await filters.getByLabel("Printer").selectOption({ label: locked.name });
    await expect(
      page.getByTestId("event-list").locator('tbody tr[data-event-type="printer_auth_error"]'),
    ).toHaveCount(1);

    // The banner is on every page and leads to the health view.
    await page.goto("/jobs");
    const banner = page.getByTestId("farm-alert-banner");
    await expect(banner).toContainText(`${locked.name} needs new credentials`);
    await banner.getByRole("link", { name: "See connection health" }).click();
    await expect(page).toHaveURL(/\/events#health$/);
    await expect(page.getByRole("heading", { name: "Connection health" })).toBeVisible();
    await testInfo.attach("events page", {
      body: await page.screenshot({ fullPage: true }),
      contentType: "image/png",
    });
  } finally {
    await removePrinters([logged.id, locked.id]);
    await sim.stop();
  }
  // With the printer gone, the banner goes too.
  await page.goto("/jobs");
  await expect(page.getByRole("heading", { name: "Jobs" })).toBeVisible();
  await expect(page.getByTestId("farm-alert-banner")).toHaveCount(0);
});
