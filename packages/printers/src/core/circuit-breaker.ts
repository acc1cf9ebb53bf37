// Per-printer circuit breaker. Closed: calls go through and consecutive failures are counted.
// Open (after `failureThreshold` failures): calls are refused without touching the network for
// `openMs`. Half-open: one trial call is let through; success closes, failure re-opens.
// Protects a struggling printer (Buddy has 3 connection slots) from a client that keeps hammering it.
import type { CircuitState } from "./adapter";

export interface CircuitBreakerOptions {
  failureThreshold: number;
  openMs: number;
  now?: () => number;
}

export class CircuitBreaker {
  private state: CircuitState = "closed";
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  get current(): CircuitState {
    if (this.state === "open" && this.now() - this.openedAt >= this.options.openMs) {
      this.state = "half-open";
      this.trialInFlight = false;
    }
    return this.state;
  }

  /** Milliseconds until an open circuit lets a trial call through (0 when not open). */
  remainingOpenMs(): number {
    return this.current === "open" ? Math.max(0, this.options.openMs - (this.now() - this.openedAt)) : 0;
  }

  /** Whether a call may go out now. In half-open only one trial call is allowed at a time. */
  tryAcquire(): boolean {
    const state = this.current;
    if (state === "closed") return true;
    if (state === "open") return false;
    if (this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  recordSuccess(): void {
    this.failures = 0;
    this.trialInFlight = false;
    this.state = "closed";
  }

  recordFailure(): void {
    this.trialInFlight = false;
    this.failures += 1;
    if (this.state === "half-open" || this.failures >= this.options.failureThreshold) this.trip();
  }

  /** Closes and forgets the failures ("reconnect now": the person asks for a fresh start). */
  reset(): void {
    this.recordSuccess();
  }

  /** Opens at once, regardless of the count (e.g. wrong credentials: retrying cannot help). */
  trip(): void {
    this.state = "open";
    this.openedAt = this.now();
  }

  get consecutiveFailures(): number {
    return this.failures;
  }
}
