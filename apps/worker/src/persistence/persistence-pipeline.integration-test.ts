import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import type { Job, PrinterEvent, PrinterStatus } from "@printernizer/printers";
import { insertPrinter, quietLogger, until } from "../../test/helpers";
import { PersistencePipeline } from "./persistence-pipeline";

const job = (over: Partial<Job> = {}): Job => ({
  id: "42",
  name: "benchy.bgcode",
  displayName: "Benchy",
  state: "PRINTING",
  progress: 10,
  ...over,
});
const status = (state: PrinterStatus["state"], j?: Job, nozzle = 215): PrinterStatus => ({
  state,
  job: j,
  temperatures: { nozzle: { current: nozzle, target: 215 }, bed: { current: 60, target: 60 } },
  filament: [],
  errors: [],
  lastCommunication: new Date(),
});

describe("persistence pipeline against a real database", () => {
  let database: TestDatabase;
  let printerId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    printerId = (
      await insertPrinter(database.db, {
        kind: "prusalink",
        name: "MK4",
        host: "127.0.0.1",
        credentials: { password: "x" },
      })
    ).id;
  });
  afterAll(async () => database.drop());

  function makePipeline(batches: { statuses: number }[] = [], workerId = "w1") {
    const pipeline = new PersistencePipeline(
      database.db,
      workerId,
      quietLogger,
      { statusCoalesceMs: 1_000, sampleIntervalMs: 0, flushIntervalMs: 50 },
      {
        onBatch: (b) => batches.push(b),
      },
    );
    pipeline.start();
    return pipeline;
  }
  const publish = (p: PersistencePipeline, event: PrinterEvent) =>
    p.publish({ printerId, at: new Date(), event });

  it("writes a state transition, opens a job, coalesces telemetry, and closes the job", async () => {
    const batches: { statuses: number }[] = [];
    const pipeline = makePipeline(batches);
    await pipeline.attach(printerId);
    publish(pipeline, { type: "printer_connected" });
    publish(pipeline, { type: "printer_status_updated", status: status("idle") });
    await until(
      "idle status",
      async () => (await database.db.liveStatus.findUnique({ where: { printerId } }))?.state === "idle",
    );

    publish(pipeline, { type: "job_started", job: job() });
    publish(pipeline, {
      type: "printer_status_updated",
      status: status("printing", job()),
      previousState: "idle",
    });
    const open = await until("job row", () => database.db.job.findFirst({ where: { printerId } }));
    expect(open).toMatchObject({
      externalId: "42",
      fileName: "benchy.bgcode",
      displayName: "Benchy",
      state: "PRINTING",
      endedAt: null,
    });

    const before = batches.reduce((n, b) => n + b.statuses, 0);
    for (let i = 0; i < 40; i++)
      publish(pipeline, {
        type: "printer_status_updated",
        status: status("printing", job({ progress: 10 + i }), 200 + i),
      });
    await new Promise((r) => setTimeout(r, 600));
    const statusWrites = batches.reduce((n, b) => n + b.statuses, 0) - before;
    expect(statusWrites).toBeLessThanOrEqual(2); // 40 telemetry-only changes, coalesced to ≤ 1 per second
    await until(
      "latest progress",
      async () => (await database.db.liveStatus.findUnique({ where: { printerId } }))?.progress === 49,
    );

    publish(pipeline, { type: "job_completed", job: job({ state: "COMPLETED", progress: 100 }) });
    publish(pipeline, { type: "printer_status_updated", status: status("idle"), previousState: "printing" });
    const closed = await until("closed job", async () => {
      const row = await database.db.job.findUnique({ where: { id: open.id } });
      return row?.endedAt ? row : undefined;
    });
    expect(closed).toMatchObject({ outcome: "completed", state: "COMPLETED", progress: 100 });
    expect(closed.durationSeconds).toBeGreaterThanOrEqual(0);
    const types = (
      await database.db.printerEvent.findMany({ where: { printerId }, orderBy: { id: "asc" } })
    ).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(["printer_connected", "job_started", "job_completed", "printer_status_updated"]),
    );
    expect(types.indexOf("job_started")).toBeLessThan(types.indexOf("job_completed"));
    // The 40 printing updates are no "printing → printing" rows: a status event only for a change.
    const steps = (
      await database.db.printerEvent.findMany({
        where: { printerId, type: "printer_status_updated" },
        orderBy: { id: "asc" },
      })
    ).map((e) => (e.payload as { state: string }).state);
    expect(steps).toEqual(["idle", "printing", "idle"]);
    expect(await database.db.temperatureSample.count({ where: { printerId } })).toBeGreaterThan(0);
    await pipeline.stop();
  });

  it("continues the same job row after a worker restart mid-print", async () => {
    const first = makePipeline();
    await first.attach(printerId);
    publish(first, { type: "job_started", job: job({ id: "77", name: "gear.bgcode" }) });
    publish(first, {
      type: "printer_status_updated",
      status: status("printing", job({ id: "77", name: "gear.bgcode" })),
    });
    await first.stop();
    const opened = await database.db.job.findMany({ where: { printerId, externalId: "77" } });
    expect(opened).toHaveLength(1);

    const second = makePipeline(); // the restarted worker
    await second.attach(printerId);
    publish(second, { type: "job_started", job: job({ id: "77", name: "gear.bgcode", progress: 60 }) });
    publish(second, {
      type: "printer_status_updated",
      status: status("printing", job({ id: "77", name: "gear.bgcode", progress: 61 })),
    });
    publish(second, {
      type: "job_cancelled",
      job: job({ id: "77", name: "gear.bgcode", state: "CANCELLED" }),
    });
    await second.stop();
    const rows = await database.db.job.findMany({ where: { printerId, externalId: "77" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: "cancelled", state: "CANCELLED" });
  });

  it("a printer taken over is not 'connected' in the previous owner's state: only with the new connection's first status", async () => {
    const previous = makePipeline();
    await previous.attach(printerId);
    publish(previous, { type: "printer_connected" });
    publish(previous, { type: "printer_status_updated", status: status("idle") });
    await previous.stop();
    expect(await database.db.liveStatus.findUniqueOrThrow({ where: { printerId } })).toMatchObject({
      state: "idle",
      connected: true,
      workerId: "w1",
    });

    // meanwhile the printer started printing; the new owner connects before its first report
    const next = makePipeline([], "w2");
    await next.attach(printerId);
    publish(next, { type: "printer_connected" });
    const taken = await until("the new owner's row", async () => {
      const row = await database.db.liveStatus.findUniqueOrThrow({ where: { printerId } });
      return row.workerId === "w2" ? row : undefined;
    });
    expect(taken).toMatchObject({ connected: false });
    publish(next, { type: "printer_status_updated", status: status("printing", job()) });
    await next.stop();
    expect(await database.db.liveStatus.findUniqueOrThrow({ where: { printerId } })).toMatchObject({
      state: "printing",
      connected: true,
      workerId: "w2",
    });
  });

  it("records a connection failure as offline with the reason", async () => {
    const pipeline = makePipeline();
    await pipeline.attach(printerId);
    publish(pipeline, { type: "printer_auth_error", message: "wrong password" });
    await pipeline.stop();
    const live = await database.db.liveStatus.findUniqueOrThrow({ where: { printerId } });
    expect(live).toMatchObject({
      state: "offline",
      connected: false,
      lastErrorKind: "authentication",
      lastError: "wrong password",
    });
  });

  it("ignores events of printers it does not own and survives a printer deleted mid-flight", async () => {
    const victim = await insertPrinter(database.db, {
      kind: "prusalink",
      name: "Doomed",
      host: "127.0.0.2",
      credentials: { password: "y" },
    });
    const pipeline = makePipeline();
    await pipeline.attach(victim.id);
    await database.db.printer.delete({ where: { id: victim.id } });
    pipeline.publish({
      printerId: victim.id,
      at: new Date(),
      event: { type: "job_started", job: job({ id: "1" }) },
    });
    pipeline.publish({
      printerId: victim.id,
      at: new Date(),
      event: { type: "printer_status_updated", status: status("printing", job({ id: "1" })) },
    });
    pipeline.publish({ printerId: "not-ours", at: new Date(), event: { type: "printer_connected" } });
    await pipeline.stop();
    expect(pipeline.stats()).toMatchObject({ queued: 0, databaseUp: true });
    expect(await database.db.job.count({ where: { printerId: victim.id } })).toBe(0);
  });

  it("a vanished job ends unknown, or cancelled when we asked for the cancel; the next job's status never ends the open one", async () => {
    const pipeline = makePipeline();
    await pipeline.attach(printerId);
    await database.db.job.deleteMany({ where: { printerId } });
    const ended = (externalId: string) =>
      until(`job ${externalId} ended`, () =>
        database.db.job.findFirst({ where: { printerId, externalId, endedAt: { not: null } } }),
      );

    publish(pipeline, { type: "job_started", job: job({ id: "100" }) });
    publish(pipeline, { type: "job_cancel_requested", jobId: "100" });
    publish(pipeline, { type: "printer_status_updated", status: status("idle") });
    publish(pipeline, { type: "job_vanished", job: job({ id: "100" }) });
    expect((await ended("100")).outcome).toBe("cancelled");
    // The same file printed again under the same id, and gone without an end: that cancel is spent.
    publish(pipeline, { type: "job_started", job: job({ id: "100" }) });
    publish(pipeline, { type: "printer_status_updated", status: status("idle") });
    publish(pipeline, { type: "job_vanished", job: job({ id: "100" }) });
    await until("the reprint of 100 ended", () =>
      database.db.job.findFirst({ where: { printerId, externalId: "100", outcome: "unknown" } }),
    );

    publish(pipeline, { type: "job_started", job: job({ id: "101" }) });
    // The adapter's order: the status with the next job first, then the end of the first, then the start.
    publish(pipeline, { type: "printer_status_updated", status: status("printing", job({ id: "102" })) });
    publish(pipeline, { type: "job_completed", job: job({ id: "101", state: "COMPLETED", progress: 100 }) });
    publish(pipeline, { type: "job_started", job: job({ id: "102" }) });
    expect((await ended("101")).outcome).toBe("completed");

    publish(pipeline, { type: "printer_status_updated", status: status("idle") });
    publish(pipeline, { type: "job_vanished", job: job({ id: "102" }) });
    // Nobody saw how it ended: the row keeps the last state it was in, never FAILED.
    expect(await ended("102")).toMatchObject({ outcome: "unknown", state: "PRINTING" });
    await pipeline.stop();
  });
});
