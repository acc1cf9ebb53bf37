// Lets a repeated thing through a few times per window and counts the rest, per key. Used so one
// printer sending 1,000 bad reports a second costs a few log lines and events a minute, not one
// each: the first occurrence goes through at once, later ones at most `burst` per window, and the
// next one let through says how many were suppressed in between.
export interface RepeatLimiterOptions {
  windowMs?: number;
  /** Occurrences let through per window (default 1). */
  burst?: number;
  now?: () => number;
}

interface KeyState {
  windowStart: number;
  passed: number;
  suppressed: number;
}

export class RepeatLimiter {
  private readonly windowMs: number;
  private readonly burst: number;
  private readonly now: () => number;
  private readonly keys = new Map<string, KeyState>();

  constructor(options: RepeatLimiterOptions = {}) {
    this.windowMs = options.windowMs ?? 60_000;
    this.burst = options.burst ?? 1;
    this.now = options.now ?? Date.now;
  }

  /** `{ suppressed }` (how many were held back since the last one let through) or undefined when this one is held back. */
  take(key: string): { suppressed: number } | undefined {
    const now = this.now();
    let state = this.keys.get(key);
    if (!state || now - state.windowStart >= this.windowMs) {
      state = { windowStart: now, passed: 0, suppressed: state?.suppressed ?? 0 };
      this.keys.set(key, state);
    }
    if (state.passed >= this.burst) {
      state.suppressed += 1;
      return undefined;
    }
    state.passed += 1;
    const suppressed = state.suppressed;
    state.suppressed = 0;
    return { suppressed };
  }
}
