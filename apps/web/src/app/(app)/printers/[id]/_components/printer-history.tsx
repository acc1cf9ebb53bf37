"use client";

// This printer's jobs and events, newest first, a page at a time.
import { useInfiniteQuery } from "@tanstack/react-query";
import { Card } from "@printernizer/ui/card";
import { Button } from "@printernizer/ui/button";
import { formatDuration } from "@printernizer/ui/format";
import { useTRPC } from "~/trpc/react";
import { PrintAgainButton } from "~/app/(app)/_components/start-print/print-again-button";

const dateTime = (d: Date) => d.toLocaleString([], { dateStyle: "short", timeStyle: "short" });

export function PrinterJobs({ printerId, canControl }: { printerId: string; canControl: boolean }) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.jobs.list.infiniteQueryOptions(
      { printerId, limit: 10 },
      { getNextPageParam: (last) => last.nextCursor },
    ),
  );
  const jobs = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card>
      <h2 className="mb-2 font-semibold">Jobs</h2>
      {query.isPending ? (
        <p className="text-sm text-muted">Loading…</p>
      ) : jobs.length === 0 ? (
        <p className="text-sm text-muted">No prints recorded on this printer yet.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="printer-jobs">
            <thead className="text-xs text-muted">
              <tr>
                <th className="py-1 pr-3 font-medium">File</th>
                <th className="py-1 pr-3 font-medium">Outcome</th>
                <th className="py-1 pr-3 font-medium">Started</th>
                <th className="py-1 font-medium">Duration</th>
                {canControl ? (
                  <th className="py-1 font-medium">
                    <span className="sr-only">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {jobs.map((j) => (
                <tr key={j.id} className="border-t border-slate-100 dark:border-slate-800">
                  <td className="max-w-64 truncate py-1 pr-3" title={j.fileName}>
                    {j.displayName ?? j.fileName}
                  </td>
                  <td className="py-1 pr-3">{j.outcome ?? (j.state === "PAUSED" ? "paused" : "running")}</td>
                  <td className="whitespace-nowrap py-1 pr-3">{dateTime(j.startedAt)}</td>
                  <td className="whitespace-nowrap py-1">
                    {j.durationSeconds !== null ? formatDuration(j.durationSeconds) : "–"}
                  </td>
                  {canControl ? (
                    <td className="py-1">
                      {j.printStart ? (
                        <PrintAgainButton
                          start={j.printStart}
                          printerId={printerId}
                          jobName={j.displayName ?? j.fileName}
                        />
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {query.hasNextPage ? (
        <Button
          variant="ghost"
          className="mt-2"
          disabled={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
        >
          Older jobs
        </Button>
      ) : null}
    </Card>
  );
}

/** A short line from an event's payload (the adapter event as the worker stored it). */
function describe(payload: unknown): string {
  if (!payload || typeof payload !== "object") return "";
  const p = payload as Record<string, unknown>;
  const nested = (key: string, field: string) => {
    const value = p[key];
    return value && typeof value === "object" && typeof (value as Record<string, unknown>)[field] === "string"
      ? ((value as Record<string, unknown>)[field] as string)
      : null;
  };
  // Status events are stored slimmed down by the worker: { state, previousState, job: name, errors }.
  const state = typeof p.state === "string" ? p.state : nested("status", "state");
  const parts = [
    typeof p.job === "string" ? p.job : (nested("job", "displayName") ?? nested("job", "name")),
    typeof p.previousState === "string" && state ? `${p.previousState} → ${state}` : state,
    typeof p.message === "string" ? p.message : null,
    typeof p.reason === "string" ? p.reason : null,
    nested("error", "message"),
    Array.isArray(p.errors) && p.errors.length
      ? p.errors
          .map((e) => (e && typeof e === "object" ? String((e as Record<string, unknown>).code) : ""))
          .join(", ")
      : null,
  ];
  return parts.filter(Boolean).join(" · ");
}

export function PrinterEvents({ printerId }: { printerId: string }) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.events.list.infiniteQueryOptions(
      { printerId, limit: 15 },
      { getNextPageParam: (last) => last.nextCursor },
    ),
  );
  const events = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card>
      <h2 className="mb-2 font-semibold">Events</h2>
      {query.isPending ? (
        <p className="text-sm text-muted">Loading…</p>
      ) : events.length === 0 ? (
        <p className="text-sm text-muted">Nothing happened on this printer yet.</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800" data-testid="printer-events">
          {events.map((e) => (
            <li key={e.id} className="flex flex-wrap gap-x-3 py-1">
              <span className="whitespace-nowrap text-muted">{dateTime(e.createdAt)}</span>
              <span className="whitespace-nowrap font-medium">{e.type.replaceAll("_", " ")}</span>
              <span className="min-w-0 truncate text-slate-600 dark:text-slate-300">
                {describe(e.payload)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {query.hasNextPage ? (
        <Button
          variant="ghost"
          className="mt-2"
          disabled={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
        >
          Older events
        </Button>
      ) : null}
    </Card>
  );
}
