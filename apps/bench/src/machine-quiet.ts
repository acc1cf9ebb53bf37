// Is the machine quiet enough to measure? The 1-minute load average counts our own farm too
// (simulators, database, worker, web app, the benchmark), so the benchmark keeps the same
// 1-minute average of the CPU its own process tree uses (the kernel's formula: every 5 s,
// load = load·e^(−5/60) + n·(1 − e^(−5/60))) and calls the difference the OTHER load: what
// other work on the machine takes. Before a measured part it waits until that is below a
// threshold, at most a given time, and then goes on and says so.
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { treeCpuByPid } from "./proc-stats";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (value: number) => Math.round(value * 100) / 100;

/** The 1-minute exponential average after `seconds` more at `cores` (the kernel's load formula). */
export function nextLoadAverage(previous: number, cores: number, seconds: number): number {
  const decay = Math.exp(-seconds / 60);
  return previous * decay + cores * (1 - decay);
}

/** Load averages (1, 5, 15 min) and seconds since boot, as `uptime` shows them. */
export interface MachineLoad {
  load1: number;
  load5: number;
  load15: number;
  uptimeSeconds: number;
}

export function machineLoad(): MachineLoad {
  const [load1 = 0, load5 = 0, load15 = 0] = loadavg();
  let uptimeSeconds = 0;
  try {
    uptimeSeconds = Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]);
  } catch {
    // not Linux: no uptime
  }
  return { load1: round(load1), load5: round(load5), load15: round(load15), uptimeSeconds };
}

/** The 1-minute load average of this process and everything below it, sampled every 5 s. */
export class OwnLoadMeter {
  private average = 0;
  private last: { at: number; cpu: Map<number, number> } | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly root = process.pid) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), 5_000);
    this.timer.unref();
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  load(): number {
    return this.average;
  }

  /** Takes a sample now (start() takes one every 5 s). */
  sample(): void {
    const at = performance.now();
    const cpu = treeCpuByPid(this.root);
    if (this.last) {
      let used = 0;
      // A process new since the last sample started within it: all its CPU time is in it.
      for (const [pid, seconds] of cpu) used += seconds - (this.last.cpu.get(pid) ?? 0);
      const elapsed = (at - this.last.at) / 1000;
      if (elapsed > 0) this.average = nextLoadAverage(this.average, Math.max(0, used) / elapsed, elapsed);
    }
    this.last = { at, cpu };
  }
}

export interface QuietCheck {
  /** What was about to be measured ("the measured window", "failover"). */
  before: string;
  quiet: boolean;
  /** The other load allowed (load average minus our own). */
  threshold: number;
  waitedSeconds: number;
  /** When the wait ended: the 1-minute load average, our own share of it, the rest. */
  load: number;
  ownLoad: number;
  otherLoad: number;
  /** "machine not quiet: …" when the wait ran out. */
  note?: string;
}

export async function waitForQuiet(options: {
  before: string;
  threshold: number;
  maxWaitSeconds: number;
  ownLoad(): number;
  readLoad?: () => number;
  intervalMs?: number;
  log(line: string): void;
}): Promise<QuietCheck> {
  const readLoad = options.readLoad ?? (() => loadavg()[0] ?? 0);
  const started = Date.now();
  let said = false;
  for (;;) {
    const load = readLoad();
    const ownLoad = options.ownLoad();
    const otherLoad = Math.max(0, load - ownLoad);
    const waitedSeconds = (Date.now() - started) / 1000;
    const check = {
      before: options.before,
      threshold: options.threshold,
      waitedSeconds: round(waitedSeconds),
      load: round(load),
      ownLoad: round(ownLoad),
      otherLoad: round(otherLoad),
    };
    const figures = `load ${check.load} (ours ${check.ownLoad}, other ${check.otherLoad}; threshold ${check.threshold})`;
    // on the figures as shown, so the output never reads "other 0.5 < 0.5"
    if (check.otherLoad < options.threshold) {
      if (said) options.log(`quiet after ${check.waitedSeconds} s: ${figures}`);
      return { ...check, quiet: true };
    }
    if (waitedSeconds >= options.maxWaitSeconds) {
      const note = `machine not quiet: ${figures} after waiting ${check.waitedSeconds} s`;
      options.log(`${note}; measuring ${options.before} anyway`);
      return { ...check, quiet: false, note };
    }
    if (!said)
      options.log(
        `waiting up to ${options.maxWaitSeconds} s for the machine to be quiet before ${options.before}: ${figures}`,
      );
    said = true;
    await sleep(options.intervalMs ?? 5_000);
  }
}
