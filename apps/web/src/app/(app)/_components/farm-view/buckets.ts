// Which group a printer counts in on the dashboard. Each printer is in exactly one bucket, so the
// counters add up to the farm: a reported error wins, then offline, then a plate waiting for an
// operator, then the printer's own state. "Problems first" is this order.
import type { FarmPrinter } from "@printernizer/farm/farm";

export const farmBuckets = ["error", "offline", "plate", "paused", "printing", "idle", "disabled"] as const;
export type FarmBucket = (typeof farmBuckets)[number];

/** The counters shown above the printers (disabled printers are not counted). */
export const counterBuckets: FarmBucket[] = ["printing", "paused", "plate", "idle", "error", "offline"];

export const bucketLabels: Record<FarmBucket, string> = {
  error: "Error",
  offline: "Offline",
  plate: "Waiting for plate",
  paused: "Paused",
  printing: "Printing",
  idle: "Idle",
  disabled: "Disabled",
};

export function isFarmBucket(value: string): value is FarmBucket {
  return (farmBuckets as readonly string[]).includes(value);
}

export function bucketOf(p: FarmPrinter): FarmBucket {
  if (p.state === "disabled") return "disabled";
  if (p.state === "error" || p.errors.length > 0) return "error";
  if (p.state === "offline" || p.state === "unknown") return "offline";
  if (p.awaitingPlateClearSince) return "plate";
  if (p.state === "busy") return "printing";
  return p.state;
}

/** 0 for the most urgent bucket (errors) up to disabled printers last. */
export function problemRank(bucket: FarmBucket): number {
  return farmBuckets.indexOf(bucket);
}

export function countBuckets(printers: readonly FarmPrinter[]): Record<FarmBucket, number> {
  const counts = Object.fromEntries(farmBuckets.map((b) => [b, 0])) as Record<FarmBucket, number>;
  for (const p of printers) counts[bucketOf(p)] += 1;
  return counts;
}
