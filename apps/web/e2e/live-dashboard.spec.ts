import { expect, test } from "@playwright/test";
import { loginAs } from "./support/auth";
import { PrusaLinkSimulator } from "@printernizer/printer-sim";
import { addPrusaPrinter, withE2eDatabase } from "./support/database";

test("a simulated print advances on the open dashboard without a reload", async ({ page }) => {
  await loginAs(page, "viewer");
  const sim = await new PrusaLinkSimulator({
    host: "127.0.1.230",
    port: 0,
    name: "E2E Live MK4",
    password: "e2e-live-pass",
    timeScale: 30,
  }).start();
  const id = `e2e-live-${Date.now()}`;
  try {
    await page.goto("/");
    await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-live", "live");
    await addPrusaPrinter({
      id,
      name: "E2E Live MK4",
      host: sim.host,
      port: sim.port,
      password: "e2e-live-pass",
    });
    const card = page.locator(`[data-printer-id="${id}"]`);
    await expect(card).toHaveAttribute("data-state", "idle", { timeout: 20_000 });

    expect(sim.startPrint("/usb/painting_cone_0.4n_0.2mm_PETG_MK4_31m.bgcode")).toBe(true);
    await expect(card).toHaveAttribute("data-state", "printing", { timeout: 15_000 });
    await expect(card).toContainText("painting_cone");
    const progress = card.getByTestId("printer-progress");
    const first = Number((await progress.innerText()).replace("%", ""));
    await expect
      .poll(async () => Number((await progress.innerText()).replace("%", "")), { timeout: 20_000 })
      .toBeGreaterThan(first);
    await expect(page.getByTestId("counter-printing")).toContainText("1");
    await expect(card).toContainText("Nozzle");
  } finally {
    await withE2eDatabase((db) => db.query(`DELETE FROM "Printer" WHERE id = $1`, [id]));
    await sim.stop();
  }
});
