#!/usr/bin/env node
// `npm run bench -- --printers 500 --duration 60 --json out.json`: runs the benchmark (see
// run-bench.ts), prints the table and optionally writes the JSON. Ctrl-C or the run's time
// bound stops every process it started.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseBenchArgs, usage } from "./bench-options";
import { killAllChildrenNow, stopAllChildren } from "./child-processes";
import { formatResult } from "./report-table";
import { runBench } from "./run-bench";

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
const options = args;

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
// Bounded in time: setup grows with the fleet, plus the window and failover.
const boundSeconds = 600 + options.printers * 0.8 + options.duration;
setTimeout(
  () => void interrupt(`the run took longer than its bound of ${Math.round(boundSeconds)} s`, 1),
  boundSeconds * 1000,
).unref();

try {
  const result = await runBench({
    printers: options.printers,
    durationSeconds: options.duration,
    subscribers: options.subscribers,
    bambuShare: options.bambuShare,
    printersPerHost: options.printersPerHost,
    failover: options.failover,
    ...(options.profileWorker ? { profileDir: path.resolve(options.profileWorker) } : {}),
    log: say,
    childLog: options.verbose ? (line) => process.stderr.write(`${line}\n`) : () => {},
  });
  process.stdout.write(`\n${formatResult(result)}\n`);
  if (options.json) {
    mkdirSync(path.dirname(path.resolve(options.json)), { recursive: true });
    writeFileSync(options.json, `${JSON.stringify(result, null, 2)}\n`);
    say(`figures written to ${options.json}`);
  }
  process.exit(0);
} catch (error) {
  console.error(`[bench] failed: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof Error && error.cause) console.error(`[bench] cause: ${String(error.cause)}`);
  await stopAllChildren(3_000);
  process.exit(1);
}
