// `--dashboard`: the dashboard measured in a real browser (issue 16 item 4). After the measured
// window, while the bench keeps pausing and resuming printers at the window's rate, it runs
// e2e/dashboard-scale.spec.ts (Playwright, Debian's chromium) against the bench's web app as
// the bench admin and collects the figures of the cards view and the table view. A page that
// does not work is reported in the figures (`error`), not thrown: the run's other figures stay.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { formatViewFigures, type ViewFigures } from "../../web/e2e/support/dashboard-figures";
import { startChild } from "./child-processes";
import { dashboardEnvOf } from "./dashboard-env";

export interface DashboardFigures {
  cards: ViewFigures | null;
  /** null: the build has no table view. */
  table: ViewFigures | null;
  streamSeconds: number;
  changesPerSecond: number;
  /** The machine's 1-minute load when the measurement started and ended (the bench's processes run meanwhile). */
  loadAverage: { start: number; end: number };
  error?: string;
}

const benchDir = path.resolve(import.meta.dirname, "..");

/** Chromium's start, two views (loading 2,000 rows, the stream, scrolling) and its stop, with room. */
export const dashboardBoundSeconds = (printers: number) => Math.round(300 + printers * 0.15);
const round = (value: number) => Math.round(value * 100) / 100;

export async function measureDashboard(o: {
  origin: string;
  cookie: string;
  printers: number;
  streamSeconds?: number;
  changesPerSecond: number;
  toggle(index: number): Promise<unknown>;
  log(line: string): void;
  childLog(line: string): void;
}): Promise<DashboardFigures> {
  const streamSeconds = o.streamSeconds ?? 30;
  const outDir = mkdtempSync(path.join(tmpdir(), "printernizer-bench-dashboard-"));
  const output: string[] = [];
  const loadStart = loadavg()[0]!;
  o.log(
    `dashboard: measuring the cards and table views in chromium (${streamSeconds} s of updates each, ${o.changesPerSecond} changes/s)`,
  );
  let streaming = true;
  const changer = (async () => {
    for (let k = 0; streaming; k++) {
      await o.toggle((k * 7919) % o.printers);
      await new Promise((r) => setTimeout(r, 1000 / o.changesPerSecond));
    }
  })();
  try {
    const cli = createRequire(path.join(benchDir, "package.json")).resolve("@playwright/test/cli");
    const child = startChild({
      name: "dashboard",
      args: [cli, "test", "--config", path.join(benchDir, "playwright.config.ts")],
      cwd: benchDir,
      env: {
        ...process.env,
        ...dashboardEnvOf({ ...o, streamSeconds, outDir }),
      },
      log: (line) => {
        output.push(line);
        o.childLog(line);
      },
    });
    const bound = setTimeout(
      () => {
        o.log(`dashboard: not done within ${dashboardBoundSeconds(o.printers)} s; stopping chromium`);
        void child.stop(5_000);
      },
      dashboardBoundSeconds(o.printers) * 1000,
    );
    const { code, signal } = await child.exited;
    clearTimeout(bound);
    const read = (view: string): ViewFigures | null => {
      const file = path.join(outDir, `${view}.json`);
      if (!existsSync(file)) return null;
      const figures = JSON.parse(readFileSync(file, "utf8")) as ViewFigures | { skipped: string };
      if ("skipped" in figures) {
        o.log(`dashboard: ${view} view skipped: ${figures.skipped}`);
        return null;
      }
      return figures;
    };
    const result: DashboardFigures = {
      cards: read("cards"),
      table: read("table"),
      streamSeconds,
      changesPerSecond: o.changesPerSecond,
      loadAverage: { start: round(loadStart), end: round(loadavg()[0]!) },
    };
    if (code !== 0) {
      result.error = `the dashboard spec failed (${signal ?? `exit code ${code}`}); its output:\n${output.slice(-40).join("\n")}`;
      o.log(result.error);
    }
    return result;
  } finally {
    streaming = false;
    await changer;
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** The dashboard's figures for the bench's printed report, each next to its target. */
export function formatDashboard(d: DashboardFigures): string {
  const lines = [
    `Dashboard in chromium (${d.changesPerSecond} printer changes/s; load average ${d.loadAverage.start} → ${d.loadAverage.end})`,
  ];
  for (const figures of [d.cards, d.table]) if (figures) lines.push(...formatViewFigures(figures));
  if (!d.table) lines.push("table view: not measured (not in this build, or the spec failed first)");
  if (d.error) lines.push(d.error);
  return lines.join("\n");
}
