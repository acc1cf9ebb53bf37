"use client";
// The dense view: every printer in one table, virtualized (only the rows in sight, plus a few,
// are in the DOM; spacer rows keep the scroll height). Column headers sort; aria-sort says how.
import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef } from "react";
import type { FarmPrinter } from "@printernizer/farm/farm";
import { FarmTableRow, rowHeight } from "./farm-table-row";
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

export function FarmTable({
  printers,
  sort,
  dir,
  onSort,
}: {
  printers: FarmPrinter[];
  sort: SortKey;
  dir: SortDir;
  onSort: (sort: SortKey) => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: printers.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    getItemKey: (index) => printers[index]!.id,
    overscan: 12,
    // The server renders the first screenful; the browser's first render matches it.
    initialRect: { width: 1200, height: 640 },
  });
  const items = virtualizer.getVirtualItems();
  const before = items[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    <div
      ref={scrollRef}
      className="max-h-[70vh] overflow-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
    >
      <table
        data-testid="farm-table"
        aria-label="Printers"
        aria-rowcount={printers.length + 1}
        className="w-full min-w-[92rem] table-fixed border-collapse text-left text-sm"
      >
        <colgroup>
          {columns.map((c) => (
            <col key={c.label} style={{ width: c.width }} />
          ))}
        </colgroup>
        <thead className="sticky top-0 z-10 bg-slate-50 text-xs text-slate-600 dark:bg-slate-950 dark:text-slate-300">
          <tr aria-rowindex={1} style={{ height: rowHeight }}>
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
          {items.map((item) => (
            <FarmTableRow key={item.key} printer={printers[item.index]!} index={item.index + 2} />
          ))}
          {after > 0 ? <tr aria-hidden="true" style={{ height: after }} /> : null}
        </tbody>
      </table>
    </div>
  );
}
