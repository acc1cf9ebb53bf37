"use client";
import { useQuery } from "@tanstack/react-query";
import type { RouterOutputs } from "@printernizer/api";
import { DataTable, type DataTableColumn } from "@printernizer/ui/data-table";
import { FormMessage } from "@printernizer/ui/form-field";
import { formatAgo } from "@printernizer/ui/format";
import { StateBadge, type BadgeState } from "@printernizer/ui/state-badge";
import { useTRPC } from "~/trpc/react";

type HealthRow = RouterOutputs["events"]["health"][number];
const badgeStates = new Set<string>([
  "idle",
  "busy",
  "printing",
  "paused",
  "error",
  "offline",
  "unknown",
  "disabled",
]);

const circuitText: Record<string, string> = {
  closed: "closed (normal)",
  open: "open (paused after failures)",
  "half-open": "half-open (trying again)",
};

const columns: DataTableColumn<HealthRow>[] = [
  { key: "printer", header: "Printer", cell: (h) => h.printerName, sortValue: (h) => h.printerName },
  {
    key: "state",
    header: "State",
    cell: (h) => <StateBadge state={(badgeStates.has(h.state) ? h.state : "unknown") as BadgeState} />,
    sortValue: (h) => h.state,
  },
  {
    key: "connection",
    header: "Connection",
    cell: (h) =>
      h.enabled
        ? h.connected
          ? h.healthy === false
            ? "connected, silent"
            : "connected"
          : "not connected"
        : "disabled",
    sortValue: (h) => (h.connected ? 1 : 0),
  },
  {
    key: "lastCommunication",
    header: "Last communication",
    cell: (h) =>
      h.lastCommunication ? (
        <time dateTime={h.lastCommunication.toISOString()} title={h.lastCommunication.toLocaleString()}>
          {formatAgo(h.lastCommunication)}
        </time>
      ) : (
        "never"
      ),
    sortValue: (h) => h.lastCommunication,
  },
  {
    key: "reconnects",
    header: "Reconnects",
    align: "right",
    cell: (h) => h.reconnects ?? "–",
    sortValue: (h) => h.reconnects,
  },
  {
    key: "circuit",
    header: "Circuit",
    cell: (h) => (h.circuit ? circuitText[h.circuit] : "–"),
    sortValue: (h) => h.circuit,
  },
  {
    key: "lastError",
    header: "Last error",
    cell: (h) =>
      h.lastError ? (
        <span className="text-red-700 dark:text-red-400">
          {h.lastError.kind ? <span className="font-medium">{h.lastError.kind}: </span> : null}
          {h.lastError.message}
        </span>
      ) : (
        "–"
      ),
    sortValue: (h) => h.lastError?.kind ?? null,
  },
];

export function ConnectionHealthTable() {
  const trpc = useTRPC();
  const health = useQuery({ ...trpc.events.health.queryOptions(), refetchInterval: 5_000 });
  if (health.error) return <FormMessage>{health.error.message}</FormMessage>;
  return (
    <DataTable
      testId="connection-health"
      caption="Connection health per printer"
      columns={columns}
      rows={health.data ?? []}
      rowKey={(h) => h.printerId}
      rowProps={(h) => ({ "data-printer": h.printerName, "data-circuit": h.circuit ?? undefined })}
      empty={health.isPending ? "Loading…" : "No printers yet."}
    />
  );
}
