// The events page a person reads: a pause by a named operator on a simulated MK4 appears as
// "… paused by E2E operator" on the page already open (no reload), repeats are one group with
// a count, raw JSON is behind a keyboard-usable Details toggle; axe in light and dark.
import { expect, test, type Page } from "@playwright/test";
import { PrusaLinkSimulator } from "@printernizer/printer-sim";
import { loginAs } from "./support/auth";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { addPrusaPrinter, withE2eDatabase } from "./support/database";

const stamp = Date.now();
const printer = { id: `e2e-readable-${stamp}`, name: "E2E Readable MK4" };
const flapping = { id: `e2e-flapping-${stamp}`, name: "E2E Flapping MK4" };

/** Page errors and hydration complaints (React #418) of a page, collected while it runs. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && /418|hydrat/i.test(message.text())) errors.push(message.text());
  });
  return errors;
}

test("events page: a named operator's pause arrives live as a sentence, repeats grouped, details behind a toggle", async ({
  page,
  context,
}, testInfo) => {
  test.setTimeout(90_000);
  const sim = await new PrusaLinkSimulator({
    host: "127.76.0.1",
    port: 0,
    name: printer.name,
    password: "e2e-readable-pass",
  }).start();
  try {
    await addPrusaPrinter({ ...printer, host: sim.host, port: sim.port, password: "e2e-readable-pass" });
    await withE2eDatabase(async (db) => {
      await db.query(
        `INSERT INTO "Printer" (id, kind, name, host, credentials, enabled, "updatedAt") VALUES ($1, 'prusalink', $2, '192.0.2.11', 'unused', false, now())`,
        [flapping.id, flapping.name],
      );
      // went offline and came back three times in ten minutes
      await db.query(
        `INSERT INTO "PrinterEvent" ("printerId", type, payload, "createdAt")
         SELECT $1, CASE WHEN n % 2 = 0 THEN 'printer_offline' ELSE 'printer_online' END,
                CASE WHEN n % 2 = 0 THEN '{"message":"The printer does not answer."}'::jsonb ELSE '{"offlineSeconds":100}'::jsonb END,
                now() - interval '1 hour' + n * interval '2 minutes'
         FROM generate_series(0, 5) AS n`,
        [flapping.id],
      );
    });
    await loginAs(page, "operator");
    const errors = collectErrors(page);

    // The flapping printer: six events, one row saying so, expandable.
    await page.goto(`/events?printer=${flapping.id}`);
    const list = page.getByTestId("event-list");
    const rows = list.locator("tbody tr[data-event-type]");
    const group = list.getByTestId("event-group-toggle");
    await expect(group).toHaveText("×6 in 10 min");
    await expect(rows).toHaveCount(1);
    await expect(list.getByTestId("event-sentence").first()).toHaveText(
      `${flapping.name} came back online / went offline`,
    );
    await expect(group).toHaveAttribute("aria-expanded", "false");
    await group.press("Enter");
    await expect(group).toHaveAttribute("aria-expanded", "true");
    await expect(rows).toHaveCount(6);
    await expect(rows.nth(1)).toContainText(`${flapping.name} went offline: the printer does not answer`);
    await expect(rows.nth(0)).toContainText(`${flapping.name} is back online after 100 s`);

    // Details: the raw payload, from the keyboard.
    const details = rows.nth(1).getByRole("button", { name: "Details" });
    await details.focus();
    await page.keyboard.press("Enter");
    await expect(details).toHaveAttribute("aria-expanded", "true");
    await expect(rows.nth(1).getByTestId("event-details")).toContainText('"type": "printer_offline"');
    await expect(rows.nth(1).getByTestId("event-details")).toContainText("The printer does not answer.");
    await expectNoSeriousA11yViolations(page, "events page, group and details open (light)");

    // The MK4's log open and live; a print runs on it.
    await page.goto(`/events?printer=${printer.id}`);
    await expect(page.getByTestId("event-stream")).toHaveAttribute("data-live", "live", { timeout: 15_000 });
    await page.evaluate(() => ((window as unknown as { stillOpen: boolean }).stillOpen = true));
    expect(sim.startPrint("/usb/painting_cone_0.4n_0.2mm_PETG_MK4_31m.bgcode")).toBe(true);
    await expect(list.getByTestId("event-sentence").first()).toContainText(
      `${printer.name} started painting_cone`,
      {
        timeout: 20_000,
      },
    );

    // The operator pauses it from the printer page in another tab.
    const controls = await context.newPage();
    await controls.goto(`/printers/${printer.id}`);
    await expect(controls.getByTestId("printer-page")).toHaveAttribute("data-state", "printing", {
      timeout: 15_000,
    });
    await controls.getByRole("button", { name: "Pause" }).click();
    await controls.getByRole("dialog").getByRole("button", { name: "Pause" }).click();
    await expect(controls.getByTestId("command-progress")).toHaveText(/^Pause: Done/, { timeout: 20_000 });
    await controls.close();

    // The open events page says who did it, without a reload.
    const paused = list.locator('tbody tr[data-event-type="job_paused"]');
    await expect(paused.getByTestId("event-sentence")).toHaveText(
      new RegExp(`^${printer.name} paused by E2E operator \\(painting_cone.*\\)$`),
      { timeout: 20_000 },
    );
    expect(await page.evaluate(() => (window as unknown as { stillOpen?: boolean }).stillOpen)).toBe(true);

    // The same page in the dark: no serious accessibility violation either.
    await page.emulateMedia({ colorScheme: "dark" });
    await expect(paused).toBeVisible();
    await expectNoSeriousA11yViolations(page, "events page (dark)");
    const shot = testInfo.outputPath("events-readable.png");
    await page.screenshot({ path: shot, fullPage: true });
    await testInfo.attach("events page, live", { path: shot, contentType: "image/png" });
    expect(errors).toEqual([]);
  } finally {
    await withE2eDatabase(async (db) => {
      await db.query(`DELETE FROM "PrinterEvent" WHERE "printerId" = ANY($1)`, [[printer.id, flapping.id]]);
      await db.query(`DELETE FROM "Printer" WHERE id = ANY($1)`, [[printer.id, flapping.id]]);
    });
    await sim.stop();
  }
});
