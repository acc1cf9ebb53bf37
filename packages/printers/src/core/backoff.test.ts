import { describe, expect, it } from "vitest";
import { defaultConnectionPolicy } from "./adapter";
import { authRetryDelay, equalJitterDelay } from "./backoff";

describe("equalJitterDelay", () => {
  const options = { baseDelayMs: 1_000, maxDelayMs: 5_000 };
  it("grows exponentially up to the cap, never below half of it", () => {
    expect([0, 1, 2, 3, 10, 10_000].map((a) => equalJitterDelay(a, options, () => 0))).toEqual([
      500, 1_000, 2_000, 2_500, 2_500, 2_500,
    ]);
    expect([0, 1, 2, 3, 10, 10_000].map((a) => equalJitterDelay(a, options, () => 0.999999))).toEqual([
      999, 1_999, 3_999, 4_999, 4_999, 4_999,
    ]);
  });
});

describe("the default reconnect pace", () => {
  it("tries an unreachable printer every 2.5–5 s once the cap is reached (back within 10 s, bounded load)", () => {
    const { baseDelayMs, maxDelayMs } = defaultConnectionPolicy;
    for (const attempt of [0, 1, 2, 3, 8, 100])
      for (const r of [0, 0.5, 0.999999]) {
        const delay = equalJitterDelay(attempt, { baseDelayMs, maxDelayMs }, () => r);
        expect(delay).toBeLessThanOrEqual(5_000);
        if (attempt >= 3) expect(delay).toBeGreaterThanOrEqual(2_500);
      }
  });

  it("after refused credentials: three attempts in the first minute, then one every 5 minutes", () => {
    for (const r of [0, 0.5, 0.999999]) {
      const waits = [1, 2, 3, 4, 10].map((n) => authRetryDelay(n, defaultConnectionPolicy, () => r));
      // attempts at 0, waits[0], waits[0] + waits[1]: all three within the first minute …
      expect(waits[0]! + waits[1]!).toBeLessThan(60_000);
      // … and the fourth only minutes later
      expect(waits[0]! + waits[1]! + waits[2]!).toBeGreaterThan(4 * 60_000);
      expect(waits[3]).toBe(waits[2]);
      expect(waits[4]).toBeGreaterThanOrEqual(270_000);
      expect(waits[4]).toBeLessThanOrEqual(330_000);
    }
  });
});
