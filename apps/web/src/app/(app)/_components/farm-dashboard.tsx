"use client";

// The screen an operator keeps open all day: counters, filters, search, and the printers as
// a paged grid of cards or a dense table, kept current by one live stream. The view, filters
// and order live in the URL; problems come first unless the person sorts otherwise.
import { useSuspenseQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { EmptyState } from "@printernizer/ui/card";
import { supportedPrintersSentence } from "~/app/_lib/printer-kinds";
import { useClientNow } from "~/app/_lib/use-now";
import { BulkBar, PlateShortcut } from "./bulk/bulk-bar";
import { BulkDialog } from "./bulk/bulk-dialog";
import type { BulkAction } from "./bulk/bulk-plan";
import { countBuckets } from "./farm-view/buckets";
import { FarmCards } from "./farm-view/farm-cards";
import { FarmGroupFilters } from "./farm-view/farm-group-filters";
import { farmLocations, farmTags, groupPrinters } from "./farm-view/farm-groups";
import { FarmTable } from "./farm-view/farm-table";
import { FarmCounters, FarmFilters } from "./farm-view/farm-toolbar";
import { useSelection } from "./farm-view/use-selection";
import { useFarmView } from "./farm-view/use-farm-view";
import { useSettledOrder } from "./farm-view/use-settled-order";
import { filterPrinters, type SortKey } from "./farm-view/view-params";
import { useFarmListOptions, useFarmLive } from "./use-farm-live";

export function FarmDashboard({ canControl, isAdmin }: { canControl: boolean; isAdmin: boolean }) {
  const { data: printers } = useSuspenseQuery(useFarmListOptions());
  const live = useFarmLive();
  const { view, update } = useFarmView();
  const now = useClientNow(15_000);

  const counts = useMemo(() => countBuckets(printers), [printers]);
  const filtered = useMemo(() => filterPrinters(printers, view), [printers, view]);
  const filterKey = `${view.state ?? ""}\n${view.kind ?? ""}\n${view.q}\n${view.loc ?? ""}\n${view.tag ?? ""}`;
  const ordered = useSettledOrder(filtered, view.sort, view.dir, filterKey);
  const groups = useMemo(() => groupPrinters(ordered, view.group), [ordered, view.group]);
  const locations = useMemo(() => farmLocations(printers), [printers]);
  const tags = useMemo(() => farmTags(printers), [printers]);
  const selection = useSelection(groups);
  // the printers of an open bulk confirmation, read from the live rows while it is open
  const [bulk, setBulk] = useState<{ action: BulkAction; ids: ReadonlySet<string> } | null>(null);
  const bulkPrinters = useMemo(
    () => (bulk ? printers.filter((p) => bulk.ids.has(p.id)) : []),
    [bulk, printers],
  );
  const plateWaiting = printers.filter((p) => p.awaitingPlateClearSince && p.state !== "disabled");
  const onSort = (sort: SortKey) =>
    update({ sort, dir: view.sort === sort && view.dir === "asc" ? "desc" : "asc" });

  const indicator = (
    <span
      className={`text-xs ${live === "live" ? "text-positive" : "text-caution"}`}
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
        <FarmCounters counts={counts} view={view} update={update} />
        <div className="flex items-center gap-3">
          {canControl ? (
            <PlateShortcut
              waiting={plateWaiting.length}
              onClick={() => setBulk({ action: "plate", ids: new Set(plateWaiting.map((p) => p.id)) })}
            />
          ) : null}
          {indicator}
        </div>
      </div>
      <FarmFilters view={view} update={update} />
      <FarmGroupFilters view={view} update={update} locations={locations} tags={tags} />
      {canControl ? (
        <BulkBar
          count={selection.ids.size}
          onAction={(action) => setBulk({ action, ids: selection.ids })}
          onClear={selection.clear}
        />
      ) : null}
      {canControl ? (
        <BulkDialog action={bulk?.action ?? null} printers={bulkPrinters} onClose={() => setBulk(null)} />
      ) : null}
      <p className="sr-only" aria-live="polite">
        {ordered.length} of {printers.length} printers shown
      </p>
      {ordered.length === 0 ? (
        <p className="text-sm text-muted">No printer matches these filters.</p>
      ) : view.view === "table" ? (
        <FarmTable
          groups={groups}
          grouped={view.group !== "none"}
          sort={view.sort}
          dir={view.dir}
          onSort={onSort}
          selection={canControl ? selection : null}
        />
      ) : (
        <FarmCards
          groups={groups}
          grouped={view.group !== "none"}
          selection={canControl ? selection : null}
          now={now}
          canControl={canControl}
          isAdmin={isAdmin}
          pageKey={`${filterKey}\n${view.sort}\n${view.dir}\n${view.group}`}
        />
      )}
    </div>
  );
}
