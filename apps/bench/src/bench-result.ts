// What one benchmark run records (its JSON file): the machine and its load, the options, and the
// figures of the measured window, the failover, the targets and the peer.
import type { DashboardFigures } from "./dashboard-measurement";
import type { FailoverResult } from "./failover";
import type { MachineLoad, QuietCheck } from "./machine-quiet";
import type { LatencySummary } from "./percentiles";
import type { PeerResult } from "./peer/run-peer";
import type { PgStats } from "./pg-stats";
import type { TargetCheck } from "./targets";

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
