// What the bench hands its dashboard measurement (e2e/dashboard-scale.spec.ts) through the
// environment: the web app, the admin's session cookie, the farm's size, how long updates
// stream per view, and where the figures go.
import { z } from "zod";

const ZDashboardEnvSchema = z.object({
  BENCH_DASHBOARD_ORIGIN: z.string().url(),
  BENCH_DASHBOARD_COOKIE: z.string().includes("="),
  BENCH_DASHBOARD_PRINTERS: z.coerce.number().int().min(1),
  BENCH_DASHBOARD_STREAM_SECONDS: z.coerce.number().int().min(1),
  BENCH_DASHBOARD_OUT: z.string().min(1),
});

export interface BenchDashboardEnv {
  origin: string;
  /** `name=value` of the signed-in admin's session cookie. */
  cookie: string;
  printers: number;
  streamSeconds: number;
  outDir: string;
}

export function benchDashboardEnv(env: NodeJS.ProcessEnv): BenchDashboardEnv {
  const parsed = ZDashboardEnvSchema.safeParse(env);
  if (!parsed.success)
    throw new Error(
      `the dashboard measurement runs inside the benchmark: \`npm run bench -- --printers 2000 --dashboard\` (${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")})`,
    );
  const e = parsed.data;
  return {
    origin: e.BENCH_DASHBOARD_ORIGIN,
    cookie: e.BENCH_DASHBOARD_COOKIE,
    printers: e.BENCH_DASHBOARD_PRINTERS,
    streamSeconds: e.BENCH_DASHBOARD_STREAM_SECONDS,
    outDir: e.BENCH_DASHBOARD_OUT,
  };
}

export function dashboardEnvOf(o: BenchDashboardEnv): Record<string, string> {
  return {
    BENCH_DASHBOARD_ORIGIN: o.origin,
    BENCH_DASHBOARD_COOKIE: o.cookie,
    BENCH_DASHBOARD_PRINTERS: String(o.printers),
    BENCH_DASHBOARD_STREAM_SECONDS: String(o.streamSeconds),
    BENCH_DASHBOARD_OUT: o.outDir,
  };
}
