"use client";
// Page filters kept in the URL's search params, so a filtered view can be bookmarked,
// shared and survives a reload. Dates are whole days (yyyy-mm-dd) in the browser's time zone.
import { useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";

export function useUrlFilters<Key extends string>(keys: readonly Key[]) {
  const params = useSearchParams();
  const values = useMemo(
    () => Object.fromEntries(keys.map((key) => [key, params.get(key) ?? ""])) as Record<Key, string>,
    [keys, params],
  );
  // The native History API (which Next keeps useSearchParams in step with) updates the URL at
  // once, so changes made in quick succession each start from the previous one.
  const setFilter = useCallback((key: Key, value: string) => {
    const next = new URLSearchParams(window.location.search);
    if (value) next.set(key, value);
    else next.delete(key);
    const query = next.toString();
    window.history.replaceState(
      null,
      "",
      query ? `${window.location.pathname}?${query}` : window.location.pathname,
    );
  }, []);
  const clear = useCallback(() => window.history.replaceState(null, "", window.location.pathname), []);
  return { values, setFilter, clear, active: keys.some((key) => values[key] !== "") };
}

/** The first instant of a yyyy-mm-dd day in local time, as ISO; undefined when empty or invalid. */
export function dayStart(day: string): string | undefined {
  const date = day ? new Date(`${day}T00:00:00`) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
}

/** The last millisecond of a yyyy-mm-dd day in local time, as ISO. */
export function dayEnd(day: string): string | undefined {
  const date = day ? new Date(`${day}T23:59:59.999`) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
}
