// The worker with a Bambu simulator: the running job's plate thumbnail lands in the file store
// and on the Job row, fetched once; a downloaded file keeps its whole name.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestCommand, waitForCommand } from "@printernizer/farm/commands";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { BambuSimulator, readBuiltZip } from "@printernizer/printer-sim/bambu";
import { printerKinds } from "@printernizer/printers/registry";
import { loadWorkerEnv } from "../src/env";
import { startWorker, type RunningWorker } from "../src/worker";
import { fastFleetEnv, insertBambuSimulator, quietLogger, until } from "./helpers";

describe("worker with a Bambu simulator: files and thumbnails", () => {
  let database: TestDatabase;
  let worker: RunningWorker;
  let sim: BambuSimulator;
  let printerId: string;
  const dataDir = mkdtempSync(path.join(tmpdir(), "pz-worker-bambu-files-"));

  beforeAll(async () => {
    database = await createTestDatabase();
    sim = await new BambuSimulator({ model: "X1C", host: "127.0.0.1", reportIntervalMs: 200 }).start();
    printerId = (await insertBambuSimulator(database.db, "Sim X1C", sim)).id;
    const env = loadWorkerEnv(fastFleetEnv(database.url, dataDir));
    worker = await startWorker({ env, db: database.db, logger: quietLogger, kinds: printerKinds });
  });
  afterAll(async () => {
    await worker?.stop();
    await sim?.stop();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("a running job gets its plate thumbnail from the 3MF, stored once and linked to the job", async () => {
    await until(
      "connected",
      async () => (await database.db.liveStatus.findUnique({ where: { printerId } }))?.connected,
    );
    sim.startPrint({ name: "Benchy", minutes: 60, prepareSeconds: 2 });
    const job = await until("thumbnail on the job", () =>
      database.db.job.findFirst({ where: { printerId, thumbnailSha256: { not: null } } }),
    );
    expect(job.fileName).toBe("Benchy");
    const png = readBuiltZip(sim.card.files.get("/Benchy.gcode.3mf")!.data).get("Metadata/plate_1.png")!;
    expect(job.thumbnailSha256).toBe(createHash("sha256").update(png).digest("hex"));
    const stored = readFileSync(
      path.join(dataDir, "files", job.thumbnailSha256!.slice(0, 2), job.thumbnailSha256!),
    );
    expect(stored.equals(png)).toBe(true);

    // More reports of the same job (progress, layers) never fetch it again.
    const reports = sim.counters().reports;
    await until("more reports", async () => sim.counters().reports >= reports + 5);
    expect(sim.counters().ftpRetrievals).toEqual({ "/Benchy.gcode.3mf": 1 });
    expect(await database.db.job.count({ where: { printerId } })).toBe(1);
  });

  it("a downloaded file keeps its whole name (Benchy.gcode.3mf, not Benchy)", async () => {
    const refresh = await requestCommand(database.db, { kind: "refresh_files", printerId });
    expect(await waitForCommand(database.db, refresh.id)).toMatchObject({ status: "done" });
    const listed = await database.db.printerFile.findUniqueOrThrow({
      where: { printerId_path: { printerId, path: "/Benchy.gcode.3mf" } },
    });
    expect({ name: listed.name, displayName: listed.displayName }).toEqual({
      name: "Benchy.gcode.3mf",
      displayName: null,
    });
    const download = await requestCommand(database.db, {
      kind: "download_file",
      printerId,
      payload: { path: "/Benchy.gcode.3mf" },
    });
    const done = await waitForCommand(database.db, download.id);
    expect(done.result).toMatchObject({ fileName: "Benchy.gcode.3mf", reused: false });
    const row = await database.db.printerFile.findUniqueOrThrow({ where: { id: listed.id } });
    expect(row.displayName || row.name).toBe("Benchy.gcode.3mf");
  });
});
