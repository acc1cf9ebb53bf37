"use client";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { RouterOutputs } from "@printernizer/api";
import type { DataTableColumn } from "@printernizer/ui/data-table";
import { FormMessage, SelectField } from "@printernizer/ui/form-field";
import { PagedTable } from "@printernizer/ui/paged-table";
import { useTRPC } from "~/trpc/react";
import { ClearFiltersButton, DayRangeFields, PrinterFilterField } from "../_components/filter-fields";
import { dayEnd, dayStart, useUrlFilters } from "../_components/use-url-filters";
import { describeEvent } from "./describe-event";

type EventRow = RouterOutputs["events"]["list"]["items"][number];
const filterKeys = ["printer", "type", "from", "to"] as const;

const columns: DataTableColumn<EventRow>[] = [
  {
    key: "time",
    header: "Time",
    cell: (e) => <time dateTime={e.createdAt.toISOString()}>{e.createdAt.toLocaleString()}</time>,
    sortValue: (e) => e.createdAt,
  },
  { key: "printer", header: "Printer", cell: (e) => e.printerName ?? "–", sortValue: (e) => e.printerName },
  {
    key: "type",
    header: "Type",
    cell: (e) => <code className="text-xs">{e.type}</code>,
    sortValue: (e) => e.type,
  },
  {
    key: "details",
    header: "Details",
    cell: (e) => <span className="break-words">{describeEvent(e.payload)}</span>,
  },
];

export function EventLog() {
  const trpc = useTRPC();
  const { values, setFilter, clear, active } = useUrlFilters(filterKeys);
  const types = useQuery(trpc.events.types.queryOptions());
  const filter = {
    printerId: values.printer || undefined,
    types: values.type ? [values.type] : undefined,
    from: dayStart(values.from),
    to: dayEnd(values.to),
  };
  const events = useInfiniteQuery(
    trpc.events.list.infiniteQueryOptions(
      { ...filter, limit: 50 },
      { getNextPageParam: (last) => last.nextCursor },
    ),
  );
  const rows = events.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="space-y-3">
      <form
        role="search"
        aria-label="Filter events"
        className="grid items-end gap-3 sm:grid-cols-2 lg:grid-cols-5"
        onSubmit={(e) => e.preventDefault()}
      >
        <PrinterFilterField value={values.printer} onChange={(value) => setFilter("printer", value)} />
        <SelectField
          label="Type"
          value={values.type}
          options={[
            { value: "", label: "All types" },
            ...(types.data ?? []).map((t) => ({ value: t, label: t.replaceAll("_", " ") })),
          ]}
          onChange={(e) => setFilter("type", e.target.value)}
        />
        <DayRangeFields
          labels={{ from: "From", to: "Until" }}
          from={values.from}
          to={values.to}
          onChange={setFilter}
        />
        <ClearFiltersButton onClear={clear} active={active} />
      </form>
      {events.error ? <FormMessage>{events.error.message}</FormMessage> : null}
      <PagedTable
        testId="event-list"
        caption="Printer events"
        columns={columns}
        rows={rows}
        rowKey={(e) => e.id}
        rowProps={(e) => ({ "data-event-type": e.type })}
        pages={events}
        empty={active ? "No events match these filters." : "No events yet."}
      />
    </div>
  );
}
