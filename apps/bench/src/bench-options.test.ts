import { describe, expect, it } from "vitest";
import { runBoundSeconds, bounds } from "./bench-bounds";
import { defaultQuietLoad, parseBenchArgs } from "./bench-options";

describe("the default scenario's options", () => {
  it("waits for a quiet machine by default: other load under a quarter of the CPUs, at most 120 s (10 s for --smoke)", () => {
    expect(parseBenchArgs([])).toMatchObject({ quietLoad: defaultQuietLoad(), quietWait: 120 });
    expect(parseBenchArgs(["--smoke"])).toMatchObject({ quietWait: 10 });
    expect(parseBenchArgs(["--quiet-load", "1.5", "--quiet-wait", "0"])).toMatchObject({
      quietLoad: 1.5,
      quietWait: 0,
    });
  });

  it("refuses a quiet threshold or wait that is not a number, with a message naming the option", () => {
    expect(() => parseBenchArgs(["--quiet-load", "quiet"])).toThrow(/--quiet-load must be a number/);
    expect(() => parseBenchArgs(["--quiet-wait=-1"])).toThrow("--quiet-wait must be at least 0 seconds");
  });
});

describe("bench-bounds", () => {
  it("bounds the whole run by the sum of its parts, so no part is cut off by the run's own bound", () => {
    const o = { printers: 2_000, durationSeconds: 60, quietWaitSeconds: 120 };
    const parts =
      bounds.simulatorsSeconds(2_000) +
      bounds.connectSeconds(2_000) +
      2 * 120 +
      60 +
      bounds.lastChangesSeconds +
      bounds.failoverShareSeconds(2_000, null) +
      bounds.failoverReconnectSeconds(2_000, null);
    expect(runBoundSeconds(o)).toBeGreaterThan(parts);
  });

  it("gives the failover waits more time when connecting took longer (the 2,000-printer run took 127 s)", () => {
    expect(bounds.failoverShareSeconds(2_000, 127)).toBeGreaterThan(260);
    expect(bounds.failoverShareSeconds(2_000, 10)).toBeLessThan(bounds.failoverShareSeconds(2_000, 127));
  });
});
