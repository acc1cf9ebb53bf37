"use client";
// The dashboard's view read from and written to the URL. Writes go through the History API
// (Next keeps useSearchParams in step with it): the page stays, nothing is fetched again, and a
// reload or a shared link shows the same view. Discrete choices (view, sort, a counter, a kind)
// are history entries, so Back undoes them; the search replaces its entry while typing.
import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import { farmViewSearch, parseFarmView, type FarmViewParams } from "./view-params";

export type UpdateFarmView = (patch: Partial<FarmViewParams>, mode?: "push" | "replace") => void;

export function useFarmView(): { view: FarmViewParams; update: UpdateFarmView } {
  const params = useSearchParams();
  const view = useMemo(() => parseFarmView(params), [params]);
  const update = useCallback<UpdateFarmView>((patch, mode = "push") => {
    const current = new URLSearchParams(window.location.search);
    const search = farmViewSearch({ ...parseFarmView(current), ...patch }, current);
    if (search === window.location.search) return;
    const url = `${window.location.pathname}${search}`;
    if (mode === "push") window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  }, []);
  return { view, update };
}

const searchDelayMs = 300;

/** The search box's text: typed at once, written to the URL after a pause, and set from the URL on Back. */
export function useDebouncedSearch(
  urlValue: string,
  update: UpdateFarmView,
): [string, (text: string) => void] {
  const [text, setText] = useState(urlValue);
  const [typed, setTyped] = useState<string | null>(null);
  // Back/forward (or a counter link) changed the URL: the box follows it.
  const [seen, setSeen] = useState(urlValue);
  if (seen !== urlValue) {
    setSeen(urlValue);
    if (typed === null || typed === urlValue) setText(urlValue);
  }
  useEffect(() => {
    if (typed === null) return;
    const timer = setTimeout(() => {
      update({ q: typed }, "replace");
      setTyped(null);
    }, searchDelayMs);
    return () => clearTimeout(timer);
  }, [typed, update]);
  const onType = useCallback((value: string) => {
    setText(value);
    setTyped(value);
  }, []);
  return [text, onType];
}
