"use client";
// The keys as a table (prefix, role, created, last use, status) with a Revoke button and its
// confirmation; used by the user's own page and by the admin's list of everyone's keys.
import { useState } from "react";
import { Button } from "@printernizer/ui/button";
import { ConfirmDialog } from "@printernizer/ui/confirm-dialog";
import { DataTable, type DataTableColumn } from "@printernizer/ui/data-table";

export interface ApiKeyRow {
  id: string;
  name: string;
  keyPrefix: string;
  role: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: Date | null;
  user?: { email: string; name: string };
}

const when = (date: Date | null, none: string) => (date ? new Date(date).toLocaleString() : none);

function status(key: ApiKeyRow): string {
  if (key.revokedAt) return `revoked ${when(key.revokedAt, "")}`;
  if (key.expiresAt && new Date(key.expiresAt).getTime() <= Date.now()) return "expired";
  return key.expiresAt ? `active until ${new Date(key.expiresAt).toLocaleDateString()}` : "active";
}

export function ApiKeyTable({
  keys,
  loading,
  showOwner,
  revoking,
  onRevoke,
}: {
  keys: ApiKeyRow[];
  loading: boolean;
  showOwner?: boolean;
  revoking: boolean;
  onRevoke: (key: ApiKeyRow, done: () => void) => void;
}) {
  const [confirming, setConfirming] = useState<ApiKeyRow | null>(null);
  const columns: DataTableColumn<ApiKeyRow>[] = [
    {
      key: "name",
      header: "Name",
      cell: (k) => <span className="font-medium">{k.name}</span>,
      sortValue: (k) => k.name,
    },
    ...(showOwner
      ? [
          {
            key: "owner",
            header: "User",
            cell: (k: ApiKeyRow) => k.user?.email ?? "",
            sortValue: (k: ApiKeyRow) => k.user?.email ?? "",
          },
        ]
      : []),
    {
      key: "prefix",
      header: "Key starts with",
      cell: (k) => <code className="text-xs">{k.keyPrefix}…</code>,
    },
    { key: "role", header: "Role", cell: (k) => k.role, sortValue: (k) => k.role },
    { key: "created", header: "Created", cell: (k) => when(k.createdAt, ""), sortValue: (k) => k.createdAt },
    {
      key: "used",
      header: "Last used",
      cell: (k) => when(k.lastUsedAt, "never"),
      sortValue: (k) => k.lastUsedAt,
    },
    { key: "status", header: "Status", cell: status },
    {
      key: "actions",
      header: "Actions",
      cell: (k) =>
        k.revokedAt ? null : (
          <Button variant="ghost" aria-label={`Revoke ${k.name}`} onClick={() => setConfirming(k)}>
            Revoke
          </Button>
        ),
    },
  ];
  return (
    <>
      <DataTable
        testId="api-key-list"
        caption={showOwner ? "Every user's API keys" : "Your API keys"}
        columns={columns}
        rows={keys}
        rowKey={(k) => k.id}
        rowProps={(k) => ({ "data-api-key": k.name, "data-revoked": String(!!k.revokedAt) })}
        empty={loading ? "Loading…" : "No API keys yet."}
      />
      <ConfirmDialog
        open={!!confirming}
        title={`Revoke ${confirming?.name ?? "this key"}?`}
        confirmLabel="Revoke key"
        variant="danger"
        busy={revoking}
        onCancel={() => setConfirming(null)}
        onConfirm={() => confirming && onRevoke(confirming, () => setConfirming(null))}
      >
        Scripts using this key are refused from now on (401). This cannot be undone; create a new key for
        them.
      </ConfirmDialog>
    </>
  );
}
