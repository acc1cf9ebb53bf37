// The benchmark's command line, validated (bad input gets a clear message).
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
  json: z.string().min(1).optional(),
  profileWorker: z.string().min(1).optional(),
  verbose: z.boolean(),
  smoke: z.boolean(),
});

export type BenchArgs = z.infer<typeof ZBenchArgsSchema>;

export const usage = `usage: pnpm bench [--printers N] [--duration S] [--subscribers M] [--bambu-share F] [--json FILE] [--no-failover] [--smoke] [--verbose]
  --printers N          simulated printers (default 100)
  --duration S          measured window in seconds (default 60)
  --subscribers M       concurrent SSE subscribers of farm.updates (default 10)
  --bambu-share F       fraction of Bambu printers, the rest PrusaLink (default 0.5)
  --printers-per-host P simulators per simulator process (default 250)
  --json FILE           also write the figures as JSON
  --profile-worker DIR  write a CPU profile of the worker (node --cpu-prof) into DIR
  --no-failover         skip the two-worker failover measurement
  --smoke               short run to check the harness: 20 printers, 20 s, 3 subscribers
  --verbose             show the worker's, web app's and simulators' output`;

export function parseBenchArgs(argv: string[]): BenchArgs | { help: true } {
  const { values } = parseArgs({
    args: argv[0] === "--" ? argv.slice(1) : argv,
    options: {
      printers: { type: "string" },
      duration: { type: "string" },
      subscribers: { type: "string" },
      "bambu-share": { type: "string", default: "0.5" },
      "printers-per-host": { type: "string", default: "250" },
      json: { type: "string" },
      "profile-worker": { type: "string" },
      "no-failover": { type: "boolean", default: false },
      smoke: { type: "boolean", default: false },
      verbose: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
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
    json: values.json,
    profileWorker: values["profile-worker"],
    verbose: values.verbose,
    smoke,
  });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join("; "));
  return parsed.data;
}
