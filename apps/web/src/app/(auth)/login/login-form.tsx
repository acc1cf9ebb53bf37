"use client";
import { useState } from "react";
import { Button } from "@printernizer/ui/button";
import { FormMessage, TextField } from "@printernizer/ui/form-field";
import { postJson } from "~/app/_lib/post-json";

export function LoginForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await postJson("/api/auth/sign-in/email", {
      email: String(form.get("email")),
      password: String(form.get("password")),
    });
    if (result.ok) {
      window.location.assign(next);
      return;
    }
    setPending(false);
    setError(result.status === 401 ? "Wrong email or password. Check both and try again." : result.message);
  }

  return (
    <form onSubmit={onSubmit} className="space-y-3" noValidate>
      {error ? <FormMessage>{error}</FormMessage> : null}
      <TextField label="Email" name="email" type="email" autoComplete="username" required autoFocus />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
      <p className="text-xs text-muted">Forgot your password? Ask an admin to reset it.</p>
    </form>
  );
}
