import { describe, expect, it } from "vitest";
import { chartWindow, minimumSpanMs } from "./chart-window";

const hour = 3_600_000;
const to = Date.UTC(2026, 11, 1, 12);

describe("chartWindow", () => {
  it("shows the whole range when the samples cover it", () => {
    expect(chartWindow(to - 3 * hour, to, 1)).toEqual({ from: to - hour, to });
  });

  it("fits a fresh printer's 20 minutes of samples, with a little room before the first", () => {
    const { from } = chartWindow(to - 20 * 60_000, to, 1);
    expect(from).toBe(to - 21 * 60_000);
  });

  it("never narrows below 10 minutes nor widens past the range chosen", () => {
    expect(chartWindow(to - 30_000, to, 1).from).toBe(to - minimumSpanMs);
    expect(chartWindow(to - 59 * 60_000, to, 1).from).toBe(to - hour);
  });
});
