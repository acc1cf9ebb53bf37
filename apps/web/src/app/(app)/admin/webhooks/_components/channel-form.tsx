"use client";
// Add or edit a notification channel. Secrets are write-only: a stored address is shown as its
// hint and replaced only when something is typed; the SMTP password likewise. A generic channel's
// signing secret is shown once, after saving, for the receiver's configuration.
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { RouterOutputs } from "@printernizer/api";
import { Button } from "@printernizer/ui/button";
import { CheckboxField, FormMessage, SelectField, TextField } from "@printernizer/ui/form-field";
import { errorMessage, fieldErrors } from "~/app/_lib/trpc-error";
import { useTRPC } from "~/trpc/react";
import { SmtpFields, smtpFromView, toSmtpInput, type SmtpDraft } from "./smtp-fields";

export type AdminChannel = RouterOutputs["webhook"]["list"][number];
export type ChannelFormat = AdminChannel["format"];

export const formatLabels: Record<ChannelFormat, string> = {
  generic: "Generic JSON",
  discord: "Discord",
  ntfy: "ntfy",
  slack: "Slack-compatible",
  email: "Email (SMTP)",
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

export function ChannelForm({
  channel,
  onSaved,
  onCancel,
}: {
  channel?: AdminChannel;
  /** `signingSecret`: a new secret to show once (generic channels). */
  onSaved: (name: string, signingSecret: string | null) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const [name, setName] = useState(channel?.name ?? "");
  const [url, setUrl] = useState("");
  const [format, setFormat] = useState<ChannelFormat>(channel?.format ?? "generic");
  const [smtp, setSmtp] = useState<SmtpDraft>(smtpFromView(channel?.smtp ?? null));
  const [enabled, setEnabled] = useState(channel?.enabled ?? true);
  const [rotateSecret, setRotateSecret] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const create = useMutation(trpc.webhook.create.mutationOptions());
  const update = useMutation(trpc.webhook.update.mutationOptions());
  const saving = create.isPending || update.isPending;
  const email = format === "email";
  const hadUrl = channel !== undefined && channel.format !== "email";

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    const urlError = email ? null : checkUrl(url, !hadUrl);
    setErrors(urlError ? { url: urlError } : {});
    if (urlError) return;
    const settings = {
      name,
      format,
      enabled,
      ...(email ? { smtp: toSmtpInput(smtp) } : { url: url.trim() || undefined }),
    };
    try {
      const saved = channel
        ? await update.mutateAsync({ id: channel.id, ...settings, rotateSecret })
        : await create.mutateAsync(settings);
      onSaved(name.trim(), saved.signingSecret);
    } catch (failure) {
      const fields = fieldErrors(failure);
      setErrors(fields);
      setFormError(Object.keys(fields).length ? null : errorMessage(failure));
    }
  }

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="space-y-3"
      aria-label={channel ? `Edit ${channel.name}` : "Add a channel"}
    >
      <TextField
        label="Name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={errors.name}
        required
        maxLength={100}
      />
      <SelectField
        label="Kind"
        value={format}
        onChange={(e) => setFormat(e.target.value as ChannelFormat)}
        options={Object.entries(formatLabels).map(([value, label]) => ({ value, label }))}
        error={errors.format}
      />
      {email ? (
        <SmtpFields
          value={smtp}
          onChange={setSmtp}
          error={errors.smtp}
          hasPassword={channel?.smtp?.hasPassword}
        />
      ) : (
        <TextField
          label="Address (URL)"
          type="url"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          error={errors.url}
          placeholder={hadUrl ? `Stored: ${channel.urlHint}` : "https://example.org/hook"}
          hint={
            hadUrl
              ? "Stored and hidden. Leave empty to keep it; type a new address to replace it."
              : format === "slack"
                ? "A Slack (or Mattermost, Rocket.Chat) incoming-webhook address. Kept encrypted."
                : "http:// or https://. Kept encrypted; only its host is shown later."
          }
          autoComplete="off"
        />
      )}
      {format === "generic" && channel?.format === "generic" && channel.signs ? (
        <CheckboxField
          label="Make a new signing secret (the old one stops verifying)"
          checked={rotateSecret}
          onChange={(e) => setRotateSecret(e.target.checked)}
        />
      ) : format === "generic" ? (
        <p className="text-xs text-muted">
          Saving makes a signing secret, shown once: the receiver checks the X-Printernizer-Signature header
          with it.
        </p>
      ) : null}
      <CheckboxField label="Enabled" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
      {formError ? <FormMessage>{formError}</FormMessage> : null}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={saving}>
          {saving ? "Saving…" : channel ? "Save changes" : "Add channel"}
        </Button>
      </div>
    </form>
  );
}
