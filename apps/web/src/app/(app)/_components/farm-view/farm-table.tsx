"use client";
// The dense view: every printer in one table, virtualized (only the rows in sight, plus a few,
// are in the DOM; spacer rows keep the scroll height). Column headers sort; aria-sort says how.
// Grouped, each group starts with a heading row (its name, count and "select all in this group");
// operators and admins get a checkbox column.
import { useVirtualizer } from "@tanstack/react-virtual";
import { useMemo, useRef } from "react";
import type { FarmPrinter } from "@printernizer/farm/farm";
import type { CardSelection } from "./farm-cards";
import type { FarmGroup } from "./farm-groups";
import { FarmTableRow, rowHeight } from "./farm-table-row";
import { GroupHeading } from "./select-box";
import type { SortDir, SortKey } from "./view-params";

const columns: { label: string; sort?: SortKey; width: string }[] = [
  { label: "Name", sort: "name", width: "14rem" },
  { label: "State", sort: "state", width: "9rem" },
  { label: "Job", width: "14rem" },
  { label: "Progress", sort: "progress", width: "9rem" },
  { label: "Time left", sort: "remaining", width: "8rem" },
  { label: "Nozzle", width: "6rem" },
  { label: "Bed", width: "6rem" },
  { label: "Kind / model", width: "10rem" },
  { label: "Last error", width: "16rem" },
];

type Item = { printer: FarmPrinter } | { group: FarmGroup };

export function FarmTable({
  groups,
  grouped,
  sort,
  dir,
  onSort,
  selection,
}: {
  groups: FarmGroup[];
  grouped: boolean;
  sort: SortKey;
  dir: SortDir;
  onSort: (sort: SortKey) => void;
  /** Null for viewers: no checkbox column. */
  selection: CardSelection | null;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const items = useMemo<Item[]>(
    () =>
      groups.flatMap((group) => [
        ...(grouped ? [{ group }] : []),
        ...group.printers.map((printer) => ({ printer })),
      ]),
    [groups, grouped],
  );
  const shownColumns = selection ? [{ label: "Select", width: "2.75rem" }, ...columns] : columns;
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    getItemKey: (index) => {
      const item = items[index]!;
      return "printer" in item ? item.printer.id : `group:${item.group.key ?? ""}`;
    },
    overscan: 12,
    // The server renders the first screenful; the browser's first render matches it.
    initialRect: { width: 1200, height: 640 },
  });
  const visible = virtualizer.getVirtualItems();
  const before = visible[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (visible.at(-1)?.end ?? 0);
  return (
    <div
      ref={scrollRef}
      className="max-h-[70vh] overflow-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
    >
      <table
        data-testid="farm-table"
        aria-label="Printers"
        aria-rowcount={items.length + 1}
        className="w-full min-w-[92rem] table-fixed border-collapse text-left text-sm"
      >
        <colgroup>
          {shownColumns.map((c) => (
            <col key={c.label} style={{ width: c.width }} />
          ))}
        </colgroup>
        <thead className="sticky top-0 z-10 bg-slate-50 text-xs text-slate-600 dark:bg-slate-950 dark:text-slate-300">
          <tr aria-rowindex={1} style={{ height: rowHeight }}>
            {selection ? (
              <th scope="col" className="px-2 font-medium">
                <span className="sr-only">Select</span>
              </th>
            ) : null}
            {columns.map((c) => (
              <th
                key={c.label}
                scope="col"
                className="px-2 font-medium"
                aria-sort={
                  c.sort && c.sort === sort ? (dir === "asc" ? "ascending" : "descending") : undefined
                }
              >
                {c.sort ? (
                  <button
                    type="button"
                    data-testid={`sort-${c.sort}`}
                    onClick={() => onSort(c.sort!)}
                    className="rounded px-1 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500"
                  >
                    {c.label}
                    <span aria-hidden="true">{c.sort === sort ? (dir === "asc" ? " ▲" : " ▼") : ""}</span>
                  </button>
                ) : (
                  c.label
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {before > 0 ? <tr aria-hidden="true" style={{ height: before }} /> : null}
          {visible.map((v) => {
            const item = items[v.index]!;
            if ("printer" in item)
              return (
                <FarmTableRow
                  key={v.key}
                  printer={item.printer}
                  index={v.index + 2}
                  selected={selection?.ids.has(item.printer.id) ?? false}
                  onSelect={selection?.onSelect ?? null}
                />
              );
            const ids = item.group.printers.map((p) => p.id);
            return (
              <tr
                key={v.key}
                aria-rowindex={v.index + 2}
                data-testid="farm-group"
                data-group={item.group.key ?? ""}
                style={{ height: rowHeight }}
                className="border-t border-slate-200 bg-slate-50 dark:border-slate-700 dark:bg-slate-950"
              >
                <th
                  scope="colgroup"
                  colSpan={shownColumns.length}
                  className="px-2 text-left text-sm font-normal"
                >
                  <span className="flex items-baseline gap-3">
                    <GroupHeading
                      label={item.group.label}
                      count={item.group.printers.length}
                      allSelected={!!selection && ids.every((id) => selection.ids.has(id))}
                      onSelectGroup={selection ? () => selection.onSelectGroup(ids) : null}
                    />
                  </span>
                </th>
              </tr>
            );
          })}
          {after > 0 ? <tr aria-hidden="true" style={{ height: after }} /> : null}
        </tbody>
      </table>
    </div>
  );
}
