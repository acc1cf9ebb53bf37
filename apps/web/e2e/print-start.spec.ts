import { expect, test, type Page } from "@playwright/test";
import { makeSampleBgcode, PrusaLinkSimulator } from "@printernizer/printer-sim";
import { BambuSimulator, makeMultiPlate3mf } from "@printernizer/printer-sim/bambu";
import { loginAs } from "./support/auth";
import { addBambuPrinter, addPrusaPrinter, removePrinter, withE2eDatabase } from "./support/database";
import { addLibraryFile } from "./support/library";

// Starting prints from the library through the real product: a .bgcode on a simulated Prusa MK4
// and a two-plate .gcode.3mf on a simulated Bambu X1C, each through the start dialog (compatibility,
// AMS mapping), with the upload's progress, then the print running on the dashboard; a start on a
// printing printer refused with the printer's words; "Plate cleared" once a print ended; "Print
// again" from the job history. Simulators listen on 127.0.5.40 and 127.0.5.41.

const prusaFile = "e2e_start_cone_0.4n_PLA_MK4.bgcode";
const bambuFile = "E2E Start Plates.gcode.3mf";

/** "Start a print" on the printer page: choose the library file, then the dialog with this printer. */
async function openStartDialog(page: Page, printerId: string, fileName: string) {
  await page.goto(`/printers/${printerId}`);
  await expect(page.getByTestId("printer-page")).toHaveAttribute("data-state", "idle", { timeout: 30_000 });
  await page.getByTestId("start-a-print").click();
  const chooser = page.getByRole("dialog", { name: "Choose a file from the library" });
  await chooser.getByLabel("Search the library").fill(fileName.slice(0, 12));
  await chooser.getByRole("button", { name: fileName }).click();
  const dialog = page.getByRole("dialog", { name: "Start a print" });
  await expect(dialog.getByTestId("start-file-name")).toHaveText(fileName);
  await expect(dialog.getByTestId("compatibility")).toBeVisible({ timeout: 15_000 });
  return dialog;
}

test("start a .bgcode on a Prusa and a .gcode.3mf on a Bambu, plate cleared, print again", async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  const prusa = await new PrusaLinkSimulator({
    host: "127.0.5.40",
    port: 0,
    name: "E2E Start MK4",
    password: "e2e-start-pass",
    timeScale: 20,
    // 24 MB at 2 MB/s: long enough to watch, more than loopback's socket buffers hold
    uploadBytesPerSecond: 2_000_000,
  }).start();
  const bambu = await new BambuSimulator({
    host: "127.0.5.41",
    mqttPort: 8883,
    ftpPort: 990,
    model: "X1C",
    name: "E2E Start X1C",
    timeScale: 20,
  }).start();
  const prusaId = `e2e-start-mk4-${Date.now()}`;
  const bambuId = `e2e-start-x1c-${Date.now()}`;
  const fileIds: string[] = [];
  try {
    fileIds.push(await addLibraryFile(prusaFile, makeSampleBgcode(prusaFile, 600, 41, 24_000_000).bytes));
    fileIds.push(
      await addLibraryFile(
        bambuFile,
        makeMultiPlate3mf("E2E Start Plates", [
          {
            name: "Bracket",
            minutes: 10,
            layers: 50,
            filaments: [
              { type: "PLA", color: "#000000", grams: 12 },
              { type: "PLA", color: "#AE835B", grams: 4 },
            ],
          },
          { name: "Clip", minutes: 5, layers: 20, filaments: [{ type: "PETG", color: "#D32941", grams: 3 }] },
        ]),
      ),
    );
    await addPrusaPrinter({
      id: prusaId,
      name: "E2E Start MK4",
      host: prusa.host,
      port: prusa.port,
      password: "e2e-start-pass",
    });
    await addBambuPrinter({
      id: bambuId,
      name: "E2E Start X1C",
      host: bambu.host,
      serial: bambu.serial,
      model: "X1C",
      accessCode: bambu.accessCode,
      certificateFingerprint: bambu.certificateFingerprint,
    });
    await loginAs(page, "operator");

    // --- the .bgcode on the Prusa: upload progress, then printing on the dashboard
    let dialog = await openStartDialog(page, prusaId, prusaFile);
    const anyway = dialog.getByLabel("Start anyway");
    if (await anyway.isVisible()) await anyway.check();
    await dialog.getByRole("button", { name: "Start print" }).click();
    const progress = dialog.getByTestId("start-progress");
    await expect(dialog.getByTestId("upload-line")).toContainText(
      / of 24\.\d MB \(\d{1,2} %\) · [\d.]+ [KM]B\/s · about .+ left/,
      {
        timeout: 30_000,
      },
    );
    await expect(progress).toHaveAttribute("data-status", "done", { timeout: 60_000 });
    await dialog.getByRole("button", { name: "Close" }).click();
    await page.goto("/");
    const prusaCard = page.locator(`[data-printer-id="${prusaId}"]`);
    await expect(prusaCard).toHaveAttribute("data-state", "printing", { timeout: 20_000 });
    await expect(prusaCard).toContainText("e2e_start_cone");

    // --- a start on the printing Prusa: the dialog says why not, and the server refuses too
    await page.goto(`/printers/${prusaId}`);
    await page.getByTestId("start-a-print").click();
    await page
      .getByRole("dialog", { name: "Choose a file from the library" })
      .getByRole("button", { name: prusaFile })
      .click();
    dialog = page.getByRole("dialog", { name: "Start a print" });
    await expect(dialog.locator(`[data-printer-id="${prusaId}"]`)).toContainText(/printing.*PRINTING/i);
    await expect(dialog.getByRole("button", { name: "Start print" })).toBeDisabled();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    const refused = await page.request.post("/api/trpc/print.start", {
      headers: { origin: new URL(page.url()).origin, "content-type": "application/json" },
      data: {
        json: { libraryFileId: fileIds[0], printerId: prusaId, plate: 1, options: {}, override: true },
      },
    });
    expect(refused.ok()).toBe(false);
    expect(await refused.text()).toMatch(/PRINTING/);

    // --- the two-plate .gcode.3mf on the Bambu: plate 1, compatibility and AMS mapping
    dialog = await openStartDialog(page, bambuId, bambuFile);
    await expect(dialog.getByTestId("plate-choice").getByRole("radio")).toHaveCount(2);
    await dialog.getByLabel(/Plate 1/).check();
    const mapping = dialog.getByTestId("ams-mapping");
    await expect(mapping.getByRole("combobox")).toHaveCount(2);
    // the simulated X1C's AMS: PLA #000000, #7D6556, #4D3324, #AE835B (tray ids 0..3)
    await expect(mapping.getByLabel(/Filament 1/)).toHaveValue("0");
    await expect(mapping.getByLabel(/Filament 2/)).toHaveValue("3");
    // a person's choice is checked by the server as it is, and kept
    await mapping.getByLabel(/Filament 2/).selectOption("1");
    await expect(dialog.getByText("Checking…")).toHaveCount(0, { timeout: 15_000 });
    await expect(mapping.getByLabel(/Filament 2/)).toHaveValue("1");
    // …and a colour that differs is a mismatch: no start without "Start anyway"
    await expect(dialog.getByTestId("mismatches")).toContainText("another colour");
    await expect(dialog.getByRole("button", { name: "Start print" })).toBeDisabled();
    await expect(dialog.getByLabel("Bed levelling")).toBeChecked();
    const screenshot = testInfo.outputPath("start-dialog.png");
    await page.screenshot({ path: screenshot, fullPage: true });
    await testInfo.attach("start-dialog.png", { path: screenshot, contentType: "image/png" });
    await dialog.getByLabel("Start anyway").check();
    await dialog.getByRole("button", { name: "Start print" }).click();
    await expect(dialog.getByTestId("start-progress")).toHaveAttribute("data-status", "done", {
      timeout: 90_000,
    });
    // what the printer was sent: plate 1 of the file, the edited mapping, the options as ticked
    const sent = bambu.startRequests.at(-1)!;
    expect(sent).toMatchObject({
      command: "project_file",
      ams_mapping: [0, 1],
      use_ams: true,
      timelapse: false,
    });
    expect(String(sent.param)).toBe("Metadata/plate_1.gcode");
    await dialog.getByRole("button", { name: "Close" }).click();
    await page.goto("/");
    const bambuCard = page.locator(`[data-printer-id="${bambuId}"]`);
    await expect(bambuCard).toHaveAttribute("data-state", "printing", { timeout: 30_000 });

    // --- the Prusa's print ends: its plate waits for an operator; one click clears it
    prusa.engine.finishIn(1);
    await expect(prusaCard.getByTestId("plate-waiting")).toBeVisible({ timeout: 30_000 });
    await prusaCard.getByRole("button", { name: "Plate cleared on E2E Start MK4" }).click();
    await expect(page.getByTestId("toast").filter({ hasText: "E2E Start MK4: plate cleared" })).toBeVisible();
    await expect(prusaCard.getByTestId("plate-waiting")).toHaveCount(0, { timeout: 15_000 });

    // --- print again from the job history: same file, the Prusa preselected, same checks
    await page.goto(`/jobs?printer=${prusaId}`);
    const row = page.getByTestId("job-list").locator("tr").filter({ hasText: "e2e_start_cone" }).first();
    await row.getByRole("button", { name: /Print .* again/ }).click();
    dialog = page.getByRole("dialog", { name: "Print again" });
    await expect(dialog.getByTestId("start-file-name")).toHaveText(prusaFile);
    await expect(dialog.locator(`[data-printer-id="${prusaId}"] input[type=radio]`)).toBeChecked();
    await expect(dialog.getByTestId("compatibility")).toBeVisible({ timeout: 15_000 });
    if (await dialog.getByLabel("Start anyway").isVisible()) await dialog.getByLabel("Start anyway").check();
    await dialog.getByRole("button", { name: "Start print" }).click();
    await expect(dialog.getByTestId("start-progress")).toHaveAttribute("data-status", "done", {
      timeout: 60_000,
    });
    await dialog.getByRole("button", { name: "Close" }).click();
    await page.goto("/");
    await expect(prusaCard).toHaveAttribute("data-state", "printing", { timeout: 20_000 });
    // --- both prints end: viewers see the plates waiting but no controls; an operator confirms both at once
    prusa.engine.finishIn(1);
    await expect(prusaCard.getByTestId("plate-waiting")).toBeVisible({ timeout: 30_000 });
    await expect(bambuCard.getByTestId("plate-waiting")).toBeVisible({ timeout: 90_000 });
    await loginAs(page, "viewer");
    await page.goto("/");
    await expect(prusaCard.getByTestId("plate-waiting")).toBeVisible();
    await expect(page.getByTestId("plate-cleared")).toHaveCount(0);
    await expect(page.getByTestId("bulk-plate-clear")).toHaveCount(0);
    await page.goto(`/printers/${prusaId}`);
    await expect(page.getByTestId("last-start")).toBeVisible();
    await expect(page.getByTestId("start-a-print")).toHaveCount(0);
    await expect(page.getByRole("button", { name: /again/ })).toHaveCount(0);
    await page.goto(`/jobs?printer=${prusaId}`);
    await expect(page.getByTestId("job-list")).toContainText("e2e_start_cone");
    await expect(page.getByRole("button", { name: /again/ })).toHaveCount(0);

    await loginAs(page, "operator");
    await page.goto("/");
    await page.getByTestId("bulk-plate-clear").click();
    // the dashboard's bulk confirmation: it lists both printers, then each one's result
    const bulk = page.getByRole("dialog", { name: "Confirm plates cleared" });
    const plan = bulk.getByTestId("bulk-plan");
    for (const [id, name] of [
      [prusaId, "E2E Start MK4"],
      [bambuId, "E2E Start X1C"],
    ]) {
      await expect(plan.locator(`[data-printer-id="${id}"]`)).toHaveAttribute("data-apply", "true");
      await expect(plan.locator(`[data-printer-id="${id}"]`)).toHaveText(
        `${name} — confirm the plate cleared`,
      );
    }
    await bulk.getByRole("button", { name: /^Confirm \d+ plates cleared$/ }).click();
    const results = bulk.getByTestId("bulk-results");
    await expect(results.locator(`[data-printer-id="${prusaId}"]`)).toHaveAttribute("data-outcome", "done");
    await expect(results.locator(`[data-printer-id="${bambuId}"]`)).toHaveAttribute("data-outcome", "done");
    await bulk.getByRole("button", { name: "Close" }).click();
    await expect(prusaCard.getByTestId("plate-waiting")).toHaveCount(0, { timeout: 15_000 });
    await expect(bambuCard.getByTestId("plate-waiting")).toHaveCount(0, { timeout: 15_000 });

    const starts = await withE2eDatabase(
      async (db) =>
        (
          await db.query<{ n: string }>(
            `SELECT count(*) AS n FROM "PrintStart" WHERE "printerId" = $1 AND status = 'started'`,
            [prusaId],
          )
        ).rows[0]!.n,
    );
    expect(Number(starts)).toBe(2);
  } finally {
    await removePrinter(prusaId);
    await removePrinter(bambuId);
    if (fileIds.length)
      await withE2eDatabase((db) => db.query(`DELETE FROM "LibraryFile" WHERE id = ANY($1)`, [fileIds]));
    await prusa.stop();
    await bambu.stop();
  }
});
