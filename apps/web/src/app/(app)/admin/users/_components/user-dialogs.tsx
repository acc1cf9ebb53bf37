"use client";
// The forms of Admin → Users: a new member, and a new password for one.
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@printernizer/ui/button";
import { FormMessage, SelectField, TextField } from "@printernizer/ui/form-field";
import { errorMessage } from "~/app/_lib/trpc-error";
import { useTRPC } from "~/trpc/react";

export const roleOptions = [
  { value: "viewer", label: "Viewer: sees the farm" },
  { value: "operator", label: "Operator: also pauses, resumes, cancels and downloads" },
  { value: "admin", label: "Admin: also manages printers, people and settings" },
] as const;

export function NewUserForm({ onDone, onCancel }: { onDone: (email: string) => void; onCancel: () => void }) {
  const trpc = useTRPC();
  const create = useMutation(trpc.admin.users.create.mutationOptions());
  const [user, setUser] = useState({
    name: "",
    email: "",
    role: "viewer" as "viewer" | "operator" | "admin",
    password: "",
  });
  const [error, setError] = useState<string | null>(null);
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const created = await create.mutateAsync(user);
      onDone(created.email);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }
  return (
    <form onSubmit={onSubmit} className="space-y-3" aria-label="Add a user">
      <TextField
        label="Name"
        value={user.name}
        onChange={(e) => setUser({ ...user, name: e.target.value })}
        required
        maxLength={100}
      />
      <TextField
        label="Email"
        type="email"
        value={user.email}
        onChange={(e) => setUser({ ...user, email: e.target.value })}
        required
        autoComplete="off"
      />
      <SelectField
        label="Role"
        value={user.role}
        onChange={(e) => setUser({ ...user, role: e.target.value as typeof user.role })}
        options={roleOptions}
      />
      <TextField
        label="Initial password"
        type="password"
        autoComplete="new-password"
        value={user.password}
        onChange={(e) => setUser({ ...user, password: e.target.value })}
        required
        minLength={10}
        hint="At least 10 characters. Give it to them in person; they sign in with it."
      />
      {error ? <FormMessage>{error}</FormMessage> : null}
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? "Adding…" : "Add user"}
        </Button>
      </div>
    </form>
  );
}

export function ResetPasswordForm({
  userId,
  email,
  onDone,
  onCancel,
}: {
  userId: string;
  email: string;
  onDone: () => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const reset = useMutation(trpc.admin.users.resetPassword.mutationOptions());
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await reset.mutateAsync({ userId, password });
      onDone();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }
  return (
    <form onSubmit={onSubmit} className="space-y-3" aria-label={`New password for ${email}`}>
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        required
        minLength={10}
        hint={`${email} is signed out everywhere and signs in with this password.`}
      />
      {error ? <FormMessage>{error}</FormMessage> : null}
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={reset.isPending}>
          Set password
        </Button>
      </div>
    </form>
  );
}
