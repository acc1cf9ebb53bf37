"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@printernizer/ui/button";
import { DataTable, type DataTableColumn } from "@printernizer/ui/data-table";
import { Dialog } from "@printernizer/ui/dialog";
import { FormMessage } from "@printernizer/ui/form-field";
import { useToast } from "@printernizer/ui/toast";
import { errorMessage } from "~/app/_lib/trpc-error";
import { useTRPC } from "~/trpc/react";
import { DeliveryLog } from "./delivery-log";
import { formatLabels, WebhookForm, webhookEventLabels, type AdminWebhook } from "./webhook-form";

type Editing = { mode: "create" } | { mode: "edit"; webhook: AdminWebhook } | null;

export function WebhooksAdmin() {
  const trpc = useTRPC();
  const toast = useToast();
  const queryClient = useQueryClient();
  // While a delivery is on its way, follow it to its outcome (the log below does the same).
  const webhooks = useQuery({
    ...trpc.webhook.list.queryOptions(),
    refetchInterval: (query) =>
      query.state.data?.some(
        (w) => w.lastDelivery?.status === "pending" || w.lastDelivery?.status === "sending",
      )
        ? 1_000
        : false,
  });
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<AdminWebhook | null>(null);
  const refresh = () => queryClient.invalidateQueries(trpc.webhook.pathFilter());
  const setEnabled = useMutation(trpc.webhook.setEnabled.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(trpc.webhook.delete.mutationOptions({ onSettled: refresh }));
  const sendTest = useMutation(trpc.webhook.sendTest.mutationOptions({ onSettled: refresh }));

  const columns: DataTableColumn<AdminWebhook>[] = [
    {
      key: "name",
      header: "Name",
      cell: (w) => <span className="font-medium">{w.name}</span>,
      sortValue: (w) => w.name,
    },
    { key: "address", header: "Address", cell: (w) => <code className="text-xs">{w.urlHint}</code> },
    { key: "format", header: "Format", cell: (w) => formatLabels[w.format], sortValue: (w) => w.format },
    {
      key: "events",
      header: "Sends on",
      cell: (w) =>
        w.events.map((e) => webhookEventLabels[e as keyof typeof webhookEventLabels] ?? e).join(", "),
    },
    {
      key: "enabled",
      header: "Status",
      cell: (w) => (w.enabled ? "enabled" : "disabled"),
      sortValue: (w) => (w.enabled ? 1 : 0),
    },
    {
      key: "last",
      header: "Last delivery",
      cell: (w) =>
        w.lastDelivery
          ? `${w.lastDelivery.status}, ${w.lastDelivery.createdAt.toLocaleString()}`
          : "none yet",
      sortValue: (w) => w.lastDelivery?.createdAt,
    },
    {
      key: "actions",
      header: "Actions",
      cell: (w) => (
        <div className="flex flex-wrap gap-1">
          <Button
            variant="secondary"
            aria-label={`Send a test to ${w.name}`}
            disabled={sendTest.isPending}
            onClick={() =>
              sendTest.mutate(
                { id: w.id },
                {
                  onSuccess: () =>
                    toast(`Test queued for ${w.name}; the delivery log shows the outcome.`, "success"),
                  onError: (e) => toast(errorMessage(e), "error"),
                },
              )
            }
          >
            Send test
          </Button>
          <Button
            variant="ghost"
            aria-label={`Edit ${w.name}`}
            onClick={() => setEditing({ mode: "edit", webhook: w })}
          >
            Edit
          </Button>
          <Button
            variant="ghost"
            aria-label={`${w.enabled ? "Disable" : "Enable"} ${w.name}`}
            onClick={() =>
              setEnabled.mutate(
                { id: w.id, enabled: !w.enabled },
                {
                  onSuccess: () => toast(`${w.name} ${w.enabled ? "disabled" : "enabled"}.`, "success"),
                  onError: (e) => toast(errorMessage(e), "error"),
                },
              )
            }
          >
            {w.enabled ? "Disable" : "Enable"}
          </Button>
          <Button variant="ghost" aria-label={`Delete ${w.name}`} onClick={() => setDeleting(w)}>
            Delete
          </Button>
        </div>
      ),
    },
  ];

  return (
    <div className="space-y-8">
      <section aria-labelledby="webhooks-heading" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h1 id="webhooks-heading" className="text-xl font-semibold">
            Notifications
          </h1>
          <Button onClick={() => setEditing({ mode: "create" })}>Add webhook</Button>
        </div>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Webhooks tell a chat or phone when prints finish, fail or are cancelled, when a printer reports an
          error and when it refuses the login. The worker sends them and retries up to five times.
        </p>
        {webhooks.error ? <FormMessage>{errorMessage(webhooks.error)}</FormMessage> : null}
        <DataTable
          testId="webhook-list"
          caption="Webhooks"
          columns={columns}
          rows={webhooks.data ?? []}
          rowKey={(w) => w.id}
          rowProps={(w) => ({ "data-webhook": w.name, "data-enabled": String(w.enabled) })}
          empty={
            webhooks.isPending
              ? "Loading…"
              : "No webhooks yet. Add one to be notified of finished and failed prints."
          }
        />
      </section>
      <section aria-labelledby="deliveries-heading" className="space-y-3">
        <h2 id="deliveries-heading" className="text-lg font-semibold">
          Delivery log
        </h2>
        <DeliveryLog />
      </section>
      <Dialog
        open={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.mode === "edit" ? `Edit ${editing.webhook.name}` : "Add a webhook"}
      >
        {editing ? (
          <WebhookForm
            key={editing.mode === "edit" ? editing.webhook.id : "new"}
            webhook={editing.mode === "edit" ? editing.webhook : undefined}
            onCancel={() => setEditing(null)}
            onSaved={(name) => {
              toast(`${name} ${editing.mode === "edit" ? "saved" : "added"}.`, "success");
              setEditing(null);
              void refresh();
            }}
          />
        ) : null}
      </Dialog>
      <Dialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title={`Delete ${deleting?.name ?? "webhook"}?`}
      >
        <p className="text-sm">The webhook and its delivery log are removed. Notifications stop at once.</p>
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setDeleting(null)}>
            Keep it
          </Button>
          <Button
            variant="danger"
            disabled={remove.isPending}
            onClick={() =>
              deleting &&
              remove.mutate(
                { id: deleting.id },
                {
                  onSuccess: () => {
                    toast(`${deleting.name} deleted.`, "success");
                    setDeleting(null);
                  },
                  onError: (e) => toast(errorMessage(e), "error"),
                },
              )
            }
          >
            Delete
          </Button>
        </div>
      </Dialog>
    </div>
  );
}
