import { describe, expect, it } from "vitest";
import { RestartPolicy, defaultRestartPolicy } from "./restart-policy";

const second = 1_000;

describe("RestartPolicy", () => {
  it("backs off 1 s, 2 s, 4 s, 8 s and gives up at the fifth crash within two minutes (the defaults)", () => {
    const policy = new RestartPolicy();
    const decisions = [0, 10, 20, 30, 40].map((t) => policy.onCrash(t * second, 3 * second));
    expect(decisions).toEqual([
      { action: "restart", crash: 1, delayMs: 1_000 },
      { action: "restart", crash: 2, delayMs: 2_000 },
      { action: "restart", crash: 3, delayMs: 4_000 },
      { action: "restart", crash: 4, delayMs: 8_000 },
      { action: "give-up", crashes: 5, windowMs: 120_000 },
    ]);
  });

  it("caps the delay", () => {
    const policy = new RestartPolicy({ ...defaultRestartPolicy, maxCrashes: 10, maxDelayMs: 5_000 });
    const delays = [0, 1, 2, 3, 4, 5]
      .map((t) => policy.onCrash(t * second, 0))
      .map((d) => (d.action === "restart" ? d.delayMs : -1));
    expect(delays).toEqual([1_000, 2_000, 4_000, 5_000, 5_000, 5_000]);
  });

  it("forgets crashes older than the window", () => {
    const policy = new RestartPolicy();
    for (const t of [0, 10, 20, 30]) policy.onCrash(t * second, 3 * second);
    // 4 crashes in the first 30 s; the next one 2 minutes after the first sees only 3 of them
    expect(policy.onCrash(125 * second, 3 * second)).toEqual({ action: "restart", crash: 4, delayMs: 8_000 });
    expect(policy.onCrash(200 * second, 3 * second)).toEqual({ action: "restart", crash: 2, delayMs: 2_000 });
  });

  it("starts counting afresh after a child ran healthily for a while", () => {
    const policy = new RestartPolicy();
    for (const t of [0, 5, 10, 15]) policy.onCrash(t * second, 2 * second);
    expect(policy.onCrash(80 * second, 60 * second)).toEqual({ action: "restart", crash: 1, delayMs: 1_000 });
  });

  it("gives up at once when one crash is allowed", () => {
    expect(new RestartPolicy({ ...defaultRestartPolicy, maxCrashes: 1 }).onCrash(0, 0)).toEqual({
      action: "give-up",
      crashes: 1,
      windowMs: 120_000,
    });
    expect(() => new RestartPolicy({ ...defaultRestartPolicy, maxCrashes: 0 })).toThrow(/maxCrashes/);
  });
});
