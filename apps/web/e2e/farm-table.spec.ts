import { expect, test, type Page } from "@playwright/test";
import { PrusaLinkSimulator } from "@printernizer/printer-sim";
import { loginAs } from "./support/auth";
import { addPrusaPrinter, removePrinter } from "./support/database";

// Three simulated printers whose name order differs from the problems-first order:
// Bravo reports an error, Charlie prints, Alpha is idle.
const sampleFile = "/usb/painting_cone_0.4n_0.2mm_PETG_MK4_31m.bgcode";
const password = "farm-table-pass";
const names = ["FT Alpha", "FT Bravo", "FT Charlie"] as const;

/** The ids of our rows in the order the table shows them (other printers left out). */
async function rowOrder(page: Page, ids: string[]): Promise<string[]> {
  const shown = await page
    .getByTestId("farm-row")
    .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-printer-id") ?? ""));
  return shown.filter((id) => ids.includes(id));
}

test("the table view: problems first, sorting by header, counters filter, everything in the URL, live rows", async ({
  page,
}) => {
  const reactErrors: string[] = [];
  page.on("pageerror", (error) => reactErrors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error" && /#418|hydrat/i.test(message.text())) reactErrors.push(message.text());
  });
  await page.emulateMedia({ colorScheme: "dark" });
  await loginAs(page, "viewer");
  const sims = await Promise.all(
    names.map((name, i) =>
      new PrusaLinkSimulator({ host: `127.61.0.${i + 1}`, port: 0, name, password, timeScale: 20 }).start(),
    ),
  );
  const stamp = Date.now();
  const ids = names.map((_, i) => `e2e-table-${i}-${stamp}`);
  const [alpha, bravo, charlie] = ids as [string, string, string];
  try {
    // Bravo's firmware says ERROR on every poll; Charlie is printing.
    sims[1]!.answerNext(
      "/api/v1/status",
      { body: { printer: { state: "ERROR", temp_nozzle: 31, temp_bed: 24 } } },
      100_000,
    );
    expect(sims[2]!.startPrint(sampleFile)).toBe(true);
    for (const [i, sim] of sims.entries())
      await addPrusaPrinter({ id: ids[i]!, name: names[i]!, host: sim.host, port: sim.port, password });

    await page.goto("/?view=table");
    const table = page.getByTestId("farm-table");
    await expect(table).toBeVisible();
    const row = (id: string) => table.locator(`[data-testid="farm-row"][data-printer-id="${id}"]`);
    await expect(row(alpha)).toHaveAttribute("data-state", "idle", { timeout: 40_000 });
    await expect(row(bravo)).toHaveAttribute("data-state", "error", { timeout: 40_000 });
    await expect(row(charlie)).toHaveAttribute("data-state", "printing", { timeout: 40_000 });

    // Problems first (the default): the printer in error heads the table.
    await expect.poll(() => rowOrder(page, ids)).toEqual([bravo, charlie, alpha]);
    await expect(table.getByTestId("farm-row").first()).toHaveAttribute("data-bucket", "error");

    // A live change reaches its row without a reload: Charlie's progress climbs.
    const progress = row(charlie).getByTestId("row-progress");
    await expect(progress).toBeVisible({ timeout: 20_000 });
    const first = Number((await progress.innerText()).replace("%", ""));
    await expect
      .poll(async () => Number((await progress.innerText()).replace("%", "")), { timeout: 30_000 })
      .toBeGreaterThan(first);

    // At phone width the page itself does not scroll sideways: the table scrolls inside its box,
    // and the toolbar wraps with the search box still wide enough to type in.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
      .toBeLessThanOrEqual(390);
    expect(await table.evaluate((t) => t.parentElement!.scrollWidth > t.parentElement!.clientWidth)).toBe(
      true,
    );
    expect((await page.getByTestId("farm-search").boundingBox())!.width).toBeGreaterThanOrEqual(180);
    await page.setViewportSize({ width: 1280, height: 720 });

    // Sorting by clicking headers, said by aria-sort and kept in the URL.
    const nameHeader = table.locator("th", { has: page.getByTestId("sort-name") });
    await page.getByTestId("sort-name").click();
    await expect(page).toHaveURL(/[?&]sort=name(&|$)/);
    await expect(nameHeader).toHaveAttribute("aria-sort", "ascending");
    await expect.poll(() => rowOrder(page, ids)).toEqual([alpha, bravo, charlie]);
    await page.getByTestId("sort-name").click();
    await expect(page).toHaveURL(/[?&]dir=desc(&|$)/);
    await expect(nameHeader).toHaveAttribute("aria-sort", "descending");
    await expect.poll(() => rowOrder(page, ids)).toEqual([charlie, bravo, alpha]);
    await page.getByTestId("sort-progress").click();
    await expect(nameHeader).not.toHaveAttribute("aria-sort", /./);
    await expect.poll(async () => (await rowOrder(page, ids))[0]).toBe(charlie);

    // A counter filters, a second click clears.
    const errors = page.getByTestId("counter-error");
    await expect(errors).toContainText(/[1-9]/);
    await errors.click();
    await expect(page).toHaveURL(/[?&]state=error(&|$)/);
    await expect(errors).toHaveAttribute("aria-pressed", "true");
    await expect.poll(() => rowOrder(page, ids)).toEqual([bravo]);
    await errors.click();
    await expect(page).not.toHaveURL(/state=/);
    await expect.poll(() => rowOrder(page, ids)).toHaveLength(3);

    // Kind and search (debounced) go into the URL and survive a reload.
    await page.getByTestId("farm-kind").selectOption("prusalink");
    await expect(page).toHaveURL(/[?&]kind=prusalink(&|$)/);
    await page.getByTestId("farm-search").fill("FT Al");
    await expect(page).toHaveURL(/[?&]q=FT\+Al(&|$)/);
    await expect.poll(() => rowOrder(page, ids)).toEqual([alpha]);
    await page.reload();
    await expect(page.getByTestId("farm-search")).toHaveValue("FT Al");
    await expect(page.getByTestId("farm-kind")).toHaveValue("prusalink");
    await expect(table.locator("th", { has: page.getByTestId("sort-progress") })).toHaveAttribute(
      "aria-sort",
      "ascending",
    );
    await expect.poll(() => rowOrder(page, ids)).toEqual([alpha]);

    // Back and forward: the view switch is a history entry.
    await page.getByTestId("view-cards").click();
    await expect(page.getByTestId("farm-grid")).toBeVisible();
    await expect(page).not.toHaveURL(/view=/);
    await page.goBack();
    await expect(table).toBeVisible();
    await expect(page).toHaveURL(/[?&]view=table(&|$)/);
    await page.goForward();
    await expect(page.getByTestId("farm-grid")).toBeVisible();
    await expect(page.locator(`[data-testid="printer-card"][data-printer-id="${alpha}"]`)).toBeVisible();

    // The system's dark theme holds after hydration, and hydration raised no error.
    await expect(page.locator("html")).toHaveClass(/dark/);
    expect(reactErrors).toEqual([]);
  } finally {
    for (const id of ids) await removePrinter(id);
    await Promise.all(sims.map((sim) => sim.stop()));
  }
});
