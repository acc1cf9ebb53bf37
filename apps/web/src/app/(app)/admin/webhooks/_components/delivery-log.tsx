"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import type { RouterOutputs } from "@printernizer/api";
import type { DataTableColumn } from "@printernizer/ui/data-table";
import { FormMessage } from "@printernizer/ui/form-field";
import { PagedTable } from "@printernizer/ui/paged-table";
import { errorMessage } from "~/app/_lib/trpc-error";
import { useTRPC } from "~/trpc/react";

type Delivery = RouterOutputs["webhook"]["deliveries"]["items"][number];

const statusStyles: Record<Delivery["status"], string> = {
  pending: "text-slate-600 dark:text-slate-300",
  sending: "text-sky-700 dark:text-sky-400",
  sent: "text-emerald-700 dark:text-emerald-400",
  failed: "text-red-700 dark:text-red-400",
};

/** Waiting for quiet hours to end (not on its way: no fast refresh for it). */
const isHeld = (d: Delivery) =>
  d.status === "pending" && d.heldUntil !== null && d.heldUntil.getTime() > Date.now();

const columns: DataTableColumn<Delivery>[] = [
  {
    key: "time",
    header: "Queued",
    cell: (d) => <time dateTime={d.createdAt.toISOString()}>{d.createdAt.toLocaleString()}</time>,
    sortValue: (d) => d.createdAt,
  },
  { key: "webhook", header: "Channel", cell: (d) => d.webhookName, sortValue: (d) => d.webhookName },
  {
    key: "event",
    header: "Event",
    cell: (d) => <code className="text-xs">{d.eventType}</code>,
    sortValue: (d) => d.eventType,
  },
  {
    key: "status",
    header: "Status",
    cell: (d) => (
      <span className={`font-medium ${statusStyles[d.status]}`}>
        {isHeld(d)
          ? `held until ${d.heldUntil!.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })} (quiet hours)`
          : d.status}
      </span>
    ),
    sortValue: (d) => d.status,
  },
  {
    key: "attempts",
    header: "Attempts",
    align: "right",
    cell: (d) => d.attempts,
    sortValue: (d) => d.attempts,
  },
  {
    key: "response",
    header: "Response",
    align: "right",
    cell: (d) =>
      d.responseStatus === null
        ? "–"
        : `${d.channelFormat === "email" ? "SMTP" : "HTTP"} ${d.responseStatus}`,
    sortValue: (d) => d.responseStatus,
  },
  {
    key: "error",
    header: "Last error",
    cell: (d) =>
      d.lastError ? <span className="break-words text-red-700 dark:text-red-400">{d.lastError}</span> : "–",
  },
];

/** Every delivery, newest first; refreshes while any is still on its way. */
export function DeliveryLog() {
  const trpc = useTRPC();
  const deliveries = useInfiniteQuery({
    ...trpc.webhook.deliveries.infiniteQueryOptions(
      { limit: 25 },
      { getNextPageParam: (last) => last.nextCursor },
    ),
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) =>
        page.items.some((d) => (d.status === "pending" && !isHeld(d)) || d.status === "sending"),
      )
        ? 1_000
        : 10_000,
  });
  const rows = deliveries.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="space-y-2">
      {deliveries.error ? <FormMessage>{errorMessage(deliveries.error)}</FormMessage> : null}
      <PagedTable
        testId="delivery-log"
        caption="Deliveries"
        columns={columns}
        rows={rows}
        rowKey={(d) => d.id}
        rowProps={(d) => ({
          "data-status": d.status,
          "data-webhook": d.webhookName,
          "data-event-type": d.eventType,
        })}
        pages={deliveries}
        empty="Nothing sent yet. “Send a test message” queues one."
      />
    </div>
  );
}
