// Our figures and the peer's side by side, the same rows in the same units, each marked with
// whether we are ahead (issue 16: at or below the peer on CPU and memory, also per report
// handled; below it on connect time, bytes per client and every latency row; no more lost).
import type { LatencySummary } from "../percentiles";
import type { PeerResult } from "./run-peer";

/** The figures of our run (BenchResult) the comparison reads; any may be missing in older JSON. */
export interface OurFigures {
  setup: { connectSeconds: number | null };
  ingest: { reportsPerSecond: number };
  latency: { bambu: LatencySummary; prusa: LatencySummary; transitions: number; lost: number };
  fanOut: { subscribers: number; bytesPerSecondPerClient?: number };
  queries?: { farmList: LatencySummary };
  totals?: { cpuCores: number; cpuSecondsPer1000Reports: number; peakRssMiB: number };
  machine: { loadAverage: { start: number; end: number } };
}

export interface ComparisonRow {
  figure: string;
  ours: string;
  peer: string;
  /** true: we are ahead (or level where the issue says "at or below"); null: not comparable. */
  ahead: boolean | null;
}

const p95 = (s: LatencySummary) =>
  s.count ? `p50 ${s.p50} ms, p95 ${s.p95} ms (n=${s.count})` : "no samples";
const mb = (bytes: number | undefined) => (bytes === undefined ? "—" : `${(bytes / 1e6).toFixed(3)} MB/s`);
/** lower is better; `orEqual`: level counts as ahead. */
function lower(
  ours: number | null | undefined,
  peer: number | null | undefined,
  orEqual = false,
): boolean | null {
  if (ours === null || ours === undefined || peer === null || peer === undefined) return null;
  return orEqual ? ours <= peer : ours < peer;
}

export function comparePeer(ours: OurFigures | undefined, peer: PeerResult): ComparisonRow[] {
  const t = ours?.totals;
  const lostOf = (l: { transitions: number; lost: number }) => `${l.lost} of ${l.transitions}`;
  return [
    {
      figure: "CPU cores (all its processes)",
      ours: t ? `${t.cpuCores} (worker + web + postgres)` : "—",
      peer: `${peer.cpu.cores} (one process, SQLite in it)`,
      ahead: lower(t?.cpuCores, peer.cpu.cores, true),
    },
    {
      figure: "CPU s per 1,000 reports handled",
      ours: t ? `${t.cpuSecondsPer1000Reports} (${ours?.ingest.reportsPerSecond} reports/s)` : "—",
      peer: `${peer.cpu.cpuSecondsPer1000Reports} (${peer.ingest.reportsPerSecond} reports/s)`,
      ahead: lower(t?.cpuSecondsPer1000Reports, peer.cpu.cpuSecondsPer1000Reports, true),
    },
    {
      figure: "peak memory",
      ours: t ? `${t.peakRssMiB} MiB (worker + web RSS, postgres PSS)` : "—",
      peer: `${peer.memory.peakRssMiB} MiB RSS`,
      ahead: lower(t?.peakRssMiB, peer.memory.peakRssMiB, true),
    },
    {
      figure: "all printers connected",
      ours: ours?.setup.connectSeconds != null ? `${ours.setup.connectSeconds} s` : "—",
      peer:
        peer.setup.connectSeconds !== null
          ? `${peer.setup.connectSeconds} s`
          : `not all: ${peer.setup.connectNote ?? "?"}`,
      ahead: lower(ours?.setup.connectSeconds, peer.setup.connectSeconds ?? Infinity),
    },
    {
      figure: "Bambu change → client",
      ours: ours ? p95(ours.latency.bambu) : "—",
      peer: `${p95(peer.latency.bambu)} (raw report)`,
      ahead: lower(ours?.latency.bambu.p95, peer.latency.bambu.p95),
    },
    {
      figure: "PrusaLink change → client",
      ours: ours ? p95(ours.latency.prusa) : "—",
      peer: p95(peer.latency.prusa),
      ahead: lower(ours?.latency.prusa.p95, peer.latency.prusa.p95),
    },
    {
      figure: "printer list (farm.list / GET /api/v2/printer)",
      ours: ours?.queries ? p95(ours.queries.farmList) : "—",
      peer: p95(peer.list),
      ahead: lower(ours?.queries?.farmList.p95, peer.list.p95),
    },
    {
      figure: "transitions lost",
      ours: ours ? lostOf(ours.latency) : "—",
      peer: lostOf(peer.latency),
      ahead: ours ? ours.latency.lost <= peer.latency.lost : null,
    },
    {
      figure: "bytes/s per client",
      ours: ours ? `${mb(ours.fanOut.bytesPerSecondPerClient)} (SSE)` : "—",
      peer: `${mb(peer.fanOut.bytesPerSecondPerClient)} (socket.io, ${peer.fanOut.updatesPerSecondPerClient} updates/s)`,
      ahead: lower(ours?.fanOut.bytesPerSecondPerClient, peer.fanOut.bytesPerSecondPerClient),
    },
  ];
}

export function formatPeerComparison(ours: OurFigures | undefined, peer: PeerResult): string {
  const rows = comparePeer(ours, peer);
  const head = ["figure", "Printernizer", `${peer.name} ${peer.version}`, "ahead"];
  const cells = rows.map((r) => [r.figure, r.ours, r.peer, r.ahead === null ? "—" : r.ahead ? "yes" : "no"]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) =>
    c
      .map((v, i) => v.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  const load = peer.machine;
  return [
    `side by side: ${peer.options.printers} printers (${peer.options.bambu} Bambu, ${peer.options.prusa} PrusaLink), ${peer.options.durationSeconds} s windows, ${peer.options.subscribers} clients each`,
    `load average during the peer's window ${load.before.load1} → ${load.after.load1}${ours ? `; ours ${ours.machine.loadAverage.start} → ${ours.machine.loadAverage.end}` : ""}`,
    line(head),
    ...cells.map(line),
    `CPU during the peer's window (cores): ${peer.name} ${peer.cpuShare.peer}, simulators ${peer.cpuShare.simulators}, benchmark and its ${peer.options.subscribers} clients ${peer.cpuShare.benchmark}`,
    ...peer.notes.map((n) => `note: ${n}`),
  ].join("\n");
}
