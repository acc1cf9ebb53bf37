// The lease rule against a real database: a lease is its owner's while the owner's heartbeat
// (one WorkerNode row, written at every tick) is younger than the lease period. Another worker
// claims the printers of a worker that stopped beating within that period of its last heartbeat,
// never before; the stale worker then sees them gone, and its buffered status and job writes for
// them are fenced (not written), while its writes for printers it still holds land.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import type { PrinterStatus } from "@printernizer/printers";
import { insertPrinter, quietLogger, until } from "../../test/helpers";
import { PersistencePipeline } from "../persistence/persistence-pipeline";
import { LeaseManager } from "./lease-manager";

const leaseMs = 2_000;
const printerCount = 6;

describe("leases follow their owner's heartbeat", () => {
  let database: TestDatabase;
  let printerIds: string[];
  let a: LeaseManager;
  let b: LeaseManager;

  const heartbeatAgeMs = async (workerId: string) => {
    const [row] = await database.db.$queryRaw<{ age: number }[]>`
      SELECT (extract(epoch FROM now() - "lastHeartbeat") * 1000)::float8 AS age FROM "WorkerNode" WHERE "id" = ${workerId}`;
    return row!.age;
  };
  const setHeartbeatAge = (workerId: string, ageMs: number) =>
    database.db
      .$executeRaw`UPDATE "WorkerNode" SET "lastHeartbeat" = now() - make_interval(secs => ${ageMs / 1000}) WHERE "id" = ${workerId}`;
  const owners = async () =>
    new Map((await database.db.printerLease.findMany()).map((l) => [l.printerId, l.ownerId]));

  beforeAll(async () => {
    database = await createTestDatabase();
    printerIds = [];
    for (let i = 0; i < printerCount; i++) {
      const row = await insertPrinter(database.db, {
        kind: "prusalink",
        name: `Leased ${i}`,
        host: `127.64.0.${i + 1}`,
        credentials: { password: "x" },
      });
      printerIds.push(row.id);
    }
    for (const id of ["worker-a", "worker-b"])
      await database.db.workerNode.create({ data: { id, hostname: "test", pid: 1, version: "test" } });
    a = new LeaseManager(database.db, "worker-a", quietLogger, { leaseMs });
    b = new LeaseManager(database.db, "worker-b", quietLogger, { leaseMs });
  });
  afterAll(async () => database.drop());

  it("a renewal writes one heartbeat row, not one row per lease", async () => {
    await a.renew();
    expect(await a.claim(printerCount)).toHaveLength(printerCount);
    const before = await database.db.printerLease.findMany({ orderBy: { printerId: "asc" } });
    const heartbeatBefore = (await database.db.workerNode.findUniqueOrThrow({ where: { id: "worker-a" } }))
      .lastHeartbeat;
    await new Promise((r) => setTimeout(r, 20));
    expect(await a.renew()).toEqual(new Set(printerIds));
    // the lease rows are untouched; the worker's heartbeat moved
    expect(await database.db.printerLease.findMany({ orderBy: { printerId: "asc" } })).toEqual(before);
    const heartbeatAfter = (await database.db.workerNode.findUniqueOrThrow({ where: { id: "worker-a" } }))
      .lastHeartbeat;
    expect(heartbeatAfter.getTime()).toBeGreaterThan(heartbeatBefore.getTime());
  });

  it("nothing is claimable while the owner's heartbeat is younger than the lease period", async () => {
    await b.renew();
    await setHeartbeatAge("worker-a", leaseMs - 300);
    expect(await b.claim(printerCount)).toEqual([]);
    expect(await b.fairShare()).toMatchObject({ liveWorkers: 2, target: printerCount / 2 });
    expect([...(await owners()).values()]).toEqual(printerIds.map(() => "worker-a"));
  });

  it("another worker claims within the lease period after the owner's last heartbeat, never before", async () => {
    await a.renew(); // A's last heartbeat
    const attempts: { ageBeforeMs: number; claimed: number }[] = [];
    for (;;) {
      const ageBeforeMs = await heartbeatAgeMs("worker-a");
      await b.renew();
      const claimed = (await b.claim(printerCount)).length;
      attempts.push({ ageBeforeMs, claimed });
      if (claimed) break;
      expect(ageBeforeMs).toBeLessThan(leaseMs + 2_000);
      await new Promise((r) => setTimeout(r, 100));
    }
    const success = attempts.at(-1)!;
    const failed = attempts.slice(0, -1);
    expect(success.claimed).toBe(printerCount);
    // Before a whole period had passed, no attempt took anything…
    expect(failed.length).toBeGreaterThan(5);
    expect(failed.every((t) => t.claimed === 0)).toBe(true);
    // …and the claim came within one poll of the period running out (the claim needs age ≥ period).
    expect(success.ageBeforeMs).toBeGreaterThan(leaseMs - 400);
    expect(success.ageBeforeMs).toBeLessThan(leaseMs + 1_000);
    expect(await heartbeatAgeMs("worker-a")).toBeGreaterThanOrEqual(leaseMs);
    expect([...(await owners()).values()]).toEqual(printerIds.map(() => "worker-b"));
    // the stale worker beats again: it owns nothing now and is counted live again for fair shares
    expect(await a.renew()).toEqual(new Set());
    expect(await a.fairShare()).toMatchObject({ liveWorkers: 2 });
  });

  it("a stopped owner's printers are claimable at once; a worker just back from an outage waits a period", async () => {
    // B stops (its row says so) but keeps its lease rows, as after a crash during shutdown.
    await database.db.workerNode.update({ where: { id: "worker-b" }, data: { stoppedAt: new Date() } });
    expect(await a.claim(2)).toHaveLength(2);
    await database.db.workerNode.update({ where: { id: "worker-b" }, data: { stoppedAt: null } });
    // A loses the database for a moment: afterwards it claims nothing for a whole lease period.
    const broken = new LeaseManager(
      { $executeRaw: () => Promise.reject(new Error("connection refused")) } as never,
      "worker-a",
      quietLogger,
      { leaseMs },
    );
    await expect(broken.renew()).rejects.toThrow("connection refused");
    expect(await broken.claim(printerCount)).toEqual([]);
  });

  it("a worker that lost a printer while its heartbeat was stale writes neither its status nor its job", async () => {
    // A holds printer 0, B holds printer 1 (taken from A while A was stale); A still has both attached.
    await database.db.printerLease.deleteMany();
    await database.db.printerLease.createMany({
      data: [
        { printerId: printerIds[0]!, ownerId: "worker-a", expiresAt: new Date() },
        { printerId: printerIds[1]!, ownerId: "worker-b", expiresAt: new Date() },
      ],
    });
    const pipeline = new PersistencePipeline(database.db, "worker-a", quietLogger, {
      statusCoalesceMs: 0,
      flushIntervalMs: 50,
    });
    pipeline.start();
    try {
      const [kept, lost] = [printerIds[0]!, printerIds[1]!];
      await pipeline.attachMany([kept, lost]);
      const printing: PrinterStatus = {
        state: "printing",
        job: { id: "7", name: "part.gcode", state: "PRINTING", progress: 5 },
        temperatures: { nozzle: { current: 215, target: 215 } },
        filament: [],
        errors: [],
        lastCommunication: new Date(),
      };
      for (const printerId of [kept, lost]) {
        pipeline.publish({ printerId, at: new Date(), event: { type: "printer_connected" } });
        pipeline.publish({ printerId, at: new Date(), event: { type: "job_started", job: printing.job! } });
        pipeline.publish({
          printerId,
          at: new Date(),
          event: { type: "printer_status_updated", status: printing, previousState: "idle" },
        });
      }
      // The printer A still holds: its status and job land (so the pipeline did flush both).
      await until("the kept printer's status and job", async () => {
        const live = await database.db.liveStatus.findUnique({ where: { printerId: kept } });
        const jobs = await database.db.job.count({ where: { printerId: kept } });
        return live?.state === "printing" && live.workerId === "worker-a" && jobs === 1;
      });
      await pipeline.stop();
      expect(pipeline.stats().queued).toBe(0);
      // The printer B holds: nothing from A in its status row or its jobs; the event log keeps what A saw.
      expect(await database.db.liveStatus.findUnique({ where: { printerId: lost } })).toBeNull();
      expect(await database.db.job.count({ where: { printerId: lost } })).toBe(0);
      expect(await database.db.printerEvent.count({ where: { printerId: lost } })).toBeGreaterThan(0);
    } finally {
      await pipeline.stop();
    }
  });

  it("a worker whose row is missing owns nothing and claims nothing", async () => {
    // Printers 2…5 have no lease row: free for any worker that has one.
    const gone = new LeaseManager(database.db, "worker-gone", quietLogger, { leaseMs });
    expect(await gone.renew()).toEqual(new Set());
    expect(await gone.claim(printerCount)).toEqual([]);
    expect(await database.db.printerLease.count({ where: { ownerId: "worker-gone" } })).toBe(0);
  });
});
