// The dashboard's groups: printers by location, in the order of their locations ("Room 2" before
// "Room 10"), "No location" last; each group keeps the dashboard's order of its printers. Also
// the lists the location and tag filters offer.
import type { FarmPrinter } from "@printernizer/farm/farm";
import type { FarmGrouping } from "./view-params";

export interface FarmGroup {
  /** The location, or null for the printers without one (and for the one group of "Group: none"). */
  key: string | null;
  label: string;
  printers: FarmPrinter[];
}

export const noLocationLabel = "No location";
const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

export function groupPrinters(ordered: readonly FarmPrinter[], grouping: FarmGrouping): FarmGroup[] {
  if (grouping === "none") return [{ key: null, label: "All printers", printers: [...ordered] }];
  const byLocation = new Map<string | null, FarmPrinter[]>();
  for (const p of ordered) {
    const list = byLocation.get(p.location);
    if (list) list.push(p);
    else byLocation.set(p.location, [p]);
  }
  return [...byLocation.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : collator.compare(a, b)))
    .map(([key, printers]) => ({ key, label: key ?? noLocationLabel, printers }));
}

/** Every location in the farm, sorted. */
export function farmLocations(printers: readonly FarmPrinter[]): string[] {
  const set = new Set<string>();
  for (const p of printers) if (p.location) set.add(p.location);
  return [...set].sort(collator.compare);
}

/** Every tag in the farm (the first spelling of each, case-insensitive), sorted. */
export function farmTags(printers: readonly FarmPrinter[]): string[] {
  const byKey = new Map<string, string>();
  for (const p of printers)
    for (const tag of p.tags) {
      const key = tag.toLocaleLowerCase("en");
      if (!byKey.has(key)) byKey.set(key, tag);
    }
  return [...byKey.values()].sort(collator.compare);
}
