"use client";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { RouterOutputs } from "@printernizer/api";
import { buttonClasses } from "@printernizer/ui/button";
import { DataTable, type DataTableColumn } from "@printernizer/ui/data-table";
import { FormMessage } from "@printernizer/ui/form-field";
import { PagedTable } from "@printernizer/ui/paged-table";
import { formatDuration } from "@printernizer/ui/format";
import { useTRPC } from "~/trpc/react";
import { PrintAgainButton } from "../_components/start-print/print-again-button";
import { dayEnd, dayStart, useUrlFilters } from "../_components/use-url-filters";
import { JobFilters, jobFilterKeys, type JobFilterValues } from "./job-filters";

type JobRow = RouterOutputs["jobs"]["list"]["items"][number];
type StatsRow = RouterOutputs["jobs"]["stats"][number];
const outcomes = ["completed", "failed", "cancelled", "unknown", "running"] as const;

function apiFilter(values: JobFilterValues) {
  return {
    printerId: values.printer || undefined,
    outcome: outcomes.find((o) => o === values.outcome),
    from: dayStart(values.from),
    to: dayEnd(values.to),
  };
}

const outcomeStyles: Record<string, string> = {
  completed: "text-emerald-700 dark:text-emerald-400",
  failed: "text-red-700 dark:text-red-400",
  cancelled: "text-amber-700 dark:text-amber-400",
  unknown: "text-muted",
  running: "text-sky-700 dark:text-sky-400",
};

const when = (date: Date | null) =>
  date ? <time dateTime={date.toISOString()}>{date.toLocaleString()}</time> : "–";

const jobColumns: DataTableColumn<JobRow>[] = [
  { key: "printer", header: "Printer", cell: (j) => j.printerName, sortValue: (j) => j.printerName },
  {
    key: "file",
    header: "Job",
    cell: (j) => <span className="break-all">{j.displayName ?? j.fileName}</span>,
    sortValue: (j) => j.displayName ?? j.fileName,
  },
  {
    key: "outcome",
    header: "Outcome",
    cell: (j) => (
      <span className={`font-medium ${outcomeStyles[j.outcome ?? "running"] ?? ""}`}>
        {j.outcome ?? "running"}
      </span>
    ),
    sortValue: (j) => j.outcome ?? "running",
  },
  { key: "started", header: "Started", cell: (j) => when(j.startedAt), sortValue: (j) => j.startedAt },
  { key: "ended", header: "Ended", cell: (j) => when(j.endedAt), sortValue: (j) => j.endedAt },
  {
    key: "duration",
    header: "Duration",
    align: "right",
    cell: (j) => (j.durationSeconds === null ? "–" : formatDuration(j.durationSeconds)),
    sortValue: (j) => j.durationSeconds,
  },
];

/** "Print again" for jobs Printernizer started from the library (operators and admins). */
const printAgainColumn: DataTableColumn<JobRow> = {
  key: "again",
  header: "Reprint",
  cell: (j) =>
    j.printStart ? (
      <PrintAgainButton start={j.printStart} printerId={j.printerId} jobName={j.displayName ?? j.fileName} />
    ) : null,
};

/** A right-aligned, sortable count of the stats row (jobs per outcome). */
const countColumn = (
  key: "total" | "completed" | "failed" | "cancelled" | "unknown",
  header: string,
): DataTableColumn<StatsRow> => ({
  key,
  header,
  align: "right",
  cell: (s) => s[key],
  sortValue: (s) => s[key],
});

const statsColumns: DataTableColumn<StatsRow>[] = [
  { key: "printer", header: "Printer", cell: (s) => s.printerName, sortValue: (s) => s.printerName },
  countColumn("total", "Jobs"),
  countColumn("completed", "Completed"),
  countColumn("failed", "Failed"),
  countColumn("cancelled", "Cancelled"),
  countColumn("unknown", "Unknown"),
  {
    key: "rate",
    header: "Success rate",
    align: "right",
    cell: (s) => (s.successRate === null ? "–" : `${Math.round(s.successRate * 100)} %`),
    sortValue: (s) => s.successRate,
  },
  {
    key: "time",
    header: "Print time",
    align: "right",
    cell: (s) => (s.totalDurationSeconds ? formatDuration(s.totalDurationSeconds) : "–"),
    sortValue: (s) => s.totalDurationSeconds,
  },
];

export function JobHistory({ canControl }: { canControl: boolean }) {
  const trpc = useTRPC();
  const { values, setFilter, clear, active } = useUrlFilters(jobFilterKeys);
  const filter = apiFilter(values);
  const jobs = useInfiniteQuery(
    trpc.jobs.list.infiniteQueryOptions(
      { ...filter, limit: 50 },
      { getNextPageParam: (last) => last.nextCursor },
    ),
  );
  const stats = useQuery(trpc.jobs.stats.queryOptions(filter));
  const exportQuery = new URLSearchParams(
    Object.entries(filter).filter((entry): entry is [string, string] => !!entry[1]),
  );
  const rows = jobs.data?.pages.flatMap((page) => page.items) ?? [];
  const error = jobs.error ?? stats.error;

  return (
    <div className="space-y-6">
      <JobFilters values={values} onChange={setFilter} onClear={clear} active={active} />
      {error ? <FormMessage>{error.message}</FormMessage> : null}
      <section aria-labelledby="job-stats-heading" className="space-y-2">
        <h2 id="job-stats-heading" className="text-lg font-semibold">
          Success rate per printer
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="success-rate-rule">
          Success rate = completed ÷ (completed + failed + cancelled). Jobs whose end no printer reported
          (unknown) and jobs still running are not counted.
        </p>
        <DataTable
          testId="job-stats"
          caption="Jobs and success rate per printer"
          columns={statsColumns}
          rows={stats.data ?? []}
          rowKey={(s) => s.printerId}
          rowProps={(s) => ({ "data-printer": s.printerName })}
          empty={stats.isPending ? "Loading…" : "No jobs match these filters."}
        />
      </section>
      <section aria-labelledby="job-list-heading" className="space-y-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="job-list-heading" className="text-lg font-semibold">
            History
          </h2>
          <a
            href={`/api/jobs/export${exportQuery.size ? `?${exportQuery.toString()}` : ""}`}
            download
            className={buttonClasses("secondary")}
          >
            Export CSV
          </a>
        </div>
        <PagedTable
          testId="job-list"
          caption="Job history"
          columns={canControl ? [...jobColumns, printAgainColumn] : jobColumns}
          rows={rows}
          rowKey={(j) => j.id}
          rowProps={(j) => ({ "data-job-id": j.id })}
          pages={jobs}
          empty={
            active
              ? "No jobs match these filters."
              : "No jobs yet. Prints appear here as soon as a printer starts one."
          }
        />
      </section>
    </div>
  );
}
