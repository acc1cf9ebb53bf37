// What an admin types for a notification channel: a webhook address (generic JSON, Discord, ntfy,
// Slack-compatible) or an SMTP server with sender and recipients (email). Secrets (the address,
// the SMTP password) are write-only: an update that leaves them empty keeps the stored ones.
import { z } from "zod";

export const webhookFormats = ["generic", "discord", "ntfy", "slack", "email"] as const;
export type ChannelFormat = (typeof webhookFormats)[number];

export const ZWebhookUrlSchema = z
  .string()
  .trim()
  .min(1, "Enter the webhook's address.")
  .max(2000, "That address is too long (at most 2000 characters).")
  .refine((value) => URL.canParse(value), "Enter a full address such as https://example.org/hook.")
  .refine(
    (value) => !URL.canParse(value) || ["http:", "https:"].includes(new URL(value).protocol),
    "Only http:// and https:// addresses can receive webhooks.",
  )
  .refine((value) => !URL.canParse(value) || new URL(value).hostname !== "", "The address needs a host name.")
  .refine(
    (value) => !URL.canParse(value) || (!new URL(value).username && !new URL(value).password),
    "Remove the user name and password from the address (user:pass@); put a token in the path or query instead, it is stored encrypted.",
  );

const email = z.email({ message: "Enter an email address such as farm@example.org." }).max(254);

/** starttls: plain connection upgraded (port 587); tls: TLS from the start (port 465); none: unencrypted. */
export const smtpTlsModes = ["starttls", "tls", "none"] as const;

export const ZSmtpSettingsSchema = z.object({
  host: z
    .string()
    .trim()
    .min(1, "Enter the SMTP server's host name, e.g. smtp.example.org.")
    .max(253, "That host name is too long.")
    .regex(/^[^\s/:@]+$|^\[[0-9a-f:.]+\]$/i, "Enter only the host name, without scheme, port or path."),
  port: z.coerce
    .number({ message: "Enter the SMTP port, e.g. 587." })
    .int("The port is a whole number.")
    .min(1, "Ports run from 1 to 65535.")
    .max(65535, "Ports run from 1 to 65535."),
  tls: z.enum(smtpTlsModes, { message: "Pick how to encrypt: STARTTLS, TLS or none." }),
  user: z.string().trim().max(254, "The user name is too long.").default(""),
  /** Write-only; empty on an update keeps the stored one. */
  password: z.string().max(1000, "The password is too long.").default(""),
  from: email,
  to: z
    .array(email)
    .min(1, "Enter at least one recipient.")
    .max(20, "At most 20 recipients; use a mailing list for more.")
    .transform((list) => [...new Set(list.map((a) => a.toLowerCase()))]),
});
export type SmtpSettings = z.infer<typeof ZSmtpSettingsSchema>;
/** What the edit form may show again: everything but the password. */
export type SmtpView = Omit<SmtpSettings, "password"> & { hasPassword: boolean };

const ZChannelBaseSchema = z.object({
  name: z.string().trim().min(1, "Give the channel a name.").max(100, "Keep the name under 100 characters."),
  format: z.enum(webhookFormats, {
    message: "Pick a kind: generic JSON, Discord, ntfy, Slack-compatible or email.",
  }),
  enabled: z.boolean(),
  url: z.union([z.literal(""), ZWebhookUrlSchema]).optional(),
  smtp: ZSmtpSettingsSchema.optional(),
});

function needsTarget(requireSecrets: boolean) {
  return (value: z.infer<typeof ZChannelBaseSchema>, ctx: z.RefinementCtx) => {
    if (value.format === "email") {
      if (!value.smtp)
        ctx.addIssue({ code: "custom", path: ["smtp"], message: "Enter the SMTP server for email." });
    } else if (requireSecrets && !value.url) {
      ctx.addIssue({ code: "custom", path: ["url"], message: "Enter the webhook's address." });
    }
  };
}

export const ZWebhookCreateSchema = ZChannelBaseSchema.superRefine(needsTarget(true));
export const ZWebhookUpdateSchema = ZChannelBaseSchema.extend({
  id: z.string().min(1),
  /** Generic channels: make a new signing secret (shown once); the old one stops verifying. */
  rotateSecret: z.boolean().optional(),
}).superRefine(needsTarget(false));

/** Scheme and host, with an ellipsis when there is more (path and query often hold the token). */
export function webhookUrlHint(url: string): string {
  const parsed = new URL(url);
  const rest = `${parsed.pathname}${parsed.search}`;
  return `${parsed.protocol}//${parsed.host}${rest && rest !== "/" ? "/…" : ""}`;
}

/** "smtp://mail.example.org:587 → ops@example.org, +1" */
export function smtpHint(smtp: Pick<SmtpSettings, "host" | "port" | "to">): string {
  const [first, ...rest] = smtp.to;
  return `smtp://${smtp.host}:${smtp.port} → ${first ?? "?"}${rest.length ? `, +${rest.length}` : ""}`;
}

/** The sealed JSON's reading; null when it is not what we wrote. */
export function parseSealedSmtp(json: string): SmtpSettings | null {
  try {
    const parsed = ZSmtpSettingsSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
