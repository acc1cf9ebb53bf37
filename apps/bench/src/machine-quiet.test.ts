import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { machineLoad, nextLoadAverage, OwnLoadMeter, waitForQuiet } from "./machine-quiet";

describe("nextLoadAverage", () => {
  it("follows the kernel's 1-minute average: about 63 % of a step after a minute, all of it after minutes", () => {
    let average = 0;
    for (let t = 0; t < 60; t += 5) average = nextLoadAverage(average, 2, 5);
    expect(average).toBeCloseTo(2 * (1 - Math.exp(-1)), 5);
    for (let t = 0; t < 600; t += 5) average = nextLoadAverage(average, 2, 5);
    expect(average).toBeCloseTo(2, 3);
    expect(nextLoadAverage(1, 0, 60)).toBeCloseTo(Math.exp(-1), 5);
  });
});

describe("waitForQuiet", () => {
  it("goes on at once when the load beyond our own is under the threshold", async () => {
    const lines: string[] = [];
    const check = await waitForQuiet({
      before: "the measured window",
      threshold: 0.5,
      maxWaitSeconds: 5,
      ownLoad: () => 1.2,
      readLoad: () => 1.5,
      log: (l) => lines.push(l),
    });
    expect(check).toMatchObject({ quiet: true, load: 1.5, ownLoad: 1.2, otherLoad: 0.3, waitedSeconds: 0 });
    expect(lines).toEqual([]);
  });

  it("waits while other work loads the machine and goes on when it stops", async () => {
    const loads = [3.2, 3.2, 1.0];
    const lines: string[] = [];
    const check = await waitForQuiet({
      before: "failover",
      threshold: 0.5,
      maxWaitSeconds: 5,
      ownLoad: () => 0.8,
      readLoad: () => loads.shift() ?? 1.0,
      intervalMs: 20,
      log: (l) => lines.push(l),
    });
    expect(check.quiet).toBe(true);
    expect(check.otherLoad).toBeCloseTo(0.2, 5);
    expect(lines[0]).toContain("waiting up to 5 s for the machine to be quiet before failover");
    expect(lines.at(-1)).toMatch(/^quiet after/);
  });

  it("gives up after the longest wait and says the machine was not quiet", async () => {
    const lines: string[] = [];
    const check = await waitForQuiet({
      before: "the measured window",
      threshold: 0.5,
      maxWaitSeconds: 0.1,
      ownLoad: () => 1,
      readLoad: () => 3.2,
      intervalMs: 20,
      log: (l) => lines.push(l),
    });
    expect(check.quiet).toBe(false);
    expect(check.note).toMatch(/^machine not quiet: load 3.2 \(ours 1, other 2.2; threshold 0.5\)/);
    expect(lines.at(-1)).toContain("measuring the measured window anyway");
  });
});

describe("waitForQuiet's comparison", () => {
  it("compares the figures it shows: an other load shown as 0.5 is not under a threshold of 0.5", async () => {
    const check = await waitForQuiet({
      before: "failover",
      threshold: 0.5,
      maxWaitSeconds: 0,
      ownLoad: () => 0.44,
      readLoad: () => 0.9399,
      log: () => {},
    });
    expect(check).toMatchObject({ quiet: false, otherLoad: 0.5 });
  });
});

describe("OwnLoadMeter", () => {
  it("counts the CPU of every process below its root, not only the root's", async () => {
    // the root is a shell that only waits; the CPU is used by its child
    const shell = spawn("sh", [
      "-c",
      `"${process.execPath}" -e "const end = Date.now() + 3000; while (Date.now() < end);"; true`,
    ]);
    const idle = spawn("sleep", ["5"]);
    const busyTree = new OwnLoadMeter(shell.pid);
    const idleTree = new OwnLoadMeter(idle.pid);
    try {
      await new Promise((r) => setTimeout(r, 300));
      busyTree.sample();
      idleTree.sample();
      await new Promise((r) => setTimeout(r, 1_500));
      busyTree.sample();
      idleTree.sample();
      expect(busyTree.load()).toBeGreaterThan(0);
      expect(idleTree.load()).toBe(0);
    } finally {
      shell.kill("SIGKILL");
      idle.kill("SIGKILL");
    }
  });
});

describe("machineLoad", () => {
  it("reads the load averages and the uptime", () => {
    const load = machineLoad();
    expect(load.uptimeSeconds).toBeGreaterThan(0);
    expect(load.load1).toBeGreaterThanOrEqual(0);
  });
});
