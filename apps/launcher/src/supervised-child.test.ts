// Real child processes (node -e …), no network: crash, restart, give up, stop.
import { describe, expect, it } from "vitest";
import { startChild } from "./child-process";
import { defaultRestartPolicy, RestartPolicy } from "./restart-policy";
import { superviseChild, type SuperviseOptions } from "./supervised-child";

const fastPolicy = (maxCrashes: number) =>
  new RestartPolicy({ ...defaultRestartPolicy, initialDelayMs: 50, maxCrashes });

function nodeChild(script: string) {
  return startChild({
    name: "test",
    command: process.execPath,
    args: ["-e", script],
    cwd: process.cwd(),
    env: { PATH: process.env.PATH },
    write: () => {},
  });
}

function supervise(script: string, maxCrashes: number, extra: Partial<SuperviseOptions> = {}) {
  const lines: string[] = [];
  const alarms: string[] = [];
  let starts = 0;
  let gaveUp: ((reason: string) => void) | undefined;
  const givenUp = new Promise<string>((resolve) => (gaveUp = resolve));
  const supervised = superviseChild({
    name: "worker",
    start: () => (starts++, nodeChild(script)),
    policy: fastPolicy(maxCrashes),
    say: (line) => lines.push(line),
    alarm: (line) => alarms.push(line),
    onGiveUp: (reason) => gaveUp?.(reason),
    ...extra,
  });
  return { supervised, lines, alarms, starts: () => starts, givenUp };
}

async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("superviseChild", () => {
  it("restarts a crashing child with a loud line per crash, then gives up at the limit and says why", async () => {
    const run = supervise("process.exit(3)", 3);
    const reason = await run.givenUp;
    expect(run.starts()).toBe(3);
    expect(run.alarms).toEqual([
      expect.stringMatching(
        /^!!! the worker crashed \(exit code 3\) after [\d.]+ m?s; restarting it in 50 ms \(restart 1 of at most 2 within 2 min\)/,
      ),
      expect.stringMatching(
        /^!!! the worker crashed \(exit code 3\) after [\d.]+ m?s; restarting it in 100 ms \(restart 2 of at most 2 within 2 min\)/,
      ),
      `!!! ${reason}`,
    ]);
    expect(reason).toMatch(
      /^the worker crashed 3 times within 2 min \(last: exit code 3\); giving up and stopping Printernizer\. .*run npm start again/,
    );
    expect(run.lines.filter((l) => /^started the worker \(pid \d+\)$/.test(l))).toHaveLength(3);
    expect(await run.supervised.stop()).toBe("not running");
  });

  it("restarts a child killed with SIGKILL as a new process, and stop() ends it without a restart", async () => {
    const run = supervise("setInterval(() => {}, 1000)", 5);
    await until(() => run.supervised.pid() !== undefined);
    const first = run.supervised.pid()!;
    process.kill(first, "SIGKILL");
    await until(() => run.starts() === 2 && run.supervised.pid() !== undefined);
    const second = run.supervised.pid()!;
    expect(second).not.toBe(first);
    expect(run.alarms).toEqual([expect.stringMatching(/^!!! the worker crashed \(signal SIGKILL\) after/)]);
    expect(await run.supervised.stop()).toBe("signal SIGTERM");
    expect(isAlive(second)).toBe(false);
    await new Promise((r) => setTimeout(r, 300)); // longer than the backoff: nothing comes back
    expect(run.starts()).toBe(2);
  });

  it("never restarts once stop() was called, even with a restart already scheduled", async () => {
    const run = supervise("process.exit(1)", 5, {
      policy: new RestartPolicy({ ...defaultRestartPolicy, initialDelayMs: 300 }),
    });
    await until(() => run.alarms.length === 1); // crashed, restart scheduled in 0.3 s
    expect(await run.supervised.stop()).toBe("not running");
    await new Promise((r) => setTimeout(r, 600));
    expect(run.starts()).toBe(1);
  });

  it("treats a child that exits by itself with code 0 as stopped unexpectedly and restarts it", async () => {
    const run = supervise("setTimeout(() => process.exit(0), 100)", 5);
    await until(() => run.starts() === 2);
    expect(run.alarms[0]).toMatch(/^!!! the worker crashed \(exit code 0\)/);
    await run.supervised.stop();
  });
});
