"use client";
// The dashboard's selection as React state: only printers shown count (a filter change or a
// removal drops the others), the click handlers are stable (memoized rows stay memoized).
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { FarmGroup } from "./farm-groups";
import { emptySelection, keepShown, toggleGroup, toggleSelection, type Selection } from "./selection";

export function useSelection(groups: FarmGroup[]) {
  const [held, setHeld] = useState<Selection>(emptySelection);
  const order = useMemo(() => groups.flatMap((g) => g.printers.map((p) => p.id)), [groups]);
  const shown = useMemo(() => new Set(order), [order]);
  const selection = useMemo(() => keepShown(held, shown), [held, shown]);
  const current = useRef({ order, shown });
  useEffect(() => {
    current.current = { order, shown };
  }, [order, shown]);
  const onSelect = useCallback(
    (id: string, shift: boolean) =>
      setHeld((s) =>
        toggleSelection(keepShown(s, current.current.shown), id, { shift, order: current.current.order }),
      ),
    [],
  );
  const onSelectGroup = useCallback(
    (ids: string[]) => setHeld((s) => toggleGroup(keepShown(s, current.current.shown), ids)),
    [],
  );
  const selectOnly = useCallback((ids: string[]) => setHeld({ ids: new Set(ids), anchor: null }), []);
  const clear = useCallback(() => setHeld(emptySelection), []);
  return { ids: selection.ids, onSelect, onSelectGroup, selectOnly, clear };
}
