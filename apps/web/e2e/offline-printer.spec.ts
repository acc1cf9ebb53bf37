// A printer that stops answering: its card says since when and why in words, its last
// temperatures are marked stale, the banner lists it after the grace (5 s here:
// PRINTERNIZER_OFFLINE_GRACE_SECONDS in playwright.config.ts), an operator can reconnect it now,
// a viewer cannot. A printer that refuses its login needs new credentials (admins get a link to
// its form). Saving a printer whose connection test fails asks "save anyway?".
import { expect, test, type Page } from "@playwright/test";
import { PrusaLinkSimulator } from "@printernizer/printer-sim";
import { loginAs } from "./support/auth";
import { addPrusaPrinter, removePrinter, withE2eDatabase } from "./support/database";

const rawErrno = /E(CONNREFUSED|TIMEDOUT|HOSTUNREACH|NETUNREACH|CONNRESET|NOTFOUND)|fetch failed/;
const stamp = Date.now();

async function fitsNarrowScreen(page: Page): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 720 });
}

test("a printer that stops answering is offline since then, in words; the banner lists it after the grace; an operator reconnects it", async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  const id = `e2e-offline-${stamp}`;
  const name = "E2E Offline MK4";
  let sim = await new PrusaLinkSimulator({
    host: "127.0.1.236",
    port: 0,
    name,
    password: "e2e-off-pass",
  }).start();
  const port = sim.port;
  try {
    await addPrusaPrinter({ id, name, host: sim.host, port, password: "e2e-off-pass" });
    await loginAs(page, "operator");
    await page.goto("/");
    const card = page.locator(`[data-printer-id="${id}"]`);
    await expect(card).toHaveAttribute("data-state", "idle", { timeout: 30_000 });
    await expect(card.getByTestId("printer-temperatures")).toContainText("Nozzle");
    await expect(card.getByRole("button", { name: `Reconnect ${name} now` })).toHaveCount(0);

    await sim.stop();
    await expect(card).toHaveAttribute("data-state", "offline", { timeout: 30_000 });
    const notice = card.getByTestId("printer-offline");
    await expect(notice).toHaveAttribute("data-reason", "offline");
    await expect(notice).toContainText(/^Offline since \d/);
    await expect(notice).toContainText(`did not answer at ${sim.host}`);
    await expect(notice.locator("time")).toHaveAttribute("datetime", /^\d{4}-\d\d-\d\dT/);
    // the last temperatures stay, marked stale
    const temperatures = card.getByTestId("printer-temperatures");
    await expect(temperatures).toHaveAttribute("data-stale", "true");
    await expect(temperatures).toContainText("Nozzle");
    await expect(temperatures.getByTestId("stale-note")).toContainText(/^last seen \d/);

    // after the grace, the banner on every page
    const banner = page.getByTestId("farm-alert-banner");
    await expect(banner).toContainText(name, { timeout: 20_000 });
    await expect(banner).toContainText(/offline/);
    await expect(page.locator("body")).not.toContainText(rawErrno);
    await testInfo.attach("offline printer card and banner", {
      body: await page.screenshot({ fullPage: true }),
      contentType: "image/png",
    });
    await fitsNarrowScreen(page);
    // nor in the connection health view and the event log
    await page.goto("/events");
    await expect(page.getByTestId("connection-health").locator(`tr[data-printer="${name}"]`)).toBeVisible();
    await expect(page.locator("body")).not.toContainText(rawErrno);

    // the printer page says the same, and an operator can try again at once
    await page.goto(`/printers/${id}`);
    const view = page.getByTestId("printer-page");
    await expect(view.getByTestId("printer-offline")).toContainText(`did not answer at ${sim.host}`);
    await expect(view.getByTestId("printer-temperatures")).toHaveAttribute("data-stale", "true");
    await expect(page.locator("body")).not.toContainText(rawErrno);
    const reconnect = view.getByRole("button", { name: `Reconnect ${name} now` });
    await reconnect.click();
    const progress = view.getByTestId("reconnect-progress");
    await expect(progress).toHaveAttribute("data-status", /done|failed/, { timeout: 30_000 });
    await expect(progress).toContainText(/Still not reachable|Reconnect failed/);
    await expect(progress).not.toContainText(rawErrno);

    // a viewer sees the offline printer but no reconnect button, and the server refuses one
    const viewerContext = await browser.newContext();
    try {
      const viewer = await viewerContext.newPage();
      await loginAs(viewer, "viewer");
      await viewer.goto("/");
      const viewerCard = viewer.locator(`[data-printer-id="${id}"]`);
      await expect(viewerCard.getByTestId("printer-offline")).toBeVisible();
      await expect(viewerCard.getByRole("button", { name: /Reconnect/ })).toHaveCount(0);
      const refused = await viewer.request.post("/api/trpc/printer.command", {
        data: { json: { printerId: id, kind: "reconnect" } },
      });
      expect(refused.status()).toBe(403);
    } finally {
      await viewerContext.close();
    }

    // back on the same address: "Reconnect now" connects at once
    sim = await new PrusaLinkSimulator({ host: "127.0.1.236", port, name, password: "e2e-off-pass" }).start();
    await expect(reconnect).toBeEnabled();
    await reconnect.click();
    await expect(view).toHaveAttribute("data-state", "idle", { timeout: 15_000 });
    await expect(view.getByTestId("printer-offline")).toHaveCount(0);
    await expect(view.getByTestId("printer-temperatures")).not.toHaveAttribute("data-stale", "true");
  } finally {
    await removePrinter(id);
    await sim.stop();
  }
});

test("a printer that refuses its login needs new credentials; an admin's link opens its form", async ({
  page,
}) => {
  const id = `e2e-refused-${stamp}`;
  const name = "E2E Refused MK4";
  const sim = await new PrusaLinkSimulator({
    host: "127.0.1.237",
    port: 0,
    name,
    password: "the-right-one",
  }).start();
  try {
    await addPrusaPrinter({ id, name, host: sim.host, port: sim.port, password: "a-wrong-one" });
    await loginAs(page, "admin");
    await page.goto("/");
    const card = page.locator(`[data-printer-id="${id}"]`);
    const notice = card.getByTestId("printer-offline");
    await expect(notice).toHaveAttribute("data-reason", "credentials", { timeout: 30_000 });
    await expect(notice).toContainText(/^Needs new credentials — /);
    // the banner refreshes itself every 10 s
    await expect(page.getByTestId("farm-alert-banner")).toContainText(`${name} needs new credentials`, {
      timeout: 15_000,
    });
    await expect(page.locator("body")).not.toContainText(rawErrno);
    await card.getByRole("link", { name: `Edit the credentials of ${name}` }).click();
    await expect(page).toHaveURL(new RegExp(`/admin/printers\\?edit=${id}$`));
    const dialog = page.getByRole("dialog", { name: `Edit ${name}` });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByLabel("Password / API key")).toHaveAttribute("placeholder", /stored/);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(page).toHaveURL(/\/admin\/printers$/);
  } finally {
    await removePrinter(id);
    await sim.stop();
  }
});

test("saving a printer whose connection test failed asks to save anyway, with what the test found", async ({
  page,
}) => {
  const name = "E2E Nobody Home";
  try {
    await loginAs(page, "admin");
    await page.goto("/admin/printers");
    await page.getByRole("button", { name: "Add printer" }).click();
    const form = page.getByRole("dialog", { name: "Add a printer" });
    await form.getByLabel("Kind").selectOption("prusalink");
    await form.getByLabel("Name", { exact: true }).fill(name);
    // nothing listens there: the test the save runs first fails
    await form.getByLabel("IP address or host name").fill("127.0.1.238");
    await form.getByLabel("Port").fill("9");
    await form.getByLabel("Password / API key").fill("whatever-1");
    await form.getByRole("button", { name: "Add printer" }).click();
    const ask = page.getByRole("dialog", { name: "Save anyway?" });
    await expect(ask).toBeVisible({ timeout: 30_000 });
    await expect(ask.getByTestId("save-anyway-reason")).toContainText("The connection test failed:");
    await expect(ask).not.toContainText(rawErrno);
    await fitsNarrowScreen(page);
    await ask.getByRole("button", { name: "Go back" }).click();
    await expect(ask).toBeHidden();
    await expect(form.getByTestId("connection-failed")).toBeVisible();
    await expect(page.locator(`[data-printer="${name}"]`)).toHaveCount(0);

    // same values, same answer: asked again without a second test; this time saved
    await form.getByRole("button", { name: "Add printer" }).click();
    await expect(ask).toBeVisible();
    await ask.getByRole("button", { name: "Save anyway" }).click();
    await expect(page.locator(`[data-printer="${name}"]`)).toBeVisible();
  } finally {
    await withE2eDatabase((db) => db.query(`DELETE FROM "Printer" WHERE name = $1`, [name]));
  }
});
