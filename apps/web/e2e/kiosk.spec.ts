// A wall display: an admin creates a link, a browser with no cookies opens it and sees the
// farm's printers grouped by location, live, with nothing to click; the admin revokes it and
// the open wall says so, a reload gets 404, and the wall's data calls are refused.
import { copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { PrusaLinkSimulator } from "@printernizer/printer-sim";
import { loginAs } from "./support/auth";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { addPrusaPrinter, withE2eDatabase } from "./support/database";

const stamp = Date.now();
const notValid = "This wall-display link is not valid (revoked or mistyped). Ask an admin for a new one.";

test("an admin's wall-display link shows the farm live without signing in, with no controls, until revoked", async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(60_000);
  const printers = [
    { id: `e2e-wall-a-${stamp}`, name: "E2E Wall MK4 A", host: "127.74.0.1", location: "Room 2 / Rack A" },
    { id: `e2e-wall-b-${stamp}`, name: "E2E Wall MK4 B", host: "127.74.0.2", location: "Room 3" },
  ];
  const sims = await Promise.all(
    printers.map((p) =>
      new PrusaLinkSimulator({
        host: p.host,
        port: 0,
        name: p.name,
        password: "e2e-wall",
        timeScale: 30,
      }).start(),
    ),
  );
  const wallContext = await browser.newContext();
  try {
    for (const [i, p] of printers.entries()) {
      await addPrusaPrinter({
        id: p.id,
        name: p.name,
        host: p.host,
        port: sims[i]!.port,
        password: "e2e-wall",
      });
      await withE2eDatabase((db) =>
        db.query(`UPDATE "Printer" SET location = $2 WHERE id = $1`, [p.id, p.location]),
      );
    }

    // the admin creates a link: shown once, as a whole URL
    await loginAs(page, "admin");
    await page.goto("/admin/wall-displays");
    await page.getByRole("button", { name: "New wall-display link" }).click();
    await page.getByLabel("Name").fill("E2E Wall");
    await page.getByRole("button", { name: "Create link" }).click();
    const link = await page.getByTestId("new-wall-link").inputValue();
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:3100\/wall\/[A-Za-z0-9_-]{43}$/);
    await page.getByRole("button", { name: "Done" }).click();
    const row = page.locator('[data-wall-link="E2E Wall"]');
    await expect(row).toContainText("never");
    await expect(row).not.toContainText(link.split("/wall/")[1]!);
    await expectNoSeriousA11yViolations(page, "admin wall displays");

    // a browser with no cookies opens it: the farm, grouped by location, nothing to click
    const wall = await wallContext.newPage();
    expect((await wall.goto(link))?.status()).toBe(200);
    expect(wall.url()).toBe(link); // not sent to /login
    const cardA = wall.locator(`[data-testid="wall-card"][data-printer="${printers[0]!.name}"]`);
    const cardB = wall.locator(`[data-testid="wall-card"][data-printer="${printers[1]!.name}"]`);
    await expect(cardA).toHaveAttribute("data-state", "idle", { timeout: 20_000 });
    await expect(cardB).toHaveAttribute("data-state", "idle", { timeout: 20_000 });
    await expect(wall.locator('[data-wall-group="Room 2 / Rack A"]').getByTestId("wall-card")).toContainText(
      printers[0]!.name,
    );
    await expect(wall.locator('[data-wall-group="Room 3"]')).toContainText(printers[1]!.name);
    await expect(wall.getByRole("button")).toHaveCount(0);
    await expect(wall.getByRole("link")).toHaveCount(0);
    await expect(wall.getByRole("navigation")).toHaveCount(0);
    await expect(wall.getByRole("textbox")).toHaveCount(0);
    await expect(wall.locator("body")).not.toContainText("127.74.0.");
    expect(await wallContext.cookies()).toEqual([]);

    // live: a print starting on the printer reaches the open wall
    await expect(wall.getByTestId("wall-live")).toContainText("Live");
    expect(sims[0]!.startPrint("/usb/painting_cone_0.4n_0.2mm_PETG_MK4_31m.bgcode")).toBe(true);
    await expect(cardA).toHaveAttribute("data-state", "printing", { timeout: 15_000 });
    await expect(cardA.getByTestId("wall-job")).toContainText("painting_cone");
    await expect(cardA.getByRole("progressbar")).toBeVisible();
    await expectNoSeriousA11yViolations(wall, "wall display (light)");
    const shot = testInfo.outputPath("kiosk.png");
    await wall.screenshot({ path: shot, fullPage: true });
    await testInfo.attach("kiosk", { path: shot, contentType: "image/png" });
    mkdirSync(path.resolve("../../docs/screenshots"), { recursive: true });
    copyFileSync(shot, path.resolve("../../docs/screenshots/kiosk.png"));
    await wall.emulateMedia({ colorScheme: "dark" });
    await wall.reload();
    await expect(cardA).toHaveAttribute("data-state", "printing", { timeout: 15_000 });
    await expectNoSeriousA11yViolations(wall, "wall display (dark)");
    await expect(wall.getByTestId("wall-live")).toContainText("Live");

    // groups that do not fit the screen page by themselves; a pointer over the wall pauses that
    await wall.setViewportSize({ width: 800, height: 300 });
    await expect(wall.getByTestId("wall")).toHaveAttribute("data-paused", "false");
    await expect.poll(() => wall.evaluate(() => window.scrollY), { timeout: 20_000 }).toBeGreaterThan(0);
    await wall.getByTestId("wall").hover();
    await expect(wall.getByTestId("wall")).toHaveAttribute("data-paused", "true");

    // the admin sees it used, and revokes it
    await page.reload();
    await expect(row).not.toContainText("never");
    await row.getByRole("button", { name: "Revoke E2E Wall" }).click();
    await page.getByRole("button", { name: "Revoke link" }).click();
    await expect(row).toHaveAttribute("data-revoked", "true");

    // the open wall stops and says so; a reload is refused; so are its data calls
    await expect(wall.getByTestId("wall-not-valid")).toHaveText(notValid, { timeout: 15_000 });
    await expect(wall.getByTestId("wall-card")).toHaveCount(0);
    const again = await wall.reload();
    expect(again?.status()).toBe(404);
    await expect(wall.getByTestId("wall-not-valid")).toHaveText(notValid);
    const token = link.split("/wall/")[1]!;
    const input = encodeURIComponent(JSON.stringify({ 0: { json: { token } } }));
    const call = await wallContext.request.get(`/api/trpc/wall.list?batch=1&input=${input}`);
    expect(call.status()).toBe(401);
    expect(await call.text()).not.toContain("E2E Wall MK4");
  } finally {
    await wallContext.close();
    await withE2eDatabase((db) =>
      db.query(`DELETE FROM "Printer" WHERE id = ANY($1)`, [printers.map((p) => p.id)]),
    );
    await Promise.all(sims.map((s) => s.stop()));
  }
});
