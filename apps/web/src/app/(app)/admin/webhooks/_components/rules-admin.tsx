"use client";
// Admin → Notifications → Rules: which events about which printers go to which channels, and when
// to keep quiet.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@printernizer/ui/button";
import { DataTable, type DataTableColumn } from "@printernizer/ui/data-table";
import { Dialog } from "@printernizer/ui/dialog";
import { FormMessage } from "@printernizer/ui/form-field";
import { useToast } from "@printernizer/ui/toast";
import { errorMessage } from "~/app/_lib/trpc-error";
import { useTRPC } from "~/trpc/react";
import { eventLabels } from "./event-labels";
import { RuleForm, type AdminRule } from "./rule-form";

type Editing = { mode: "create" } | { mode: "edit"; rule: AdminRule } | null;

function scopeText(rule: AdminRule): string {
  if (rule.scope === "location") return `in ${rule.scopeValue}`;
  if (rule.scope === "tag") return `tagged ${rule.scopeValue}`;
  return "all printers";
}

export function RulesAdmin() {
  const trpc = useTRPC();
  const toast = useToast();
  const queryClient = useQueryClient();
  const rules = useQuery(trpc.notificationRule.list.queryOptions());
  const channels = useQuery(trpc.webhook.list.queryOptions());
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<AdminRule | null>(null);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.notificationRule.pathFilter()),
      queryClient.invalidateQueries(trpc.webhook.list.queryFilter()),
    ]);
  const remove = useMutation(trpc.notificationRule.delete.mutationOptions({ onSettled: refresh }));

  const columns: DataTableColumn<AdminRule>[] = [
    {
      key: "name",
      header: "Rule",
      cell: (r) => <span className="font-medium">{r.name}</span>,
      sortValue: (r) => r.name,
    },
    { key: "events", header: "Events", cell: (r) => r.events.map((e) => eventLabels[e] ?? e).join(", ") },
    { key: "scope", header: "Printers", cell: scopeText, sortValue: scopeText },
    {
      key: "channels",
      header: "Sends to",
      cell: (r) => r.channels.map((c) => c.name).join(", ") || "no channel",
    },
    {
      key: "quiet",
      header: "Quiet hours",
      cell: (r) =>
        r.quietHours ? `${r.quietHours.from}–${r.quietHours.to} ${r.quietHours.timeZone}` : "none",
    },
    { key: "enabled", header: "Status", cell: (r) => (r.enabled ? "enabled" : "disabled") },
    {
      key: "actions",
      header: "Actions",
      cell: (r) => (
        <div className="flex flex-wrap gap-1">
          <Button
            variant="ghost"
            aria-label={`Edit rule ${r.name}`}
            onClick={() => setEditing({ mode: "edit", rule: r })}
          >
            Edit
          </Button>
          <Button variant="ghost" aria-label={`Delete rule ${r.name}`} onClick={() => setDeleting(r)}>
            Delete
          </Button>
        </div>
      ),
    },
  ];

  const channelChoices = (channels.data ?? []).map((c) => ({ id: c.id, name: c.name }));
  return (
    <section aria-labelledby="rules-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="rules-heading" className="text-lg font-semibold">
          Rules
        </h2>
        <Button onClick={() => setEditing({ mode: "create" })}>Add rule</Button>
      </div>
      <p className="text-sm text-muted">
        A rule sends the events it names, about the printers it covers, to its channels. A channel gets an
        event once even when several rules match.
      </p>
      {rules.error ? <FormMessage>{errorMessage(rules.error)}</FormMessage> : null}
      <DataTable
        testId="rule-list"
        caption="Notification rules"
        columns={columns}
        rows={rules.data ?? []}
        rowKey={(r) => r.id}
        rowProps={(r) => ({ "data-rule": r.name })}
        empty={rules.isPending ? "Loading…" : "No rules yet: nothing is sent. Add a rule."}
      />
      <Dialog
        open={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.mode === "edit" ? `Edit rule ${editing.rule.name}` : "Add a rule"}
      >
        {editing ? (
          <RuleForm
            key={editing.mode === "edit" ? editing.rule.id : "new"}
            rule={editing.mode === "edit" ? editing.rule : undefined}
            channels={channelChoices}
            onCancel={() => setEditing(null)}
            onSaved={(name) => {
              toast(`Rule ${name} ${editing.mode === "edit" ? "saved" : "added"}.`, "success");
              setEditing(null);
              void refresh();
            }}
          />
        ) : null}
      </Dialog>
      <Dialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title={`Delete rule ${deleting?.name ?? ""}?`}
      >
        <p className="text-sm">Its events stop being sent to its channels (other rules still apply).</p>
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
                    toast(`Rule ${deleting.name} deleted.`, "success");
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
