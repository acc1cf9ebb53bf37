// Reconnect delays. Unreachable printers: exponential backoff with "equal jitter" (uniform in
// [c/2, c], c the capped exponential), so a farm of printers that dropped together does not
// reconnect in lockstep, the cap bounds how late a returning printer is noticed, and the floor
// bounds how often a switched-off one is tried. Refused credentials: a short fixed schedule,
// then a slow pace, each with ±10 % jitter.

export interface BackoffOptions {
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Delay before retry number `attempt` (0-based): uniform in [c/2, c], c = min(max, base * 2^attempt). */
export function equalJitterDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(attempt, 0), 30); // 2^30 already exceeds any sane cap
  const c = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** exponent);
  return Math.floor(c / 2 + random() * (c / 2));
}

export interface AuthRetryOptions {
  authRetryDelaysMs: readonly number[];
  authRetryMs: number;
}

/** Wait after the `refusals`-th refused login in a row (1-based): the schedule, then the slow pace; ±10 %. */
export function authRetryDelay(
  refusals: number,
  options: AuthRetryOptions,
  random: () => number = Math.random,
): number {
  const base = options.authRetryDelaysMs[Math.max(refusals, 1) - 1] ?? options.authRetryMs;
  return Math.floor(base * (0.9 + 0.2 * random()));
}
