import { copyFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { BambuSimulator } from "@printernizer/printer-sim/bambu";
import { loginAs } from "./support/auth";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { removePrinter, sealForE2e, withE2eDatabase } from "./support/database";

// Cameras through the real product: a simulated P1S (port-6000 JPEG protocol) and X1C (RTSPS on
// 322, read through ffmpeg) on 127.71.1.x. The worker holds ONE camera connection per printer
// however many browsers watch, and closes it once nobody does; the printer page's live view and
// the camera wall show frames; axe finds nothing serious in light or dark.
const screenshotDir = path.resolve(import.meta.dirname, "../../../docs/screenshots");

async function addCameraPrinter(id: string, sim: BambuSimulator, model: string): Promise<void> {
  await withE2eDatabase((db) =>
    db.query(
      `INSERT INTO "Printer" (id, kind, name, host, serial, model, credentials, settings, "updatedAt") VALUES ($1, 'bambu', $2, $3, $4, $5, $6, $7, now())`,
      [
        id,
        sim.name,
        sim.host,
        sim.serial,
        model,
        sealForE2e({ accessCode: sim.accessCode }),
        JSON.stringify({ certificateFingerprint: sim.certificateFingerprint }),
      ],
    ),
  );
}

/** The printer page's live view, started; resolves once it shows a decoded picture. */
async function watchLive(page: Page, id: string): Promise<void> {
  await page.goto(`/printers/${id}`);
  await page.getByRole("button", { name: "Watch live" }).click();
  await expect
    .poll(() => page.getByTestId("camera-image").evaluate((img: HTMLImageElement) => img.naturalWidth), {
      timeout: 30_000,
    })
    .toBeGreaterThan(0);
}

const frameCount = (page: Page) =>
  page.getByTestId("camera-frames").evaluate((el) => Number(el.getAttribute("data-frames")));

async function viewerPage(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await loginAs(page, "viewer");
  return page;
}

test("live view and camera wall: frames arrive, one camera connection per printer for three browsers, closed after", async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(150_000);
  const sims = await Promise.all([
    new BambuSimulator({
      host: "127.71.1.1",
      mqttPort: 8883,
      ftpPort: 990,
      cameraPort: 6000,
      model: "P1S",
      name: "E2E Camera P1S",
      cameraFrameIntervalMs: 250,
    }).start(),
    new BambuSimulator({
      host: "127.71.1.2",
      mqttPort: 8883,
      ftpPort: 990,
      rtspPort: 322,
      model: "X1C",
      name: "E2E Camera X1C",
      cameraFrameIntervalMs: 500,
    }).start(),
  ]);
  const [p1s, x1c] = sims;
  const run = Date.now().toString(36);
  const ids = [`e2e-cam-p1s-${run}`, `e2e-cam-x1c-${run}`];
  const others: Page[] = [];
  try {
    await addCameraPrinter(ids[0]!, p1s!, "P1S");
    await addCameraPrinter(ids[1]!, x1c!, "X1C");
    await loginAs(page, "viewer"); // viewers may watch

    // the printer page: a decoded picture, and the frame counter goes on
    await watchLive(page, ids[0]!);
    const first = await frameCount(page);
    await expect.poll(() => frameCount(page), { timeout: 15_000 }).toBeGreaterThan(first + 2);
    await expect(page.getByTestId("camera-state")).toHaveAttribute("data-state", "live");
    await expectNoSeriousA11yViolations(page, "printer page with live view");

    // three browsers on one printer: the simulator sees exactly one camera connection
    for (let i = 0; i < 2; i++) others.push(await viewerPage(browser));
    for (const other of others) await watchLive(other, ids[0]!);
    expect(p1s!.cameraConnections).toBe(1);
    for (const viewer of [page, ...others]) {
      const before = await frameCount(viewer);
      await expect.poll(() => frameCount(viewer), { timeout: 15_000 }).toBeGreaterThan(before);
    }
    expect(p1s!.cameraConnections).toBe(1);
    expect(p1s!.cameraConnectionsTotal).toBe(1);

    // everyone leaves: the worker closes the printer's camera after its linger (10 s)
    await page.getByRole("button", { name: "Stop live view" }).click();
    for (const other of others.splice(0)) await other.context().close();
    await expect.poll(() => p1s!.cameraConnections, { timeout: 30_000 }).toBe(0);

    // the camera wall: both printers live (4 live tiles by default), frames in each tile
    await page.goto("/cameras");
    for (const id of ids) {
      const tile = page.locator(`[data-testid="camera-tile"][data-printer-id="${id}"]`);
      await expect(tile).toHaveAttribute("data-mode", "live");
      await expect
        .poll(() => tile.evaluate((el) => Number(el.getAttribute("data-frames"))), { timeout: 45_000 })
        .toBeGreaterThan(1);
      await expect
        .poll(() =>
          tile.getByTestId("camera-tile-image").evaluate((img: HTMLImageElement) => img.naturalWidth),
        )
        .toBeGreaterThan(0);
    }
    expect(p1s!.cameraConnections).toBe(1);
    expect(x1c!.cameraConnections).toBe(1);
    const shot = testInfo.outputPath("camera-wall.png");
    await page.screenshot({ path: shot, fullPage: true });
    await testInfo.attach("camera-wall.png", { path: shot, contentType: "image/png" });
    await mkdir(screenshotDir, { recursive: true });
    await copyFile(shot, path.join(screenshotDir, "camera-wall.png"));
    await expectNoSeriousA11yViolations(page, "camera wall (light)");

    // one live tile (kept in the URL): the other tile shows snapshots, and a click makes it live
    await page.getByTestId("camera-live-count").selectOption("1");
    await expect(page).toHaveURL(/[?&]live=1/);
    const x1cTile = page.locator(`[data-testid="camera-tile"][data-printer-id="${ids[1]}"]`);
    await expect(x1cTile).toHaveAttribute("data-mode", "snapshot");
    await expect
      .poll(
        () => x1cTile.getByTestId("camera-tile-image").evaluate((img: HTMLImageElement) => img.naturalWidth),
        {
          timeout: 30_000,
        },
      )
      .toBeGreaterThan(0);
    await x1cTile.getByRole("button", { name: "Watch E2E Camera X1C live" }).click();
    await expect(x1cTile).toHaveAttribute("data-mode", "live");

    await page.emulateMedia({ colorScheme: "dark" });
    await expectNoSeriousA11yViolations(page, "camera wall (dark)");
    await page.goto(`/printers/${ids[0]}`);
    await expectNoSeriousA11yViolations(page, "printer page camera panel (dark)");
  } finally {
    await Promise.allSettled(others.map((o) => o.context().close()));
    for (const id of ids) await removePrinter(id);
    await Promise.allSettled(sims.map((s) => s.stop()));
  }
});
