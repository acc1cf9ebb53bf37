import { expect, test } from "@playwright/test";
import { withE2eDatabase } from "./support/database";

const status = (progress: number) =>
  JSON.stringify({ state: "printing", job: { id: "1", name: "e2e-benchy.gcode", state: "PRINTING", progress, layer: 3, totalLayers: 50 }, temperatures: { nozzle: { current: 219, target: 220 }, bed: { current: 60, target: 60 } }, filament: [], errors: [] });

test("a status the worker writes reaches the open dashboard without a reload", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-live", "live");
  const id = `e2e-live-${Date.now()}`;
  await withE2eDatabase(async (db) => {
    await db.query(`INSERT INTO "Printer" (id, kind, name, host, credentials, "updatedAt") VALUES ($1, 'prusalink', 'E2E Live MK4', '127.0.0.1', 'x', now())`, [id]);
    await db.query(
      `INSERT INTO "LiveStatus" ("printerId", state, connected, "jobName", progress, "remainingSeconds", status, "stateChangedAt", "updatedAt") VALUES ($1, 'printing', true, 'e2e-benchy.gcode', 42, 600, $2, now(), now())`,
      [id, status(42)],
    );
    await db.query(`SELECT pg_notify('printernizer_updates', $1)`, [JSON.stringify({ p: id, c: ["status"] })]);
  });
  const card = page.locator(`[data-printer-id="${id}"]`);
  await expect(card).toBeVisible();
  await expect(card).toHaveAttribute("data-state", "printing");
  await expect(card.getByTestId("printer-progress")).toHaveText("42%");
  await expect(card).toContainText("Nozzle 219° / 220°");

  await withE2eDatabase(async (db) => {
    await db.query(`UPDATE "LiveStatus" SET progress = 57, status = $2, "updatedAt" = now() WHERE "printerId" = $1`, [id, status(57)]);
    await db.query(`SELECT pg_notify('printernizer_updates', $1)`, [JSON.stringify({ p: id, c: ["status"] })]);
  });
  await expect(card.getByTestId("printer-progress")).toHaveText("57%");
  await expect(page.getByTestId("counter-printing")).toContainText("1");
});
