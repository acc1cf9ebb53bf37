// Orderings of the dashboard and the rule that keeps rows from jumping while values stream in:
// the order is recomputed when the person sorts or filters and at most once a second otherwise;
// in between, rows keep their places and only their values change.
import type { FarmPrinter } from "@printernizer/farm/farm";
import { bucketOf, problemRank, type FarmBucket } from "./buckets";
import type { SortDir, SortKey } from "./view-params";

type Compare = (a: FarmPrinter, b: FarmPrinter) => number;

/** The state column's order: the counters' order, disabled last. */
const stateOrder: FarmBucket[] = ["printing", "paused", "plate", "idle", "error", "offline", "disabled"];

/**
 * One fixed collation on the server and in every browser (the same order on both, so hydration
 * matches), numeric so "Shelf 2" comes before "Shelf 10"; a Collator is much faster than
 * localeCompare over thousands of rows.
 */
const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });
const byName: Compare = (a, b) =>
  collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Numbers ascending; a printer without the value goes last whichever the direction. */
function byNumber(value: (p: FarmPrinter) => number | null | undefined, dir: SortDir): Compare {
  return (a, b) => {
    const x = value(a) ?? null;
    const y = value(b) ?? null;
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return dir === "asc" ? x - y : y - x;
  };
}

export function comparePrinters(sort: SortKey, dir: SortDir): Compare {
  const sign = dir === "asc" ? 1 : -1;
  const primary: Compare =
    sort === "problems"
      ? (a, b) => sign * (problemRank(bucketOf(a)) - problemRank(bucketOf(b)))
      : sort === "state"
        ? (a, b) => sign * (stateOrder.indexOf(bucketOf(a)) - stateOrder.indexOf(bucketOf(b)))
        : sort === "progress"
          ? byNumber((p) => p.job?.progress, dir)
          : sort === "remaining"
            ? byNumber((p) => p.job?.remainingSeconds, dir)
            : (a, b) => sign * byName(a, b);
  return (a, b) => primary(a, b) || byName(a, b);
}

export function sortPrinters(printers: readonly FarmPrinter[], sort: SortKey, dir: SortDir): FarmPrinter[] {
  return [...printers].sort(comparePrinters(sort, dir));
}

/**
 * The current rows in the order held before: printers that left are dropped, new ones follow
 * at the end in `compare` order. Values are the current ones; only the places are kept.
 */
export function keepOrder(
  heldIds: readonly string[],
  rows: readonly FarmPrinter[],
  compare: Compare,
): FarmPrinter[] {
  const byId = new Map(rows.map((p) => [p.id, p]));
  const kept: FarmPrinter[] = [];
  for (const id of heldIds) {
    const row = byId.get(id);
    if (!row) continue;
    kept.push(row);
    byId.delete(id);
  }
  if (byId.size) kept.push(...[...byId.values()].sort(compare));
  return kept;
}
