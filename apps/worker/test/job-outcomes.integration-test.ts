// Every job ends as completed, cancelled or failed when the printer said which, through a real
// worker, real Postgres and the simulators: a cancel on either vendor is "cancelled" with no
// error event and no error webhook; a print followed at once by the next is "completed" and the
// next one a new open row (also when the next started between two polls, FINISHED never seen);
// a running print writes no "printing → printing" status events.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestCommand, waitForCommand } from "@printernizer/farm/commands";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { PrusaLinkSimulator } from "@printernizer/printer-sim";
import { BambuSimulator } from "@printernizer/printer-sim/bambu";
import { printerKinds } from "@printernizer/printers/registry";
import { loadWorkerEnv } from "../src/env";
import { startWorker, type RunningWorker } from "../src/worker";
import {
  fastFleetEnv,
  insertBambuSimulator,
  insertChannel,
  insertPrinter,
  quietLogger,
  testCipher,
  until,
} from "./helpers";

const cube = "/usb/Calibration/calibration_cube_0.4n_0.2mm_PLA_MK4_12m.bgcode";
const errorKinds = ["printer_error", "job_failed"];

describe("job outcomes through the worker", () => {
  let database: TestDatabase;
  let worker: RunningWorker;
  let bambu: BambuSimulator;
  let prusa: PrusaLinkSimulator;
  let bambuId: string;
  let prusaId: string;
  const dataDir = mkdtempSync(path.join(tmpdir(), "pz-job-outcomes-"));

  const jobs = (printerId: string) =>
    database.db.job.findMany({ where: { printerId }, orderBy: { startedAt: "asc" } });
  const openJob = (printerId: string) =>
    database.db.job.findFirst({ where: { printerId, endedAt: null }, orderBy: { startedAt: "desc" } });
  const liveState = async (printerId: string) =>
    (await database.db.liveStatus.findUnique({ where: { printerId } }))?.state;
  const eventTypes = async (printerId: string) =>
    (await database.db.printerEvent.findMany({ where: { printerId }, orderBy: { id: "asc" } })).map(
      (e) => e.type,
    );
  const errorDeliveries = (printerId: string) =>
    database.db.webhookDelivery.count({ where: { printerId, eventType: { in: errorKinds } } });

  beforeAll(async () => {
    database = await createTestDatabase();
    // A webhook for every kind of end and error: what a cancel queues is what it would send.
    await insertChannel(
      database.db,
      {
        name: "everything",
        url: testCipher.encrypt("http://127.0.0.1:1/nothing-listens"),
        urlHint: "http://127.0.0.1:1",
        format: "generic",
      },
      ["job_completed", "job_failed", "job_cancelled", "printer_error"],
    );
    bambu = await new BambuSimulator({
      host: "127.0.6.1",
      model: "X1C",
      reportIntervalMs: 200,
      timeScale: 60,
      accessCode: "outcome1",
    }).start();
    bambuId = (await insertBambuSimulator(database.db, "outcome-x1c", bambu)).id;
    prusa = await new PrusaLinkSimulator({
      host: "127.0.6.2",
      port: 0,
      name: "outcome-mk4",
      timeScale: 1,
      password: "outcome-pass",
    }).start();
    prusaId = (
      await insertPrinter(database.db, {
        kind: "prusalink",
        name: "outcome-mk4",
        host: prusa.host,
        port: prusa.port,
        credentials: { password: "outcome-pass" },
        settings: { pollIntervalMs: 250 },
      })
    ).id;
    const env = loadWorkerEnv(fastFleetEnv(database.url, dataDir));
    worker = await startWorker({ env, db: database.db, logger: quietLogger, kinds: printerKinds });
    await until(
      "both idle",
      async () => (await liveState(bambuId)) === "idle" && (await liveState(prusaId)) === "idle",
    );
  });
  afterAll(async () => {
    await worker?.stop();
    await bambu?.stop();
    await prusa?.stop();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("Bambu: a cancel is FAILED + 0300_400C on the wire and a cancelled job here, with no error event or error webhook", async () => {
    bambu.startPrint({ name: "Cancel me", minutes: 600, prepareSeconds: 1 });
    await until("Bambu job open", () => openJob(bambuId));
    await until("printing", async () => (await liveState(bambuId)) === "printing");
    const cancel = await requestCommand(database.db, { kind: "cancel", printerId: bambuId });
    expect(await waitForCommand(database.db, cancel.id)).toMatchObject({ status: "done" });
    // What a real printer sends: FAILED with print_error 0300_400C, cleared a few seconds later.
    const sent = bambu.recentReports.map((r) => (JSON.parse(r) as { print: Record<string, unknown> }).print);
    expect(sent).toContainEqual(expect.objectContaining({ gcode_state: "FAILED", print_error: 0x0300400c }));
    const [job] = await until("cancelled job", async () => {
      const rows = await jobs(bambuId);
      return rows.length === 1 && rows[0]!.endedAt ? rows : undefined;
    });
    expect(job).toMatchObject({ outcome: "cancelled", state: "CANCELLED", fileName: "Cancel me" });
    await until("code cleared", async () => bambu.state.print_error === 0, 10_000);
    await new Promise((r) => setTimeout(r, 600)); // a few reports after the clear
    const types = await eventTypes(bambuId);
    expect(types).toContain("job_cancelled");
    expect(types.filter((t) => errorKinds.includes(t))).toEqual([]);
    expect(await liveState(bambuId)).toBe("idle");
    const live = await database.db.liveStatus.findUniqueOrThrow({ where: { printerId: bambuId } });
    expect(live.errorCount).toBe(0);
    expect(await errorDeliveries(bambuId)).toBe(0);
    expect(
      await database.db.webhookDelivery.count({ where: { printerId: bambuId, eventType: "job_cancelled" } }),
    ).toBe(1);
    expect((await jobs(bambuId)).map((j) => j.outcome)).toEqual(["cancelled"]);
  });

  it("PrusaLink: a cancel (command, then one from the printer's screen) is a cancelled job, no error event or error webhook", async () => {
    expect(prusa.startPrint(cube)).toBe(true);
    await until("PrusaLink job open", () => openJob(prusaId));
    const cancel = await requestCommand(database.db, { kind: "cancel", printerId: prusaId });
    expect(await waitForCommand(database.db, cancel.id)).toMatchObject({ status: "done" });
    await until("first cancelled", async () => (await jobs(prusaId))[0]?.outcome === "cancelled");
    expect(prusa.engine.printerState).toBe("STOPPED");

    prusa.engine.dismiss();
    expect(prusa.startPrint(cube)).toBe(true);
    await until("second job open", async () => (await jobs(prusaId)).length === 2 && openJob(prusaId));
    expect(prusa.engine.stop()).toBe(true); // Stop pressed on the printer
    await until("second cancelled", async () => (await jobs(prusaId))[1]?.outcome === "cancelled");

    expect((await jobs(prusaId)).map((j) => j.outcome)).toEqual(["cancelled", "cancelled"]);
    expect((await eventTypes(prusaId)).filter((t) => errorKinds.includes(t))).toEqual([]);
    expect(await errorDeliveries(prusaId)).toBe(0);
    prusa.engine.dismiss();
  });

  it("Bambu: a print that finishes and the same file started again within 2 s: first completed, second open", async () => {
    await database.db.job.deleteMany({ where: { printerId: bambuId } });
    bambu.startPrint({ name: "Benchy", minutes: 1, prepareSeconds: 1 });
    await until("first open", () => openJob(bambuId));
    await until("FINISH on the printer", async () => bambu.state.gcode_state === "FINISH", 20_000);
    const finishedAt = Date.now();
    bambu.startPrint({ name: "Benchy", minutes: 600, prepareSeconds: 1 });
    expect(Date.now() - finishedAt).toBeLessThan(2_000);
    const rows = await until("two rows, the first ended", async () => {
      const r = await jobs(bambuId);
      return r.length === 2 && r[0]!.endedAt ? r : undefined;
    });
    expect(rows[0]).toMatchObject({ outcome: "completed", state: "COMPLETED", fileName: "Benchy" });
    expect(rows[1]).toMatchObject({ outcome: null, endedAt: null, fileName: "Benchy" });
    expect(rows[1]!.externalId).not.toBe(rows[0]!.externalId);
    const cancel = await requestCommand(database.db, { kind: "cancel", printerId: bambuId });
    expect(await waitForCommand(database.db, cancel.id)).toMatchObject({ status: "done" });
  });

  it("PrusaLink: the next print starts between two polls (FINISHED never seen): first completed, second open", async () => {
    await database.db.job.deleteMany({ where: { printerId: prusaId } });
    expect(prusa.startPrint(cube)).toBe(true);
    const first = await until("first open", () => openJob(prusaId));
    const node = prusa.storage.find(cube)!;
    expect(prusa.engine.finishIn(2)).toBe(true);
    expect(prusa.engine.queueNext(node, prusa.storage.apiPath(node))).toBe(true);
    const rows = await until("two rows, the first ended", async () => {
      const r = await jobs(prusaId);
      return r.length === 2 && r[0]!.endedAt ? r : undefined;
    });
    expect(rows[0]).toMatchObject({ id: first.id, outcome: "completed" });
    expect(rows[1]).toMatchObject({ outcome: null, endedAt: null });
    expect(Number(rows[1]!.externalId)).toBe(Number(rows[0]!.externalId) + 1);
    expect(prusa.engine.stop()).toBe(true);
    await until("second cancelled", async () => (await jobs(prusaId))[1]?.outcome === "cancelled");
    prusa.engine.dismiss();
  });

  it("a running print writes no repeated printing → printing status events", async () => {
    prusa.engine.stop(); // whatever an earlier test left running
    prusa.engine.dismiss();
    const since = new Date();
    bambu.startPrint({ name: "Long plate", minutes: 600, prepareSeconds: 1 });
    expect(prusa.startPrint(cube)).toBe(true);
    await until("both printing", async () =>
      (await liveState(bambuId)) === "printing" && (await liveState(prusaId)) === "printing"
        ? true
        : undefined,
    );
    // Progress and temperatures change with every report and poll meanwhile.
    await new Promise((r) => setTimeout(r, 3_000));
    for (const printerId of [bambuId, prusaId]) {
      const statusEvents = await database.db.printerEvent.findMany({
        where: { printerId, type: "printer_status_updated", createdAt: { gte: since } },
        orderBy: { id: "asc" },
      });
      const steps = statusEvents.map((e) => {
        const p = e.payload as { previousState?: string; state?: string };
        return `${p.previousState} → ${p.state}`;
      });
      expect(steps.length).toBeGreaterThan(0);
      for (const step of steps) expect(step.split(" → ")[0]).not.toBe(step.split(" → ")[1]);
    }
  });
});
