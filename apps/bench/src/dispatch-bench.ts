// The dispatch scenario: N simulated Bambu X1C printers, one worker, and N queue entries of one
// large .gcode.3mf, run twice — without and with pre-staging. Each round every printer first
// prints a job that ends at a known time; the entries are queued while it runs; the figure is the
// time from the end of that first job until every entry prints. Without pre-staging the uploads
// start then; with it they run during the first job, which is made long enough for them.
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, totalmem, tmpdir } from "node:os";
import path from "node:path";
import { createCredentialCipher, generateSecretKey } from "@printernizer/db/secrets";
import { addQueueEntry } from "@printernizer/farm/queue-entries";
import { updateQueueSettings } from "@printernizer/farm/queue-settings";
import { connectedCount, registerFleet, startBenchDatabase, type BenchDatabase } from "./bench-database";
import { startChild, stopAllChildren, type BenchChild } from "./child-processes";
import { addBenchLibraryFile, benchProjectFile } from "./dispatch-files";
import { measureRound, type RoundFigures } from "./dispatch-round";
import { sampleProcess } from "./proc-stats";
import { freePort, until } from "./wait-for";
import { planFleet, startSimFleet, type SimFleet } from "./sim-fleet";
import { waitForHttp } from "./web-client";

export interface DispatchOptions {
  printers: number;
  entries: number;
  fileBytes: number;
  /** Simulated SD card write rate, bytes per second. */
  uploadBytesPerSecond: number;
  /** PRINTERNIZER_MAX_PARALLEL_UPLOADS of the worker. */
  parallelUploads: number;
  /** The queue's maxHeating (printers heating up at once). */
  maxHeating: number;
  /** The first job's length with pre-staging; default: long enough for every upload, with a margin. */
  firstJobSeconds?: number;
  /** Simulated seconds per real second: PREPARE (30 s simulated) takes 30 / timeScale real seconds. */
  timeScale: number;
  log(line: string): void;
  childLog(line: string): void;
}

export interface DispatchResult {
  scenario: "dispatch";
  startedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; loadAverage: number[] };
  parameters: Omit<DispatchOptions, "log" | "childLog" | "firstJobSeconds"> & { fileName: string };
  setup: { simulatorsSeconds: number; connectSeconds: number };
  withoutPrestaging: RoundFigures;
  withPrestaging: RoundFigures;
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Time to upload every entry's file with `parallel` uploads at once, in seconds. */
export function uploadSeconds(
  o: Pick<DispatchOptions, "entries" | "fileBytes" | "uploadBytesPerSecond" | "parallelUploads">,
) {
  return Math.ceil(o.entries / o.parallelUploads) * (o.fileBytes / o.uploadBytesPerSecond);
}

export async function runDispatchBench(options: DispatchOptions): Promise<DispatchResult> {
  const { log } = options;
  const startedAt = new Date().toISOString();
  const dataDir = mkdtempSync(path.join(tmpdir(), "printernizer-bench-dispatch-"));
  const removeDataDir = () => rmSync(dataDir, { recursive: true, force: true });
  process.once("exit", removeDataDir);
  const secret = generateSecretKey();
  let database: BenchDatabase | undefined;
  let fleet: SimFleet | undefined;
  let worker: BenchChild | undefined;
  try {
    log(`starting PostgreSQL (embedded, data in ${dataDir})`);
    database = await startBenchDatabase({ dataDir, port: await freePort(), log });
    const { db } = database;
    // one model, so every printer fits every entry (the P1S would need files sliced for it)
    const plan = planFleet(options.printers, 1);
    plan.printers = plan.printers.map((p) => ({
      ...p,
      model: "X1C",
      serial: p.serial.replace(/^01P/, "00M"),
    }));
    log(
      `starting ${options.printers} simulated Bambu X1C printers (idle, SD write ${options.uploadBytesPerSecond} B/s)`,
    );
    const simsStarted = Date.now();
    fleet = await startSimFleet({
      plan,
      printersPerHost: 50,
      timeoutMs: 120_000 + options.printers * 500,
      log: options.childLog,
      hostOptions: {
        initialPrintSeconds: null,
        uploadBytesPerSecond: options.uploadBytesPerSecond,
        timeScale: options.timeScale,
      },
    });
    const simulatorsSeconds = (Date.now() - simsStarted) / 1000;
    const ids = await registerFleet(db, createCredentialCipher(secret), fleet);
    // an ejection system: a finished first job does not wait for a person to clear the plate
    await db.printer.updateMany({ where: { id: { in: ids } }, data: { autoClearPlate: true } });
    await updateQueueSettings(db, { paused: true, prestage: false, maxHeating: options.maxHeating });

    log("preparing the library files");
    const minutes = 24 * 60; // dispatched prints outlast the measurement
    const mb = round(options.fileBytes / 1e6);
    const files = [];
    for (const [n, label] of ["A", "B"].entries())
      files.push(
        await addBenchLibraryFile(
          db,
          dataDir,
          `bench dispatch ${label} ${mb}MB.gcode.3mf`,
          benchProjectFile(`bench dispatch ${label}`, options.fileBytes, minutes, 11 + n),
        ),
      );

    log(`starting the worker (${options.parallelUploads} uploads at once)`);
    const port = await freePort();
    worker = startChild({
      name: "bench-worker",
      args: ["--import", "tsx", "src/main.ts"],
      cwd: path.join(import.meta.dirname, "..", "..", "worker"),
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DATABASE_URL: database.url,
        PRINTERNIZER_SECRET: secret,
        PRINTERNIZER_DATA_DIR: dataDir,
        PRINTERNIZER_WORKER_ID: "bench-dispatch-worker",
        PRINTERNIZER_WORKER_PORT: String(port),
        PRINTERNIZER_MAX_PARALLEL_UPLOADS: String(options.parallelUploads),
        NODE_ENV: "production",
        LOG_LEVEL: "warn",
      },
      log: options.childLog,
    });
    const workerChild = worker;
    await waitForHttp(`http://127.0.0.1:${port}/health`, 60_000, () => workerChild.process.exitCode === null);
    const connectSeconds = await until(
      `the worker to connect to ${options.printers} printers`,
      60_000 + options.printers * 300,
      async () => (await connectedCount(db)) === options.printers,
      1_000,
    );
    log(`all ${options.printers} printers connected in ${connectSeconds.toFixed(1)} s`);

    const rounds: RoundFigures[] = [];
    for (const prestage of [false, true]) {
      const file = files[rounds.length]!;
      // without pre-staging the first job only has to outlast queueing; with it, every upload
      const firstJobSeconds = prestage
        ? (options.firstJobSeconds ?? Math.ceil(uploadSeconds(options) * 1.25 + 60))
        : 45;
      log(
        `round ${rounds.length + 1} (${prestage ? "with" : "without"} pre-staging): first job of ${firstJobSeconds} s on every printer`,
      );
      await updateQueueSettings(db, { paused: true, prestage });
      await fleet.clearCards();
      const firstJobEndsAt = await fleet.firstJob(firstJobSeconds);
      await until(
        "every printer to report its first job",
        120_000,
        async () =>
          (await db.liveStatus.count({
            where: { printerId: { in: ids }, state: { in: ["printing", "busy"] } },
          })) === options.printers,
        1_000,
      );
      for (let n = 0; n < options.entries; n++)
        await addQueueEntry(db, { libraryFileId: file.id, target: "any" });
      await updateQueueSettings(db, { paused: false });
      rounds.push(
        await measureRound({
          db,
          fleet,
          workerPid: workerChild.pid,
          libraryFileId: file.id,
          entries: options.entries,
          prestage,
          firstJobSeconds,
          firstJobEndsAt,
          timeoutMs: (firstJobSeconds + uploadSeconds(options) * 2 + 300) * 1000,
          log,
        }),
      );
      // nothing of this round is dispatched in the next one
      await db.queueEntry.updateMany({
        where: { libraryFileId: file.id, status: "queued" },
        data: { status: "cancelled" },
      });
    }

    return {
      scenario: "dispatch",
      startedAt,
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? "unknown",
        memoryGiB: round(totalmem() / 2 ** 30),
        node: process.version,
        loadAverage: loadavg().map((l) => round(l, 2)),
      },
      parameters: {
        printers: options.printers,
        entries: options.entries,
        fileBytes: files[0]!.size,
        fileName: "bench dispatch A/B (.gcode.3mf, sliced for X1C)",
        uploadBytesPerSecond: options.uploadBytesPerSecond,
        parallelUploads: options.parallelUploads,
        maxHeating: options.maxHeating,
        timeScale: options.timeScale,
      },
      setup: { simulatorsSeconds: round(simulatorsSeconds), connectSeconds: round(connectSeconds) },
      withoutPrestaging: rounds[0]!,
      withPrestaging: rounds[1]!,
    };
  } finally {
    log("stopping everything");
    if (worker) log(`worker peak RSS ${Math.round(sampleProcess(worker.pid).peakRssBytes / 2 ** 20)} MiB`);
    await worker?.stop(30_000);
    await fleet?.stop();
    await stopAllChildren();
    await database
      ?.stop()
      .catch((error: unknown) => log(`could not stop PostgreSQL cleanly: ${String(error)}`));
    removeDataDir();
    process.removeListener("exit", removeDataDir);
  }
}
