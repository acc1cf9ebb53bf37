import { expect, test, type Page } from "@playwright/test";
import { makeSampleBgcode, PrusaLinkSimulator } from "@printernizer/printer-sim";
import { loginAs } from "./support/auth";
import { addPrusaPrinter, removePrinter, withE2eDatabase } from "./support/database";
import { addLibraryFile } from "./support/library";

// The farm queue through the real product: a library file added to the queue with 2 copies while
// the queue is paused ("Queue paused by E2E operator at …"), a second entry moved by keyboard
// (Up/Down buttons) and by drag and drop, then the queue resumed: the dispatcher in the worker
// starts both copies on the two simulated MK4s and the page shows why it chose each printer and
// that the next entry's file is pre-staged; a viewer sees it all without controls.
// Simulators listen on 127.0.5.60 and 127.0.5.61.

const fileA = "e2e_queue_bracket_0.4n_PLA_MK4.bgcode";
const fileB = "e2e_queue_cone_0.4n_PLA_MK4.bgcode";

/** "Add to queue…" on the file's page. */
async function addToQueue(page: Page, fileId: string, copies: number, target: "any" | "models") {
  await page.goto(`/library/${fileId}`);
  await page.getByRole("button", { name: "Add to queue…" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Add to queue" });
  await dialog.getByLabel("Copies").fill(String(copies));
  if (target === "models") {
    await dialog.getByLabel("Any printer of these models").check();
    await expect(dialog.getByRole("checkbox", { name: "MK4" })).toBeChecked();
  }
  await dialog.getByRole("button", { name: "Add to queue" }).click();
  await expect(dialog.getByTestId("queue-added")).toContainText("Added to the queue");
  await dialog.getByRole("button", { name: "Close" }).click();
}

const waitingNames = (page: Page) => page.getByTestId("queue-waiting").getByTestId("queue-entry-file");

test("queue: add 2 copies, reorder by keyboard and by drag, pause/resume, dispatched with a reason", async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  const sims = await Promise.all(
    ["127.0.5.60", "127.0.5.61"].map((host, n) =>
      new PrusaLinkSimulator({
        host,
        port: 0,
        name: `E2E Queue MK4 ${n + 1}`,
        password: "e2e-queue-pass",
        timeScale: 20,
        seedFiles: false,
      }).start(),
    ),
  );
  const printerIds = sims.map((_, n) => `e2e-queue-mk4-${n + 1}-${Date.now()}`);
  const fileIds: string[] = [];
  try {
    fileIds.push(await addLibraryFile(fileA, makeSampleBgcode("bracket", 1_800, 61).bytes));
    fileIds.push(await addLibraryFile(fileB, makeSampleBgcode("cone", 1_800, 62).bytes));
    for (const [n, sim] of sims.entries())
      await addPrusaPrinter({
        id: printerIds[n]!,
        name: `E2E Queue MK4 ${n + 1}`,
        host: sim.host,
        port: sim.port,
        password: "e2e-queue-pass",
      });
    await loginAs(page, "operator");

    // paused first, so both entries wait while they are reordered
    await page.goto("/queue");
    const state = page.getByTestId("queue-state");
    if ((await state.getAttribute("data-paused")) !== "true")
      await page.getByRole("button", { name: "Pause queue" }).click();
    await expect(state).toContainText(/Queue paused by E2E operator at \d{1,2}:\d{2}/);

    await addToQueue(page, fileIds[0]!, 2, "any");
    await addToQueue(page, fileIds[1]!, 1, "models");

    await page.goto("/queue");
    await expect(waitingNames(page)).toHaveText([fileA, fileB]);
    const entryA = page.getByTestId("queue-entry").filter({ hasText: fileA });
    await expect(entryA.getByTestId("queue-entry-copies")).toHaveText("0 done · 0 started · 2 copies");
    await expect(entryA).toContainText("On any compatible printer");
    await expect(page.getByTestId("queue-entry").filter({ hasText: fileB })).toContainText("On any MK4");

    // keyboard: focus "Move … up" on the second entry and press Enter
    await page.getByRole("button", { name: `Move ${fileB} up` }).focus();
    await page.keyboard.press("Enter");
    await expect(waitingNames(page)).toHaveText([fileB, fileA]);
    await page.reload();
    await expect(waitingNames(page)).toHaveText([fileB, fileA]);

    // drag and drop: the bracket onto the upper half of the cone
    const entryB = page.getByTestId("queue-entry").filter({ hasText: fileB });
    await entryA.dragTo(entryB, { targetPosition: { x: 40, y: 8 } });
    await expect(waitingNames(page)).toHaveText([fileA, fileB]);
    await page.reload();
    await expect(waitingNames(page)).toHaveText([fileA, fileB]);

    // resume: the first entry's two copies go to the two idle MK4s, each start with its reason
    await page.getByRole("button", { name: "Resume queue" }).click();
    await expect(state).toHaveAttribute("data-paused", "false");
    await expect(state).toContainText("Queue running");
    const starts = entryA.getByTestId("queue-start");
    await expect(starts).toHaveCount(2, { timeout: 60_000 });
    await expect(entryA.getByTestId("queue-start-reason").first()).toContainText(
      /^Chosen because E2E Queue MK4 [12] is idle with the plate cleared, sliced for MK4/,
    );
    await expect(entryA.getByTestId("queue-entry-copies")).toHaveText("0 done · 2 started · 2 copies", {
      timeout: 60_000,
    });
    await expect(entryA).toHaveAttribute("data-state", "printing", { timeout: 60_000 });
    await expect(starts.filter({ hasText: "E2E Queue MK4 1" })).toHaveCount(1);
    await expect(starts.filter({ hasText: "E2E Queue MK4 2" })).toHaveCount(1);
    // the second entry waits: both printers are busy, and its file goes to one of them in advance
    await expect(entryB).toHaveAttribute("data-state", "waiting");
    await expect(entryB.getByTestId("queue-staged").first()).toHaveText(
      /^File on E2E Queue MK4 [12] in advance: ready$/,
      { timeout: 30_000 },
    );

    const screenshot = testInfo.outputPath("queue.png");
    await page.screenshot({ path: screenshot, fullPage: true });
    await testInfo.attach("queue.png", { path: screenshot, contentType: "image/png" });

    // a viewer sees the same queue and reasons, with no controls
    await loginAs(page, "viewer");
    await page.goto("/queue");
    await expect(waitingNames(page)).toHaveText([fileA, fileB]);
    await expect(entryA.getByTestId("queue-start-reason")).toHaveCount(2);
    await expect(page.getByTestId("queue-settings")).toContainText(
      /printers? heats? up at once; pre-staging is (on|off)/,
    );
    for (const name of ["Pause queue", `Move ${fileB} up`, "Edit", "Cancel"])
      await expect(page.getByRole("button", { name })).toHaveCount(0);
  } finally {
    // nothing of this test may be dispatched to a later test's printers
    await withE2eDatabase(async (db) => {
      await db.query(`UPDATE "QueueEntry" SET status = 'cancelled' WHERE "libraryFileId" = ANY($1)`, [
        fileIds,
      ]);
      await db.query(
        `UPDATE "Setting" SET value = jsonb_set(value, '{paused}', 'false') WHERE key = 'queue'`,
      );
    });
    for (const id of printerIds) await removePrinter(id);
    await Promise.all(sims.map((sim) => sim.stop()));
  }
});
