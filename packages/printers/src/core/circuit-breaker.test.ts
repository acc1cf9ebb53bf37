import { describe, expect, it } from "vitest";
import { CircuitBreaker } from "./circuit-breaker";

describe("CircuitBreaker", () => {
  it("opens after the threshold, half-opens after openMs with one trial, closes on success", () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 3, openMs: 1_000, now: () => now });
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.current).toBe("closed");
    breaker.recordFailure();
    expect(breaker.current).toBe("open");
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.remainingOpenMs()).toBe(1_000);
    now = 1_000;
    expect(breaker.current).toBe("half-open");
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.recordSuccess();
    expect(breaker.current).toBe("closed");
    expect(breaker.consecutiveFailures).toBe(0);
  });

  it("re-opens when the half-open trial fails", () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 1, openMs: 500, now: () => now });
    breaker.recordFailure();
    now = 600;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordFailure();
    expect(breaker.current).toBe("open");
    expect(breaker.remainingOpenMs()).toBe(500);
  });

  it("trip() opens at once", () => {
    const breaker = new CircuitBreaker({ failureThreshold: 10, openMs: 500 });
    breaker.trip();
    expect(breaker.current).toBe("open");
  });
});
