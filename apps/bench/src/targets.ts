// Issue 16's targets, as data: each figure of a run next to what it must be at 2,000 printers
// (default mix, 10 SSE subscribers). The run's report prints them, its JSON keeps them and
// curve-table.ts marks the 2,000-printer column with them. A figure a run did not measure (an
// older JSON file, a failover that did not finish) is "not measured", never met.
import type { BenchResult } from "./bench-result";

/** The fleet size the targets are set for. */
export const targetPrinters = 2_000;
/** PrusaLink poll interval the benchmark registers its printers with (bench-database.ts uses this). */
export const prusaPollIntervalMs = 2_000;

export interface Target {
  /** Stable key (JSON, curve table). */
  id: string;
  figure: string;
  /** The target in words, e.g. "≤ 300 ms". */
  target: string;
  unit: string;
  /** The figure must be at most this. */
  limit: number;
  measured(r: BenchResult): number | null | undefined;
  /** What the figure's absence means, or a condition of the run that differs from the target's. */
  note?(r: BenchResult): string | undefined;
}

export const targets: Target[] = [
  {
    id: "connect",
    figure: "all printers connected after start",
    target: "≤ 30 s",
    unit: "s",
    limit: 30,
    measured: (r) => r.setup.connectSeconds,
    note: (r) => r.setup.connectNote,
  },
  {
    id: "workerCpu",
    figure: "worker CPU (average)",
    target: "≤ 0.6 core",
    unit: "cores",
    limit: 0.6,
    measured: (r) => r.ingest.workerCpuCores,
  },
  {
    id: "workerRss",
    figure: "worker peak RSS",
    target: "≤ 1 GiB",
    unit: "MiB",
    limit: 1024,
    measured: (r) => r.memory.workerPeakRssMiB,
  },
  {
    id: "webCpu",
    figure: "web CPU with 10 subscribers (average)",
    target: "≤ 0.3 core",
    unit: "cores",
    limit: 0.3,
    measured: (r) => r.fanOut.webCpuCores,
    note: (r) =>
      r.options.subscribers === 10 ? undefined : `this run had ${r.options.subscribers} subscribers`,
  },
  {
    id: "bambuP95",
    figure: "Bambu change → subscriber p95",
    target: "≤ 300 ms",
    unit: "ms",
    limit: 300,
    measured: (r) => r.latency.bambu.p95,
  },
  {
    id: "prusaP95",
    figure: "PrusaLink change → subscriber p95",
    target: `≤ poll interval + 300 ms (${(prusaPollIntervalMs + 300).toLocaleString("en")} ms)`,
    unit: "ms",
    limit: prusaPollIntervalMs + 300,
    measured: (r) => r.latency.prusa.p95,
  },
  {
    id: "farmListP95",
    figure: "farm.list p95",
    target: "≤ 50 ms",
    unit: "ms",
    limit: 50,
    measured: (r) => r.queries.farmList.p95,
  },
  {
    id: "lost",
    figure: "transitions lost",
    target: "0",
    unit: `of made`,
    limit: 0,
    measured: (r) => r.latency.lost,
  },
  {
    id: "failover",
    figure: "failover, 2 workers, one SIGKILLed",
    target: "≤ 15 s until every printer is connected again",
    unit: "s",
    limit: 15,
    measured: (r) => r.failover?.seconds,
    note: (r) => (r.failover ? r.failover.note : "skipped (--no-failover)"),
  },
];

export interface TargetCheck {
  id: string;
  figure: string;
  /** The value, or null when the run did not measure it. */
  value: number | null;
  measured: string;
  target: string;
  /** null: not measured. */
  met: boolean | null;
  note?: string;
}

function measuredText(t: Target, r: BenchResult, value: number | null): string {
  if (value === null) return "not measured";
  if (t.id === "lost") return `${value} of ${r.latency.transitions}`;
  return `${value.toLocaleString("en")} ${t.unit}`;
}

export function checkTarget(t: Target, r: BenchResult): TargetCheck {
  let value: number | null = null;
  try {
    value = t.measured(r) ?? null;
  } catch {
    // an older JSON file without the figure
  }
  let note: string | undefined;
  try {
    note = t.note?.(r);
  } catch {
    note = undefined;
  }
  return {
    id: t.id,
    figure: t.figure,
    value,
    measured: measuredText(t, r, value),
    target: t.target,
    met: value === null ? null : value <= t.limit,
    ...(note ? { note } : {}),
  };
}

export function checkTargets(r: BenchResult): TargetCheck[] {
  return targets.map((t) => checkTarget(t, r));
}

export const verdict = (met: boolean | null) => (met === null ? "not measured" : met ? "met" : "not met");

/** "figure | measured | target | met/not met" as plain text, with a line saying the fleet size. */
export function formatTargets(r: BenchResult, checks = checkTargets(r)): string {
  const header = ["figure", "measured", `target (at ${targetPrinters.toLocaleString("en")})`, "verdict"];
  const rows = checks.map((c) => [
    c.figure,
    c.note ? `${c.measured} (${c.note})` : c.measured,
    c.target,
    verdict(c.met),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join(" | ")
      .trimEnd();
  const scale =
    r.options.printers === targetPrinters
      ? `targets at ${targetPrinters.toLocaleString("en")} printers`
      : `targets are set for ${targetPrinters.toLocaleString("en")} printers; this run had ${r.options.printers.toLocaleString("en")}`;
  return [scale, line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
