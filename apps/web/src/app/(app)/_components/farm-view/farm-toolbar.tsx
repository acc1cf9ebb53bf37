"use client";
// Above the printers: counts per state (a click filters, a second click clears), the view
// switch, the search, the kind and the order. Everything here is in the URL (use-farm-view).
import { listPrinterKindMetadata } from "@printernizer/printers/kinds";
import { bucketLabels, counterBuckets, type FarmBucket } from "./buckets";
import { useDebouncedSearch, type UpdateFarmView } from "./use-farm-view";
import { sortKeys, type FarmViewParams, type SortKey } from "./view-params";

const sortLabels: Record<SortKey, string> = {
  problems: "Problems first",
  name: "Name",
  state: "State",
  progress: "Progress",
  remaining: "Time left",
};
const pressed = "border-sky-500 bg-sky-50 dark:bg-sky-950";
const plain = "border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900";
const focus = "focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500";
const field =
  "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900";

export function FarmCounters({
  counts,
  view,
  update,
}: {
  counts: Record<FarmBucket, number>;
  view: FarmViewParams;
  update: UpdateFarmView;
}) {
  return (
    <ul className="flex flex-wrap gap-2" aria-label="Printers by state">
      {counterBuckets.map((bucket) => (
        <li key={bucket}>
          <button
            type="button"
            data-testid={`counter-${bucket}`}
            aria-pressed={view.state === bucket}
            onClick={() => update({ state: view.state === bucket ? null : bucket })}
            className={`rounded-md border px-3 py-1 text-sm tabular-nums ${focus} ${view.state === bucket ? pressed : plain}`}
          >
            {bucketLabels[bucket]} <span className="font-semibold">{counts[bucket]}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

export function FarmFilters({ view, update }: { view: FarmViewParams; update: UpdateFarmView }) {
  const [search, setSearch] = useDebouncedSearch(view.q, update);
  return (
    <div className="flex flex-wrap gap-2">
      <div
        role="group"
        aria-label="View"
        className="flex overflow-hidden rounded-md border border-slate-300 dark:border-slate-700"
      >
        {(["cards", "table"] as const).map((mode) => (
          <button
            key={mode}
            type="button"
            data-testid={`view-${mode}`}
            aria-pressed={view.view === mode}
            onClick={() => update({ view: mode })}
            className={`px-3 py-1.5 text-sm ${focus} ${view.view === mode ? "bg-primary text-white" : "bg-white dark:bg-slate-900"}`}
          >
            {mode === "cards" ? "Cards" : "Table"}
          </button>
        ))}
      </div>
      <label className="sr-only" htmlFor="farm-search">
        Search printers
      </label>
      <input
        id="farm-search"
        data-testid="farm-search"
        type="search"
        placeholder="Search by printer or job name"
        value={search}
        maxLength={200}
        onChange={(e) => setSearch(e.target.value)}
        className={`min-w-0 flex-1 basis-48 ${field} px-3`}
      />
      <label className="sr-only" htmlFor="farm-kind">
        Printer kind
      </label>
      <select
        id="farm-kind"
        data-testid="farm-kind"
        value={view.kind ?? "all"}
        onChange={(e) => update({ kind: e.target.value === "all" ? null : e.target.value })}
        className={field}
      >
        <option value="all">All kinds</option>
        {listPrinterKindMetadata().map((kind) => (
          <option key={kind.kind} value={kind.kind}>
            {kind.label}
          </option>
        ))}
      </select>
      <label className="sr-only" htmlFor="farm-sort">
        Order
      </label>
      <select
        id="farm-sort"
        data-testid="farm-sort"
        value={view.sort}
        onChange={(e) => update({ sort: e.target.value as SortKey, dir: "asc" })}
        className={field}
      >
        {sortKeys.map((key) => (
          <option key={key} value={key}>
            {sortLabels[key]}
          </option>
        ))}
      </select>
      <button
        type="button"
        data-testid="farm-dir"
        aria-label={
          view.dir === "asc"
            ? "Ascending order. Switch to descending."
            : "Descending order. Switch to ascending."
        }
        onClick={() => update({ dir: view.dir === "asc" ? "desc" : "asc" })}
        className={`${field} ${focus}`}
      >
        <span aria-hidden="true">{view.dir === "asc" ? "▲" : "▼"}</span>
      </button>
    </div>
  );
}
