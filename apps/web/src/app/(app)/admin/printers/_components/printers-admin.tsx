"use client";
// Admin → Printers: every printer with its state, and add / edit / test / enable / remove.
// `?edit=<printer id>` opens that printer's form (the "Edit credentials" link of a printer that
// refused its login).
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { printerKindMetadata } from "@printernizer/printers/kinds";
import { Button } from "@printernizer/ui/button";
import { ConfirmDialog } from "@printernizer/ui/confirm-dialog";
import { DataTable, type DataTableColumn } from "@printernizer/ui/data-table";
import { Dialog } from "@printernizer/ui/dialog";
import { useToast } from "@printernizer/ui/toast";
import { printerNeedsSentence } from "~/app/_lib/printer-kinds";
import { errorMessage } from "~/app/_lib/trpc-error";
import { useTRPC } from "~/trpc/react";
import { PrinterForm, type AdminPrinter } from "./printer-form";

type Editing = { mode: "add" } | { mode: "edit"; printer: AdminPrinter } | null;

export function PrintersAdmin() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const { data: printers } = useSuspenseQuery(trpc.admin.printers.list.queryOptions());
  const router = useRouter();
  const pathname = usePathname();
  const editId = useSearchParams().get("edit");
  const [editing, setEditingState] = useState<Editing>(() => {
    const linked = editId ? printers.find((p) => p.id === editId) : undefined;
    return linked ? { mode: "edit", printer: linked } : null;
  });
  const setEditing = (next: Editing) => {
    setEditingState(next);
    // a reload should not open the linked form again
    if (!next && editId) router.replace(pathname);
  };
  const [removing, setRemoving] = useState<AdminPrinter | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.printers.list.queryKey() });
  const setEnabled = useMutation(trpc.admin.printers.setEnabled.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(trpc.admin.printers.remove.mutationOptions({ onSettled: refresh }));

  const columns: DataTableColumn<AdminPrinter>[] = [
    {
      key: "name",
      header: "Name",
      cell: (p) => <span className="font-medium">{p.name}</span>,
      sortValue: (p) => p.name,
    },
    {
      key: "kind",
      header: "Kind",
      cell: (p) => `${printerKindMetadata(p.kind)?.displayName ?? p.kind}${p.model ? ` · ${p.model}` : ""}`,
      sortValue: (p) => p.kind,
    },
    {
      key: "host",
      header: "Address",
      cell: (p) => (
        <code className="text-xs">
          {p.host}
          {p.port ? `:${p.port}` : ""}
        </code>
      ),
      sortValue: (p) => p.host,
    },
    {
      key: "state",
      header: "State",
      cell: (p) => (p.enabled ? (p.state ?? "waiting for the worker") : "disabled"),
      sortValue: (p) => (p.enabled ? (p.state ?? "") : "~"),
    },
    {
      key: "secrets",
      header: "Credentials",
      cell: (p) =>
        p.secretsSet.length ? (
          p.secretsSet
            .map((s) => `${printerKindMetadata(p.kind)?.fields.find((f) => f.name === s)?.label ?? s}: ••••`)
            .join(", ")
        ) : (
          <span className="text-red-700 dark:text-red-400">none stored</span>
        ),
    },
    {
      key: "actions",
      header: "Actions",
      align: "right",
      cell: (p) => (
        <div className="flex justify-end gap-1">
          <Button
            variant="secondary"
            onClick={() => setEditing({ mode: "edit", printer: p })}
            aria-label={`Edit ${p.name}`}
          >
            Edit
          </Button>
          <Button
            variant="secondary"
            disabled={setEnabled.isPending}
            onClick={() =>
              setEnabled.mutate(
                { id: p.id, enabled: !p.enabled },
                {
                  onSuccess: () =>
                    toast(
                      `${p.name} ${p.enabled ? "disabled: the worker disconnects from it" : "enabled: the worker connects to it"}.`,
                      "success",
                    ),
                  onError: (e) => toast(errorMessage(e), "error"),
                },
              )
            }
            aria-label={`${p.enabled ? "Disable" : "Enable"} ${p.name}`}
          >
            {p.enabled ? "Disable" : "Enable"}
          </Button>
          <Button variant="danger" onClick={() => setRemoving(p)} aria-label={`Remove ${p.name}`}>
            Remove
          </Button>
        </div>
      ),
    },
  ];

  return (
    <section aria-labelledby="admin-printers-heading" className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 id="admin-printers-heading" className="text-xl font-semibold">
          Printers
        </h1>
        <Button onClick={() => setEditing({ mode: "add" })}>Add printer</Button>
      </div>
      <DataTable
        testId="admin-printers"
        caption="Printers"
        columns={columns}
        rows={printers}
        rowKey={(p) => p.id}
        rowProps={(p) => ({ "data-printer": p.name })}
        initialSort={{ key: "name", direction: "ascending" }}
        empty={`No printers yet. Add your first one: ${printerNeedsSentence()}`}
      />
      <Dialog
        open={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.mode === "edit" ? `Edit ${editing.printer.name}` : "Add a printer"}
      >
        {editing ? (
          <PrinterForm
            key={editing.mode === "edit" ? editing.printer.id : "new"}
            printer={editing.mode === "edit" ? editing.printer : undefined}
            onCancel={() => setEditing(null)}
            onSaved={(name) => {
              setEditing(null);
              void refresh();
              toast(
                editing.mode === "edit"
                  ? `${name} saved.`
                  : `${name} added: the worker connects to it within seconds.`,
                "success",
              );
            }}
          />
        ) : null}
      </Dialog>
      <ConfirmDialog
        open={removing !== null}
        title={`Remove ${removing?.name ?? "printer"}?`}
        confirmLabel="Remove printer"
        variant="danger"
        busy={remove.isPending}
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          if (!removing) return;
          remove.mutate(
            { id: removing.id },
            {
              onSuccess: () => toast(`${removing.name} removed.`, "success"),
              onError: (e) => toast(errorMessage(e), "error"),
              onSettled: () => setRemoving(null),
            },
          );
        }}
      >
        The worker disconnects from it, and its live status, jobs, temperature history and stored files go
        with it. Its events and the audit log stay. This cannot be undone.
      </ConfirmDialog>
    </section>
  );
}
