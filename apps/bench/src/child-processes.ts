// Every process the benchmark starts goes through here, so that all of them are stopped when
// the run ends: normally, on failure, on Ctrl-C or when the run's time bound is reached.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { createInterface } from "node:readline";

export interface BenchChild {
  name: string;
  process: ChildProcess;
  pid: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<BenchChild>();

export function startChild(options: {
  name: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  ipc?: boolean;
  log?: (line: string) => void;
}): BenchChild {
  const spawnOptions: SpawnOptions = {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe", ...(options.ipc ? (["ipc"] as const) : [])],
  };
  const child = spawn(process.execPath, options.args, spawnOptions);
  if (child.pid === undefined) throw new Error(`could not start the ${options.name}`);
  const log = options.log ?? (() => {});
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on("line", (line) => log(`[${options.name}] ${line}`));
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const handle: BenchChild = {
    name: options.name,
    process: child,
    pid: child.pid,
    exited,
    stop: async (graceMs = 10_000) => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
        await exited;
        clearTimeout(timer);
      }
      running.delete(handle);
    },
  };
  running.add(handle);
  void exited.then(() => running.delete(handle));
  return handle;
}

/** Stops every child still running (in parallel). */
export async function stopAllChildren(graceMs?: number): Promise<void> {
  await Promise.all([...running].map((child) => child.stop(graceMs)));
}

/** Last resort on process exit: nothing may outlive the benchmark. */
export function killAllChildrenNow(): void {
  for (const child of running) child.process.kill("SIGKILL");
}
