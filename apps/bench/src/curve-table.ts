#!/usr/bin/env node
// Prints the scale curve as a Markdown table from benchmark JSON files, one column per run:
//   node --import tsx src/curve-table.ts ../../bench-results/n*.json
// (docs/benchmarks.md is made with it, so the document and the JSON files agree). Rows with a
// target of issue 16 (targets.ts) show it in a "target (2,000)" column and whether the
// 2,000-printer run met it.
import { readFileSync } from "node:fs";
import type { LatencySummary } from "./percentiles";
import type { BenchResult } from "./bench-result";
import { checkTarget, targetPrinters, targets, verdict } from "./targets";

const files = process.argv.slice(2);
if (!files.length) {
  console.error("usage: curve-table <result.json>...");
  process.exit(2);
}
const runs = files
  .map((f) => JSON.parse(readFileSync(f, "utf8")) as BenchResult)
  .sort((a, b) => a.options.printers - b.options.printers);
const p = (s: LatencySummary | undefined, key: "p50" | "p95" | "p99") =>
  s?.[key] == null ? "–" : String(Math.round(s[key]));
const targetById = new Map(targets.map((t) => [t.id, t]));
const mb = (bytes: number | undefined) => (bytes === undefined ? "–" : (bytes / 1e6).toFixed(3));
/** [label, cell, the target's id when the row has one] */
const lines: Array<[string, (r: BenchResult) => string, string?]> = [
  ["Bambu / PrusaLink", (r) => `${r.options.bambu} / ${r.options.prusa}`],
  [
    "load average (start → end of window)",
    (r) => `${r.machine.loadAverage.start} → ${r.machine.loadAverage.end}`,
  ],
  [
    "quiet machine (other load before the window / before failover)",
    (r) =>
      r.quiet?.length
        ? r.quiet.map((q) => `${q.otherLoad}${q.quiet ? "" : " (not quiet)"}`).join(" / ")
        : "–",
  ],
  [
    "all printers connected after (s)",
    (r) =>
      r.setup.connectSeconds === null ? (r.setup.connectNote ?? "not all") : String(r.setup.connectSeconds),
    "connect",
  ],
  ["reports ingested per s", (r) => String(r.ingest.reportsPerSecond)],
  ["worker CPU (cores, average)", (r) => String(r.ingest.workerCpuCores), "workerCpu"],
  ["worker CPU s per 1,000 reports", (r) => String(r.ingest.workerCpuSecondsPer1000Reports)],
  [
    "Bambu change → SSE p50 / p95 / p99 (ms)",
    (r) => `${p(r.latency.bambu, "p50")} / ${p(r.latency.bambu, "p95")} / ${p(r.latency.bambu, "p99")}`,
    "bambuP95",
  ],
  [
    "Prusa change → SSE p50 / p95 / p99 (ms)",
    (r) => `${p(r.latency.prusa, "p50")} / ${p(r.latency.prusa, "p95")} / ${p(r.latency.prusa, "p99")}`,
    "prusaP95",
  ],
  ["transitions made / lost", (r) => `${r.latency.transitions} / ${r.latency.lost}`, "lost"],
  ["worker peak RSS (MiB)", (r) => String(r.memory.workerPeakRssMiB), "workerRss"],
  ["worker RSS per printer (KiB)", (r) => String(r.memory.rssPerPrinterKiB)],
  ["DB rows written per s", (r) => String(r.database.rowsPerSecond)],
  ["DB rows per printer-minute", (r) => String(r.database.rowsPerPrinterMinute)],
  [
    "… of which LiveStatus / Job / PrinterLease / PrinterEvent",
    (r) =>
      r.database.rowsPerPrinterMinuteByTable
        ? ["LiveStatus", "Job", "PrinterLease", "PrinterEvent"]
            .map((t) => r.database.rowsPerPrinterMinuteByTable[t] ?? 0)
            .join(" / ")
        : "–",
  ],
  [
    "`printer.list` p50 / p95 (ms)",
    (r) => `${p(r.queries.printerList, "p50")} / ${p(r.queries.printerList, "p95")}`,
  ],
  [
    "dashboard `farm.list` p50 / p95 (ms)",
    (r) => `${p(r.queries.farmList, "p50")} / ${p(r.queries.farmList, "p95")}`,
    "farmListP95",
  ],
  ["SSE fan-out: subscribers", (r) => String(r.fanOut.subscribers)],
  [
    "SSE delivery p50 / p95 / p99 (ms)",
    (r) => `${p(r.fanOut.delivery, "p50")} / ${p(r.fanOut.delivery, "p95")} / ${p(r.fanOut.delivery, "p99")}`,
  ],
  ["web CPU (cores, average)", (r) => String(r.fanOut.webCpuCores), "webCpu"],
  ["bytes per client (MB/s of SSE body)", (r) => mb(r.fanOut.bytesPerSecondPerClient)],
  [
    "total CPU: worker + web + postgres (cores) / CPU s per 1,000 reports",
    (r) => (r.totals ? `${r.totals.cpuCores} / ${r.totals.cpuSecondsPer1000Reports}` : "–"),
  ],
  [
    "total peak memory: worker + web RSS + postgres PSS (MiB)",
    (r) => (r.totals ? String(r.totals.peakRssMiB) : "–"),
  ],
  [
    "simulators, apart: CPU (cores) / peak RSS (MiB)",
    (r) => (r.simulators ? `${r.simulators.cpuCores} / ${r.simulators.rssMiB}` : "–"),
  ],
  [
    "CPU cores: worker / web / postgres / simulators / benchmark",
    (r) =>
      r.cpuShare
        ? [
            r.cpuShare.worker,
            r.cpuShare.web,
            r.cpuShare.postgres,
            r.cpuShare.simulators,
            r.cpuShare.benchmark,
          ].join(" / ")
        : "–",
  ],
  [
    "failover, 2 workers, 1 killed (s)",
    (r) =>
      r.failover?.seconds != null
        ? `${r.failover.seconds} (${r.failover.printersMoved} printers)`
        : (r.failover?.note ?? "–"),
    "failover",
  ],
];
const full = runs.find((r) => r.options.printers === targetPrinters);
const targetCells = (id: string | undefined) => {
  const target = id ? targetById.get(id) : undefined;
  if (!target) return ["", ""];
  return [target.target, full ? verdict(checkTarget(target, full).met) : "no 2,000-printer run"];
};
const at = targetPrinters.toLocaleString("en");
process.stdout.write(
  `| printers | ${runs.map((r) => r.options.printers.toLocaleString("en")).join(" | ")} | target (${at}) | at ${at} |\n`,
);
process.stdout.write(`| --- | ${runs.map(() => "---:").join(" | ")} | --- | --- |\n`);
for (const [label, cell, id] of lines)
  process.stdout.write(`| ${label} | ${[...runs.map(cell), ...targetCells(id)].join(" | ")} |\n`);
