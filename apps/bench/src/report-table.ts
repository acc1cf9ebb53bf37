// The benchmark's result as a plain-text table (one figure a line, grouped as in the issue).
import type { LatencySummary } from "./percentiles";
import { formatPgStats } from "./pg-stats";
import type { BenchResult } from "./bench-result";
import { formatTargets } from "./targets";

const ms = (s: LatencySummary, withP99 = true) =>
  s.count
    ? `p50 ${s.p50} ms, p95 ${s.p95} ms${withP99 ? `, p99 ${s.p99} ms` : ""} (n=${s.count})`
    : "no samples";

const loads = (l: { load1: number; load5: number; load15: number }) =>
  `${l.load1} / ${l.load5} / ${l.load15}`;
const hours = (seconds: number) => `${(seconds / 3600).toFixed(1)} h`;

export function formatResult(r: BenchResult): string {
  const rows: Array<[string, string]> = [
    [
      "printers",
      `${r.options.printers} (${r.options.bambu} Bambu at ~1 report/s, ${r.options.prusa} PrusaLink polled every 2 s)`,
    ],
    [
      "measured window",
      `${r.options.durationSeconds} s, ${r.options.subscribers} SSE subscribers; load average ${r.machine.loadAverage.start} → ${r.machine.loadAverage.end} on ${r.machine.cpus} CPUs`,
    ],
    [
      "machine load (1 / 5 / 15 min)",
      r.machine.before && r.machine.after
        ? `${loads(r.machine.before)} at the start (up ${hours(r.machine.before.uptimeSeconds)}), ${loads(r.machine.after)} at the end`
        : "not recorded",
    ],
    ...(r.quiet ?? []).map((q): [string, string] => [
      `quiet machine before ${q.before}`,
      q.quiet
        ? `yes: other load ${q.otherLoad} < ${q.threshold} (load ${q.load}, ours ${q.ownLoad}) after ${q.waitedSeconds} s`
        : (q.note ?? "machine not quiet"),
    ]),
    [
      "setup",
      `simulators ${r.setup.simulatorsSeconds} s, ${
        r.setup.connectSeconds === null
          ? `printers connected: ${r.setup.connectNote ?? "not all"}`
          : `all printers connected after ${r.setup.connectSeconds} s`
      }`,
    ],
    [
      "reports ingested",
      `${r.ingest.reportsPerSecond}/s (Bambu ${r.ingest.bambuReportsPerSecond}/s, Prusa polls ${r.ingest.prusaPollsPerSecond}/s); worker events ${r.ingest.workerEventsPerSecond}/s`,
    ],
    [
      "worker CPU",
      `${r.ingest.workerCpuCores} cores average, ${r.ingest.workerCpuSecondsPer1000Reports} CPU s per 1,000 reports`,
    ],
    [
      "total CPU (worker + web + postgres)",
      r.totals
        ? `${r.totals.cpuCores} cores average, ${r.totals.cpuSecondsPer1000Reports} CPU s per 1,000 reports handled`
        : "not recorded",
    ],
    [
      "total memory (worker + web + postgres)",
      r.totals
        ? `peak ${r.totals.peakRssMiB} MiB (worker RSS + web RSS + PostgreSQL PSS; PostgreSQL alone ${r.totals.postgresPssMiB} MiB)`
        : "not recorded",
    ],
    [
      "simulators (their own processes)",
      r.simulators
        ? `${r.simulators.cpuCores} cores, peak RSS ${r.simulators.rssMiB} MiB (not in the totals)`
        : "not recorded",
    ],
    ["state change → SSE, Bambu", ms(r.latency.bambu)],
    ["state change → SSE, Prusa", ms(r.latency.prusa)],
    ["transitions", `${r.latency.transitions} made, ${r.latency.lost} lost`],
    [
      "worker RSS",
      `peak ${r.memory.workerPeakRssMiB} MiB, steady ${r.memory.workerRssMiB} MiB (idle ${r.memory.workerBaselineRssMiB} MiB), ${r.memory.rssPerPrinterKiB} KiB per connected printer`,
    ],
    [
      "database writes",
      `${r.database.rowsPerSecond} rows/s, ${r.database.commitsPerSecond} transactions/s (reads included), ${r.database.rowsPerPrinterMinute} rows per printer-minute (worker: ${r.database.workerRowsPerSecond} rows/s in ${r.database.workerBatchesPerSecond} batches/s)`,
    ],
    [
      "rows per printer-minute by table",
      Object.entries(r.database.rowsPerPrinterMinuteByTable ?? {})
        .map(([t, n]) => `${t} ${n}`)
        .join(", ") || "none",
    ],
    ["dropped writes", `telemetry ${r.database.telemetryDropped}, critical ${r.database.criticalDropped}`],
    ["farm.list (the farm)", ms(r.queries.farmList, false)],
    [
      "SSE fan-out",
      `${r.fanOut.subscribers} subscribers: ${ms(r.fanOut.delivery)}; web CPU ${r.fanOut.webCpuCores} cores, web RSS ${r.fanOut.webRssMiB} MiB`,
    ],
    [
      "bytes per client",
      r.fanOut.bytesPerSecondPerClient === undefined
        ? "not recorded"
        : `${(r.fanOut.bytesPerSecondPerClient / 1e6).toFixed(3)} MB/s (${Math.round(r.fanOut.bytesPerSecondPerClient / 1e3)} kB/s) of SSE body per subscriber`,
    ],
    [
      "CPU during the window (cores)",
      r.cpuShare
        ? `worker ${r.cpuShare.worker}, web ${r.cpuShare.web}, postgres ${r.cpuShare.postgres}, simulators ${r.cpuShare.simulators}, benchmark ${r.cpuShare.benchmark} (of ${r.machine.cpus})`
        : "not recorded",
    ],
    [
      "failover (2 workers, 1 killed)",
      r.failover
        ? r.failover.seconds !== null
          ? `${r.failover.seconds} s for ${r.failover.printersMoved} printers${r.failover.note ? ` (${r.failover.note})` : ""}`
          : (r.failover.note ?? "not measured")
        : "skipped",
    ],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const table = `${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n")}\n\n${formatTargets(r, r.targets)}`;
  return r.pgStats ? `${table}\n\n${formatPgStats(r.pgStats)}` : table;
}
