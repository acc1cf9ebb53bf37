// The worker against a real migrated Postgres and PrusaLink simulators: prints land as
// status, events and job rows; commands issued as rows reach the printer; printer rows
// added, edited, disabled and removed are picked up without a restart; /metrics parses.
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestCommand, waitForCommand } from "@printernizer/farm/commands";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { PrusaLinkSimulator } from "@printernizer/printer-sim";
import { printerKinds } from "@printernizer/printers/registry";
import { loadWorkerEnv } from "../src/env";
import { startWorker, type RunningWorker } from "../src/worker";
import { fastFleetEnv, insertPrinter, quietLogger, until } from "./helpers";

const cube = "/usb/Calibration/calibration_cube_0.4n_0.2mm_PLA_MK4_12m.bgcode";

function parsePrometheus(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?)\s+(\S+)$/.exec(line);
    if (!match) throw new Error(`not Prometheus text format: ${line}`);
    values.set(match[1]!, Number(match[2]));
  }
  return values;
}

describe("worker with PrusaLink simulators", () => {
  let database: TestDatabase;
  let worker: RunningWorker;
  let sim: PrusaLinkSimulator;
  let printerId: string;
  const dataDir = mkdtempSync(path.join(tmpdir(), "pz-worker-data-"));

  beforeAll(async () => {
    database = await createTestDatabase();
    sim = await new PrusaLinkSimulator({
      host: "127.0.1.201",
      port: 0,
      name: "Sim MK4",
      timeScale: 240,
      password: "s3cret-pass",
    }).start();
    const env = loadWorkerEnv(fastFleetEnv(database.url, dataDir));
    worker = await startWorker({ env, db: database.db, logger: quietLogger, kinds: printerKinds });
  });
  afterAll(async () => {
    await worker?.stop();
    await sim?.stop();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("picks up a printer added to the database and records its idle status", async () => {
    const row = await insertPrinter(database.db, {
      kind: "prusalink",
      name: "Sim MK4",
      host: sim.host,
      port: sim.port,
      credentials: { password: "s3cret-pass" },
      settings: { pollIntervalMs: 250 },
    });
    printerId = row.id;
    const live = await until("idle and connected", async () => {
      const s = await database.db.liveStatus.findUnique({ where: { printerId } });
      return s?.connected && s.state === "idle" ? s : undefined;
    });
    expect(live.workerId).toBe(worker.id);
    expect(await database.db.printerLease.findUniqueOrThrow({ where: { printerId } })).toMatchObject({
      ownerId: worker.id,
    });
  });

  it("records a simulated print as transitions, events and exactly one job row", async () => {
    expect(sim.startPrint(cube)).toBe(true);
    await until(
      "printing",
      async () => (await database.db.liveStatus.findUnique({ where: { printerId } }))?.state === "printing",
    );
    const job = await until(
      "job completed",
      async () => {
        const j = await database.db.job.findFirst({ where: { printerId } });
        return j?.endedAt ? j : undefined;
      },
      30_000,
    );
    expect(job).toMatchObject({
      outcome: "completed",
      state: "COMPLETED",
      fileName: expect.stringMatching(/calibration_cube|CALIBR/i),
    });
    expect(job.displayName).toMatch(/calibration_cube/);
    // the job's thumbnail was fetched from the printer into the file store
    const withThumbnail = await until("thumbnail stored", () =>
      database.db.job.findFirst({ where: { id: job.id, thumbnailSha256: { not: null } } }),
    );
    expect(
      existsSync(
        path.join(
          dataDir,
          "files",
          withThumbnail.thumbnailSha256!.slice(0, 2),
          withThumbnail.thumbnailSha256!,
        ),
      ),
    ).toBe(true);
    const live = await database.db.liveStatus.findUniqueOrThrow({ where: { printerId } });
    expect(live.status).toMatchObject({ health: { circuit: "closed", healthy: true } });
    const jobRows = await database.db.job.findMany({
      where: { printerId },
      select: {
        externalId: true,
        fileName: true,
        displayName: true,
        outcome: true,
        state: true,
        startedAt: true,
        endedAt: true,
      },
    });
    expect(jobRows).toHaveLength(1);
    const types = (
      await database.db.printerEvent.findMany({ where: { printerId }, orderBy: { id: "asc" } })
    ).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["printer_connected", "job_started", "job_completed"]));
    expect(types.indexOf("job_started")).toBeLessThan(types.indexOf("job_completed"));
  });

  it("executes a pause command row on the printer and records it done; resume and cancel likewise", async () => {
    sim.engine.dismiss();
    expect(sim.startPrint("/usb/painting_cone_0.4n_0.2mm_PETG_MK4_31m.bgcode")).toBe(true);
    await until(
      "printing again",
      async () => (await database.db.liveStatus.findUnique({ where: { printerId } }))?.state === "printing",
    );
    const pause = await requestCommand(database.db, { kind: "pause", printerId });
    expect(await waitForCommand(database.db, pause.id)).toMatchObject({
      status: "done",
      claimedBy: worker.id,
    });
    sim.engine.tick();
    expect(sim.engine.printerState).toBe("PAUSED");
    await until(
      "paused status",
      async () => (await database.db.liveStatus.findUnique({ where: { printerId } }))?.state === "paused",
    );

    const resume = await requestCommand(database.db, { kind: "resume", printerId });
    expect(await waitForCommand(database.db, resume.id)).toMatchObject({ status: "done" });
    expect(sim.engine.printerState).toBe("PRINTING");

    const cancel = await requestCommand(database.db, { kind: "cancel", printerId });
    expect(await waitForCommand(database.db, cancel.id)).toMatchObject({ status: "done" });
    const cancelled = await until("cancelled job", () =>
      database.db.job.findFirst({ where: { printerId, outcome: "cancelled" } }),
    );
    expect(cancelled.endedAt).toBeInstanceOf(Date);
  });

  it("records an invalid command on an idle printer as failed with the printer's reason", async () => {
    sim.engine.dismiss();
    await until(
      "idle",
      async () => (await database.db.liveStatus.findUnique({ where: { printerId } }))?.state === "idle",
    );
    const pause = await requestCommand(database.db, { kind: "pause", printerId });
    const result = await waitForCommand(database.db, pause.id);
    expect(result.status).toBe("failed");
    expect(result.errorKind).toBe("conflict");
    expect(result.error).toBeTruthy();
  });

  it("lists the printer's files and downloads one into the store, byte for byte, re-using it the second time", async () => {
    const refresh = await requestCommand(database.db, { kind: "refresh_files", printerId });
    expect(await waitForCommand(database.db, refresh.id)).toMatchObject({ status: "done" });
    const files = await database.db.printerFile.findMany({ where: { printerId } });
    const cone = files.find((f) => f.displayName === "painting_cone_0.4n_0.2mm_PETG_MK4_31m.bgcode");
    expect(cone).toBeDefined();
    expect(files.length).toBeGreaterThanOrEqual(4);

    const download = await requestCommand(database.db, {
      kind: "download_file",
      printerId,
      payload: { path: cone!.path },
    });
    const done = await waitForCommand(database.db, download.id);
    expect(done.status).toBe("done");
    const bytes = sim.storage.find("/usb/painting_cone_0.4n_0.2mm_PETG_MK4_31m.bgcode")!.bytes!;
    const expected = createHash("sha256").update(bytes).digest("hex");
    expect(done.result).toMatchObject({
      sha256: expected,
      size: bytes.length,
      fileName: "painting_cone_0.4n_0.2mm_PETG_MK4_31m.bgcode",
      reused: false,
    });
    expect(
      createHash("sha256")
        .update(readFileSync(path.join(dataDir, "files", expected.slice(0, 2), expected)))
        .digest("hex"),
    ).toBe(expected);

    const again = await requestCommand(database.db, {
      kind: "download_file",
      printerId,
      payload: { path: cone!.path },
    });
    expect((await waitForCommand(database.db, again.id)).result).toMatchObject({
      sha256: expected,
      reused: true,
    });
    const bad = await requestCommand(database.db, {
      kind: "download_file",
      printerId,
      payload: { path: "/usb/../../etc/passwd" },
    });
    expect(await waitForCommand(database.db, bad.id)).toMatchObject({ status: "failed" });
  });

  it("serves /metrics in Prometheus format with the fleet's figures", async () => {
    const response = await fetch(`${worker.healthUrl}/metrics`);
    expect(response.status).toBe(200);
    const metrics = parsePrometheus(await response.text());
    expect(metrics.get("printernizer_printers_owned")).toBe(1);
    expect(metrics.get("printernizer_printers_connected")).toBe(1);
    expect(metrics.get("printernizer_reports_total")).toBeGreaterThan(0);
    expect(metrics.get("printernizer_write_batch_size_count")).toBeGreaterThan(0);
    expect(metrics.get('printernizer_command_seconds_count{kind="pause",outcome="done"}')).toBe(1);
    expect(metrics.get('printernizer_circuit_breakers{state="closed"}')).toBe(1);
    expect(metrics.get("printernizer_database_up")).toBe(1);
  });

  it("picks up an edit, a disable and a removal within seconds, without a restart", async () => {
    await database.db.printer.update({
      where: { id: printerId },
      data: { settings: { pollIntervalMs: 300 } },
    });
    await database.db.printer.update({ where: { id: printerId }, data: { enabled: false } });
    await until("adapter stopped", async () => worker.fleet.ownedPrinterIds().length === 0, 5_000);
    await until("simulator sees no connection", async () => sim.connections().open === 0, 5_000);
    expect(await database.db.printerLease.count()).toBe(0);
    await database.db.printer.update({ where: { id: printerId }, data: { enabled: true } });
    await until("adapter back", async () => worker.fleet.ownedPrinterIds().includes(printerId), 5_000);
    await database.db.printer.delete({ where: { id: printerId } });
    await until("adapter gone after removal", async () => worker.fleet.ownedPrinterIds().length === 0, 5_000);
  });
});
