import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { BambuSimulator, readBuiltZip } from "@printernizer/printer-sim/bambu";
import { loginAs } from "./support/auth";
import { addBambuPrinter, removePrinter, withE2eDatabase } from "./support/database";

// A simulated Bambu X1C through the real product: files keep their whole names on the way to the
// browser (Benchy.gcode.3mf, not Benchy; spaces too), and the running job shows its plate
// thumbnail, read by the worker from the job's 3MF over FTPS. The simulator listens on 127.0.5.20.
test("Bambu files download under their full names, and the running job shows its plate thumbnail", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const sim = await new BambuSimulator({
    host: "127.0.5.20",
    mqttPort: 8883,
    ftpPort: 990,
    model: "X1C",
    name: "E2E Files X1C",
  }).start();
  const id = `e2e-bambu-files-${Date.now()}`;
  try {
    await addBambuPrinter({
      id,
      name: "E2E Files X1C",
      host: sim.host,
      serial: sim.serial,
      model: "X1C",
      accessCode: sim.accessCode,
      certificateFingerprint: sim.certificateFingerprint,
    });
    await loginAs(page, "operator");
    await page.goto(`/printers/${id}`);
    const view = page.getByTestId("printer-page");
    await expect(view).toHaveAttribute("data-state", "idle", { timeout: 30_000 });

    await page.getByRole("button", { name: "Refresh list" }).click();
    for (const name of ["Benchy.gcode.3mf", "Fidget Collection.3mf"]) {
      const row = page.getByTestId("printer-file").filter({ hasText: name });
      await expect(row).toBeVisible({ timeout: 20_000 });
      const downloadStarted = page.waitForEvent("download", { timeout: 30_000 });
      await row.getByRole("button", { name: `Download ${name}` }).click();
      const download = await downloadStarted;
      expect(download.suggestedFilename()).toBe(name);
      const bytes = await readFile((await download.path())!);
      expect(bytes.equals(sim.card.files.get(`/${name}`)!.data)).toBe(true);
    }

    // The current job's preview: plate_1.png of /Benchy.gcode.3mf (X1 names the plate in gcode_file).
    sim.startPrint({ name: "Benchy", minutes: 45, prepareSeconds: 0 });
    await expect(view).toHaveAttribute("data-state", "printing", { timeout: 20_000 });
    await expect
      .poll(
        () =>
          withE2eDatabase(async (db) => {
            const rows = await db.query<{ sha: string | null }>(
              `SELECT "thumbnailSha256" AS sha FROM "Job" WHERE "printerId" = $1 AND "endedAt" IS NULL`,
              [id],
            );
            return rows.rows[0]?.sha ?? null;
          }),
        { timeout: 30_000 },
      )
      .not.toBeNull();
    await page.reload();
    const preview = page.getByTestId("current-job").getByRole("img", { name: "Preview of Benchy" });
    await expect(preview).toBeVisible({ timeout: 15_000 });
    const src = await preview.getAttribute("src");
    const served = await page.request.get(src!);
    expect(served.headers()["content-type"]).toBe("image/png");
    const png = readBuiltZip(sim.card.files.get("/Benchy.gcode.3mf")!.data).get("Metadata/plate_1.png")!;
    expect(Buffer.from(await served.body()).equals(png)).toBe(true);
    expect(sim.counters().ftpRetrievals["/Benchy.gcode.3mf"]).toBe(2); // the download above, then the job's 3MF once
  } finally {
    await removePrinter(id);
    await sim.stop();
  }
});
