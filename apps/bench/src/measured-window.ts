// The measured window of a run: the printers pause and resume (state-changes.ts), farm.list is
// timed every 250 ms, memory is sampled every second, and the same counters are read at its start
// and end; then the late changes get their time to arrive. windowFigures turns that into the
// run's figures (rates are differences over the window).
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { writeCounters, type BenchDatabase } from "./bench-database";
import { bounds } from "./bench-bounds";
import type { BenchResult } from "./bench-result";
import type { StartedWorker } from "./failover";
import type { FarmSubscriber } from "./farm-subscriber";
import { benchmarkCpuSeconds, mib, round, simulatorsCpuSeconds } from "./figures";
import type { LatencyTracker } from "./latency-tracker";
import { summarize } from "./percentiles";
import { readPgStats, resetPgStats, type PgStats } from "./pg-stats";
import { sampleProcess, sampleProcessTree, type ProcessSample } from "./proc-stats";
import { sampleResources, type ResourceSamples } from "./resource-sampler";
import type { SimFleet } from "./sim-fleet";
import { driveStateChanges } from "./state-changes";
import { sleep, within } from "./wait-for";
import { timeQuery, type WebSession } from "./web-client";
import { readWorkerCounters } from "./worker-metrics";

export interface MeasuredWindow {
  before: WindowSnapshot;
  after: WindowSnapshot;
  resources: ResourceSamples;
  farmListTimes: number[];
  /** Rows of the last farm.list answer. */
  queryRows: number;
  pgStats: PgStats | undefined;
}

type WindowSnapshot = Awaited<ReturnType<ReturnType<typeof snapshotter>>>;

function snapshotter(o: {
  database: BenchDatabase;
  postgresPid: number;
  fleet: SimFleet;
  worker: StartedWorker;
  webPid: number;
  subscribers: FarmSubscriber[];
}) {
  return async () => ({
    other: {
      postgres: sampleProcessTree(o.postgresPid).cpuSeconds,
      simulators: simulatorsCpuSeconds(o.fleet),
      benchmark: benchmarkCpuSeconds(),
    },
    at: performance.now(),
    worker: sampleProcess(o.worker.child.pid),
    web: sampleProcessTree(o.webPid),
    sims: await o.fleet.counters(),
    counters: await readWorkerCounters(o.worker.url),
    db: await writeCounters(o.database.db),
    load: loadavg()[0]!,
    bytes: o.subscribers.map((s) => s.bytes()),
  });
}

export async function measureWindow(o: {
  database: BenchDatabase;
  /** The embedded PostgreSQL's data directory is `<dataDir>/postgres`. */
  dataDir: string;
  fleet: SimFleet;
  /** Printer ids, by their index in the fleet. */
  ids: string[];
  durationSeconds: number;
  tracker: LatencyTracker;
  subscribers: FarmSubscriber[];
  session: WebSession;
  worker: StartedWorker;
  webPid: number;
}): Promise<MeasuredWindow> {
  const { database, fleet, ids, tracker } = o;
  const postgresPid = Number(
    readFileSync(path.join(o.dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[0],
  );
  // The same figures at the start and the end of the window; rates are their differences.
  const snapshot = snapshotter({ ...o, postgresPid });
  if (database.pgStats?.enabled) await resetPgStats(database.db);
  const before = await snapshot();
  const windowEnd = Date.now() + o.durationSeconds * 1000;
  const farmListTimes: number[] = [];
  let queryRows = 0;

  const changer = driveStateChanges({ fleet, ids, tracker, until: windowEnd });
  const querier = (async () => {
    while (Date.now() < windowEnd) {
      const { ms, items } = await timeQuery(o.session, "farm.list");
      farmListTimes.push(ms);
      queryRows = items;
      await sleep(250);
    }
  })();
  const sampler = sampleResources({
    until: windowEnd,
    worker: o.worker.child.pid,
    web: o.webPid,
    postgres: postgresPid,
    simulators: fleet.hosts.map((h) => h.pid),
  });
  const [resources] = await Promise.all([sampler, changer, querier]);
  const after = await snapshot();
  const pgStats = database.pgStats?.enabled
    ? await readPgStats(database.db)
    : database.pgStats && { statements: [], totalMs: 0, calls: 0, note: database.pgStats.note };
  // Let the last changes arrive (Prusa is polled every 2 s; an overloaded run is late, which is
  // not the same as lost): up to 60 s, stopping as soon as everything has arrived.
  await within(bounds.lastChangesSeconds, async () => tracker.outstanding() === 0, 100);
  tracker.finish();
  return { before, after, resources, farmListTimes, queryRows, pgStats };
}

/** The window's figures: worker, web and PostgreSQL apart and together, the simulators apart. */
export function windowFigures(
  w: MeasuredWindow,
  o: { printers: number; subscribers: number; tracker: LatencyTracker; baseline: ProcessSample },
): Pick<
  BenchResult,
  "ingest" | "latency" | "memory" | "database" | "queries" | "fanOut" | "totals" | "simulators" | "cpuShare"
> {
  const { before, after, resources, tracker } = { ...w, ...o };
  const rssSamples = resources.workerRssBytes;
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
  return {
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
      workerBaselineRssMiB: mib(o.baseline.rssBytes),
      rssPerPrinterKiB: round(
        (steadyRss - o.baseline.rssBytes) / 1024 / Math.max(1, after.counters.connected),
        1,
      ),
    },
    database: {
      rowsPerPrinterMinuteByTable: Object.fromEntries(
        Object.entries(after.db.byTable)
          .map(
            ([table, n]) =>
              [table, round((n - (before.db.byTable[table] ?? 0)) / o.printers / (seconds / 60), 2)] as const,
          )
          .filter(([, n]) => n > 0)
          .sort((a, b) => b[1] - a[1]),
      ),
      rowsPerSecond: round(rows / seconds, 1),
      commitsPerSecond: round((after.db.commits - before.db.commits) / seconds, 1),
      rowsPerPrinterMinute: round(rows / o.printers / (seconds / 60), 2),
      workerRowsPerSecond: round((after.counters.rowsWritten - before.counters.rowsWritten) / seconds, 1),
      workerBatchesPerSecond: round((after.counters.batches - before.counters.batches) / seconds, 2),
      telemetryDropped: after.counters.telemetryDropped,
      criticalDropped: after.counters.criticalDropped,
    },
    queries: { farmList: summarize(w.farmListTimes), rows: w.queryRows },
    fanOut: {
      subscribers: o.subscribers,
      delivery: summarize(tracker.fanOut),
      webCpuCores: round(webCpu / seconds, 3),
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
    cpuShare: {
      worker: round(workerCpu / seconds, 3),
      web: round(webCpu / seconds, 3),
      postgres: round(postgresCpu / seconds, 3),
      simulators: round((after.other.simulators - before.other.simulators) / seconds, 3),
      benchmark: round((after.other.benchmark - before.other.benchmark) / seconds, 3),
    },
  };
}
