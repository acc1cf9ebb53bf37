import { copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { PrusaLinkSimulator } from "@printernizer/printer-sim";
import { loginAs } from "./support/auth";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { addPrusaPrinter, removePrinter, withE2eDatabase } from "./support/database";

// Four PrusaLink simulators (127.72.0.x): three printing, one idle. Rack A holds P1, P2 and the
// idle P4; P3 stands in Room 2. The operator groups the dashboard by location, selects all of
// Rack A and pauses it: the confirmation lists each printer (P4 skipped: idle), the results come
// per printer, and the simulators really pause.
const password = "groups-bulk-pass";
const sampleFile = "/usb/painting_cone_0.4n_0.2mm_PETG_MK4_31m.bgcode";
const names = ["E2E Bulk P1", "E2E Bulk P2", "E2E Bulk P3", "E2E Bulk P4"] as const;
const rackA = "E2E Room 1 / Rack A";
const room2 = "E2E Room 2";
const locations = [rackA, rackA, room2, rackA];

async function screenshot(page: Page, testInfo: TestInfo, name: string) {
  const file = testInfo.outputPath(name);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
  const docs = path.join(import.meta.dirname, "..", "..", "..", "docs", "screenshots");
  mkdirSync(docs, { recursive: true });
  copyFileSync(file, path.join(docs, name));
}

test("groups by location, selects a whole group and pauses it with one confirmation and per-printer results", async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  const ids = names.map((_, i) => `e2e-bulk-${i}-${stamp}`);
  const sims = await Promise.all(
    names.map((name, i) =>
      new PrusaLinkSimulator({ host: `127.72.0.${i + 1}`, port: 0, name, password, timeScale: 1 }).start(),
    ),
  );
  try {
    for (const i of [0, 1, 2]) expect(sims[i]!.startPrint(sampleFile)).toBe(true);
    for (const [i, sim] of sims.entries()) {
      await addPrusaPrinter({ id: ids[i]!, name: names[i]!, host: sim.host, port: sim.port, password });
      await withE2eDatabase((db) =>
        db.query(`UPDATE "Printer" SET location = $2, tags = $3, "updatedAt" = now() WHERE id = $1`, [
          ids[i],
          locations[i],
          i === 2 ? ["PETG"] : ["PLA"],
        ]),
      );
    }

    // viewers see the groups but nothing to select
    await loginAs(page, "viewer");
    await page.goto("/?group=location&q=E2E+Bulk");
    await expect(page.locator(`[data-testid="farm-group"][data-group="${rackA}"]`)).toBeVisible();
    await expect(page.getByTestId("select-printer")).toHaveCount(0);
    await expect(page.getByTestId("select-group")).toHaveCount(0);

    await loginAs(page, "operator");
    await page.goto("/?group=location&q=E2E+Bulk");
    const card = (i: number) => page.locator(`[data-testid="printer-card"][data-printer-id="${ids[i]}"]`);
    for (const i of [0, 1, 2])
      await expect(card(i)).toHaveAttribute("data-state", "printing", { timeout: 40_000 });
    await expect(card(3)).toHaveAttribute("data-state", "idle", { timeout: 40_000 });
    const groups = page.getByTestId("farm-group");
    // groups in location order, each with its count; the tag filter narrows them (in the URL)
    await expect(groups).toHaveCount(2);
    await expect(groups.nth(0)).toHaveAttribute("data-group", rackA);
    await expect(groups.nth(0).getByTestId("group-count")).toHaveText("3 printers");
    await expect(groups.nth(1)).toHaveAttribute("data-group", room2);
    await page.getByTestId("farm-tag").selectOption("PETG");
    await expect(page).toHaveURL(/tag=PETG/);
    await expect(groups).toHaveCount(1);
    await page.getByTestId("farm-tag").selectOption("");
    await expect(groups).toHaveCount(2);
    await screenshot(page, testInfo, "grouped-dashboard.png");
    await expectNoSeriousA11yViolations(page, "grouped dashboard (light)");

    await groups
      .nth(0)
      .getByRole("button", { name: `Select all in ${rackA}` })
      .click();
    await expect(page.getByTestId("bulk-count")).toHaveText("3 printers selected");
    await page.getByTestId("bulk-pause").click();
    const dialog = page.getByRole("dialog", { name: "Pause printers" });
    const plan = dialog.getByTestId("bulk-plan");
    await expect(plan.locator(`[data-printer-id="${ids[0]}"]`)).toHaveText("E2E Bulk P1 — pause");
    await expect(plan.locator(`[data-printer-id="${ids[1]}"]`)).toHaveText("E2E Bulk P2 — pause");
    await expect(plan.locator(`[data-printer-id="${ids[3]}"]`)).toHaveText(
      "E2E Bulk P4 — skipped: Only a running print can be paused; the printer is idle.",
    );
    await expect(plan.locator(`[data-printer-id="${ids[2]}"]`)).toHaveCount(0);
    await page.emulateMedia({ colorScheme: "dark" });
    await expectNoSeriousA11yViolations(page, "bulk confirmation (dark)");
    await page.emulateMedia({ colorScheme: "light" });
    await dialog.getByRole("button", { name: "Pause 2 printers" }).click();

    const results = dialog.getByTestId("bulk-results");
    for (const i of [0, 1])
      await expect(results.locator(`[data-printer-id="${ids[i]}"]`)).toHaveAttribute("data-outcome", "done", {
        timeout: 30_000,
      });
    await expect(results.locator(`[data-printer-id="${ids[3]}"]`)).toHaveAttribute("data-outcome", "skipped");
    await dialog.getByRole("button", { name: "Close" }).click();

    // the simulators paused; the dashboard shows it; Room 2 prints on
    await expect(card(0)).toHaveAttribute("data-state", "paused", { timeout: 20_000 });
    await expect(card(1)).toHaveAttribute("data-state", "paused", { timeout: 20_000 });
    await expect(card(2)).toHaveAttribute("data-state", "printing");
    expect(sims.map((s) => s.engine.printerState)).toEqual(["PAUSED", "PAUSED", "PRINTING", "IDLE"]);

    // the table view groups too, and its checkboxes select a range with shift-click
    await page.goto("/?view=table&group=location&q=E2E+Bulk&sort=name");
    const table = page.getByTestId("farm-table");
    await expect(table.locator(`[data-testid="farm-group"][data-group="${room2}"]`)).toBeVisible();
    await table.getByLabel("Select E2E Bulk P1").click();
    await table.getByLabel("Select E2E Bulk P4").click({ modifiers: ["Shift"] });
    await expect(page.getByTestId("bulk-count")).toHaveText("3 printers selected");
    await page.emulateMedia({ colorScheme: "dark" });
    await expectNoSeriousA11yViolations(page, "grouped table with a selection (dark)");
  } finally {
    for (const id of ids) await removePrinter(id);
    await Promise.allSettled(sims.map((s) => s.stop()));
  }
});
