// Postgres goes away for 20 s in the middle of a print: the pipeline buffers, retries,
// and writes everything in order once the database is back; nothing is rejected.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@printernizer/db";
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from "@printernizer/db/embedded";
import { applyMigrations } from "@printernizer/db/migrate";
import { freePort } from "@printernizer/db/test";
import type { Job, PrinterStatus } from "@printernizer/printers";
import { insertPrinter, quietLogger, until } from "../../test/helpers";
import { PersistencePipeline } from "./persistence-pipeline";

const outageMs = 20_000;

describe("database outage mid-print", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "pz-outage-"));
  let port: number;
  let server: EmbeddedPostgresHandle;
  let db: Db;

  beforeAll(async () => {
    port = await freePort();
    server = await startEmbeddedPostgres({ dataDir, port, ephemeral: true });
    await applyMigrations({ databaseUrl: server.databaseUrl });
    db = createDb({ databaseUrl: server.databaseUrl, max: 4 });
  });
  afterAll(async () => {
    await db.$disconnect().catch(() => {});
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("loses no transition or event and completes the job row", { timeout: 120_000 }, async () => {
    const printer = await insertPrinter(db, {
      kind: "prusalink",
      name: "Outage",
      host: "127.0.0.1",
      credentials: { password: "x" },
    });
    const pipeline = new PersistencePipeline(db, "w1", quietLogger, {
      flushIntervalMs: 50,
      statusCoalesceMs: 200,
      sampleIntervalMs: 0,
      telemetryEventIntervalMs: 0,
    });
    pipeline.start();
    await pipeline.attach(printer.id);
    const job = (progress: number, state: Job["state"] = "PRINTING"): Job => ({
      id: "5",
      name: "vase.bgcode",
      state,
      progress,
    });
    const status = (state: PrinterStatus["state"], j?: Job): PrinterStatus => ({
      state,
      job: j,
      temperatures: { nozzle: { current: 215, target: 215 } },
      filament: [],
      errors: [],
      lastCommunication: new Date(),
    });
    const publish = (event: Parameters<PersistencePipeline["publish"]>[0]["event"]) =>
      pipeline.publish({ printerId: printer.id, at: new Date(), event });

    publish({ type: "printer_connected" });
    publish({ type: "job_started", job: job(1) });
    publish({ type: "printer_status_updated", status: status("printing", job(1)), previousState: "idle" });
    await until("job opened", () => db.job.findFirst({ where: { printerId: printer.id } }));

    await server.stop();
    const outageStarted = Date.now();
    let step = 0;
    const expectedCritical = [
      "job_paused",
      "printer_status_updated",
      "job_resumed",
      "printer_status_updated",
      "job_completed",
      "printer_status_updated",
      // the printer has no automatic plate clearing: the finished print waits for an operator
      "printer_waiting_for_plate",
    ];
    while (Date.now() - outageStarted < outageMs) {
      step++;
      publish({ type: "job_progress_updated", job: job(Math.min(99, step)) });
      publish({
        type: "temperature_updated",
        temperatures: { nozzle: { current: 200 + (step % 10), target: 215 } },
      });
      if (step === 5) {
        publish({ type: "job_paused", job: job(5, "PAUSED") });
        publish({
          type: "printer_status_updated",
          status: status("paused", job(5, "PAUSED")),
          previousState: "printing",
        });
      }
      if (step === 10) {
        publish({ type: "job_resumed", job: job(10) });
        publish({
          type: "printer_status_updated",
          status: status("printing", job(10)),
          previousState: "paused",
        });
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    publish({ type: "job_completed", job: job(100, "COMPLETED") });
    publish({ type: "printer_status_updated", status: status("idle"), previousState: "printing" });
    expect(pipeline.stats().databaseUp).toBe(false);
    expect(pipeline.stats().queued).toBeGreaterThan(0);

    server = await startEmbeddedPostgres({ dataDir, port, ephemeral: true });
    await until(
      "buffer flushed",
      async () => pipeline.stats().queued === 0 && pipeline.stats().databaseUp,
      60_000,
    );
    await pipeline.stop();

    expect(pipeline.stats().droppedCritical).toBe(0);
    // Connection errors are transient: retried until the database is back, never dead-lettered.
    expect(pipeline.stats().rejected).toEqual({ rejected: 0, too_large: 0, timeout: 0, unknown: 0 });
    expect(await db.rejectedWrite.count()).toBe(0);
    const events = await db.printerEvent.findMany({
      where: { printerId: printer.id },
      orderBy: { id: "asc" },
    });
    const critical = events
      .map((e) => e.type)
      .filter(
        (t) =>
          !["job_progress_updated", "temperature_updated", "printer_connected", "job_started"].includes(t),
      );
    expect(critical.slice(-expectedCritical.length)).toEqual(expectedCritical);
    expect(events.filter((e) => e.type === "job_progress_updated").length).toBeGreaterThan(30);
    const jobs = await db.job.findMany({ where: { printerId: printer.id } });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ outcome: "completed", state: "COMPLETED", progress: 100 });
    expect(jobs[0]!.endedAt).toBeInstanceOf(Date);
    const live = await db.liveStatus.findUniqueOrThrow({ where: { printerId: printer.id } });
    expect(live.state).toBe("idle");
  });
});
