"use client";
// The cards view: a paged grid of printer cards (48 a page), in the dashboard's order. Each card
// is memoized on its row, so a stream update re-renders the cards that changed only.
import Link from "next/link";
import { memo, useState } from "react";
import type { FarmPrinter } from "@printernizer/farm/farm";
import { reachabilityOf } from "@printernizer/farm/reachability";
import { printerKindLabel } from "@printernizer/printers/kinds";
import { PrinterCard } from "@printernizer/ui/printer-card";
import { PlateClearedButton } from "../plate-cleared-button";
import { PrinterReachabilityActions } from "../printer-reachability-actions";

const pageSize = 48;

/** One card, re-rendered only when its printer row (or the clock, every 15 s) changes. */
const FarmCard = memo(function FarmCard({
  printer: p,
  now,
  canControl,
  isAdmin,
}: {
  printer: FarmPrinter;
  now: Date | null;
  canControl: boolean;
  isAdmin: boolean;
}) {
  const reachability = reachabilityOf(p);
  const plateWaiting = !!p.awaitingPlateClearSince && p.state !== "disabled";
  return (
    <PrinterCard
      now={now}
      printer={{ ...p, kindLabel: printerKindLabel(p.kind), reachability }}
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

export function FarmCards({
  printers,
  now,
  canControl,
  isAdmin,
  pageKey,
}: {
  printers: FarmPrinter[];
  /** Null until the page runs in the browser (the server's clock and time zone are not the reader's). */
  now: Date | null;
  canControl: boolean;
  isAdmin: boolean;
  /** Changes with the filters and sort: back to the first page. */
  pageKey: string;
}) {
  const [paging, setPaging] = useState({ key: pageKey, page: 0 });
  const pages = Math.max(1, Math.ceil(printers.length / pageSize));
  const current = Math.min(paging.key === pageKey ? paging.page : 0, pages - 1);
  const visible = printers.slice(current * pageSize, current * pageSize + pageSize);
  const setPage = (page: number) => setPaging({ key: pageKey, page });
  return (
    <>
      <ul
        className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4"
        data-testid="farm-grid"
      >
        {visible.map((p) => (
          <li key={p.id}>
            <FarmCard printer={p} now={now} canControl={canControl} isAdmin={isAdmin} />
          </li>
        ))}
      </ul>
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
