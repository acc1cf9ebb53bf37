// Honest health: another session holds a lock on LiveStatus, so the worker's writes cannot
// commit while `SELECT 1` still works. /health turns 503 with the reason, the worker's
// WorkerNode row says since when (the web app's stale-data banner reads it), and both
// recover once the lock is gone, with every write landed and none rejected.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import type { PrinterStatus } from "@printernizer/printers";
import { liveDataStatus } from "@printernizer/farm/live-data";
import { insertPrinter, quietLogger, testSecret, until } from "../../test/helpers";
import { loadWorkerEnv } from "../env";
import { startWorker, type RunningWorker } from "../worker";

interface HealthBody {
  status: string;
  checks: Record<string, { ok: boolean; detail?: { reason?: string; oldestPendingAt?: string | null } }>;
}

describe("/health during a write stall", () => {
  let database: TestDatabase;
  let worker: RunningWorker;
  let printerId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    // Disabled, so the fleet leaves it alone; the test feeds the pipeline directly.
    printerId = (
      await insertPrinter(database.db, {
        kind: "prusalink",
        name: "Stalled",
        host: "127.0.0.1",
        credentials: { password: "x" },
        enabled: false,
      })
    ).id;
    // An enabled printer of a kind this worker does not run, so the farm has something to be live about.
    await insertPrinter(database.db, {
      kind: "bambu",
      name: "Unsupported here",
      host: "127.0.0.2",
      credentials: { accessCode: "x" },
    });
    const env = loadWorkerEnv({
      DATABASE_URL: database.url,
      PRINTERNIZER_SECRET: testSecret,
      PRINTERNIZER_WORKER_PORT: "0",
      PRINTERNIZER_HEARTBEAT_MS: "500",
      PRINTERNIZER_WRITE_STALL_MS: "2000",
      PRINTERNIZER_STATUS_COALESCE_MS: "200",
    });
    worker = await startWorker({ env, db: database.db, logger: quietLogger, kinds: {} });
    await worker.pipeline.attach(printerId);
  });
  afterAll(async () => {
    await worker?.stop().catch(() => {});
    await database.drop();
  });

  const health = async () => {
    const response = await fetch(`${worker.healthUrl}/health`);
    return { status: response.status, body: (await response.json()) as HealthBody };
  };
  const report = (nozzle: number) => {
    const status: PrinterStatus = {
      state: "idle",
      temperatures: { nozzle: { current: nozzle, target: 0 } },
      filament: [],
      errors: [],
      lastCommunication: new Date(),
    };
    worker.pipeline.publish({ printerId, at: new Date(), event: { type: "printer_status_updated", status } });
  };
  const workerRow = () => database.db.workerNode.findUniqueOrThrow({ where: { id: worker.id } });

  it(
    "answers 503 with the reason while writes cannot commit, and 200 once they do",
    { timeout: 90_000 },
    async () => {
      report(20);
      await until(
        "first status written",
        async () => (await database.db.liveStatus.findUnique({ where: { printerId } }))?.state === "idle",
      );
      expect((await health()).status).toBe(200);
      await until("last commit in WorkerNode", async () =>
        (await workerRow()).lastCommitAt ? true : undefined,
      );

      const locker = new pg.Client({ connectionString: database.url });
      await locker.connect();
      let nozzle = 21;
      const feeder = setInterval(() => report(nozzle++), 200);
      try {
        await locker.query("BEGIN");
        await locker.query(`LOCK TABLE "LiveStatus" IN ACCESS EXCLUSIVE MODE`);
        const lockedAt = Date.now();

        const stalled = await until("503 from /health", async () => {
          const h = await health();
          return h.status === 503 ? h : undefined;
        });
        expect(Date.now() - lockedAt).toBeGreaterThanOrEqual(2_000);
        expect(stalled.body.status).toBe("degraded");
        expect(stalled.body.checks.database?.ok).toBe(true); // SELECT 1 still works
        expect(stalled.body.checks.writes?.ok).toBe(false);
        expect(stalled.body.checks.writes?.detail?.reason).toMatch(
          /oldest queued write has waited \d+ s without committing \(threshold 2 s\)/,
        );
        const row = await until("stall in WorkerNode", async () => {
          const r = await workerRow();
          return r.writesStalledSince ? r : undefined;
        });
        expect(row.writesStalledSince!.getTime()).toBeLessThanOrEqual(Date.now() - 2_000);
        // What the web app's banner reads.
        expect(await liveDataStatus(database.db)).toEqual({
          stale: true,
          problem: "writes_stalled",
          since: row.writesStalledSince,
          workers: [{ id: worker.id, hostname: row.hostname }],
        });
        const metrics = await (await fetch(`${worker.healthUrl}/metrics`)).text();
        const oldest = Number(/^printernizer_write_oldest_pending_seconds (\S+)$/m.exec(metrics)?.[1]);
        expect(oldest).toBeGreaterThan(2);

        // Past the 5 s transaction limit: the blocked batch then fails as a timeout and is retried.
        await new Promise((r) => setTimeout(r, Math.max(0, lockedAt + 6_000 - Date.now())));
      } finally {
        await locker.query("COMMIT").catch(() => {});
        await locker.end();
        clearInterval(feeder);
      }
      const last = nozzle - 1;

      await until(
        "200 from /health",
        async () => ((await health()).status === 200 ? true : undefined),
        20_000,
      );
      await until("latest status written", async () => {
        const live = await database.db.liveStatus.findUnique({ where: { printerId } });
        return (
          (live?.status as { temperatures?: { nozzle?: { current?: number } } } | null)?.temperatures?.nozzle
            ?.current === last
        );
      });
      await until("stall cleared in WorkerNode", async () =>
        (await workerRow()).writesStalledSince === null ? true : undefined,
      );
      expect(await liveDataStatus(database.db)).toMatchObject({ stale: false, problem: null });
      expect(await database.db.rejectedWrite.count()).toBe(0);
      expect(worker.pipeline.stats().rejected).toEqual({ rejected: 0, too_large: 0, timeout: 0, unknown: 0 });
    },
  );
});
