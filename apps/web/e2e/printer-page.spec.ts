import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { PrusaLinkSimulator } from "@printernizer/printer-sim";
import { loginAs } from "./support/auth";
import { addPrusaPrinter, withE2eDatabase } from "./support/database";

// The printer page against the real product: a simulated PrusaLink MK4 registered like an
// admin would, the real worker talking to it, and the browser as operator and as viewer.
const printFile = "/usb/painting_cone_0.4n_0.2mm_PETG_MK4_31m.bgcode";
const longName = "painting_cone_0.4n_0.2mm_PETG_MK4_31m.bgcode";

test("printer page: pause and resume reach the printer, a file downloads through the app, viewers get no controls", async ({
  page,
  baseURL,
}, testInfo) => {
  test.setTimeout(120_000);
  const sim = await new PrusaLinkSimulator({
    host: "127.0.1.231",
    port: 0,
    name: "E2E Page MK4",
    password: "e2e-page-pass",
  }).start();
  const id = `e2e-page-${Date.now()}`;
  try {
    await addPrusaPrinter({
      id,
      name: "E2E Page MK4",
      host: sim.host,
      port: sim.port,
      password: "e2e-page-pass",
    });
    await loginAs(page, "operator");
    await page.goto(`/printers/${id}`);
    const view = page.getByTestId("printer-page");
    await expect(page.getByRole("heading", { name: "E2E Page MK4" })).toBeVisible();
    await expect(view).toHaveAttribute("data-state", "idle", { timeout: 20_000 });
    await expect(page.getByRole("button", { name: "Pause" })).toBeDisabled();

    // A print starts on the printer; the open page follows it live.
    expect(sim.startPrint(printFile)).toBe(true);
    await expect(view).toHaveAttribute("data-state", "printing", { timeout: 15_000 });
    await expect(page.getByTestId("current-job")).toContainText("painting_cone");

    // Pause, confirmed in the dialog: the command reaches the simulator, the page shows Paused.
    await page.getByRole("button", { name: "Pause" }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog).toContainText("Pause this print?");
    await dialog.getByRole("button", { name: "Pause" }).click();
    await expect(page.getByTestId("command-progress")).toHaveText(/^Pause: Done/, { timeout: 20_000 });
    expect(sim.engine.printerState).toBe("PAUSED");
    await expect(view).toHaveAttribute("data-state", "paused", { timeout: 15_000 });
    await expect(page.locator("header").getByText("Paused", { exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: "Pause" })).toBeDisabled();

    // Backing out of the dialog sends nothing.
    await page.getByRole("button", { name: "Resume" }).click();
    await dialog.getByRole("button", { name: "Keep it" }).click();
    await expect(dialog).toBeHidden();
    expect(sim.engine.printerState).toBe("PAUSED");

    await page.getByRole("button", { name: "Resume" }).click();
    await dialog.getByRole("button", { name: "Resume" }).click();
    await expect(page.getByTestId("command-progress")).toHaveText(/^Resume: Done/, { timeout: 20_000 });
    expect(sim.engine.printerState).toBe("PRINTING");
    await expect(view).toHaveAttribute("data-state", "printing", { timeout: 15_000 });

    // Someone pauses at the printer while the dialog is open: the server refuses with the reason.
    await page.getByRole("button", { name: "Pause" }).click();
    expect(sim.engine.pause()).toBe(true);
    await expect(view).toHaveAttribute("data-state", "paused", { timeout: 15_000 });
    await dialog.getByRole("button", { name: "Pause" }).click();
    await expect(
      page
        .getByRole("alert")
        .filter({ hasText: "Only a running print can be paused; the printer is paused." }),
    ).toBeVisible();
    await expect(dialog).toBeHidden();
    expect(sim.engine.resume()).toBe(true);
    await expect(view).toHaveAttribute("data-state", "printing", { timeout: 15_000 });

    // Files: list the printer's storage, then download one through the app.
    await page.getByRole("button", { name: "Refresh list" }).click();
    const row = page.getByTestId("printer-file").filter({ hasText: longName });
    await expect(row).toBeVisible({ timeout: 20_000 });
    const downloadStarted = page.waitForEvent("download", { timeout: 30_000 });
    await row.getByRole("button", { name: `Download ${longName}` }).click();
    const download = await downloadStarted;
    expect(download.suggestedFilename()).toBe(longName);
    const expected = sim.storage.find(printFile)?.bytes;
    expect(expected?.length).toBeGreaterThan(60_000);
    expect(Buffer.compare(await readFile((await download.path())!), expected!)).toBe(0);
    await expect(page.getByTestId("download-progress")).toHaveAttribute("data-status", "done");

    await testInfo.attach("printer page (operator)", {
      body: await page.screenshot({ fullPage: true }),
      contentType: "image/png",
    });

    // A viewer sees the same printer without any control, and the server refuses them too.
    const fileId = await row.getAttribute("data-file-id");
    await loginAs(page, "viewer");
    await page.goto(`/printers/${id}`);
    await expect(view).toHaveAttribute("data-state", "printing");
    await expect(page.getByTestId("printer-file").filter({ hasText: longName })).toBeVisible();
    for (const name of ["Pause", "Resume", "Cancel print", "Refresh list", `Download ${longName}`])
      await expect(page.getByRole("button", { name })).toHaveCount(0);
    const refused = await page.request.post("/api/trpc/printer.command", {
      data: { json: { printerId: id, kind: "pause" } },
      headers: { origin: baseURL! },
    });
    expect(refused.status()).toBe(403);
    expect(((await refused.json()) as { error: { json: { message: string } } }).error.json.message).toContain(
      "operator role",
    );
    expect((await page.request.get(`/api/files/${fileId}`)).status()).toBe(403);
    expect(sim.engine.printerState).toBe("PRINTING");
  } finally {
    await withE2eDatabase((db) => db.query(`DELETE FROM "Printer" WHERE id = $1`, [id]));
    await sim.stop();
  }
});
