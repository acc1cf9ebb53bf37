// When an unreachable printer becomes an alert: the worker marks it offline at once
// (LiveStatus.state "offline", stateChangedAt = since when), but the banner and the
// "printer offline" notification wait for a grace period, so a printer that reboots or
// drops one Wi-Fi packet does not page anyone. Shared by the worker (notifications) and
// the web app (banner), each reading PRINTERNIZER_OFFLINE_GRACE_SECONDS in its own env.ts.

export const DEFAULT_OFFLINE_GRACE_MS = 60_000;
/** One day: the worker's env schema has the same bound. */
export const MAX_OFFLINE_GRACE_SECONDS = 86_400;

/** The grace in ms from the env value in seconds ("" or undefined: the default). */
export function offlineGraceMs(envValue?: string): number {
  if (envValue === undefined || envValue.trim() === "") return DEFAULT_OFFLINE_GRACE_MS;
  const seconds = Number(envValue);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > MAX_OFFLINE_GRACE_SECONDS) {
    throw new Error(
      `offline grace must be a number of seconds from 0 to ${MAX_OFFLINE_GRACE_SECONDS}, got "${envValue}"`,
    );
  }
  return Math.round(seconds * 1000);
}
