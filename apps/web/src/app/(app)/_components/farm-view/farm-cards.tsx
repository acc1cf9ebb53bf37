"use client";
// The cards view: a paged grid of printer cards (48 a page), in the dashboard's order, under a
// heading per group when grouped (a page may hold the end of one group and the start of the
// next; each heading counts its whole group). Each card is memoized on its row and its selected
// state, so a stream update re-renders the cards that changed only.
import Link from "next/link";
import { memo, useState } from "react";
import type { FarmPrinter } from "@printernizer/farm/farm";
import { reachabilityOf } from "@printernizer/farm/reachability";
import { printerKindLabel } from "@printernizer/printers/kinds";
import { PrinterCard } from "@printernizer/ui/printer-card";
import { PlateClearedButton } from "../plate-cleared-button";
import { PrinterReachabilityActions } from "../printer-reachability-actions";
import type { FarmGroup } from "./farm-groups";
import { GroupHeading, SelectBox, type OnSelect } from "./select-box";

const pageSize = 48;

/** One card, re-rendered only when its printer row (or the clock, every 15 s) changes. */
const FarmCard = memo(function FarmCard({
  printer: p,
  now,
  canControl,
  isAdmin,
  selected,
  onSelect,
}: {
  printer: FarmPrinter;
  now: Date | null;
  canControl: boolean;
  isAdmin: boolean;
  selected: boolean;
  /** Null: no selection (viewers). */
  onSelect: OnSelect | null;
}) {
  const reachability = reachabilityOf(p);
  const plateWaiting = !!p.awaitingPlateClearSince && p.state !== "disabled";
  return (
    <PrinterCard
      now={now}
      printer={{ ...p, kindLabel: printerKindLabel(p.kind), reachability }}
      leading={
        onSelect ? <SelectBox printerId={p.id} name={p.name} checked={selected} onSelect={onSelect} /> : null
      }
      actions={
        reachability || (plateWaiting && canControl) ? (
          <>
            {reachability ? (
              <PrinterReachabilityActions
                printer={p}
                reachability={reachability}
                canControl={canControl}
                isAdmin={isAdmin}
              />
            ) : null}
            {plateWaiting && canControl ? <PlateClearedButton printer={p} /> : null}
          </>
        ) : null
      }
      link={(children) => (
        <Link
          href={`/printers/${p.id}`}
          className="hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500"
        >
          {children}
        </Link>
      )}
    />
  );
});

export interface CardSelection {
  ids: ReadonlySet<string>;
  onSelect: OnSelect;
  onSelectGroup: (ids: string[]) => void;
}

export function FarmCards({
  groups,
  grouped,
  now,
  canControl,
  isAdmin,
  pageKey,
  selection,
}: {
  groups: FarmGroup[];
  /** Headings per group (Group: location). */
  grouped: boolean;
  /** Null until the page runs in the browser (the server's clock and time zone are not the reader's). */
  now: Date | null;
  canControl: boolean;
  isAdmin: boolean;
  /** Changes with the filters and sort: back to the first page. */
  pageKey: string;
  /** Null for viewers: no checkboxes. */
  selection: CardSelection | null;
}) {
  const printers = groups.flatMap((g) => g.printers);
  const [paging, setPaging] = useState({ key: pageKey, page: 0 });
  const pages = Math.max(1, Math.ceil(printers.length / pageSize));
  const current = Math.min(paging.key === pageKey ? paging.page : 0, pages - 1);
  const setPage = (page: number) => setPaging({ key: pageKey, page });
  // the groups' parts on this page
  const from = current * pageSize;
  const parts: { group: FarmGroup; printers: FarmPrinter[] }[] = [];
  let offset = 0;
  for (const group of groups) {
    const start = Math.max(from, offset);
    const end = Math.min(from + pageSize, offset + group.printers.length);
    if (start < end) parts.push({ group, printers: group.printers.slice(start - offset, end - offset) });
    offset += group.printers.length;
  }
  const grid = (list: FarmPrinter[], label?: string) => (
    <ul
      className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4"
      data-testid="farm-grid"
      aria-label={label}
    >
      {list.map((p) => (
        <li key={p.id}>
          <FarmCard
            printer={p}
            now={now}
            canControl={canControl}
            isAdmin={isAdmin}
            selected={selection?.ids.has(p.id) ?? false}
            onSelect={selection?.onSelect ?? null}
          />
        </li>
      ))}
    </ul>
  );
  return (
    <>
      {grouped
        ? parts.map(({ group, printers: shown }) => {
            const ids = group.printers.map((p) => p.id);
            return (
              <section
                key={group.key ?? ""}
                data-testid="farm-group"
                data-group={group.key ?? ""}
                aria-label={group.label}
                className="space-y-2"
              >
                <h2 className="flex flex-wrap items-baseline gap-x-3 gap-y-1 text-sm">
                  <GroupHeading
                    label={group.label}
                    count={group.printers.length}
                    allSelected={!!selection && ids.every((id) => selection.ids.has(id))}
                    onSelectGroup={selection ? () => selection.onSelectGroup(ids) : null}
                  />
                </h2>
                {grid(shown, group.label)}
              </section>
            );
          })
        : grid(printers)}
      {pages > 1 ? (
        <nav className="flex items-center justify-center gap-3 text-sm" aria-label="Pages">
          <button
            type="button"
            disabled={current === 0}
            onClick={() => setPage(current - 1)}
            className="rounded border px-2 py-1 disabled:opacity-40"
          >
            Previous
          </button>
          <span>
            Page {current + 1} of {pages} · {printers.length} printers
          </span>
          <button
            type="button"
            disabled={current >= pages - 1}
            onClick={() => setPage(current + 1)}
            className="rounded border px-2 py-1 disabled:opacity-40"
          >
            Next
          </button>
        </nav>
      ) : null}
    </>
  );
}
