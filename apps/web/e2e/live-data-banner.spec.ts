import { expect, test } from "@playwright/test";
import { loginAs } from "./support/auth";
import { addPrusaPrinter, removePrinter, withE2eDatabase } from "./support/database";

// A worker that heartbeats but reports its writes stuck (as a worker does whose commits
// are blocked) puts the stale-data banner on every page; it goes once the stall is gone.
test("the stale-data banner shows since when live data is stale and what to check", async ({ page }) => {
  const printerId = `e2e-stale-${Date.now()}`;
  const workerId = `e2e-stalled-worker-${Date.now()}`;
  const stalledSince = new Date(Date.now() - 60_000);
  await loginAs(page, "viewer");
  try {
    await addPrusaPrinter({
      id: printerId,
      name: "Stale farm MK4",
      host: "127.0.1.250",
      port: 9,
      password: "stale-pass-1",
    });
    await page.goto("/jobs");
    await expect(page.getByRole("heading", { name: "Jobs" })).toBeVisible();
    await expect(page.getByTestId("live-data-banner")).toHaveCount(0);

    await withE2eDatabase((db) =>
      db.query(
        `INSERT INTO "WorkerNode" (id, hostname, pid, version, "startedAt", "lastHeartbeat", "lastCommitAt", "writesStalledSince")
         VALUES ($1, 'stuck-host', 1, '0.1.0', now(), now() + interval '1 hour', $2, $2)`,
        [workerId, stalledSince],
      ),
    );
    const banner = page.getByTestId("live-data-banner");
    await expect(banner).toBeVisible({ timeout: 15_000 }); // the banner refreshes itself
    await expect(banner).toContainText("Live data is stale since");
    await expect(banner.locator("time")).toHaveAttribute("datetime", stalledSince.toISOString());
    await expect(banner).toContainText("(stuck-host) cannot save printer updates");
    await expect(banner).toContainText("/health");
    await page.goto("/events");
    await expect(page.getByTestId("live-data-banner")).toBeVisible();

    await withE2eDatabase((db) =>
      db.query(`UPDATE "WorkerNode" SET "writesStalledSince" = NULL WHERE id = $1`, [workerId]),
    );
    await expect(page.getByTestId("live-data-banner")).toHaveCount(0, { timeout: 15_000 });
  } finally {
    await withE2eDatabase((db) => db.query(`DELETE FROM "WorkerNode" WHERE id = $1`, [workerId]));
    await removePrinter(printerId);
  }
});
