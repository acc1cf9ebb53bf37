// CPU time and memory of a process (and its descendants) from /proc, as `ps` would read them.
import { readFileSync, readdirSync } from "node:fs";

const ticksPerSecond = 100; // USER_HZ on Linux

export interface ProcessSample {
  /** User + system CPU seconds since the process started. */
  cpuSeconds: number;
  rssBytes: number;
  /** Peak resident set size (VmHWM). */
  peakRssBytes: number;
}

function readStat(pid: number): { ppid: number; cpuSeconds: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return {
      ppid: Number(fields[1]),
      cpuSeconds: (Number(fields[11]) + Number(fields[12])) / ticksPerSecond,
    };
  } catch {
    return undefined;
  }
}

function readStatusKb(pid: number, key: string): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8")
      .split("\n")
      .find((l) => l.startsWith(`${key}:`));
    return line ? Number(/(\d+)/.exec(line)?.[1] ?? 0) : 0;
  } catch {
    return 0;
  }
}

/** The process and every process below it. */
function processTree(root: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat) parents.set(stat.ppid, [...(parents.get(stat.ppid) ?? []), Number(entry)]);
  }
  const tree: number[] = [];
  const pending = [root];
  while (pending.length) {
    const pid = pending.pop()!;
    tree.push(pid);
    pending.push(...(parents.get(pid) ?? []));
  }
  return tree;
}

/** One process on its own (the worker is a single Node process). */
export function sampleProcess(pid: number): ProcessSample {
  return {
    cpuSeconds: readStat(pid)?.cpuSeconds ?? 0,
    rssBytes: readStatusKb(pid, "VmRSS") * 1024,
    peakRssBytes: readStatusKb(pid, "VmHWM") * 1024,
  };
}

/** CPU seconds of each process of a tree (per process, so one that exits does not make a sum go back). */
export function treeCpuByPid(root: number): Map<number, number> {
  return new Map(processTree(root).map((pid) => [pid, readStat(pid)?.cpuSeconds ?? 0]));
}

/**
 * Proportional set size of a process tree from /proc/<pid>/smaps_rollup: each shared page
 * counted once across the processes that map it (PostgreSQL's backends share its buffers, so
 * their RSS summed would count them once per backend).
 */
export function treePssBytes(root: number): number {
  let kb = 0;
  for (const pid of processTree(root)) {
    try {
      const line = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8")
        .split("\n")
        .find((l) => l.startsWith("Pss:"));
      kb += Number(/(\d+)/.exec(line ?? "")?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return kb * 1024;
}

/** A process with its descendants (Next.js may fork): CPU and RSS summed, peak of the root. */
export function sampleProcessTree(pid: number): ProcessSample {
  const pids = processTree(pid);
  let cpuSeconds = 0;
  let rssBytes = 0;
  for (const p of pids) {
    cpuSeconds += readStat(p)?.cpuSeconds ?? 0;
    rssBytes += readStatusKb(p, "VmRSS") * 1024;
  }
  return { cpuSeconds, rssBytes, peakRssBytes: readStatusKb(pid, "VmHWM") * 1024 };
}
