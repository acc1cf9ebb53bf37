// The write path's two cadences: a transition reaches Postgres within one flush delay while
// telemetry waits for the batch tick, and an open job's progress row follows its own (long)
// interval while its state changes and its final values are written at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import type { Job, PrinterEvent, PrinterStatus } from "@printernizer/printers";
import { insertPrinter, quietLogger, until } from "../../test/helpers";
import {
  defaultPersistenceOptions,
  PersistencePipeline,
  type PersistenceOptions,
} from "./persistence-pipeline";

const job = (over: Partial<Job> = {}): Job => ({
  id: "7",
  name: "gear.bgcode",
  state: "PRINTING",
  progress: 10,
  ...over,
});
const status = (state: PrinterStatus["state"], j?: Job, nozzle = 215): PrinterStatus => ({
  state,
  job: j,
  temperatures: { nozzle: { current: nozzle, target: 215 } },
  filament: [],
  errors: [],
  lastCommunication: new Date(),
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("flush soon for transitions, batch telemetry", () => {
  let database: TestDatabase;
  const pipelines: PersistencePipeline[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    for (const p of pipelines) await p.stop(1_000);
    await database.drop();
  });

  async function setUp(options: Partial<PersistenceOptions>) {
    const printerId = (
      await insertPrinter(database.db, {
        kind: "prusalink",
        name: `P${pipelines.length}`,
        host: "127.63.0.1",
        credentials: { password: "x" },
      })
    ).id;
    const batches: { ops: number; statuses: number }[] = [];
    const pipeline = new PersistencePipeline(database.db, "w1", quietLogger, options, {
      onBatch: (b) => batches.push(b),
    });
    pipelines.push(pipeline);
    pipeline.start();
    await pipeline.attach(printerId);
    const publish = (event: PrinterEvent) => pipeline.publish({ printerId, at: new Date(), event });
    const live = () => database.db.liveStatus.findUnique({ where: { printerId } });
    return { printerId, batches, publish, live };
  }

  it("writes a transition without waiting for the tick; telemetry-only changes wait for it", async () => {
    // The tick is an hour away: every write below is one a transition asked for.
    const { printerId, batches, publish, live } = await setUp({
      flushIntervalMs: 3_600_000,
      transitionFlushMs: 25,
      statusCoalesceMs: 0,
    });
    publish({ type: "printer_connected" });
    publish({ type: "printer_status_updated", status: status("idle", undefined, 30) });
    await until("idle written", async () => (await live())?.state === "idle");

    const before = batches.length;
    for (let i = 0; i < 10; i++)
      publish({ type: "printer_status_updated", status: status("idle", undefined, 40 + i) });
    await sleep(500);
    expect(batches.length).toBe(before); // telemetry only: nothing written before the tick
    expect((await live())?.status).toMatchObject({ temperatures: { nozzle: { current: 30 } } });

    // Five transitions in quick succession, some while a flush runs: each reaches the database.
    const states = ["printing", "paused", "printing", "paused", "printing"] as const;
    for (const [i, state] of states.entries()) {
      publish({
        type: "printer_status_updated",
        status: status(state, job({ state: state === "paused" ? "PAUSED" : "PRINTING", progress: 10 + i })),
      });
      await sleep(i * 10);
    }
    const row = await until("last transition written", async () => {
      const r = await live();
      return r?.state === "printing" && r.progress === 14 ? r : undefined;
    });
    // The telemetry that waited went out with the transition, in the same row.
    expect(row.status).toMatchObject({ temperatures: { nozzle: { current: 215 } } });
    const steps = (
      await database.db.printerEvent.findMany({
        where: { printerId, type: "printer_status_updated" },
        orderBy: { id: "asc" },
      })
    ).map((e) => (e.payload as { state: string }).state);
    expect(steps).toEqual(["idle", ...states]);
    const opened = await database.db.job.findMany({ where: { printerId } });
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ state: "PRINTING", endedAt: null });
  });

  it("writes a job's progress at its interval, and its state changes and end at once", async () => {
    const { printerId, publish, live } = await setUp({
      flushIntervalMs: 50,
      statusCoalesceMs: 0,
      jobProgressIntervalMs: 3_600_000,
    });
    publish({ type: "printer_connected" });
    publish({ type: "job_started", job: job() });
    publish({ type: "printer_status_updated", status: status("printing", job()) });
    const opened = await until("job row", () => database.db.job.findFirst({ where: { printerId } }));
    expect(opened.progress).toBe(10);

    for (let p = 11; p <= 30; p++) {
      publish({ type: "job_progress_updated", job: job({ progress: p }) });
      publish({ type: "printer_status_updated", status: status("printing", job({ progress: p })) });
    }
    await until("live progress 30", async () => (await live())?.progress === 30);
    await sleep(200); // a few more ticks
    expect((await database.db.job.findUniqueOrThrow({ where: { id: opened.id } })).progress).toBe(10);

    publish({ type: "job_paused", job: job({ state: "PAUSED", progress: 31 }) });
    await until("paused job row", async () => {
      const r = await database.db.job.findUniqueOrThrow({ where: { id: opened.id } });
      return r.state === "PAUSED" && r.progress === 31;
    });

    publish({ type: "job_completed", job: job({ state: "COMPLETED", progress: 100 }) });
    const closed = await until("closed job row", async () => {
      const r = await database.db.job.findUniqueOrThrow({ where: { id: opened.id } });
      return r.endedAt ? r : undefined;
    });
    expect(closed).toMatchObject({ state: "COMPLETED", outcome: "completed", progress: 100 });
  });

  it("defaults: transitions flushed within 25 ms, job progress every 30 s", () => {
    expect(defaultPersistenceOptions.transitionFlushMs).toBe(25);
    expect(defaultPersistenceOptions.jobProgressIntervalMs).toBe(30_000);
    expect(defaultPersistenceOptions.jobProgressIntervalMs).toBeGreaterThan(
      defaultPersistenceOptions.statusCoalesceMs,
    );
  });
});
