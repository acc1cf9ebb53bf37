#!/usr/bin/env node
// Prints the scale curve as a Markdown table from benchmark JSON files, one column per run:
//   node --import tsx src/curve-table.ts ../../bench-results/n*.json
// (docs/benchmarks.md is made with it, so the document and the JSON files agree).
import { readFileSync } from "node:fs";
import type { LatencySummary } from "./percentiles";
import type { BenchResult } from "./run-bench";

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
const lines: Array<[string, (r: BenchResult) => string]> = [
  ["Bambu / PrusaLink", (r) => `${r.options.bambu} / ${r.options.prusa}`],
  [
    "load average (start → end of window)",
    (r) => `${r.machine.loadAverage.start} → ${r.machine.loadAverage.end}`,
  ],
  ["all printers connected after (s)", (r) => String(r.setup.connectSeconds)],
  ["reports ingested per s", (r) => String(r.ingest.reportsPerSecond)],
  ["worker CPU (cores, average)", (r) => String(r.ingest.workerCpuCores)],
  ["worker CPU s per 1,000 reports", (r) => String(r.ingest.workerCpuSecondsPer1000Reports)],
  [
    "Bambu change → SSE p50 / p95 / p99 (ms)",
    (r) => `${p(r.latency.bambu, "p50")} / ${p(r.latency.bambu, "p95")} / ${p(r.latency.bambu, "p99")}`,
  ],
  [
    "Prusa change → SSE p50 / p95 / p99 (ms)",
    (r) => `${p(r.latency.prusa, "p50")} / ${p(r.latency.prusa, "p95")} / ${p(r.latency.prusa, "p99")}`,
  ],
  ["transitions made / lost", (r) => `${r.latency.transitions} / ${r.latency.lost}`],
  ["worker peak RSS (MiB)", (r) => String(r.memory.workerPeakRssMiB)],
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
  ],
  ["SSE fan-out: subscribers", (r) => String(r.fanOut.subscribers)],
  [
    "SSE delivery p50 / p95 / p99 (ms)",
    (r) => `${p(r.fanOut.delivery, "p50")} / ${p(r.fanOut.delivery, "p95")} / ${p(r.fanOut.delivery, "p99")}`,
  ],
  ["web CPU (cores, average)", (r) => String(r.fanOut.webCpuCores)],
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
  ],
];
process.stdout.write(
  `| printers | ${runs.map((r) => r.options.printers.toLocaleString("en")).join(" | ")} |\n`,
);
process.stdout.write(`| --- | ${runs.map(() => "---:").join(" | ")} |\n`);
for (const [label, cell] of lines) process.stdout.write(`| ${label} | ${runs.map(cell).join(" | ")} |\n`);
