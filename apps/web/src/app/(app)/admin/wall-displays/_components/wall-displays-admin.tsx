"use client";
// Admin → Wall displays: the links that open the read-only wall view without signing in, who
// created them, when each was last used, and revoking one (its walls stop within seconds).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { RouterOutputs } from "@printernizer/api";
import { Button } from "@printernizer/ui/button";
import { ConfirmDialog } from "@printernizer/ui/confirm-dialog";
import { DataTable, type DataTableColumn } from "@printernizer/ui/data-table";
import { FormMessage } from "@printernizer/ui/form-field";
import { useToast } from "@printernizer/ui/toast";
import { errorMessage } from "~/app/_lib/trpc-error";
import { useTRPC } from "~/trpc/react";
import { NewLinkDialog } from "./new-link-dialog";

type WallLink = RouterOutputs["kiosk"]["list"][number];

const when = (date: Date | null, none: string) => (date ? new Date(date).toLocaleString() : none);

export function WallDisplaysAdmin() {
  const trpc = useTRPC();
  const toast = useToast();
  const queryClient = useQueryClient();
  const links = useQuery(trpc.kiosk.list.queryOptions());
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<WallLink | null>(null);
  const refresh = () => queryClient.invalidateQueries(trpc.kiosk.pathFilter());
  const revoke = useMutation(trpc.kiosk.revoke.mutationOptions({ onSettled: refresh }));

  const columns: DataTableColumn<WallLink>[] = [
    {
      key: "name",
      header: "Name",
      cell: (l) => <span className="font-medium">{l.name}</span>,
      sortValue: (l) => l.name,
    },
    {
      key: "prefix",
      header: "Link starts with",
      cell: (l) => <code className="text-xs">/wall/{l.tokenPrefix}…</code>,
    },
    {
      key: "created",
      header: "Created",
      cell: (l) => `${when(l.createdAt, "")}${l.createdBy ? ` by ${l.createdBy}` : ""}`,
      sortValue: (l) => l.createdAt,
    },
    {
      key: "used",
      header: "Last used",
      cell: (l) => when(l.lastUsedAt, "never"),
      sortValue: (l) => l.lastUsedAt,
    },
    {
      key: "status",
      header: "Status",
      cell: (l) => (l.revokedAt ? `revoked ${when(l.revokedAt, "")}` : "active"),
      sortValue: (l) => (l.revokedAt ? 1 : 0),
    },
    {
      key: "actions",
      header: "Actions",
      cell: (l) =>
        l.revokedAt ? null : (
          <Button variant="ghost" aria-label={`Revoke ${l.name}`} onClick={() => setRevoking(l)}>
            Revoke
          </Button>
        ),
    },
  ];

  return (
    <section aria-labelledby="wall-displays-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 id="wall-displays-heading" className="text-xl font-semibold">
          Wall displays
        </h1>
        <Button onClick={() => setCreating(true)}>New wall-display link</Button>
      </div>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        A wall-display link shows the farm on a screen without signing in: large cards grouped by location,
        live, with no controls. Anyone who has the link can see the farm until you revoke it.
      </p>
      {links.error ? <FormMessage>{errorMessage(links.error)}</FormMessage> : null}
      <DataTable
        testId="wall-link-list"
        caption="Wall-display links"
        columns={columns}
        rows={links.data ?? []}
        rowKey={(l) => l.id}
        rowProps={(l) => ({ "data-wall-link": l.name, "data-revoked": String(!!l.revokedAt) })}
        empty={links.isPending ? "Loading…" : "No wall-display links yet."}
      />
      <NewLinkDialog
        open={creating}
        onClose={() => {
          setCreating(false);
          void refresh();
        }}
      />
      <ConfirmDialog
        open={!!revoking}
        title={`Revoke ${revoking?.name ?? "this link"}?`}
        confirmLabel="Revoke link"
        variant="danger"
        busy={revoke.isPending}
        onCancel={() => setRevoking(null)}
        onConfirm={() =>
          revoking &&
          revoke.mutate(
            { id: revoking.id },
            {
              onSuccess: (r) => toast(`${r.name} revoked: its screens stop within seconds.`, "success"),
              onError: (e) => toast(errorMessage(e), "error"),
              onSettled: () => setRevoking(null),
            },
          )
        }
      >
        Screens showing this link stop updating within seconds and say the link is no longer valid. This
        cannot be undone; create a new link for them.
      </ConfirmDialog>
    </section>
  );
}
