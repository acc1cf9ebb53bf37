import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { BenchResult } from "./bench-result";
import { checkTargets, formatTargets } from "./targets";

/** The committed 2,000-printer run of the curve before issue 16 (older JSON: no totals, no quiet checks). */
const n2000 = JSON.parse(
  readFileSync(path.join(import.meta.dirname, "..", "..", "..", "bench-results", "n2000.json"), "utf8"),
) as BenchResult;

describe("targets", () => {
  it("judges each figure of a run against issue 16's table", () => {
    const byId = Object.fromEntries(checkTargets(n2000).map((c) => [c.id, c]));
    expect(byId.connect).toMatchObject({ value: 127.2, measured: "127.2 s", target: "≤ 30 s", met: false });
    expect(byId.workerCpu).toMatchObject({ value: 0.587, met: true });
    expect(byId.workerRss).toMatchObject({ value: 778.8, met: true });
    expect(byId.webCpu).toMatchObject({ value: 0.438, met: false });
    expect(byId.lost).toMatchObject({ value: 26, measured: "26 of 647", met: false });
    expect(byId.prusaP95!.target).toBe("≤ poll interval + 300 ms (2,300 ms)");
  });

  it("calls a figure the run did not measure 'not measured', with the run's reason, never met", () => {
    const failover = checkTargets(n2000).find((c) => c.id === "failover")!;
    expect(failover).toMatchObject({ value: null, measured: "not measured", met: null });
    expect(failover.note).toContain("timed out after 260 s");
    const unconnected: BenchResult = {
      ...n2000,
      setup: {
        simulatorsSeconds: 1,
        connectSeconds: null,
        connectNote: "not within 660 s: 1990 of 2000 connected",
      },
    };
    expect(checkTargets(unconnected)[0]).toMatchObject({
      met: null,
      note: "not within 660 s: 1990 of 2000 connected",
    });
  });

  it("prints figure | measured | target | verdict, and says when the run is not at 2,000 printers", () => {
    const text = formatTargets(n2000);
    expect(text.split("\n")[0]).toBe("targets at 2,000 printers");
    expect(text).toMatch(/all printers connected after start +\| 127\.2 s +\| ≤ 30 s +\| not met$/m);
    expect(text).toMatch(/worker CPU \(average\) +\| 0\.587 cores +\| ≤ 0\.6 core +\| met$/m);
    const smaller = formatTargets({ ...n2000, options: { ...n2000.options, printers: 500 } });
    expect(smaller.split("\n")[0]).toBe("targets are set for 2,000 printers; this run had 500");
  });
});
