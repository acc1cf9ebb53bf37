"use client";
// Admin → Notifications → Channels: where messages go (webhooks, chat, ntfy, email), each with a
// test message whose outcome is shown, edit, enable/disable and delete.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@printernizer/ui/button";
import { DataTable, type DataTableColumn } from "@printernizer/ui/data-table";
import { Dialog } from "@printernizer/ui/dialog";
import { FormMessage } from "@printernizer/ui/form-field";
import { useToast } from "@printernizer/ui/toast";
import { errorMessage } from "~/app/_lib/trpc-error";
import { useTRPC } from "~/trpc/react";
import { ChannelForm, formatLabels, type AdminChannel } from "./channel-form";
import { SigningSecret } from "./signing-secret";
import { TestResult, type PendingTest } from "./test-result";

type Editing = { mode: "create" } | { mode: "edit"; channel: AdminChannel } | null;

export function ChannelsAdmin() {
  const trpc = useTRPC();
  const toast = useToast();
  const queryClient = useQueryClient();
  const channels = useQuery({
    ...trpc.webhook.list.queryOptions(),
    refetchInterval: (query) =>
      query.state.data?.some((w) => w.lastDelivery?.status === "sending") ? 1_000 : false,
  });
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<AdminChannel | null>(null);
  const [secret, setSecret] = useState<{ name: string; value: string } | null>(null);
  const [test, setTest] = useState<PendingTest | null>(null);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.webhook.pathFilter()),
      queryClient.invalidateQueries(trpc.notificationRule.pathFilter()),
    ]);
  const setEnabled = useMutation(trpc.webhook.setEnabled.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(trpc.webhook.delete.mutationOptions({ onSettled: refresh }));
  const sendTest = useMutation(trpc.webhook.sendTest.mutationOptions({ onSettled: refresh }));

  const columns: DataTableColumn<AdminChannel>[] = [
    {
      key: "name",
      header: "Name",
      cell: (w) => <span className="font-medium">{w.name}</span>,
      sortValue: (w) => w.name,
    },
    { key: "format", header: "Kind", cell: (w) => formatLabels[w.format], sortValue: (w) => w.format },
    {
      key: "address",
      header: "Sends to",
      cell: (w) => <code className="text-xs break-all">{w.urlHint}</code>,
    },
    {
      key: "rules",
      header: "Rules",
      align: "right",
      cell: (w) => (w.ruleCount ? w.ruleCount : <span className="text-muted">none</span>),
      sortValue: (w) => w.ruleCount,
    },
    {
      key: "enabled",
      header: "Status",
      cell: (w) => `${w.enabled ? "enabled" : "disabled"}${w.signs ? ", signed" : ""}`,
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
            aria-label={`Send a test message to ${w.name}`}
            disabled={sendTest.isPending}
            onClick={() =>
              sendTest.mutate(
                { id: w.id },
                {
                  onSuccess: (d) => setTest({ channelId: w.id, channelName: w.name, deliveryId: d.id }),
                  onError: (e) => toast(errorMessage(e), "error"),
                },
              )
            }
          >
            Send a test message
          </Button>
          <Button
            variant="ghost"
            aria-label={`Edit ${w.name}`}
            onClick={() => setEditing({ mode: "edit", channel: w })}
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
    <section aria-labelledby="channels-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="channels-heading" className="text-lg font-semibold">
          Channels
        </h2>
        <Button onClick={() => setEditing({ mode: "create" })}>Add channel</Button>
      </div>
      <p className="text-sm text-muted">
        Where messages go: a webhook (generic JSON, signed), Discord, ntfy, a Slack-compatible chat or email.
        Rules below decide which events reach each channel. The worker sends them and retries up to five
        times.
      </p>
      {channels.error ? <FormMessage>{errorMessage(channels.error)}</FormMessage> : null}
      {test ? <TestResult key={test.deliveryId} test={test} /> : null}
      {secret ? (
        <SigningSecret name={secret.name} value={secret.value} onDone={() => setSecret(null)} />
      ) : null}
      <DataTable
        testId="webhook-list"
        caption="Channels"
        columns={columns}
        rows={channels.data ?? []}
        rowKey={(w) => w.id}
        rowProps={(w) => ({ "data-webhook": w.name, "data-enabled": String(w.enabled) })}
        empty={channels.isPending ? "Loading…" : "No channels yet. Add one, then a rule that sends to it."}
      />
      <Dialog
        open={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.mode === "edit" ? `Edit ${editing.channel.name}` : "Add a channel"}
      >
        {editing ? (
          <ChannelForm
            key={editing.mode === "edit" ? editing.channel.id : "new"}
            channel={editing.mode === "edit" ? editing.channel : undefined}
            onCancel={() => setEditing(null)}
            onSaved={(name, signingSecret) => {
              toast(`${name} ${editing.mode === "edit" ? "saved" : "added"}.`, "success");
              setEditing(null);
              if (signingSecret) setSecret({ name, value: signingSecret });
              void refresh();
            }}
          />
        ) : null}
      </Dialog>
      <Dialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title={`Delete ${deleting?.name ?? "channel"}?`}
      >
        <p className="text-sm">
          The channel and its delivery log are removed, and rules stop sending to it. Messages stop at once.
        </p>
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
    </section>
  );
}
