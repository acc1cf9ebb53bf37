// Ops PostgreSQL refuses (bypassing the adapters' sanitizing on purpose) among healthy
// printers' ops: the healthy writes land, each poison op is recorded in RejectedWrite with
// its reason and counted, the queue drains, and nothing is retried forever.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import type { Job, PrinterEvent, PrinterStatus } from "@printernizer/printers";
import { insertPrinter, quietLogger, until } from "../../test/helpers";
import { createWorkerMetrics } from "../metrics";
import { PersistencePipeline, type PersistenceOptions } from "./persistence-pipeline";

const job = (over: Partial<Job> = {}): Job => ({
  id: "1",
  name: "benchy.gcode",
  state: "PRINTING",
  progress: 10,
  ...over,
});
const status = (
  state: PrinterStatus["state"],
  j?: Job,
  extra: Partial<PrinterStatus> = {},
): PrinterStatus => ({
  state,
  job: j,
  temperatures: { nozzle: { current: 215, target: 215 } },
  filament: [],
  errors: [],
  lastCommunication: new Date(),
  ...extra,
});
const hmsFlood = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    code: `0300_0100_0001_${String(i).padStart(6, "0")}`,
    severity: "serious" as const,
    message: `HMS error number ${i}`,
  }));

describe("a write path that isolates poison", () => {
  let database: TestDatabase;
  const healthy: string[] = [];
  let poison: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    for (const name of ["Healthy A", "Healthy B", "Healthy C"]) {
      healthy.push(
        (
          await insertPrinter(database.db, {
            kind: "prusalink",
            name,
            host: "127.0.0.1",
            credentials: { password: "x" },
          })
        ).id,
      );
    }
    poison = (
      await insertPrinter(database.db, {
        kind: "bambu",
        name: "Poison",
        host: "127.0.0.2",
        credentials: { accessCode: "x" },
      })
    ).id;
  });
  afterAll(async () => database.drop());

  async function startPipeline(options: Partial<PersistenceOptions> = {}) {
    const holder: { pipeline?: PersistencePipeline } = {};
    const metrics = createWorkerMetrics({ fleet: () => undefined, pipeline: () => holder.pipeline });
    const pipeline = new PersistencePipeline(
      database.db,
      "w-poison",
      quietLogger,
      {
        flushIntervalMs: 50,
        statusCoalesceMs: 200,
        sampleIntervalMs: 0,
        telemetryEventIntervalMs: 0,
        ...options,
      },
      { onRejected: (reason) => metrics.writesRejected.inc({ reason }) },
    );
    holder.pipeline = pipeline;
    for (const id of [...healthy, poison]) await pipeline.attach(id);
    pipeline.start();
    const publish = (printerId: string, event: PrinterEvent) =>
      pipeline.publish({ printerId, at: new Date(), event });
    return { pipeline, metrics, publish };
  }

  /** Every healthy printer starts a job named after `tag` and reports it; resolves when all rows are there. */
  async function healthyRound(publish: (printerId: string, event: PrinterEvent) => void, tag: string) {
    for (const id of healthy) {
      const j = job({ id: tag, name: `${tag}.gcode` });
      publish(id, { type: "job_started", job: j });
      publish(id, { type: "printer_status_updated", status: status("printing", j), previousState: "idle" });
    }
  }
  const healthyLanded = (tag: string) =>
    until(
      `healthy printers' job ${tag} and status`,
      async () => {
        const jobs = await database.db.job.count({ where: { printerId: { in: healthy }, externalId: tag } });
        const live = await database.db.liveStatus.count({
          where: { printerId: { in: healthy }, jobName: `${tag}.gcode` },
        });
        return jobs === healthy.length && live === healthy.length;
      },
      5_000,
    );

  it("writes the healthy printers' ops, rejects and records each poison op once, and drains", async () => {
    const { pipeline, metrics, publish } = await startPipeline();
    await healthyRound(publish, "warmup");
    await healthyRound(publish, "r1");
    // Poison, in the same batches as the healthy ops.
    publish(poison, { type: "job_started", job: job({ id: "nul", name: "evil\u0000name.3mf" }) });
    await healthyRound(publish, "r2");
    publish(poison, { type: "job_started", job: job({ id: "surrogate", name: "half\ud800pair.3mf" }) });
    publish(poison, {
      type: "job_started",
      job: job({ id: "layers", name: "tall.3mf", totalLayers: 2 ** 31 }),
    });
    publish(poison, {
      type: "printer_status_updated",
      status: status("printing", job({ id: "layers", name: "tall.3mf", remainingSeconds: 2 ** 31 })),
      previousState: "idle",
    });
    publish(poison, { type: "printer_error", errors: hmsFlood(300_000) });
    await healthyRound(publish, "r3");
    await healthyLanded("r3");

    await until(
      "queue drained",
      async () => pipeline.stats().queued === 0 && pipeline.writeHealth().oldestPendingAt === undefined,
      15_000,
    );
    const rejected = await database.db.rejectedWrite.findMany({
      where: { printerId: poison },
      orderBy: { id: "asc" },
    });
    const byExcerpt = (text: string) => rejected.filter((r) => r.excerpt.includes(text));
    // The NUL job name: its job row and its job_started event are refused (22P05); the excerpt keeps it as an escape.
    expect(byExcerpt("evil\\u0000name").map((r) => [r.opType, r.reason, r.sqlState])).toEqual(
      expect.arrayContaining([
        ["event", "rejected", "22P05"],
        ["jobOpen", "rejected", "22P05"],
      ]),
    );
    expect(byExcerpt("half\\ud800pair").map((r) => [r.opType, r.reason, r.sqlState])).toEqual(
      expect.arrayContaining([["jobOpen", "rejected", "22P02"]]),
    );
    expect(byExcerpt('"totalLayers":2147483648').map((r) => [r.opType, r.reason, r.sqlState])).toEqual(
      expect.arrayContaining([["jobOpen", "rejected", "22003"]]),
    );
    expect(
      rejected.some(
        (r) =>
          r.opType === "status" &&
          r.reason === "rejected" &&
          r.sqlState === "22003" &&
          r.excerpt.includes("2147483648"),
      ),
    ).toBe(true);
    const huge = rejected.filter((r) => r.reason === "too_large");
    expect(huge.map((r) => r.opType)).toContain("event");
    expect(huge[0]!.message).toMatch(/bytes, more than the 1048576 allowed/);
    for (const r of rejected) {
      expect(r.excerpt.length).toBeLessThanOrEqual(2_000);
      expect(r.excerpt).not.toContain("\u0000");
    }
    // Healthy printers: every round landed, nothing of theirs was rejected.
    expect(await database.db.rejectedWrite.count({ where: { printerId: { in: healthy } } })).toBe(0);
    for (const tag of ["warmup", "r1", "r2", "r3"])
      expect(await database.db.job.count({ where: { printerId: { in: healthy }, externalId: tag } })).toBe(
        healthy.length,
      );
    // The poison printer's acceptable ops still land: the "layers" job_started event has no Int column to overflow.
    expect(
      await database.db.printerEvent.count({ where: { printerId: poison, type: "job_started" } }),
    ).toBeGreaterThanOrEqual(1);

    // Counted, in the stats and in the metric.
    const stats = pipeline.stats();
    expect(stats.rejected.rejected).toBe(rejected.filter((r) => r.reason === "rejected").length);
    expect(stats.rejected.too_large).toBe(huge.length);
    const text = await metrics.registry.metrics();
    expect(text).toContain(
      `printernizer_writes_rejected_total{reason="rejected"} ${stats.rejected.rejected}`,
    );
    expect(text).toContain(
      `printernizer_writes_rejected_total{reason="too_large"} ${stats.rejected.too_large}`,
    );

    // Nothing is retried forever: once drained, no write fails any more.
    const failed = stats.failedWrites;
    expect(failed).toBeGreaterThan(0);
    await healthyRound(publish, "r4");
    await healthyLanded("r4");
    await new Promise((r) => setTimeout(r, 1_000));
    expect(pipeline.stats().failedWrites).toBe(failed);
    expect(pipeline.stats().databaseUp).toBe(true);
    await pipeline.stop();
  });

  it("gives up on an op that times out alone, after two lone attempts", { timeout: 120_000 }, async () => {
    // No size cap and a short transaction limit: the huge op can only time out.
    const { pipeline, publish } = await startPipeline({
      maxOpBytes: Number.POSITIVE_INFINITY,
      transactionTimeoutMs: 1_000,
    });
    await healthyRound(publish, "t0");
    await healthyLanded("t0");
    publish(poison, { type: "printer_error", errors: hmsFlood(200_000) });
    await new Promise((r) => setTimeout(r, 100));
    await healthyRound(publish, "t1");
    const rejected = await until(
      "timed-out op recorded",
      () => database.db.rejectedWrite.findFirst({ where: { printerId: poison, reason: "timeout" } }),
      90_000,
    );
    expect(rejected).toMatchObject({ opType: "event", sqlState: null });
    expect(rejected.excerpt).toContain("… (200000 items)");
    await healthyLanded("t1");
    await until("queue drained", async () => pipeline.stats().queued === 0, 15_000);
    expect(pipeline.stats().rejected.timeout).toBe(1);
    expect(
      await database.db.printerEvent.count({ where: { printerId: poison, type: "printer_error" } }),
    ).toBe(0);
    const failed = pipeline.stats().failedWrites;
    await healthyRound(publish, "t2");
    await healthyLanded("t2");
    expect(pipeline.stats().failedWrites).toBe(failed);
    await pipeline.stop();
  });
});
