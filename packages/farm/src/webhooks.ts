// Notification channels (the Webhook table): the address, the SMTP settings and the signing secret
// are sealed with the credential cipher and never leave the server; people see a hint. Which events
// reach a channel is decided by notification rules (notification-rules.ts). Deliveries are rows the
// worker's WebhookDispatcher sends with retries, a test included (event type "test").
import { randomBytes } from "node:crypto";
import type { Db, DeliveryStatus, Prisma } from "@printernizer/db";
import type { CredentialCipher } from "@printernizer/db/secrets";
import { z } from "zod";
import {
  parseSealedSmtp,
  smtpHint,
  webhookUrlHint,
  type SmtpSettings,
  type SmtpView,
  type ZWebhookCreateSchema,
  type ZWebhookUpdateSchema,
} from "./channel-settings";
import { notify } from "./notify";

export {
  webhookFormats,
  webhookUrlHint,
  ZWebhookCreateSchema,
  ZWebhookUpdateSchema,
  ZWebhookUrlSchema,
} from "./channel-settings";

export const webhookEventTypes = [
  "job_completed",
  "job_failed",
  "job_cancelled",
  "printer_error",
  "printer_auth_error",
  /** Sent by the worker once a printer has been unreachable for the offline grace (60 s by default). */
  "printer_offline",
  /** Sent when a printer comes back, only after its printer_offline was sent. */
  "printer_online",
  /** A print ended on a printer without automatic plate clearing: someone must clear and confirm it. */
  "printer_waiting_for_plate",
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];
/** The delivery the "Send test" button queues; webhook-format.ts words it. */
export const testEventType = "test";

/** A generic channel's HMAC-SHA256 key: shown once when made, stored sealed. */
export const newSigningSecret = () => `whsec_${randomBytes(32).toString("hex")}`;

const webhookSelect = {
  id: true,
  name: true,
  urlHint: true,
  format: true,
  enabled: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.WebhookSelect;

function smtpView(cipher: CredentialCipher, sealed: string | null): SmtpView | null {
  const smtp = sealed ? safeSmtp(cipher, sealed) : null;
  if (!smtp) return null;
  const { password, ...rest } = smtp;
  return { ...rest, hasPassword: password !== "" };
}

/** Channels with their newest delivery, whether they sign, and the SMTP settings minus the password. */
export async function listWebhooks(db: Db, cipher: CredentialCipher) {
  const hooks = await db.webhook.findMany({
    select: { ...webhookSelect, smtp: true, signingSecret: true, rules: { select: { ruleId: true } } },
    orderBy: { name: "asc" },
  });
  // The newest delivery per webhook, read through the (webhookId, createdAt) index.
  const ids = hooks.map((h) => h.id);
  const last = ids.length
    ? await db.$queryRaw<{ webhookId: string; status: DeliveryStatus; createdAt: Date }[]>`
        SELECT DISTINCT ON ("webhookId") "webhookId", "status"::text AS "status", "createdAt"
        FROM "WebhookDelivery" WHERE "webhookId" = ANY(${ids}) ORDER BY "webhookId", "createdAt" DESC`
    : [];
  const lastByHook = new Map(last.map((d) => [d.webhookId, { status: d.status, createdAt: d.createdAt }]));
  return hooks.map(({ smtp, signingSecret, rules, ...hook }) => ({
    ...hook,
    signs: signingSecret !== null,
    ruleCount: rules.length,
    smtp: smtpView(cipher, smtp),
    lastDelivery: lastByHook.get(hook.id) ?? null,
  }));
}

export async function getWebhook(db: Db, id: string) {
  return db.webhook.findUnique({ where: { id }, select: webhookSelect });
}

/** The sealed columns for a channel's target; the SMTP password kept when left empty. */
function sealedTarget(
  cipher: CredentialCipher,
  input: { format: string; url?: string; smtp?: SmtpSettings },
  storedSmtp: string | null,
) {
  if (input.format === "email" && input.smtp) {
    const kept = storedSmtp && !input.smtp.password ? safeSmtp(cipher, storedSmtp)?.password : undefined;
    const smtp = { ...input.smtp, password: input.smtp.password || kept || "" };
    return { url: null, smtp: cipher.encrypt(JSON.stringify(smtp)), urlHint: smtpHint(smtp) };
  }
  if (input.format !== "email" && input.url)
    return { url: cipher.encrypt(input.url), smtp: null, urlHint: webhookUrlHint(input.url) };
  return {};
}

function safeSmtp(cipher: CredentialCipher, sealed: string): SmtpSettings | null {
  try {
    return parseSealedSmtp(cipher.decrypt(sealed));
  } catch {
    return null;
  }
}

/** Creates a channel; a generic one gets a signing secret, returned here once and never again. */
export async function createWebhook(
  db: Db,
  cipher: CredentialCipher,
  input: z.infer<typeof ZWebhookCreateSchema>,
) {
  const secret = input.format === "generic" ? newSigningSecret() : null;
  const target = sealedTarget(cipher, input, null);
  const webhook = await db.webhook.create({
    data: {
      name: input.name,
      format: input.format,
      enabled: input.enabled,
      url: target.url ?? null,
      smtp: target.smtp ?? null,
      urlHint: target.urlHint ?? "",
      signingSecret: secret ? cipher.encrypt(secret) : null,
    },
    select: webhookSelect,
  });
  return { webhook, signingSecret: secret };
}

export class ChannelTargetMissingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ChannelTargetMissingError";
  }
}

/** Returns the updated channel, the names (never values) of the fields that changed and a new secret, if made. */
export async function updateWebhook(
  db: Db,
  cipher: CredentialCipher,
  input: z.infer<typeof ZWebhookUpdateSchema>,
) {
  const before = await db.webhook.findUnique({
    where: { id: input.id },
    select: { ...webhookSelect, url: true, smtp: true, signingSecret: true },
  });
  if (!before) return null;
  const changed: string[] = [];
  if (before.name !== input.name) changed.push("name");
  if (before.format !== input.format) changed.push("format");
  if (before.enabled !== input.enabled) changed.push("enabled");
  const target = sealedTarget(cipher, input, before.smtp);
  if (target.urlHint !== undefined) changed.push(input.format === "email" ? "smtp" : "url");
  const hasTarget = input.format === "email" ? (target.smtp ?? before.smtp) : (target.url ?? before.url);
  if (!hasTarget)
    throw new ChannelTargetMissingError(
      input.format === "email"
        ? "Enter the SMTP server for email."
        : "Enter the webhook's address for this kind of channel.",
    );
  const makeSecret = input.format === "generic" && (input.rotateSecret || !before.signingSecret);
  const secret = makeSecret ? newSigningSecret() : null;
  if (secret) changed.push("signingSecret");
  const webhook = await db.webhook.update({
    where: { id: input.id },
    data: {
      name: input.name,
      format: input.format,
      enabled: input.enabled,
      ...target,
      ...(secret ? { signingSecret: cipher.encrypt(secret) } : {}),
      ...(input.format !== "generic" ? { signingSecret: null } : {}),
    },
    select: webhookSelect,
  });
  return { webhook, changed, signingSecret: secret };
}

/** Turns a webhook on or off; null when it does not exist (any more). */
export async function setWebhookEnabled(db: Db, id: string, enabled: boolean) {
  const found = await getWebhook(db, id);
  if (!found) return null;
  const { count } = await db.webhook.updateMany({ where: { id }, data: { enabled } });
  return count ? { id, name: found.name, enabled } : null;
}

/** Deletes a webhook with its delivery log; null when it does not exist (any more). */
export async function deleteWebhook(db: Db, id: string) {
  const found = await getWebhook(db, id);
  if (!found) return null;
  const { count } = await db.webhook.deleteMany({ where: { id } });
  return count ? { id, name: found.name } : null;
}

/** Queues a test delivery and wakes the worker's dispatcher (its poll is the safety net). */
export async function queueTestDelivery(db: Db, webhookId: string) {
  return db.$transaction(async (tx) => {
    const delivery = await tx.webhookDelivery.create({
      data: {
        webhookId,
        eventType: testEventType,
        payload: { at: new Date().toISOString(), data: { test: true } },
      },
      select: { id: true, status: true, createdAt: true },
    });
    await notify(tx, "webhookQueued", delivery.id);
    return delivery;
  });
}

export const ZDeliveryPageSchema = z.object({
  webhookId: z.string().min(1).optional(),
  cursor: z.string().min(1).nullish(),
  limit: z.number().int().min(1).max(100).default(25),
});

export async function listDeliveries(db: Db, page: z.infer<typeof ZDeliveryPageSchema>) {
  const rows = await db.webhookDelivery.findMany({
    where: { webhookId: page.webhookId },
    select: {
      id: true,
      webhookId: true,
      webhook: { select: { name: true, format: true } },
      eventType: true,
      printerId: true,
      status: true,
      attempts: true,
      responseStatus: true,
      lastError: true,
      createdAt: true,
      nextAttemptAt: true,
      sentAt: true,
      heldUntil: true,
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: page.limit + 1,
    ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
  });
  const items = rows
    .slice(0, page.limit)
    .map(({ webhook, ...d }) => ({ ...d, webhookName: webhook.name, channelFormat: webhook.format }));
  return { items, nextCursor: rows.length > page.limit ? items.at(-1)?.id : undefined };
}
