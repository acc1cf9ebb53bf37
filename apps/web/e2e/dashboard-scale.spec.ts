// The dashboard with 200 simulated printers (the smoke version of the bench's 2,000-printer
// measurement, `npm run bench -- --printers 2000 --dashboard`): every printer is listed, the
// counters add up to the farm, live changes arrive in the table, the page logs no error. The
// figures (first render, long tasks while updates stream, heap, scrolling) are printed and
// annotated, never asserted: this machine's timing is not a test result.
import { expect, test, type Page } from "@playwright/test";
import { loginAs } from "./support/auth";
import { formatViewFigures, type ViewFigures } from "./support/dashboard-figures";
import {
  collectPageErrors,
  installDashboardProbes,
  measureView,
  scrollTable,
} from "./support/dashboard-metrics";
import { withE2eDatabase } from "./support/database";
import { startSimFarm, type SimFarm } from "./support/sim-farm";

const count = 200;
const streamSeconds = 8;
let farm: SimFarm;
let total = count;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(90_000);
  farm = await startSimFarm({ count, block: 62, prefix: "Scale" });
  // Printers other specs left behind count too (the counters are the whole farm's).
  total = await withE2eDatabase(async (db) => {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Printer"`);
    return rows[0]!.n;
  });
  await expect.poll(() => farm.connected(), { timeout: 60_000, intervals: [500] }).toBe(count);
});

test.afterAll(async () => {
  await farm?.stop();
});

/** Pauses and resumes printing printers, five changes a second, while `work` runs. */
async function whileChangesStream<T>(work: () => Promise<T>): Promise<T> {
  let streaming = true;
  const changer = (async () => {
    for (let k = 0; streaming; k++) {
      farm.toggle(farm.printing[(k * 7) % farm.printing.length]!);
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  try {
    return await work();
  } finally {
    streaming = false;
    await changer;
  }
}

async function measure(page: Page, view: "cards" | "table"): Promise<ViewFigures | null> {
  await installDashboardProbes(page, { printers: total });
  await loginAs(page, "viewer");
  const figures = await whileChangesStream(() =>
    measureView(page, { view, printers: total, streamSeconds, timeoutMs: 30_000 }),
  );
  if (figures) {
    const lines = formatViewFigures(figures);
    process.stdout.write(`${lines.join("\n")}\n`);
    test.info().annotations.push({ type: `${view} view`, description: lines.slice(1).join("\n") });
  }
  return figures;
}

test("cards view: the counters add up to the farm while changes stream, no page errors", async ({ page }) => {
  const errors = collectPageErrors(page);
  // measureView waits until the counters add up to `total`, or times out (the assertion).
  const figures = await measure(page, "cards");
  expect(Object.values(figures!.counters).reduce((a, b) => a + b, 0)).toBe(total);
  expect(errors).toEqual([]);
});

test("table view: all 200 printers are listed, the counters add up, live changes arrive", async ({
  page,
}) => {
  const errors = collectPageErrors(page);
  const figures = await measure(page, "table");
  expect(figures, "the table view (/?view=table, data-testid=farm-table) is missing").not.toBeNull();
  // Every printer of the farm is a row somewhere between the table's top and bottom.
  const seen = new Set((await scrollTable(page)).idsSeen);
  expect(farm.ids.filter((id) => !seen.has(id))).toEqual([]);
  expect(seen.size).toBe(total);

  // A change made now reaches its row: one printing (or paused) printer, found by name.
  const index = farm.printing[0]!;
  await page.goto(`/?view=table&q=${encodeURIComponent(farm.names[index]!)}`);
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-live", "live");
  const row = page.locator(`[data-testid="farm-row"][data-printer-id="${farm.ids[index]}"]`);
  await expect(row).toHaveAttribute("data-state", /^(printing|paused)$/);
  const state = await row.getAttribute("data-state");
  expect(farm.toggle(index)).toBe(true);
  await expect(row).toHaveAttribute("data-state", state === "paused" ? "printing" : "paused", {
    timeout: 15_000,
  });
  expect(errors).toEqual([]);
});
