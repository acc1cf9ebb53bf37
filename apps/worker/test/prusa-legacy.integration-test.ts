// A real worker, a migrated Postgres and the simulator as an MK3 with the Raspberry Pi Prusa-Link
// 0.7 (legacy API only): idle with the last file still selected is idle with no job in LiveStatus
// and no Job row; a print is one Job row under its real name, and its cancel is "cancelled".
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { parseStoredStatus } from "@printernizer/farm/live-status";
import { PrusaLinkSimulator } from "@printernizer/printer-sim";
import { printerKinds } from "@printernizer/printers/registry";
import { loadWorkerEnv } from "../src/env";
import { startWorker, type RunningWorker } from "../src/worker";
import { fastFleetEnv, insertPrinter, quietLogger, until } from "./helpers";

const ghost = "ghost_0.4n_0.2mm_PLA_MK4_1h50m.bgcode";
const file = `/local/${ghost}`;

describe("worker with a legacy Prusa-Link (MK3, Raspberry Pi)", () => {
  let database: TestDatabase;
  let worker: RunningWorker;
  let sim: PrusaLinkSimulator;
  const dataDir = mkdtempSync(path.join(tmpdir(), "pz-worker-legacy-"));

  beforeAll(async () => {
    database = await createTestDatabase();
    sim = await new PrusaLinkSimulator({
      flavour: "rpi",
      legacyApi: true,
      host: "127.0.7.1",
      name: "Sim MK3S",
      timeScale: 1,
      password: "pi-pass",
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

  it("idle with a selected file: idle, no job; then a print and its cancel", async () => {
    expect(sim.selectFile(file)).toBe(true);
    const { id: printerId } = await insertPrinter(database.db, {
      kind: "prusalink",
      name: "Sim MK3S",
      host: sim.host,
      port: sim.port,
      credentials: { username: "admin", password: "pi-pass" },
      settings: { pollIntervalMs: 250 },
    });
    const idle = await until("connected and idle", async () => {
      const row = await database.db.liveStatus.findUnique({ where: { printerId } });
      return row?.connected && row.state === "idle" ? row : undefined;
    });
    expect(idle.jobName).toBeNull();
    expect(parseStoredStatus(idle.status).job).toBeUndefined();
    // A few more polls of the same answer start nothing either.
    await until("more polls", async () => sim.counters().requests > 20);
    expect(await database.db.job.count({ where: { printerId } })).toBe(0);

    expect(sim.startPrint(file)).toBe(true);
    const job = await until("a job row", () => database.db.job.findFirst({ where: { printerId } }));
    expect(job).toMatchObject({ externalId: file, fileName: ghost, displayName: ghost });
    sim.engine.stop();
    const ended = await until("the job ended", async () => {
      const row = await database.db.job.findUniqueOrThrow({ where: { id: job.id } });
      return row.outcome ? row : undefined;
    });
    expect(ended.outcome).toBe("cancelled");
    await until("idle again", async () => {
      const row = await database.db.liveStatus.findUnique({ where: { printerId } });
      return row?.state === "idle" && !parseStoredStatus(row.status).job;
    });
    expect(await database.db.job.count({ where: { printerId } })).toBe(1);
  });
});
