#!/usr/bin/env node
// `npm run bench -- --printers 500 --duration 60 --json out.json`: runs the benchmark (see
// run-bench.ts), prints the table and optionally writes the JSON. Ctrl-C or the run's time
// bound stops every process it started.
import path from "node:path";
import { runBoundSeconds } from "./bench-bounds";
import { childLogOf, writeFigures } from "./cli-output";
import { parseBenchArgs, usage, type DispatchArgs } from "./bench-options";
import { killAllChildrenNow, stopAllChildren } from "./child-processes";
import { dashboardBoundSeconds, formatDashboard } from "./dashboard-measurement";
import { runDispatchBench, uploadSeconds } from "./dispatch-bench";
import { formatDispatchResult } from "./dispatch-report";
import { formatResult } from "./report-table";
import { runBench } from "./run-bench";
import { peerBoundSeconds, peerMeasurement, runPeerCli } from "./peer/peer-cli";
import { formatPeerComparison } from "./peer/peer-report";

const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);

let args: ReturnType<typeof parseBenchArgs>;
try {
  args = parseBenchArgs(process.argv.slice(2));
} catch (error) {
  console.error(`invalid arguments: ${error instanceof Error ? error.message : String(error)}\n${usage}`);
  process.exit(2);
}
if ("help" in args) {
  console.warn(usage);
  process.exit(0);
}
const options = "scenario" in args ? await dispatchScenario(args) : args;

let interrupted = false;
async function interrupt(reason: string, code: number): Promise<never> {
  if (!interrupted) {
    interrupted = true;
    say(`${reason}: stopping everything`);
    await stopAllChildren(3_000);
  }
  process.exit(code);
}
process.on("SIGINT", () => void interrupt("interrupted", 130));
process.on("SIGTERM", () => void interrupt("terminated", 143));
process.on("exit", killAllChildrenNow);
// Bounded in time: the sum of the bounds of its parts (bench-bounds.ts), which grow with the fleet.
const boundSeconds =
  runBoundSeconds({
    printers: options.printers,
    durationSeconds: options.duration,
    quietWaitSeconds: options.quietWait,
  }) +
  (options.dashboard ? dashboardBoundSeconds(options.printers) : 0) +
  (options.peer ? peerBoundSeconds(options.printers, options.duration) : 0);
setTimeout(
  () => void interrupt(`the run took longer than its bound of ${Math.round(boundSeconds)} s`, 1),
  boundSeconds * 1000,
).unref();

if (options.peer && options.peerOnly) await runPeerCli(options, say);
try {
  const result = await runBench({
    printers: options.printers,
    durationSeconds: options.duration,
    subscribers: options.subscribers,
    bambuShare: options.bambuShare,
    printersPerHost: options.printersPerHost,
    failover: options.failover,
    quietLoad: options.quietLoad,
    quietWaitSeconds: options.quietWait,
    ...(options.profileWorker ? { profileDir: path.resolve(options.profileWorker) } : {}),
    ...(options.profileWeb ? { webProfileDir: path.resolve(options.profileWeb) } : {}),
    pgStats: options.pgStats,
    dashboard: options.dashboard,
    ...(options.peer ? { peer: peerMeasurement(options) } : {}),
    log: say,
    childLog: childLogOf(options.verbose),
  });
  process.stdout.write(`\n${formatResult(result)}\n`);
  if (result.dashboard) process.stdout.write(`\n${formatDashboard(result.dashboard)}\n`);
  if (result.peer) process.stdout.write(`\n${formatPeerComparison(result, result.peer)}\n`);
  if (result.peerFailure) process.stdout.write(`\nthe peer run failed: ${result.peerFailure}\n`);
  writeFigures(options.json, result, say);
  process.exit(0);
} catch (error) {
  console.error(`[bench] failed: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof Error && error.cause) console.error(`[bench] cause: ${String(error.cause)}`);
  await stopAllChildren(3_000);
  process.exit(1);
}

/** `--scenario dispatch`: its own run, table and time bound; exits when done. */
async function dispatchScenario(a: DispatchArgs): Promise<never> {
  process.on("SIGINT", () => void stopAllChildren(3_000).then(() => process.exit(130)));
  process.on("SIGTERM", () => void stopAllChildren(3_000).then(() => process.exit(143)));
  process.on("exit", killAllChildrenNow);
  const o = {
    printers: a.printers,
    entries: a.entries,
    fileBytes: Math.round(a.fileMb * 1e6),
    uploadBytesPerSecond: Math.round(a.rateKibps * 1024),
    parallelUploads: a.parallelUploads,
    maxHeating: a.maxHeating,
    timeScale: a.timeScale,
    ...(a.firstJobSeconds ? { firstJobSeconds: a.firstJobSeconds } : {}),
  };
  // setup, then two rounds: each up to its first job plus twice the upload time plus 5 minutes
  const uploads = uploadSeconds(o);
  const boundSeconds = 300 + a.printers * 2 + 2 * (uploads * 3 + 400) + (a.firstJobSeconds ?? 0);
  setTimeout(() => {
    say(`the run took longer than its bound of ${Math.round(boundSeconds)} s: stopping everything`);
    void stopAllChildren(3_000).then(() => process.exit(1));
  }, boundSeconds * 1000).unref();
  say(
    `every upload one after another in groups of ${a.parallelUploads}: about ${Math.round(uploads)} s per round`,
  );
  try {
    const result = await runDispatchBench({
      ...o,
      log: say,
      childLog: childLogOf(a.verbose),
    });
    process.stdout.write(`\n${formatDispatchResult(result)}\n`);
    writeFigures(a.json, result, say);
    process.exit(0);
  } catch (error) {
    console.error(`[bench] failed: ${error instanceof Error ? error.message : String(error)}`);
    await stopAllChildren(3_000);
    process.exit(1);
  }
}
