"use client";
// Creating a personal API key: name, role (the user's own or lower), optional expiry; then the
// key, shown this once with a copy button (only its SHA-256 is kept).
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { roles, type Role } from "@printernizer/auth/roles";
import { Button } from "@printernizer/ui/button";
import { Dialog } from "@printernizer/ui/dialog";
import { ShownOnce } from "@printernizer/ui/shown-once";
import { FormMessage, SelectField, TextField } from "@printernizer/ui/form-field";
import { errorMessage, fieldErrors } from "~/app/_lib/trpc-error";
import { useTRPC } from "~/trpc/react";

const roleWords: Record<Role, string> = {
  viewer: "viewer: read the farm",
  operator: "operator: read, pause, resume, cancel, queue",
  admin: "admin: everything an admin may call",
};

export function NewKeyDialog({ open, onClose, role }: { open: boolean; onClose: () => void; role: Role }) {
  const trpc = useTRPC();
  const allowed = roles.slice(0, roles.indexOf(role) + 1);
  const [name, setName] = useState("");
  const [keyRole, setKeyRole] = useState<Role>("viewer");
  const [expires, setExpires] = useState("");
  const create = useMutation(trpc.apiKeys.create.mutationOptions());
  const secret = create.data?.secret ?? null;
  const errors = fieldErrors(create.error);
  const close = () => {
    create.reset();
    setName("");
    setKeyRole("viewer");
    setExpires("");
    onClose();
  };
  return (
    <Dialog open={open} onClose={close} title={secret ? "API key created" : "New API key"}>
      {secret ? (
        <ShownOnce label="Key" value={secret} testId="new-api-key" onDone={close}>
          <p className="text-sm">
            This is the only time the key is shown: copy it now and keep it like a password. Send it as{" "}
            <code className="text-xs">Authorization: Bearer …</code>.
          </p>
        </ShownOnce>
      ) : (
        <form
          className="space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            create.mutate({
              name,
              role: keyRole,
              expiresAt: expires ? new Date(`${expires}T23:59:59`) : null,
            });
          }}
        >
          <TextField
            label="Name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="Nightly report script"
            hint="What will use the key, so you know which one to revoke later."
            error={errors.name}
            required
            maxLength={100}
          />
          <SelectField
            label="Role"
            value={keyRole}
            onChange={(e) => setKeyRole(e.target.value as Role)}
            options={allowed.map((r) => ({ value: r, label: roleWords[r] }))}
            hint="Never more than your own role; if your role is lowered, the key's is too."
            error={errors.role}
          />
          <TextField
            label="Expires (optional)"
            type="date"
            value={expires}
            onChange={(e) => setExpires(e.target.value)}
            hint="The key stops working at the end of this day. Leave empty for no expiry."
            error={errors.expiresAt}
          />
          {create.error && Object.keys(errors).length === 0 ? (
            <FormMessage>{errorMessage(create.error)}</FormMessage>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="ghost" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" disabled={create.isPending}>
              Create key
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
