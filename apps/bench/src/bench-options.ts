// The benchmark's command line, validated (bad input gets a clear message).
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import { z } from "zod";

export const ZBenchArgsSchema = z.object({
  printers: z.coerce
    .number({ message: "--printers must be a number" })
    .int()
    .min(1, "--printers must be at least 1")
    .max(5_000, "--printers is at most 5000"),
  duration: z.coerce
    .number({ message: "--duration must be a number of seconds" })
    .int()
    .min(5, "--duration must be at least 5 seconds")
    .max(3_600, "--duration is at most 3600 seconds"),
  subscribers: z.coerce
    .number({ message: "--subscribers must be a number" })
    .int()
    .min(1, "--subscribers must be at least 1")
    .max(500, "--subscribers is at most 500"),
  bambuShare: z.coerce
    .number({ message: "--bambu-share must be a number" })
    .min(0, "--bambu-share is a fraction from 0 to 1")
    .max(1, "--bambu-share is a fraction from 0 to 1"),
  printersPerHost: z.coerce
    .number({ message: "--printers-per-host must be a number" })
    .int()
    .min(1)
    .max(2_000),
  failover: z.boolean(),
  quietLoad: z.coerce
    .number({ message: "--quiet-load must be a number (load beyond the benchmark's own)" })
    .min(0, "--quiet-load must be at least 0")
    .max(1_000),
  quietWait: z.coerce
    .number({ message: "--quiet-wait must be a number of seconds" })
    .min(0, "--quiet-wait must be at least 0 seconds")
    .max(3_600, "--quiet-wait is at most 3600 seconds"),
  json: z.string().min(1).optional(),
  profileWorker: z.string().min(1).optional(),
  verbose: z.boolean(),
  smoke: z.boolean(),
  dashboard: z.boolean(),
  profileWeb: z.string().min(1).optional(),
  pgStats: z.boolean(),
  peer: z.enum(["fdm-monster"], { message: '--peer: the one peer is "fdm-monster"' }).optional(),
  peerOnly: z.boolean(),
});

export type BenchArgs = z.infer<typeof ZBenchArgsSchema>;

/** Other work may take a quarter of the machine's CPUs (0.5 on 2 cores) while the benchmark measures. */
export function defaultQuietLoad(): number {
  return Math.max(1, cpus().length) / 4;
}

/** `--scenario dispatch`: the queue's dispatch with and without pre-staging (dispatch-bench.ts). */
export const ZDispatchArgsSchema = z.object({
  scenario: z.literal("dispatch"),
  printers: z.coerce
    .number({ message: "--printers must be a number" })
    .int()
    .min(1)
    .max(1_000, "--printers is at most 1000 here"),
  entries: z.coerce
    .number({ message: "--entries must be a number" })
    .int()
    .min(1)
    .max(1_000, "--entries is at most 1000"),
  fileMb: z.coerce
    .number({ message: "--file-mb must be a number" })
    .min(0.01)
    .max(1_000, "--file-mb is at most 1000"),
  rateKibps: z.coerce.number({ message: "--rate-kibps must be a number" }).min(1).max(1_000_000),
  parallelUploads: z.coerce
    .number({ message: "--parallel-uploads must be a number" })
    .int()
    .min(1)
    .max(64, "--parallel-uploads is at most 64 (the worker's own limit)"),
  maxHeating: z.coerce.number({ message: "--max-heating must be a number" }).int().min(1).max(1_000),
  firstJobSeconds: z.coerce
    .number({ message: "--first-job must be a number of seconds" })
    .int()
    .min(10)
    .max(86_400)
    .optional(),
  timeScale: z.coerce.number({ message: "--time-scale must be a number" }).min(1).max(100),
  json: z.string().min(1).optional(),
  verbose: z.boolean(),
});

export type DispatchArgs = z.infer<typeof ZDispatchArgsSchema>;

export const usage = `usage: pnpm bench [--printers N] [--duration S] [--subscribers M] [--bambu-share F] [--json FILE] [--no-failover] [--smoke] [--verbose]
  --printers N          simulated printers (default 100)
  --duration S          measured window in seconds (default 60)
  --subscribers M       concurrent SSE subscribers of farm.updates (default 10)
  --bambu-share F       fraction of Bambu printers, the rest PrusaLink (default 0.5)
  --printers-per-host P simulators per simulator process (default 250)
  --json FILE           also write the figures as JSON
  --profile-worker DIR  write a CPU profile of the worker (node --cpu-prof) into DIR
  --profile-web DIR     write a CPU profile of the web app (node --cpu-prof) into DIR, when it stops
  --pg-stats            PostgreSQL's top statements of the window (pg_stat_statements) in the report
  --no-failover         skip the two-worker failover measurement
  --quiet-load L        before the window and the failover, wait until the load average minus the
                        benchmark's own load is below L (default: a quarter of the CPUs, ${defaultQuietLoad()} here)
  --quiet-wait S        … at most S seconds, then measure anyway and say "machine not quiet" (default 120, smoke 10)
  --smoke               short run to check the harness: 20 printers, 20 s, 3 subscribers
  --verbose             show the worker's, web app's and simulators' output
  --dashboard           after the window, measure the dashboard (cards and table views) in chromium
                        while printers keep changing (apps/bench/e2e/dashboard-scale.spec.ts)
  --peer fdm-monster    after our window (and failover), stop our worker and web app and measure FDM Monster
                        2.1.1 against the same simulated printers (installed with npm into
                        ~/.cache/printernizer-bench/fdm-monster on first use); both side by side
  --peer-only           with --peer: only the peer (no database, worker or web app of ours)

usage: pnpm bench --scenario dispatch [--printers N] [--entries E] [--file-mb S] [--rate-kibps R] [--parallel-uploads U] [--max-heating H] [--first-job S] [--time-scale T] [--json FILE]
  N Bambu X1C simulators and E queue entries of one S MB .gcode.3mf, twice: without and with pre-staging.
  Every printer first prints a job; the figure is the time from its end until every entry prints.
  --printers N          simulated Bambu printers (default 100)
  --entries E           queue entries, one copy each, any compatible printer (default 100)
  --file-mb S           size of the file in MB (default 20)
  --rate-kibps R        simulated SD card write rate in KiB/s (default 150, as a Bambu printer)
  --parallel-uploads U  the worker's PRINTERNIZER_MAX_PARALLEL_UPLOADS (default 64; the product's default is 4,
                        at which 100 × 20 MB take about an hour and the run far longer than 15 minutes)
  --max-heating H       printers heating up at once (default: N, no staggering; the product's default is 4)
  --first-job S         the first job's length with pre-staging (default: long enough for every upload + 25 %)
  --time-scale T        simulated seconds per real second (default 10: PREPARE takes 3 s)`;

export function parseBenchArgs(argv: string[]): BenchArgs | DispatchArgs | { help: true } {
  const args = argv[0] === "--" ? argv.slice(1) : argv;
  const scenario = args.findIndex((a) => a === "--scenario" || a.startsWith("--scenario="));
  if (scenario >= 0) {
    const name = args[scenario]!.includes("=") ? args[scenario]!.split("=")[1] : args[scenario + 1];
    if (name !== "dispatch")
      throw new Error(`unknown --scenario "${name ?? ""}": the one scenario is "dispatch"`);
    return parseDispatchArgs(args);
  }
  const { values } = parseArgs({
    args,
    options: {
      printers: { type: "string" },
      duration: { type: "string" },
      subscribers: { type: "string" },
      "bambu-share": { type: "string", default: "0.5" },
      "printers-per-host": { type: "string", default: "250" },
      json: { type: "string" },
      "profile-worker": { type: "string" },
      "no-failover": { type: "boolean", default: false },
      "quiet-load": { type: "string" },
      "quiet-wait": { type: "string" },
      smoke: { type: "boolean", default: false },
      verbose: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
      dashboard: { type: "boolean", default: false },
      "profile-web": { type: "string" },
      "pg-stats": { type: "boolean", default: false },
      peer: { type: "string" },
      "peer-only": { type: "boolean", default: false },
    },
    allowPositionals: false,
  });
  if (values.help) return { help: true };
  const smoke = values.smoke;
  const parsed = ZBenchArgsSchema.safeParse({
    printers: values.printers ?? (smoke ? 20 : 100),
    duration: values.duration ?? (smoke ? 20 : 60),
    subscribers: values.subscribers ?? (smoke ? 3 : 10),
    bambuShare: values["bambu-share"],
    printersPerHost: values["printers-per-host"],
    failover: !values["no-failover"],
    quietLoad: values["quiet-load"] ?? defaultQuietLoad(),
    quietWait: values["quiet-wait"] ?? (smoke ? 10 : 120),
    json: values.json,
    profileWorker: values["profile-worker"],
    verbose: values.verbose,
    smoke,
    dashboard: values.dashboard,
    profileWeb: values["profile-web"],
    pgStats: values["pg-stats"],
    peer: values.peer,
    peerOnly: values["peer-only"],
  });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join("; "));
  if (parsed.data.peerOnly && !parsed.data.peer) throw new Error("--peer-only needs --peer fdm-monster");
  return parsed.data;
}

function parseDispatchArgs(args: string[]): DispatchArgs | { help: true } {
  const { values } = parseArgs({
    args,
    options: {
      scenario: { type: "string" },
      printers: { type: "string", default: "100" },
      entries: { type: "string" },
      "file-mb": { type: "string", default: "20" },
      "rate-kibps": { type: "string", default: "150" },
      "parallel-uploads": { type: "string", default: "64" },
      "max-heating": { type: "string" },
      "first-job": { type: "string" },
      "time-scale": { type: "string", default: "10" },
      json: { type: "string" },
      verbose: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    allowPositionals: false,
  });
  if (values.help) return { help: true };
  const parsed = ZDispatchArgsSchema.safeParse({
    scenario: values.scenario,
    printers: values.printers,
    entries: values.entries ?? values.printers,
    fileMb: values["file-mb"],
    rateKibps: values["rate-kibps"],
    parallelUploads: values["parallel-uploads"],
    maxHeating: values["max-heating"] ?? values.printers,
    firstJobSeconds: values["first-job"],
    timeScale: values["time-scale"],
    json: values.json,
    verbose: values.verbose,
  });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join("; "));
  return parsed.data;
}
