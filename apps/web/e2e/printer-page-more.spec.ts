import { expect, test, type Page } from "@playwright/test";
import { PrusaLinkSimulator } from "@printernizer/printer-sim";
import { BambuSimulator } from "@printernizer/printer-sim/bambu";
import { loginAs } from "./support/auth";
import { addBambuPrinter, addPrusaPrinter, removePrinter } from "./support/database";

// More of the printer page against the real product: a cancel that ends up in the job history,
// a command the printer itself refuses (its reason on the page), and a simulated Bambu X1C with
// AMS trays, an HMS error and pause/resume over MQTT. Simulators listen on 127.0.5.x.
const printFile = "/usb/painting_cone_0.4n_0.2mm_PETG_MK4_31m.bgcode";
const longName = "painting_cone_0.4n_0.2mm_PETG_MK4_31m.bgcode";

/** Opens the confirmation for a control, checks what it asks, and confirms it. */
async function confirmControl(page: Page, button: string, question: string): Promise<void> {
  await page.getByRole("button", { name: button }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText(question);
  await dialog.getByRole("button", { name: button }).click();
  await expect(dialog).toBeHidden();
}

test("printer page: a confirmed cancel stops the print and the job is listed as cancelled", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const sim = await new PrusaLinkSimulator({
    host: "127.0.5.1",
    port: 0,
    name: "E2E Cancel MK4",
    password: "e2e-cancel-pass",
  }).start();
  const id = `e2e-cancel-${Date.now()}`;
  try {
    await addPrusaPrinter({
      id,
      name: "E2E Cancel MK4",
      host: sim.host,
      port: sim.port,
      password: "e2e-cancel-pass",
    });
    await loginAs(page, "operator");
    await page.goto(`/printers/${id}`);
    const view = page.getByTestId("printer-page");
    await expect(view).toHaveAttribute("data-state", "idle", { timeout: 20_000 });

    expect(sim.startPrint(printFile)).toBe(true);
    await expect(view).toHaveAttribute("data-state", "printing", { timeout: 15_000 });
    await expect(page.getByTestId("current-job")).toContainText("painting_cone");

    await confirmControl(page, "Cancel print", "Cancel this print?");
    await expect(page.getByTestId("command-progress")).toHaveText(/^Cancel print: Done/, { timeout: 20_000 });
    expect(sim.engine.printerState).toBe("STOPPED");
    await expect(view).toHaveAttribute("data-state", "idle", { timeout: 15_000 });
    await expect(page.getByText("reports STOPPED")).toBeVisible();
    await expect(page.getByText("No print running.")).toBeVisible();
    for (const name of ["Pause", "Resume", "Cancel print"])
      await expect(page.getByRole("button", { name })).toBeDisabled();

    // The printer's own history and the jobs page both show the print as cancelled.
    await expect(page.getByTestId("printer-jobs").locator("tbody tr")).toHaveCount(1, { timeout: 15_000 });
    await expect(page.getByTestId("printer-jobs").locator("tbody tr").first()).toContainText("cancelled");
    await page.goto(`/jobs?printer=${id}`);
    await expect(page.getByRole("search", { name: "Filter jobs" }).getByLabel("Printer")).toHaveValue(id);
    const rows = page.getByTestId("job-list").locator("tbody tr[data-job-id]");
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText("E2E Cancel MK4");
    await expect(rows.first()).toContainText(longName);
    await expect(rows.first().getByText("cancelled", { exact: true })).toBeVisible();
  } finally {
    await removePrinter(id);
    await sim.stop();
  }
});

test("printer page: a command the printer refuses shows Failed with the printer's reason", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const sim = await new PrusaLinkSimulator({
    host: "127.0.5.2",
    port: 0,
    name: "E2E Refusing MK4",
    password: "e2e-refuse-pass",
  }).start();
  const id = `e2e-refuse-${Date.now()}`;
  try {
    await addPrusaPrinter({
      id,
      name: "E2E Refusing MK4",
      host: sim.host,
      port: sim.port,
      password: "e2e-refuse-pass",
    });
    await loginAs(page, "operator");
    await page.goto(`/printers/${id}`);
    const view = page.getByTestId("printer-page");
    expect(sim.startPrint(printFile)).toBe(true);
    await expect(view).toHaveAttribute("data-state", "printing", { timeout: 20_000 });

    // Filament runs out: the printer halts and waits for someone at its display (ATTENTION).
    // The app shows the print as paused, so Resume is offered, but the printer will not take it remotely.
    expect(sim.engine.attention()).toBe(true);
    await expect(view).toHaveAttribute("data-state", "paused", { timeout: 15_000 });
    await expect(page.getByTestId("printer-errors")).toContainText(
      "The printer needs attention (see its display)",
    );

    await confirmControl(page, "Resume", "Resume this print?");
    const progress = page.getByTestId("command-progress");
    await expect(progress).toHaveAttribute("data-status", "failed", { timeout: 20_000 });
    await expect(progress).toHaveText("Resume: Failed — Can't resume right now");
    expect(sim.engine.printerState).toBe("ATTENTION");
    await expect(view).toHaveAttribute("data-state", "paused");
    // The failed command is over: the controls are usable again.
    await expect(page.getByRole("button", { name: "Resume" })).toBeEnabled();
  } finally {
    await removePrinter(id);
    await sim.stop();
  }
});

test("printer page: a Bambu X1C shows its AMS trays and an HMS error with Bambu's wiki link, and pauses and resumes", async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const sim = await new BambuSimulator({
    host: "127.0.5.10",
    mqttPort: 8883,
    ftpPort: 990,
    model: "X1C",
    name: "E2E Page X1C",
  }).start();
  const id = `e2e-page-bambu-${Date.now()}`;
  try {
    await addBambuPrinter({
      id,
      name: "E2E Page X1C",
      host: sim.host,
      serial: sim.serial,
      model: "X1C",
      accessCode: sim.accessCode,
      certificateFingerprint: sim.certificateFingerprint,
    });
    await loginAs(page, "operator");
    await page.goto(`/printers/${id}`);
    const view = page.getByTestId("printer-page");
    await expect(page.getByRole("heading", { name: "E2E Page X1C" })).toBeVisible();
    await expect(view).toHaveAttribute("data-state", "idle", { timeout: 30_000 });
    await expect(page.getByText(`serial ${sim.serial}`)).toBeVisible();

    // A print from the AMS's first tray, then the AMS reports a problem (HMS 0700_2000_0002_0001).
    sim.startPrint({ name: "E2E AMS Cube", minutes: 45, layers: 120, prepareSeconds: 0 });
    await expect(view).toHaveAttribute("data-state", "printing", { timeout: 20_000 });
    await expect(page.getByTestId("current-job")).toContainText("E2E AMS Cube");
    sim.setHms([{ attr: 0x07002000, code: 0x00020001 }]);

    const trays = page.getByRole("list", { name: "AMS trays" }).getByRole("listitem");
    const expectedTrays = [
      { name: "AMS 1, tray 1", text: "PLA · 93% left · in use", rgb: "rgb(0, 0, 0)" },
      { name: "AMS 1, tray 2", text: "PLA · 100% left", rgb: "rgb(125, 101, 86)" },
      { name: "AMS 1, tray 3", text: "PLA · 100% left", rgb: "rgb(77, 51, 36)" },
      { name: "AMS 1, tray 4", text: "PLA · 83% left", rgb: "rgb(174, 131, 91)" },
      { name: "AMS HT 1, tray 1", text: "PA-CF · 100% left", rgb: "rgb(0, 0, 0)" },
    ];
    for (const expected of expectedTrays) {
      const tray = trays.filter({ hasText: expected.name });
      await expect(tray).toHaveCount(1, { timeout: 15_000 });
      await expect(tray).toContainText(expected.text);
      await expect(tray.locator('span[aria-hidden="true"]')).toHaveCSS("background-color", expected.rgb);
    }
    // The external spool reports its material but nothing measures what is left on it.
    const external = trays.filter({ hasText: "External spool" });
    await expect(external).toContainText("PLA");
    await expect(external).not.toContainText("left");

    const hms = page
      .getByTestId("printer-errors")
      .getByRole("listitem")
      .filter({ hasText: "0700_2000_0002_0001" });
    await expect(hms).toBeVisible({ timeout: 15_000 });
    await expect(hms).toContainText("serious");
    await expect(hms).toContainText("ams");
    await expect(hms.getByRole("link", { name: "What this means and how to fix it" })).toHaveAttribute(
      "href",
      "https://wiki.bambulab.com/en/x1/troubleshooting/hmscode/0700_2000_0002_0001",
    );

    await confirmControl(page, "Pause", "Pause this print?");
    await expect(page.getByTestId("command-progress")).toHaveText(/^Pause: Done/, { timeout: 30_000 });
    expect(sim.state.gcode_state).toBe("PAUSE");
    await expect(view).toHaveAttribute("data-state", "paused", { timeout: 15_000 });

    await confirmControl(page, "Resume", "Resume this print?");
    await expect(page.getByTestId("command-progress")).toHaveText(/^Resume: Done/, { timeout: 30_000 });
    expect(sim.state.gcode_state).toBe("RUNNING");
    await expect(view).toHaveAttribute("data-state", "printing", { timeout: 15_000 });
    await expect(hms).toBeVisible();

    await testInfo.attach("Bambu printer page (operator)", {
      body: await page.screenshot({ fullPage: true }),
      contentType: "image/png",
    });
  } finally {
    await removePrinter(id);
    await sim.stop();
  }
});
