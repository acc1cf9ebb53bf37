"use client";
// Add or edit a webhook. The address is write-only: a stored one is shown as its hint and
// replaced only when something is typed.
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { RouterOutputs } from "@printernizer/api";
import { Button } from "@printernizer/ui/button";
import { CheckboxField, FormMessage, SelectField, TextField } from "@printernizer/ui/form-field";
import { errorMessage, fieldErrors } from "~/app/_lib/trpc-error";
import { useTRPC } from "~/trpc/react";

export type AdminWebhook = RouterOutputs["webhook"]["list"][number];
type Format = AdminWebhook["format"];

export const webhookEventLabels = {
  job_completed: "Job completed",
  job_failed: "Job failed",
  job_cancelled: "Job cancelled",
  printer_error: "Printer error",
  printer_auth_error: "Authentication failure",
  printer_offline: "Printer offline",
  printer_online: "Printer back online",
} as const;
type WebhookEvent = keyof typeof webhookEventLabels;

export const formatLabels: Record<Format, string> = {
  generic: "Generic JSON",
  discord: "Discord",
  ntfy: "ntfy",
};

/** The browser's own check before sending: http(s) addresses only, with a clear message. */
function checkUrl(url: string, required: boolean): string | null {
  const value = url.trim();
  if (!value) return required ? "Enter the webhook's address." : null;
  if (!URL.canParse(value)) return "Enter a full address such as https://example.org/hook.";
  if (!["http:", "https:"].includes(new URL(value).protocol))
    return "Only http:// and https:// addresses can receive webhooks.";
  return null;
}

export function WebhookForm({
  webhook,
  onSaved,
  onCancel,
}: {
  webhook?: AdminWebhook;
  onSaved: (name: string) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const [name, setName] = useState(webhook?.name ?? "");
  const [url, setUrl] = useState("");
  const [format, setFormat] = useState<Format>(webhook?.format ?? "generic");
  const [events, setEvents] = useState<string[]>(webhook?.events ?? Object.keys(webhookEventLabels));
  const [enabled, setEnabled] = useState(webhook?.enabled ?? true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const create = useMutation(trpc.webhook.create.mutationOptions());
  const update = useMutation(trpc.webhook.update.mutationOptions());
  const saving = create.isPending || update.isPending;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    const urlError = checkUrl(url, !webhook);
    const local = {
      ...(urlError ? { url: urlError } : {}),
      ...(events.length ? {} : { events: "Pick at least one event that sends this webhook." }),
    };
    setErrors(local);
    if (Object.keys(local).length) return;
    const settings = { name, format, events: events as WebhookEvent[], enabled };
    try {
      if (webhook) await update.mutateAsync({ id: webhook.id, ...settings, url: url.trim() || undefined });
      else await create.mutateAsync({ ...settings, url: url.trim() });
      onSaved(name.trim());
    } catch (failure) {
      setErrors(fieldErrors(failure));
      setFormError(errorMessage(failure));
    }
  }

  const toggleEvent = (type: string, on: boolean) =>
    setEvents((current) => (on ? [...new Set([...current, type])] : current.filter((e) => e !== type)));

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="space-y-3"
      aria-label={webhook ? `Edit ${webhook.name}` : "Add a webhook"}
    >
      <TextField
        label="Name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={errors.name}
        required
        maxLength={100}
      />
      <TextField
        label="Address (URL)"
        type="url"
        value={url}
        onChange={(e) => setUrl(e.target.value)}
        error={errors.url}
        placeholder={webhook ? `Stored: ${webhook.urlHint}` : "https://example.org/hook"}
        hint={
          webhook
            ? "Stored and hidden. Leave empty to keep it; type a new address to replace it."
            : "http:// or https://. Kept encrypted; only its host is shown later."
        }
        autoComplete="off"
      />
      <SelectField
        label="Format"
        value={format}
        onChange={(e) => setFormat(e.target.value as Format)}
        options={Object.entries(formatLabels).map(([value, label]) => ({ value, label }))}
        error={errors.format}
      />
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium">Send on</legend>
        {Object.entries(webhookEventLabels).map(([type, label]) => (
          <CheckboxField
            key={type}
            label={label}
            checked={events.includes(type)}
            onChange={(e) => toggleEvent(type, e.target.checked)}
          />
        ))}
        {errors.events ? (
          <p role="alert" className="text-xs font-medium text-red-700 dark:text-red-400">
            {errors.events}
          </p>
        ) : null}
      </fieldset>
      <CheckboxField label="Enabled" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
      {formError ? <FormMessage>{formError}</FormMessage> : null}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={saving}>
          {saving ? "Saving…" : webhook ? "Save changes" : "Add webhook"}
        </Button>
      </div>
    </form>
  );
}
