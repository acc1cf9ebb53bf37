// When a supervised child (worker, web app) crashes: restart it after an exponential backoff
// (1 s, 2 s, 4 s … capped), unless it crashed too often within a window, then give up.
// A child that ran healthily for a while before crashing starts counting afresh.

export interface RestartPolicyOptions {
  /** Delay before the first restart; doubles with each crash in the window. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** This many crashes within `windowMs` and we give up. */
  maxCrashes: number;
  windowMs: number;
  /** A child that ran at least this long before crashing is counted as healthy: earlier crashes are forgiven. */
  healthyAfterMs: number;
}

export const defaultRestartPolicy: RestartPolicyOptions = {
  initialDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxCrashes: 5,
  windowMs: 120_000,
  healthyAfterMs: 60_000,
};

export type RestartDecision =
  | { action: "restart"; /** 1 for the first crash in the window. */ crash: number; delayMs: number }
  | { action: "give-up"; crashes: number; windowMs: number };

export class RestartPolicy {
  private crashes: number[] = [];

  constructor(readonly options: RestartPolicyOptions = defaultRestartPolicy) {
    if (options.maxCrashes < 1) throw new Error("maxCrashes must be at least 1");
  }

  /** Records a crash at `now` of a child that had run for `ranForMs`, and says what to do. */
  onCrash(now: number, ranForMs: number): RestartDecision {
    if (ranForMs >= this.options.healthyAfterMs) this.crashes = [];
    this.crashes = [...this.crashes.filter((at) => now - at < this.options.windowMs), now];
    const crash = this.crashes.length;
    if (crash >= this.options.maxCrashes)
      return { action: "give-up", crashes: crash, windowMs: this.options.windowMs };
    const delayMs = Math.min(this.options.initialDelayMs * 2 ** (crash - 1), this.options.maxDelayMs);
    return { action: "restart", crash, delayMs };
  }
}
