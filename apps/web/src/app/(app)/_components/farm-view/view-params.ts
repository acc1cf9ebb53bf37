// The dashboard's view as its URL says it: `?view=cards|table&state=…&kind=…&q=…&sort=…&dir=…`,
// and the groups and placement filters: `group=location`, `loc=<location>`, `tag=<tag>`.
// Parsing never fails: an unknown value falls back to the default, so an old or hand-edited link
// still opens the dashboard. Defaults are left out of the URL.
import type { FarmPrinter } from "@printernizer/farm/farm";
import { printerKindMetadata } from "@printernizer/printers/kinds";
import { sameTag } from "@printernizer/farm/printer-placement";
import { bucketOf, isFarmBucket, type FarmBucket } from "./buckets";

export const sortKeys = ["problems", "name", "state", "progress", "remaining"] as const;
export type SortKey = (typeof sortKeys)[number];
export type SortDir = "asc" | "desc";
export type FarmViewMode = "cards" | "table";
export type FarmGrouping = "none" | "location";

export interface FarmViewParams {
  view: FarmViewMode;
  state: FarmBucket | null;
  kind: string | null;
  q: string;
  sort: SortKey;
  dir: SortDir;
  group: FarmGrouping;
  /** Only printers at this location. */
  loc: string | null;
  /** Only printers with this tag (case does not matter). */
  tag: string | null;
}

export const defaultView: FarmViewParams = {
  view: "cards",
  state: null,
  kind: null,
  q: "",
  sort: "problems",
  dir: "asc",
  group: "none",
  loc: null,
  tag: null,
};

/** The most a search may be: longer text is cut (a URL is no place for an essay). */
const maxSearch = 200;

export function parseFarmView(params: { get(name: string): string | null }): FarmViewParams {
  const view = params.get("view");
  const state = params.get("state") ?? "";
  const kind = params.get("kind") ?? "";
  const sort = params.get("sort") ?? "";
  return {
    view: view === "table" ? "table" : "cards",
    state: isFarmBucket(state) ? state : null,
    kind: printerKindMetadata(kind) ? kind : null,
    q: (params.get("q") ?? "").slice(0, maxSearch),
    sort: (sortKeys as readonly string[]).includes(sort) ? (sort as SortKey) : "problems",
    dir: params.get("dir") === "desc" ? "desc" : "asc",
    group: params.get("group") === "location" ? "location" : "none",
    loc: params.get("loc")?.trim().slice(0, 80) || null,
    tag: params.get("tag")?.trim().slice(0, 32) || null,
  };
}

/** The search string for a view ("" for the default view), keeping unrelated params as they were. */
export function farmViewSearch(view: FarmViewParams, others?: URLSearchParams): string {
  const next = new URLSearchParams(others);
  for (const key of ["view", "state", "kind", "q", "sort", "dir", "group", "loc", "tag"] as const) {
    const value = view[key];
    if (value === null || value === "" || value === defaultView[key]) next.delete(key);
    else next.set(key, value);
  }
  const text = next.toString();
  return text ? `?${text}` : "";
}

export function filterPrinters(
  printers: readonly FarmPrinter[],
  {
    state,
    kind,
    q,
    loc = null,
    tag = null,
  }: Pick<FarmViewParams, "state" | "kind" | "q"> & Partial<Pick<FarmViewParams, "loc" | "tag">>,
): FarmPrinter[] {
  const needle = q.trim().toLowerCase();
  return printers.filter(
    (p) =>
      (!state || bucketOf(p) === state) &&
      (!kind || p.kind === kind) &&
      (!loc || p.location === loc) &&
      (!tag || p.tags.some((t) => sameTag(t, tag))) &&
      (!needle ||
        p.name.toLowerCase().includes(needle) ||
        (p.job?.name.toLowerCase().includes(needle) ?? false)),
  );
}
