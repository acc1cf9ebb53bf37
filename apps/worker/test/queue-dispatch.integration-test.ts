// The farm queue end to end: a real worker, real Postgres, the file store and three simulated
// printers (two Bambu P1S, one Prusa MK4). Six entries with mixed targets (one printer, models,
// any) of real sliced files (.gcode.3mf for Bambu, .bgcode for Prusa, read by the library):
// each runs on a printer that matches, none twice (PrintStart rows and the simulators' own start
// counters), nothing more starts on a printer until an operator confirms its plate is clear,
// the next file is pre-staged on a printing printer and its start then needs no upload, and
// every dispatch decision is in the audit log with its reason.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { importLibraryFile } from "@printernizer/farm/library-import";
import { confirmPlatesCleared } from "@printernizer/farm/print-requests-plate";
import { addQueueEntry, type AddQueueEntryInput } from "@printernizer/farm/queue-entries";
import { dispatcherActor } from "@printernizer/farm/queue-audit";
import { LocalFileStore } from "@printernizer/file-store";
import { makeSampleBgcode, PrusaLinkSimulator } from "@printernizer/printer-sim";
import { BambuSimulator, makeMultiPlate3mf } from "@printernizer/printer-sim/bambu";
import { printerKinds } from "@printernizer/printers/registry";
import { loadWorkerEnv } from "../src/env";
import { startWorker, type RunningWorker } from "../src/worker";
import { fastFleetEnv, insertBambuSimulator, insertPrinter, quietLogger, until } from "./helpers";

const black = [{ type: "PLA", color: "#000000", grams: 4 }];

describe("farm queue with auto-dispatch", () => {
  let database: TestDatabase;
  let worker: RunningWorker;
  const bambus: BambuSimulator[] = [];
  let prusa: PrusaLinkSimulator;
  const ids: Record<"p1s1" | "p1s2" | "mk4", string> = { p1s1: "", p1s2: "", mk4: "" };
  const entries: string[] = [];
  const dataDir = mkdtempSync(path.join(tmpdir(), "pz-queue-"));
  const store = new LocalFileStore(path.join(dataDir, "files"));
  const db = () => database.db;

  async function library(name: string, bytes: Buffer) {
    const staged = await store.stage(Readable.from([bytes]));
    return importLibraryFile(db(), store, { staged, name });
  }

  const startsOf = () =>
    db().printStart.findMany({
      orderBy: { createdAt: "asc" },
      include: { printer: { select: { name: true } } },
    });
  const plateWaiting = async () =>
    (await db().printer.findMany({ where: { awaitingPlateClearSince: { not: null } } })).length;

  beforeAll(async () => {
    database = await createTestDatabase();
    for (const [i, key] of (["p1s1", "p1s2"] as const).entries()) {
      const sim = await new BambuSimulator({
        host: `127.0.19.${i + 1}`,
        model: "P1S",
        name: `queue-p1s-${i + 1}`,
        accessCode: `queue00${i + 1}`,
        reportIntervalMs: 200,
        timeScale: 60,
        upload: { bytesPerSecond: 4 * 1024 * 1024 },
      }).start();
      bambus.push(sim);
      const row = await insertBambuSimulator(db(), `P1S-${i + 1}`, sim);
      await db().printer.update({ where: { id: row.id }, data: { model: "P1S" } });
      ids[key] = row.id;
    }
    prusa = await new PrusaLinkSimulator({
      host: "127.0.19.3",
      port: 0,
      name: "queue-mk4",
      model: "MK4",
      timeScale: 60,
      password: "queue-pass",
      uploadBytesPerSecond: 2_000_000,
    }).start();
    ids.mk4 = (
      await insertPrinter(db(), {
        kind: "prusalink",
        name: "MK4-1",
        host: prusa.host,
        port: prusa.port,
        credentials: { password: "queue-pass" },
        settings: { pollIntervalMs: 250 },
      })
    ).id;
    await db().printer.update({ where: { id: ids.mk4 }, data: { model: "MK4" } });

    const clip = await library(
      "Clip.gcode.3mf",
      makeMultiPlate3mf("Clip", [{ name: "clip", minutes: 1, layers: 10, filaments: black }], {
        model: "P1S",
      }),
    );
    const hook = await library(
      "Hook.gcode.3mf",
      makeMultiPlate3mf(
        "Hook",
        [
          { name: "hook", minutes: 1, layers: 10, filaments: black },
          { name: "hook-small", minutes: 1, layers: 8, filaments: black },
        ],
        { model: "P1S", seed: 9 },
      ),
    );
    // the MK4's first print lasts 8 s (at 60×), long enough to pre-stage the next file on it
    const bracket = await library("bracket_0.4n_PLA_MK4.bgcode", makeSampleBgcode("bracket", 480, 3).bytes);
    const cone = await library("cone_0.4n_PLA_MK4.bgcode", makeSampleBgcode("cone", 240, 4).bytes);

    const queued: AddQueueEntryInput[] = [
      { libraryFileId: clip.id, target: "printer", printerId: ids.p1s1 },
      { libraryFileId: bracket.id, target: "models", models: ["MK4"] },
      { libraryFileId: hook.id, plate: 2, target: "models", models: ["Bambu Lab P1S"] },
      { libraryFileId: cone.id, target: "any" },
      { libraryFileId: clip.id, target: "any" },
      { libraryFileId: hook.id, plate: 1, target: "printer", printerId: ids.p1s2 },
    ];
    for (const entry of queued) entries.push((await addQueueEntry(db(), entry)).id);

    const env = loadWorkerEnv(fastFleetEnv(database.url, dataDir));
    worker = await startWorker({ env, db: db(), logger: quietLogger, kinds: printerKinds });
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await Promise.all([...bambus.map((s) => s.stop()), prusa?.stop()]);
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("runs each entry once on a matching printer, waits for plates to be confirmed, and pre-stages", async () => {
    // Round 1: one entry per printer, in queue order: the one-printer entry, the MK4 entry, the P1S entry.
    const first = await until(
      "three starts",
      async () => {
        const starts = await startsOf();
        return starts.length >= 3 ? starts : undefined;
      },
      45_000,
    );
    expect(first.map((s) => [s.queueEntryId, s.printer.name])).toEqual(
      expect.arrayContaining([
        [entries[0], "P1S-1"],
        [entries[1], "MK4-1"],
        [entries[2], "P1S-2"],
      ]),
    );
    // Prusa's next entry (cone) is uploaded to it while it prints the bracket.
    const cone = await db().queueEntry.findUniqueOrThrow({
      where: { id: entries[3] },
      include: { libraryFile: true },
    });
    await until(
      "cone staged on the MK4",
      async () =>
        (
          await db().stagedFile.findUnique({
            where: { printerId_sha256: { printerId: ids.mk4, sha256: cone.libraryFile.sha256 } },
          })
        )?.status === "ready",
      30_000,
    );
    await until("three prints done, three plates waiting", async () => (await plateWaiting()) === 3, 60_000);
    // Nothing more starts while every plate still holds its print (two dispatcher timer ticks).
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    expect(await db().printStart.count()).toBe(3);
    expect(await db().queueEntry.count({ where: { status: "done" } })).toBe(3);

    // Round 2: the operator confirms the plates; the other three entries go out.
    await confirmPlatesCleared(db(), Object.values(ids));
    await until(
      "six prints done, no start on its way",
      async () =>
        (await db().queueEntry.count({ where: { status: "done" } })) === 6 &&
        (await db().printStart.count({ where: { status: { in: ["pending", "uploading", "starting"] } } })) ===
          0,
      60_000,
    );

    const starts = await startsOf();
    const where = Object.fromEntries(starts.map((s) => [s.queueEntryId, s.printer.name]));
    expect(entries.map((id) => where[id])).toEqual(["P1S-1", "MK4-1", "P1S-2", "MK4-1", "P1S-1", "P1S-2"]);
    // none twice: one start per entry, each started, and the printers saw exactly these starts
    expect(starts).toHaveLength(6);
    expect(starts.map((s) => [s.printer.name, s.status, s.error])).toEqual(
      starts.map((s) => [s.printer.name, "started", null]),
    );
    expect(bambus.map((b) => b.counters().publishedStarts)).toEqual([2, 2]);
    expect(bambus.map((b) => b.startRequests.length)).toEqual([2, 2]);
    expect(prusa.engine.lastJob!.id - 290 + 1).toBe(2);
    // the second clip went where the first had left the file; the cone start used the staged copy
    const coneStart = starts.find((s) => s.queueEntryId === entries[3])!;
    expect(coneStart.reason).toContain("the file is already on the printer");
    const coneCommand = await db().printerCommand.findUniqueOrThrow({ where: { id: coneStart.commandId! } });
    expect(coneCommand.result).toMatchObject({ uploaded: false });
    expect(starts.find((s) => s.queueEntryId === entries[4])!.reason).toMatch(
      /^Chosen because P1S-1 is idle with the plate cleared, sliced for P1S, nozzle 0.4 matches, PLA black in AMS 1 slot 1, the file is already on the printer; /,
    );
    const audit = await db().auditLog.findMany({ where: { action: "queue.dispatch" } });
    expect(audit).toHaveLength(6);
    expect(new Set(audit.map((a) => a.actorEmail))).toEqual(new Set([dispatcherActor(worker.id)]));
    expect(audit.map((a) => (a.details as { reason: string }).reason).sort()).toEqual(
      starts.map((s) => s.reason).sort(),
    );
  }, 240_000);
});
