"use client";
// Admin → Users: who can sign in, with which role; add, change role, disable, reset, remove.
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { RouterOutputs } from "@printernizer/api";
import { Button } from "@printernizer/ui/button";
import { ConfirmDialog } from "@printernizer/ui/confirm-dialog";
import { DataTable, type DataTableColumn } from "@printernizer/ui/data-table";
import { Dialog } from "@printernizer/ui/dialog";
import { useToast } from "@printernizer/ui/toast";
import { LocalTime } from "~/app/_lib/local-time";
import { errorMessage } from "~/app/_lib/trpc-error";
import { useTRPC } from "~/trpc/react";
import { NewUserForm, ResetPasswordForm } from "./user-dialogs";

type User = RouterOutputs["admin"]["users"]["list"][number];
type Role = "viewer" | "operator" | "admin";

export function UsersAdmin({ currentUserId }: { currentUserId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const { data: users } = useSuspenseQuery(trpc.admin.users.list.queryOptions());
  const [adding, setAdding] = useState(false);
  const [resetting, setResetting] = useState<User | null>(null);
  const [removing, setRemoving] = useState<User | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.users.list.queryKey() });
  const onError = (e: unknown) => toast(errorMessage(e), "error");
  const setRole = useMutation(trpc.admin.users.setRole.mutationOptions({ onSettled: refresh, onError }));
  const setDisabled = useMutation(
    trpc.admin.users.setDisabled.mutationOptions({ onSettled: refresh, onError }),
  );
  const remove = useMutation(trpc.admin.users.remove.mutationOptions({ onSettled: refresh, onError }));

  const columns: DataTableColumn<User>[] = [
    {
      key: "name",
      header: "Name",
      cell: (u) => (
        <span className="font-medium">
          {u.name}
          {u.id === currentUserId ? " (you)" : ""}
        </span>
      ),
      sortValue: (u) => u.name,
    },
    { key: "email", header: "Email", cell: (u) => u.email, sortValue: (u) => u.email },
    {
      key: "role",
      header: "Role",
      sortValue: (u) => u.role,
      cell: (u) => (
        <select
          aria-label={`Role of ${u.email}`}
          value={u.role}
          disabled={setRole.isPending}
          onChange={(e) =>
            setRole.mutate(
              { userId: u.id, role: e.target.value as Role },
              { onSuccess: () => toast(`${u.email} is now ${e.target.value}.`, "success") },
            )
          }
          className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950"
        >
          <option value="viewer">viewer</option>
          <option value="operator">operator</option>
          <option value="admin">admin</option>
        </select>
      ),
    },
    {
      key: "status",
      header: "Status",
      cell: (u) => (u.disabled ? <span className="text-red-700 dark:text-red-400">disabled</span> : "active"),
      sortValue: (u) => (u.disabled ? 1 : 0),
    },
    {
      key: "lastLogin",
      header: "Last sign-in",
      cell: (u) => (u.lastLoginAt ? <LocalTime date={u.lastLoginAt} /> : "never"),
      sortValue: (u) => u.lastLoginAt,
    },
    {
      key: "actions",
      header: "Actions",
      align: "right",
      cell: (u) => (
        <div className="flex justify-end gap-1">
          <Button
            variant="secondary"
            onClick={() => setResetting(u)}
            aria-label={`Reset the password of ${u.email}`}
          >
            Reset password
          </Button>
          {u.id === currentUserId ? null : (
            <>
              <Button
                variant="secondary"
                onClick={() =>
                  setDisabled.mutate(
                    { userId: u.id, disabled: !u.disabled },
                    {
                      onSuccess: () =>
                        toast(
                          u.disabled
                            ? `${u.email} can sign in again.`
                            : `${u.email} is disabled and signed out.`,
                          "success",
                        ),
                    },
                  )
                }
                aria-label={`${u.disabled ? "Enable" : "Disable"} ${u.email}`}
              >
                {u.disabled ? "Enable" : "Disable"}
              </Button>
              <Button variant="danger" onClick={() => setRemoving(u)} aria-label={`Remove ${u.email}`}>
                Remove
              </Button>
            </>
          )}
        </div>
      ),
    },
  ];

  return (
    <section aria-labelledby="admin-users-heading" className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 id="admin-users-heading" className="text-xl font-semibold">
          Users
        </h1>
        <Button onClick={() => setAdding(true)}>Add user</Button>
      </div>
      <DataTable
        testId="admin-users"
        caption="Users"
        columns={columns}
        rows={users}
        rowKey={(u) => u.id}
        rowProps={(u) => ({ "data-user": u.email })}
        empty="No users."
      />
      <Dialog open={adding} onClose={() => setAdding(false)} title="Add a user">
        {adding ? (
          <NewUserForm
            onCancel={() => setAdding(false)}
            onDone={(email) => {
              setAdding(false);
              void refresh();
              toast(`${email} added. They can sign in now.`, "success");
            }}
          />
        ) : null}
      </Dialog>
      <Dialog
        open={resetting !== null}
        onClose={() => setResetting(null)}
        title={`New password for ${resetting?.email ?? ""}`}
      >
        {resetting ? (
          <ResetPasswordForm
            userId={resetting.id}
            email={resetting.email}
            onCancel={() => setResetting(null)}
            onDone={() => {
              toast(`New password set for ${resetting.email}.`, "success");
              setResetting(null);
            }}
          />
        ) : null}
      </Dialog>
      <ConfirmDialog
        open={removing !== null}
        title={`Remove ${removing?.email ?? "user"}?`}
        confirmLabel="Remove user"
        variant="danger"
        busy={remove.isPending}
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          if (!removing) return;
          remove.mutate(
            { userId: removing.id },
            {
              onSuccess: () => toast(`${removing.email} removed.`, "success"),
              onSettled: () => setRemoving(null),
            },
          );
        }}
      >
        They are signed out and can no longer sign in. What they did stays in the audit log. To keep the
        account but stop access for now, disable it instead.
      </ConfirmDialog>
    </section>
  );
}
