"use client";
// The farm's event log: filters in the URL, one sentence per event (who did it, where known),
// repeats grouped, raw payloads behind "Details", new events arriving live (events.live).
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Button } from "@printernizer/ui/button";
import { FormMessage, SelectField } from "@printernizer/ui/form-field";
import { useTRPC } from "~/trpc/react";
import { ClearFiltersButton, DayRangeFields, PrinterFilterField } from "../_components/filter-fields";
import { dayEnd, dayStart, useUrlFilters } from "../_components/use-url-filters";
import { EventTable } from "./event-table";
import { useEventStream } from "./use-event-stream";

const filterKeys = ["printer", "type", "from", "to"] as const;

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
  const live = useEventStream(filter.printerId);
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
      <p className="text-xs text-slate-600 dark:text-slate-400" data-testid="event-stream" data-live={live}>
        {live === "live" ? "New events appear here as they happen." : "Connecting to live updates…"}
      </p>
      {events.error ? <FormMessage>{events.error.message}</FormMessage> : null}
      <div className="space-y-2">
        <EventTable
          testId="event-list"
          events={rows}
          empty={events.isPending ? "Loading…" : active ? "No events match these filters." : "No events yet."}
        />
        {events.hasNextPage ? (
          <Button
            variant="secondary"
            onClick={() => void events.fetchNextPage()}
            disabled={events.isFetchingNextPage}
          >
            {events.isFetchingNextPage ? "Loading…" : "Load more"}
          </Button>
        ) : null}
      </div>
    </div>
  );
}
