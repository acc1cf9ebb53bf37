// Two worker processes share one farm queue. One is SIGKILLed while its uploads run: the starts it
// had claimed never reach a printer, fail with the reason and give their copies back; the other
// worker takes its printers over after the lease expires, settles what the dead one left and
// dispatches the rest. Every entry still prints exactly once (queue counters, PrintStart rows and
// the simulators' own start counters agree); plates are confirmed as an operator would.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { importLibraryFile } from "@printernizer/farm/library-import";
import { confirmPlatesCleared } from "@printernizer/farm/print-requests-plate";
import { addQueueEntry } from "@printernizer/farm/queue-entries";
import { updateQueueSettings } from "@printernizer/farm/queue-settings";
import { LocalFileStore } from "@printernizer/file-store";
import { BambuSimulator, makeMultiPlate3mf } from "@printernizer/printer-sim/bambu";
import { fastFleetEnv, insertBambuSimulator, until } from "./helpers";

const printerCount = 4;
const entryCount = 8;

describe("two workers sharing the queue, one killed mid-upload", () => {
  let database: TestDatabase;
  const sims = new Map<string, BambuSimulator>(); // by printer id
  const workers: { id: string; child: ChildProcess; exited: Promise<void> }[] = [];
  const dataDir = mkdtempSync(path.join(tmpdir(), "pz-queue-two-"));
  const db = () => database.db;

  function startWorkerProcess(id: string) {
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: path.join(import.meta.dirname, ".."),
      env: {
        PATH: process.env.PATH,
        ...fastFleetEnv(database.url, dataDir),
        PRINTERNIZER_WORKER_ID: id,
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "inherit", "inherit"],
    });
    const worker = { id, child, exited: new Promise<void>((resolve) => child.once("exit", () => resolve())) };
    workers.push(worker);
    return worker;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    for (let i = 0; i < printerCount; i++) {
      const sim = await new BambuSimulator({
        host: `127.0.19.${11 + i}`,
        model: "P1S",
        name: `two-p1s-${i}`,
        accessCode: `twowk00${i}`,
        reportIntervalMs: 200,
        timeScale: 60,
        // an 8.5 KB file takes about 8 s: the kill lands in the middle of uploads
        upload: { bytesPerSecond: 1024 },
      }).start();
      const row = await insertBambuSimulator(db(), `Two P1S ${i}`, sim);
      await db().printer.update({ where: { id: row.id }, data: { model: "P1S" } });
      sims.set(row.id, sim);
    }
    const store = new LocalFileStore(path.join(dataDir, "files"));
    for (let i = 0; i < entryCount; i++) {
      const bytes = makeMultiPlate3mf(
        `Part ${i}`,
        [
          {
            name: `part-${i}`,
            minutes: 1,
            layers: 10,
            filaments: [{ type: "PLA", color: "#000000", grams: 3 }],
          },
        ],
        { model: "P1S", seed: 20 + i },
      );
      const staged = await store.stage(Readable.from([bytes]));
      const file = await importLibraryFile(db(), store, { staged, name: `part-${i}.gcode.3mf` });
      await addQueueEntry(db(), { libraryFileId: file.id, target: "any" });
    }
  }, 60_000);

  afterAll(async () => {
    for (const w of workers) w.child.kill("SIGKILL");
    await Promise.all(workers.map((w) => w.exited));
    await Promise.all([...sims.values()].map((s) => s.stop()));
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Uploads running now, by the worker that claimed them. */
  async function uploadsByWorker() {
    const rows = await db().$queryRaw<{ claimedBy: string; n: bigint }[]>`
      SELECT c."claimedBy", count(*) AS n FROM "PrintStart" ps JOIN "PrinterCommand" c ON c."id" = ps."commandId"
      WHERE ps."status" = 'uploading' AND c."status" = 'claimed' GROUP BY c."claimedBy"`;
    return new Map(rows.map((r) => [r.claimedBy, Number(r.n)]));
  }

  it("runs every entry exactly once", async () => {
    // Pause first, so neither worker dispatches before both own their share.
    await updateQueueSettings(db(), { paused: true, maxHeating: 8 });
    startWorkerProcess("queue-worker-a");
    startWorkerProcess("queue-worker-b");
    await until(
      "two printers each, all connected by their owner",
      async () => {
        const leases = await db().printerLease.findMany();
        const owners = new Map(leases.map((l) => [l.printerId, l.ownerId]));
        const perOwner = new Set(
          ["queue-worker-a", "queue-worker-b"].map((w) => leases.filter((l) => l.ownerId === w).length),
        );
        const live = await db().liveStatus.findMany();
        // connected as its lease owner sees it (a row from before the split does not count)
        const ready = live.filter(
          (s) => s.connected && s.state === "idle" && s.workerId === owners.get(s.printerId),
        );
        return perOwner.size === 1 && perOwner.has(2) && ready.length === printerCount;
      },
      60_000,
    );
    await updateQueueSettings(db(), { paused: false });
    const uploads = await until(
      "both workers uploading",
      async () => {
        const u = await uploadsByWorker();
        return u.size === 2 ? u : undefined;
      },
      30_000,
    );
    const victim = workers.find((w) => w.id === [...uploads.keys()][0])!;
    const victimStartIds = (
      await db().$queryRaw<{ id: string }[]>`
        SELECT ps."id" FROM "PrintStart" ps JOIN "PrinterCommand" c ON c."id" = ps."commandId"
        WHERE ps."status" = 'uploading' AND c."status" = 'claimed' AND c."claimedBy" = ${victim.id}`
    ).map((r) => r.id);
    expect(victimStartIds.length).toBeGreaterThanOrEqual(1);
    const victimPrinters = (await db().printerLease.findMany({ where: { ownerId: victim.id } })).map(
      (l) => l.printerId,
    );
    victim.child.kill("SIGKILL");
    await victim.exited;

    // An operator keeps confirming plates until every entry printed.
    const printerIds = [...sims.keys()];
    const dump = async () =>
      console.warn(
        JSON.stringify(
          {
            entries: await db().queueEntry.findMany({
              select: { id: true, copiesStarted: true, copiesDone: true, status: true, lastError: true },
            }),
            starts: await db().printStart.findMany({
              select: {
                queueEntryId: true,
                printerId: true,
                status: true,
                error: true,
                jobId: true,
                commandId: true,
              },
            }),
            live: await db().liveStatus.findMany({
              select: { printerId: true, state: true, connected: true, workerId: true, jobName: true },
            }),
            printers: await db().printer.findMany({ select: { id: true, awaitingPlateClearSince: true } }),
            staged: await db().stagedFile.findMany(),
            commands: await db().printerCommand.findMany({
              select: { kind: true, status: true, claimedBy: true, error: true, printerId: true },
            }),
          },
          (_k, v) => (typeof v === "bigint" ? Number(v) : v),
          1,
        ),
      );
    await until(
      "every entry done",
      async () => {
        const waiting = await db().printer.findMany({
          where: { awaitingPlateClearSince: { not: null } },
          select: { id: true },
        });
        if (waiting.length)
          await confirmPlatesCleared(
            db(),
            waiting.map((p) => p.id),
          );
        return (await db().queueEntry.count({ where: { status: "done" } })) === entryCount;
      },
      120_000,
    ).catch(async (error: unknown) => {
      await dump();
      throw error;
    });
    expect(printerIds).toHaveLength(printerCount);

    const entries = await db().queueEntry.findMany({ include: { printStarts: true } });
    for (const entry of entries) {
      expect(entry).toMatchObject({ copies: 1, copiesStarted: 1, copiesDone: 1, status: "done" });
      expect(entry.printStarts.filter((s) => s.status === "started")).toHaveLength(1);
    }
    // the dead worker's starts failed with why, and their entries went back and printed elsewhere or later
    const killed = await db().printStart.findMany({ where: { id: { in: victimStartIds } } });
    expect(killed.map((s) => s.status)).toEqual(killed.map(() => "failed"));
    for (const start of killed) expect(start.error).toContain(`(${victim.id}) stopped before it finished`);
    expect(
      (await db().queueEntry.findMany({ where: { id: { in: killed.map((s) => s.queueEntryId!) } } })).map(
        (e) => e.lastError,
      ),
    ).toEqual(killed.map((s) => s.error));
    // and no other start failed, except one the dead worker had handed out and not yet claimed (its
    // new owner refuses it until connected): a printer just taken over is never dispatched to on its
    // old owner's word
    const failed = await db().printStart.findMany({
      where: { status: "failed" },
      select: { id: true, printerId: true, error: true },
    });
    expect(
      failed.filter((s) => !victimStartIds.includes(s.id) && !victimPrinters.includes(s.printerId)),
    ).toEqual([]);
    // the printers themselves were asked to start exactly eight prints
    const published = [...sims.values()].reduce((sum, s) => sum + s.counters().publishedStarts, 0);
    expect(published).toBe(entryCount);
    expect(await db().printStart.count({ where: { status: "started" } })).toBe(entryCount);
  }, 300_000);
});
