// The printer page on a 390 px phone, in a time zone far from the server's: nothing wider
// than the screen (the files table's Download buttons in reach), the temperature chart at
// 1 h with time labels that do not overlap and are at least 11 px, and no page error or
// hydration error (React #418) in light or dark; axe in both.
import { expect, test, type Page } from "@playwright/test";
import { PrusaLinkSimulator } from "@printernizer/printer-sim";
import { loginAs } from "./support/auth";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { addPrusaPrinter, withE2eDatabase } from "./support/database";

// far from the server's time zone, so a server-rendered clock time would not match the browser's
test.use({ timezoneId: "Pacific/Kiritimati" });

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && /418|hydrat/i.test(message.text())) errors.push(message.text());
  });
  return errors;
}

async function checkPhoneLayout(page: Page, theme: string): Promise<void> {
  const view = page.getByTestId("printer-page");
  await expect(view).toBeVisible();
  // nothing makes the page scroll sideways
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
    wider: [...document.querySelectorAll("main *")]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
      .filter((e) => !e.closest(".overflow-x-auto"))
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${String(e.className).slice(0, 60)}`),
  }));
  expect(widths.wider, `${theme}: elements past the right edge`).toEqual([]);
  expect(widths.page).toBeLessThanOrEqual(widths.viewport);

  // every Download button is on screen
  const buttons = page.getByTestId("printer-file").getByRole("button", { name: /^Download / });
  expect(await buttons.count()).toBeGreaterThan(0);
  for (const button of await buttons.all()) {
    const box = (await button.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
  }

  // the chart: 1 h, drawn at its shown size, time labels apart and readable
  await expect(
    page.getByRole("group", { name: "Time range" }).getByRole("button", { name: "1 h" }),
  ).toHaveAttribute("aria-pressed", "true");
  const labels = page.getByTestId("line-chart").locator('text[data-axis="time"]');
  await expect(labels.first()).toBeVisible({ timeout: 20_000 });
  const boxes = await labels.evaluateAll((nodes) =>
    nodes.map((n) => {
      const r = n.getBoundingClientRect();
      return {
        left: r.left,
        right: r.right,
        height: r.height,
        font: parseFloat(getComputedStyle(n).fontSize),
      };
    }),
  );
  expect(boxes.length).toBeGreaterThanOrEqual(2);
  for (const [i, box] of boxes.entries()) {
    expect(box.font, `${theme}: label ${i} font size`).toBeGreaterThanOrEqual(11);
    expect(box.height).toBeGreaterThanOrEqual(11);
    if (i > 0)
      expect(box.left, `${theme}: label ${i} overlaps the one before`).toBeGreaterThan(boxes[i - 1]!.right);
  }
}

test("printer page at 390 px: files reachable, chart readable at 1 h, no hydration error in light or dark", async ({
  page,
}, testInfo) => {
  test.setTimeout(90_000);
  const sim = await new PrusaLinkSimulator({
    host: "127.76.0.2",
    port: 0,
    name: "E2E Phone MK4",
    password: "e2e-phone-pass",
  }).start();
  const id = `e2e-phone-${Date.now()}`;
  try {
    await addPrusaPrinter({
      id,
      name: "E2E Phone MK4",
      host: sim.host,
      port: sim.port,
      password: "e2e-phone-pass",
    });
    await loginAs(page, "operator"); // at desktop width: the phone header folds the user into its menu
    await page.setViewportSize({ width: 390, height: 844 });
    const errors = collectErrors(page);
    await page.goto(`/printers/${id}`);
    await expect(page.getByTestId("printer-page")).toHaveAttribute("data-state", "idle", { timeout: 20_000 });
    await page.getByRole("button", { name: "Refresh list" }).click();
    await expect(page.getByTestId("printer-file").first()).toBeVisible({ timeout: 20_000 });

    await page.reload();
    await checkPhoneLayout(page, "light");
    await expectNoSeriousA11yViolations(page, "printer page at 390 px (light)");
    const light = testInfo.outputPath("printer-page-phone.png");
    await page.screenshot({ path: light, fullPage: true });
    await testInfo.attach("printer page at 390 px", { path: light, contentType: "image/png" });

    await page.emulateMedia({ colorScheme: "dark" });
    await page.reload();
    await checkPhoneLayout(page, "dark");
    await expectNoSeriousA11yViolations(page, "printer page at 390 px (dark)");
    const dark = testInfo.outputPath("printer-page-phone-dark.png");
    await page.screenshot({ path: dark, fullPage: true });
    await testInfo.attach("printer page at 390 px, dark", { path: dark, contentType: "image/png" });

    expect(errors).toEqual([]);
  } finally {
    await withE2eDatabase((db) => db.query(`DELETE FROM "Printer" WHERE id = $1`, [id]));
    await sim.stop();
  }
});
