"use client";
// Admin → Audit log: who did what, when and from where, newest first, with filters kept in
// the address bar (so a filtered view can be shared) and "Load more" paging.
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import type { RouterOutputs } from "@printernizer/api";
import type { DataTableColumn } from "@printernizer/ui/data-table";
import { FormMessage, SelectField, TextField } from "@printernizer/ui/form-field";
import { PagedTable } from "@printernizer/ui/paged-table";
import { errorMessage } from "~/app/_lib/trpc-error";
import { useTRPC } from "~/trpc/react";

type Entry = RouterOutputs["admin"]["audit"]["list"]["entries"][number];

const columns: DataTableColumn<Entry>[] = [
  {
    key: "when",
    header: "When",
    cell: (e) => new Date(e.createdAt).toLocaleString(),
    sortValue: (e) => e.createdAt,
  },
  {
    key: "who",
    header: "Who",
    cell: (e) => e.actorEmail ?? <span className="text-muted">anonymous</span>,
    sortValue: (e) => e.actorEmail,
  },
  {
    key: "action",
    header: "Action",
    cell: (e) => <code className="text-xs">{e.action}</code>,
    sortValue: (e) => e.action,
  },
  {
    key: "outcome",
    header: "Outcome",
    cell: (e) => (
      <span className={e.outcome === "success" ? "" : "font-medium text-red-700 dark:text-red-400"}>
        {e.outcome}
      </span>
    ),
    sortValue: (e) => e.outcome,
  },
  { key: "target", header: "Target", cell: (e) => e.targetLabel ?? e.targetId ?? "" },
  { key: "from", header: "From", cell: (e) => <span className="text-xs">{e.ip ?? "unknown"}</span> },
  { key: "details", header: "Details", cell: (e) => <DetailsCell details={e.details} /> },
];

function DetailsCell({ details }: { details: unknown }) {
  if (!details || typeof details !== "object" || Object.keys(details).length === 0) return null;
  return (
    <code className="block max-w-xs truncate text-xs" title={JSON.stringify(details)}>
      {JSON.stringify(details)}
    </code>
  );
}

export function AuditLog() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filter = {
    action: params.get("action") ?? undefined,
    actor: params.get("actor") ?? undefined,
    outcome: (params.get("outcome") as "success" | "failure" | "refused" | null) ?? undefined,
    from: params.get("from") ? new Date(`${params.get("from")}T00:00:00`) : undefined,
    to: params.get("to") ? new Date(`${params.get("to")}T23:59:59.999`) : undefined,
  };
  const actions = useQuery(trpc.admin.audit.actions.queryOptions());
  const log = useInfiniteQuery(
    trpc.admin.audit.list.infiniteQueryOptions(
      { ...filter, limit: 50 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    router.replace(`${pathname}?${next.toString()}`);
  };
  const entries = log.data?.pages.flatMap((page) => page.entries) ?? [];

  return (
    <section aria-labelledby="audit-heading" className="space-y-4">
      <h1 id="audit-heading" className="text-xl font-semibold">
        Audit log
      </h1>
      <div className="grid gap-2 sm:grid-cols-5" role="search" aria-label="Filter the audit log">
        <SelectField
          label="Action"
          value={filter.action ?? ""}
          onChange={(e) => setParam("action", e.target.value)}
          options={[
            { value: "", label: "All actions" },
            { value: "auth.", label: "Sign-ins (auth.*)" },
            { value: "printer.", label: "Printers (printer.*)" },
            { value: "user.", label: "Users (user.*)" },
            { value: "api.", label: "API key calls (api.*)" },
            { value: "access.", label: "Refused calls (access.*)" },
            ...(actions.data ?? []).map((a) => ({ value: a, label: a })),
          ]}
        />
        <TextField
          label="Who (email)"
          defaultValue={filter.actor ?? ""}
          onBlur={(e) => setParam("actor", e.target.value.trim())}
          onKeyDown={(e) => e.key === "Enter" && setParam("actor", e.currentTarget.value.trim())}
        />
        <SelectField
          label="Outcome"
          value={filter.outcome ?? ""}
          onChange={(e) => setParam("outcome", e.target.value)}
          options={[
            { value: "", label: "Any" },
            { value: "success", label: "Success" },
            { value: "failure", label: "Failure" },
            { value: "refused", label: "Refused (403)" },
          ]}
        />
        <TextField
          label="From"
          type="date"
          value={params.get("from") ?? ""}
          onChange={(e) => setParam("from", e.target.value)}
        />
        <TextField
          label="To"
          type="date"
          value={params.get("to") ?? ""}
          onChange={(e) => setParam("to", e.target.value)}
        />
      </div>
      {log.error ? <FormMessage>{errorMessage(log.error)}</FormMessage> : null}
      <PagedTable
        testId="audit-log"
        caption="Audit log entries"
        columns={columns}
        rows={entries}
        rowKey={(e) => e.id}
        rowProps={(e) => ({ "data-action": e.action })}
        pages={log}
        empty="Nothing recorded matches these filters."
      />
    </section>
  );
}
