import path from "node:path";
import { expect, test } from "@playwright/test";
import { makeSampleBgcode, PrusaLinkSimulator } from "@printernizer/printer-sim";
import { loginAs } from "./support/auth";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { addPrusaPrinter, removePrinter, withE2eDatabase } from "./support/database";
import { addLibraryFile } from "./support/library";

// "Send a queued job" from the dashboard's bulk bar: three PrusaLink simulators (127.72.1.x), two
// idle and one printing, and a queue entry of 3 copies waiting in a paused queue (so only the
// operator's choice starts it). The operator selects the three printers, picks the entry in the
// confirmation, which lists each printer's fate (the printing one skipped with its reason),
// confirms: both idle printers report "done", both simulators really print the entry's file, and
// the queue page counts 2 of the 3 copies started, one start per printer.
const password = "bulk-send-pass";
const fileName = "e2e_bulk_send_bracket_0.4n_PLA_MK4.bgcode";
const busyFile = "/usb/painting_cone_0.4n_0.2mm_PETG_MK4_31m.bgcode";
const names = ["E2E Send P1", "E2E Send P2", "E2E Send P3"] as const;

test("sends one copy of a queued job to each selected idle printer, with one confirmation and per-printer results", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const stamp = Date.now();
  const ids = names.map((_, i) => `e2e-bulk-send-${i}-${stamp}`);
  const entryId = `e2e-bulk-send-entry-${stamp}`;
  const sims = await Promise.all(
    names.map((name, i) =>
      new PrusaLinkSimulator({ host: `127.72.1.${i + 1}`, port: 0, name, password, timeScale: 1 }).start(),
    ),
  );
  let fileId: string | undefined;
  // the queue's settings as they were, restored afterwards (null: no row yet)
  let queueSetting: unknown = undefined;
  try {
    expect(sims[2]!.startPrint(busyFile)).toBe(true);
    // paused: the dispatcher must not start the entry on its own, before or after the bulk send
    queueSetting = await withE2eDatabase(async (db) => {
      const { rows } = await db.query<{ value: unknown }>(`SELECT value FROM "Setting" WHERE key = 'queue'`);
      await db.query(
        `INSERT INTO "Setting" (key, value, "updatedAt") VALUES ('queue', '{"paused": true}'::jsonb, now())
         ON CONFLICT (key) DO UPDATE SET value = "Setting".value || '{"paused": true}'::jsonb, "updatedAt" = now()`,
      );
      return rows[0]?.value ?? null;
    });
    fileId = await addLibraryFile(fileName, makeSampleBgcode("bracket", 1_800, 71).bytes);
    await withE2eDatabase((db) =>
      db.query(
        `INSERT INTO "QueueEntry" (id, "libraryFileId", copies, "targetModels", position, "updatedAt")
         VALUES ($1, $2, 3, '{}', (SELECT coalesce(max(position), 0) + 1 FROM "QueueEntry"), now())`,
        [entryId, fileId],
      ),
    );
    for (const [i, sim] of sims.entries())
      await addPrusaPrinter({ id: ids[i]!, name: names[i]!, host: sim.host, port: sim.port, password });

    await loginAs(page, "operator");
    await page.goto("/?q=E2E+Send");
    const card = (i: number) => page.locator(`[data-testid="printer-card"][data-printer-id="${ids[i]}"]`);
    for (const i of [0, 1]) await expect(card(i)).toHaveAttribute("data-state", "idle", { timeout: 40_000 });
    await expect(card(2)).toHaveAttribute("data-state", "printing", { timeout: 40_000 });

    for (const name of names) await page.getByLabel(`Select ${name}`).check();
    await expect(page.getByTestId("bulk-count")).toHaveText("3 printers selected");
    await page.getByTestId("bulk-send").click();
    const dialog = page.getByRole("dialog", { name: "Send a queued job" });
    const entrySelect = dialog.getByLabel("Queue entry");
    await entrySelect.selectOption({ label: `${fileName} — 3 of 3 left` });
    const plan = dialog.getByTestId("bulk-plan");
    await expect(plan.locator(`[data-printer-id="${ids[0]}"]`)).toHaveText(`E2E Send P1 — start ${fileName}`);
    await expect(plan.locator(`[data-printer-id="${ids[1]}"]`)).toHaveText(`E2E Send P2 — start ${fileName}`);
    await expect(plan.locator(`[data-printer-id="${ids[2]}"]`)).toHaveText(
      "E2E Send P3 — skipped: printing, not ready for a new print",
    );
    await expect(plan.locator(`[data-printer-id="${ids[2]}"]`)).toHaveAttribute("data-apply", "false");
    await expectNoSeriousA11yViolations(page, "send a queued job confirmation");
    await dialog.getByRole("button", { name: "Start on 2 printers" }).click();

    const results = dialog.getByTestId("bulk-results");
    for (const i of [0, 1])
      await expect(results.locator(`[data-printer-id="${ids[i]}"]`)).toHaveAttribute("data-outcome", "done", {
        timeout: 60_000,
      });
    await expect(results.locator(`[data-printer-id="${ids[2]}"]`)).toHaveAttribute("data-outcome", "skipped");
    await expect(results.locator(`[data-printer-id="${ids[2]}"]`)).toContainText(
      "skipped: printing, not ready for a new print",
    );
    await dialog.getByRole("button", { name: "Close" }).click();

    // sent again right away, the confirmation counts the copies left, and every printer is now busy
    await expect(page.getByTestId("bulk-count")).toHaveText("3 printers selected");
    await page.getByTestId("bulk-send").click();
    await expect(entrySelect.locator("option", { hasText: fileName })).toHaveText(
      `${fileName} — 1 of 3 left`,
    );
    for (const i of [0, 1, 2])
      await expect(plan.locator(`[data-printer-id="${ids[i]}"]`)).toHaveAttribute("data-apply", "false", {
        timeout: 20_000,
      });
    await expect(dialog.getByRole("button", { name: "Start on 0 printers" })).toBeDisabled();
    await dialog.getByRole("button", { name: "Go back" }).click();
    await expect(dialog).toHaveCount(0);

    // the two idle simulators print the entry's file; the busy one still prints its own
    for (const i of [0, 1]) {
      await expect.poll(() => sims[i]!.engine.printerState, { timeout: 30_000 }).toBe("PRINTING");
      expect(sims[i]!.engine.currentJob?.file.lfn).toBe(fileName);
    }
    expect(sims[2]!.engine.currentJob?.file.lfn).toBe(path.basename(busyFile));
    for (const i of [0, 1, 2])
      await expect(card(i)).toHaveAttribute("data-state", "printing", { timeout: 30_000 });

    // the queue: 2 of the 3 copies started, one start on each printer, the third copy still waits
    await page.goto("/queue");
    const entry = page.locator(`[data-testid="queue-entry"][data-entry-id="${entryId}"]`);
    await expect(entry.getByTestId("queue-entry-copies")).toHaveText("0 done · 2 started · 3 copies");
    await expect(entry).toHaveAttribute("data-state", "printing", { timeout: 30_000 });
    const starts = entry.getByTestId("queue-start");
    await expect(starts).toHaveCount(2);
    for (const name of ["E2E Send P1", "E2E Send P2"])
      await expect(starts.filter({ hasText: name })).toHaveAttribute("data-status", "started");
    await expect(starts.filter({ hasText: "E2E Send P3" })).toHaveCount(0);
    await expect(entry.getByTestId("queue-start-reason").first()).toContainText(
      "Sent to the selected printers by E2E operator.",
    );
  } finally {
    await withE2eDatabase(async (db) => {
      await db.query(`DELETE FROM "QueueEntry" WHERE id = $1`, [entryId]);
      if (queueSetting === null) await db.query(`DELETE FROM "Setting" WHERE key = 'queue'`);
      else if (queueSetting !== undefined)
        await db.query(`UPDATE "Setting" SET value = $1::jsonb, "updatedAt" = now() WHERE key = 'queue'`, [
          JSON.stringify(queueSetting),
        ]);
    });
    for (const id of ids) await removePrinter(id);
    await Promise.allSettled(sims.map((s) => s.stop()));
  }
});
