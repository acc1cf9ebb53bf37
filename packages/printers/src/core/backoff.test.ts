import { describe, expect, it } from "vitest";
import { fullJitterDelay } from "./backoff";

describe("fullJitterDelay", () => {
  const options = { baseDelayMs: 1_000, maxDelayMs: 60_000 };
  it("grows exponentially up to the cap", () => {
    expect([0, 1, 2, 3, 10].map((a) => fullJitterDelay(a, options, () => 0.999999))).toEqual([
      999, 1_999, 3_999, 7_999, 59_999,
    ]);
  });
  it("is uniform from zero (full jitter)", () => {
    expect(fullJitterDelay(5, options, () => 0)).toBe(0);
    expect(fullJitterDelay(5, options, () => 0.5)).toBe(16_000);
  });
  it("survives absurd attempt counts", () => {
    expect(fullJitterDelay(10_000, options, () => 0.5)).toBe(30_000);
  });
});
