"use client";

// The screen an operator keeps open all day: counters, filters, search, and a paged grid
// of printer cards kept current by one live stream.
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import type { FarmPrinter } from "@printernizer/farm/farm";
import { reachabilityOf } from "@printernizer/farm/reachability";
import { listPrinterKindMetadata, printerKindLabel } from "@printernizer/printers/kinds";
import { EmptyState } from "@printernizer/ui/card";
import { PrinterCard } from "@printernizer/ui/printer-card";
import { stateLabels, type BadgeState } from "@printernizer/ui/state-badge";
import { supportedPrintersSentence } from "~/app/_lib/printer-kinds";
import { useNow } from "~/app/_lib/use-now";
import { useTRPC } from "~/trpc/react";
import { BulkPlateClear } from "./bulk-plate-clear";
import { PlateClearedButton } from "./plate-cleared-button";
import { PrinterReachabilityActions } from "./printer-reachability-actions";
import { useFarmLive } from "./use-farm-live";

const pageSize = 48;
const counterStates: BadgeState[] = ["printing", "paused", "idle", "error", "offline"];

/** Offline/unknown printers that report an authentication error count as errors for the counters. */
function bucket(p: FarmPrinter): BadgeState {
  if (p.state === "error" || (p.errors.length > 0 && p.state !== "disabled")) return "error";
  if (p.state === "busy") return "printing";
  if (p.state === "unknown") return "offline";
  return p.state;
}

export function FarmDashboard({ canControl, isAdmin }: { canControl: boolean; isAdmin: boolean }) {
  const trpc = useTRPC();
  const { data: printers } = useSuspenseQuery(trpc.farm.list.queryOptions());
  const live = useFarmLive();
  const now = useNow(15_000);
  const [stateFilter, setStateFilter] = useState<BadgeState | "all">("all");
  const [kindFilter, setKindFilter] = useState<string>("all");
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(0);

  const counts = useMemo(() => {
    const c: Record<string, number> = {};
    for (const p of printers) c[bucket(p)] = (c[bucket(p)] ?? 0) + 1;
    return c;
  }, [printers]);
  const filtered = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return printers.filter(
      (p) =>
        (stateFilter === "all" || bucket(p) === stateFilter) &&
        (kindFilter === "all" || p.kind === kindFilter) &&
        (!needle ||
          p.name.toLowerCase().includes(needle) ||
          (p.job?.name.toLowerCase().includes(needle) ?? false)),
    );
  }, [printers, stateFilter, kindFilter, search]);
  const pages = Math.max(1, Math.ceil(filtered.length / pageSize));
  const current = Math.min(page, pages - 1);
  const visible = filtered.slice(current * pageSize, current * pageSize + pageSize);

  const indicator = (
    <span
      className={`text-xs ${live === "live" ? "text-emerald-600" : "text-amber-600"}`}
      data-testid="live-indicator"
      data-live={live}
      role="status"
    >
      {live === "live" ? "● Live" : live === "connecting" ? "Connecting…" : "Reconnecting…"}
    </span>
  );

  if (printers.length === 0) {
    return (
      <div className="space-y-2">
        <div className="text-right">{indicator}</div>
        <EmptyState title="No printers yet">
          {supportedPrintersSentence()} An administrator adds them under Admin → Printers.
        </EmptyState>
      </div>
    );
  }

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <ul className="flex flex-wrap gap-2" aria-label="Printers by state">
          {counterStates.map((state) => (
            <li key={state}>
              <button
                type="button"
                data-testid={`counter-${state}`}
                aria-pressed={stateFilter === state}
                onClick={() => {
                  setStateFilter(stateFilter === state ? "all" : state);
                  setPage(0);
                }}
                className={`rounded-md border px-3 py-1 text-sm tabular-nums focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 ${
                  stateFilter === state
                    ? "border-sky-500 bg-sky-50 dark:bg-sky-950"
                    : "border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
                }`}
              >
                {stateLabels[state]} <span className="font-semibold">{counts[state] ?? 0}</span>
              </button>
            </li>
          ))}
        </ul>
        <div className="flex items-center gap-3">
          {canControl ? <BulkPlateClear printers={printers} /> : null}
          {indicator}
        </div>
      </div>
      <div className="flex flex-wrap gap-2">
        <label className="sr-only" htmlFor="farm-search">
          Search printers
        </label>
        <input
          id="farm-search"
          type="search"
          placeholder="Search by printer or job name"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPage(0);
          }}
          className="min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900"
        />
        <label className="sr-only" htmlFor="farm-kind">
          Printer kind
        </label>
        <select
          id="farm-kind"
          value={kindFilter}
          onChange={(e) => {
            setKindFilter(e.target.value);
            setPage(0);
          }}
          className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900"
        >
          <option value="all">All kinds</option>
          {listPrinterKindMetadata().map((kind) => (
            <option key={kind.kind} value={kind.kind}>
              {kind.label}
            </option>
          ))}
        </select>
      </div>
      {visible.length === 0 ? (
        <p className="text-sm text-slate-500">No printer matches these filters.</p>
      ) : (
        <ul
          className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4"
          data-testid="farm-grid"
        >
          {visible.map((p) => {
            const reachability = reachabilityOf(p);
            const plateWaiting = !!p.awaitingPlateClearSince && p.state !== "disabled";
            return (
              <li key={p.id}>
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
              </li>
            );
          })}
        </ul>
      )}
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
            Page {current + 1} of {pages} · {filtered.length} printers
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
    </div>
  );
}
