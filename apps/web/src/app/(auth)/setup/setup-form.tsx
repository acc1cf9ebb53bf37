"use client";
import { useState } from "react";
import { Button } from "@printernizer/ui/button";
import { FormMessage, TextField } from "@printernizer/ui/form-field";
import { postJson } from "~/app/_lib/post-json";

export function SetupForm() {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password"));
    if (password !== String(form.get("confirm"))) {
      setError("The two passwords differ. Type the same password twice.");
      return;
    }
    setPending(true);
    setError(null);
    const result = await postJson("/api/setup", {
      name: String(form.get("name")),
      email: String(form.get("email")),
      password,
    });
    if (result.ok) {
      window.location.assign("/");
      return;
    }
    setPending(false);
    setError(result.message);
  }

  return (
    <form onSubmit={onSubmit} className="space-y-3" noValidate>
      {error ? <FormMessage>{error}</FormMessage> : null}
      <TextField label="Your name" name="name" autoComplete="name" required autoFocus />
      <TextField label="Email" name="email" type="email" autoComplete="username" required />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        minLength={10}
        required
        hint="At least 10 characters."
      />
      <TextField label="Password again" name="confirm" type="password" autoComplete="new-password" required />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating…" : "Create admin and sign in"}
      </Button>
    </form>
  );
}
