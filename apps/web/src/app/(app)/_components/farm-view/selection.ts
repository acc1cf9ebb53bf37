// Which printers the dashboard has selected for a bulk action. A click toggles one printer; a
// shift-click sets every printer between the last clicked one and this one (in the order shown)
// to the clicked one's new state; "select all in this group" adds or removes a whole group.
// Pure, so the rules are tested without a browser (farm-groups.test.ts).
export interface Selection {
  ids: ReadonlySet<string>;
  /** The last printer clicked without shift: where a shift-click's range starts. */
  anchor: string | null;
}

export const emptySelection: Selection = { ids: new Set(), anchor: null };

export function toggleSelection(
  selection: Selection,
  id: string,
  options: { shift: boolean; order: readonly string[] },
): Selection {
  const on = !selection.ids.has(id);
  const next = new Set(selection.ids);
  const from = selection.anchor ? options.order.indexOf(selection.anchor) : -1;
  const to = options.order.indexOf(id);
  if (options.shift && from >= 0 && to >= 0) {
    const [start, end] = from < to ? [from, to] : [to, from];
    for (const rangeId of options.order.slice(start, end + 1)) {
      if (on) next.add(rangeId);
      else next.delete(rangeId);
    }
    return { ids: next, anchor: selection.anchor };
  }
  if (on) next.add(id);
  else next.delete(id);
  return { ids: next, anchor: id };
}

/** Adds the ids, or removes them all when every one is selected already. */
export function toggleGroup(selection: Selection, ids: readonly string[]): Selection {
  const all = ids.length > 0 && ids.every((id) => selection.ids.has(id));
  const next = new Set(selection.ids);
  for (const id of ids) {
    if (all) next.delete(id);
    else next.add(id);
  }
  return { ids: next, anchor: selection.anchor };
}

/** Drops printers that are gone (removed, or no longer shown by the filters). */
export function keepShown(selection: Selection, shown: ReadonlySet<string>): Selection {
  if ([...selection.ids].every((id) => shown.has(id))) return selection;
  return { ids: new Set([...selection.ids].filter((id) => shown.has(id))), anchor: selection.anchor };
}
