"use client";
// Beside the dashboard's filters: group by location, and filter by one location or one tag.
// All three are in the URL (`group=location`, `loc=…`, `tag=…`) like the other filters.
import type { UpdateFarmView } from "./use-farm-view";
import type { FarmViewParams } from "./view-params";

const field =
  "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900";

export function FarmGroupFilters({
  view,
  update,
  locations,
  tags,
}: {
  view: FarmViewParams;
  update: UpdateFarmView;
  locations: string[];
  tags: string[];
}) {
  // a location or tag from a link that no printer has (any more) stays choosable, so the select shows it
  const locationOptions = view.loc && !locations.includes(view.loc) ? [...locations, view.loc] : locations;
  const tagOptions = view.tag && !tags.includes(view.tag) ? [...tags, view.tag] : tags;
  return (
    <div className="flex flex-wrap gap-2" data-testid="farm-group-filters">
      <label className="sr-only" htmlFor="farm-group">
        Group printers
      </label>
      <select
        id="farm-group"
        data-testid="farm-grouping"
        value={view.group}
        onChange={(e) => update({ group: e.target.value === "location" ? "location" : "none" })}
        className={field}
      >
        <option value="none">Group: none</option>
        <option value="location">Group: location</option>
      </select>
      {locationOptions.length ? (
        <>
          <label className="sr-only" htmlFor="farm-location">
            Location
          </label>
          <select
            id="farm-location"
            data-testid="farm-location"
            value={view.loc ?? ""}
            onChange={(e) => update({ loc: e.target.value || null })}
            className={field}
          >
            <option value="">All locations</option>
            {locationOptions.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </>
      ) : null}
      {tagOptions.length ? (
        <>
          <label className="sr-only" htmlFor="farm-tag">
            Tag
          </label>
          <select
            id="farm-tag"
            data-testid="farm-tag"
            value={view.tag ?? ""}
            onChange={(e) => update({ tag: e.target.value || null })}
            className={field}
          >
            <option value="">All tags</option>
            {tagOptions.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </>
      ) : null}
    </div>
  );
}
