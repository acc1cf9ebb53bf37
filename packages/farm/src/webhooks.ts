// Admin-configured webhooks: the URL is sealed with the credential cipher (it often embeds a
// token) and never leaves the server; people see its hint. Deliveries are rows the worker's
// WebhookDispatcher sends with retries, a test included (event type "test").
import type { Db, DeliveryStatus, Prisma } from "@printernizer/db";
import type { CredentialCipher } from "@printernizer/db/secrets";
import { z } from "zod";
import { notify } from "./notify";

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
] as const;
export const webhookFormats = ["generic", "discord", "ntfy"] as const;
/** The delivery the "Send test" button queues; webhook-format.ts words it. */
export const testEventType = "test";

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

export const ZWebhookSettingsSchema = z.object({
  name: z.string().trim().min(1, "Give the webhook a name.").max(100, "Keep the name under 100 characters."),
  format: z.enum(webhookFormats, { message: "Pick a format: generic JSON, Discord or ntfy." }),
  events: z
    .array(z.enum(webhookEventTypes, { message: "Unknown event type." }))
    .min(1, "Pick at least one event that sends this webhook.")
    .transform((events) => [...new Set(events)]),
  enabled: z.boolean(),
});

export const ZWebhookCreateSchema = ZWebhookSettingsSchema.extend({ url: ZWebhookUrlSchema });
export const ZWebhookUpdateSchema = ZWebhookSettingsSchema.extend({
  id: z.string().min(1),
  /** Write-only: left out (or empty) keeps the stored address. */
  url: z.union([z.literal(""), ZWebhookUrlSchema]).optional(),
});

/** Scheme and host, with an ellipsis when there is more (path and query often hold the token). */
export function webhookUrlHint(url: string): string {
  const parsed = new URL(url);
  const rest = `${parsed.pathname}${parsed.search}`;
  return `${parsed.protocol}//${parsed.host}${rest && rest !== "/" ? "/…" : ""}`;
}

const webhookSelect = {
  id: true,
  name: true,
  urlHint: true,
  format: true,
  events: true,
  enabled: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.WebhookSelect;

export async function listWebhooks(db: Db) {
  const hooks = await db.webhook.findMany({ select: webhookSelect, orderBy: { name: "asc" } });
  // The newest delivery per webhook, read through the (webhookId, createdAt) index.
  const ids = hooks.map((h) => h.id);
  const last = ids.length
    ? await db.$queryRaw<{ webhookId: string; status: DeliveryStatus; createdAt: Date }[]>`
        SELECT DISTINCT ON ("webhookId") "webhookId", "status"::text AS "status", "createdAt"
        FROM "WebhookDelivery" WHERE "webhookId" = ANY(${ids}) ORDER BY "webhookId", "createdAt" DESC`
    : [];
  const lastByHook = new Map(last.map((d) => [d.webhookId, { status: d.status, createdAt: d.createdAt }]));
  return hooks.map((hook) => ({ ...hook, lastDelivery: lastByHook.get(hook.id) ?? null }));
}

export async function getWebhook(db: Db, id: string) {
  return db.webhook.findUnique({ where: { id }, select: webhookSelect });
}

export async function createWebhook(
  db: Db,
  cipher: CredentialCipher,
  input: z.infer<typeof ZWebhookCreateSchema>,
) {
  return db.webhook.create({
    data: {
      name: input.name,
      format: input.format,
      events: input.events,
      enabled: input.enabled,
      url: cipher.encrypt(input.url),
      urlHint: webhookUrlHint(input.url),
    },
    select: webhookSelect,
  });
}

/** Returns the updated webhook and the names (never values) of the fields that changed. */
export async function updateWebhook(
  db: Db,
  cipher: CredentialCipher,
  input: z.infer<typeof ZWebhookUpdateSchema>,
) {
  const before = await getWebhook(db, input.id);
  if (!before) return null;
  const changed: string[] = [];
  if (before.name !== input.name) changed.push("name");
  if (before.format !== input.format) changed.push("format");
  if (before.enabled !== input.enabled) changed.push("enabled");
  if ([...before.events].sort().join() !== [...input.events].sort().join()) changed.push("events");
  const newUrl = input.url ? { url: cipher.encrypt(input.url), urlHint: webhookUrlHint(input.url) } : {};
  if (input.url) changed.push("url");
  const webhook = await db.webhook.update({
    where: { id: input.id },
    data: { name: input.name, format: input.format, events: input.events, enabled: input.enabled, ...newUrl },
    select: webhookSelect,
  });
  return { webhook, changed };
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
      webhook: { select: { name: true } },
      eventType: true,
      printerId: true,
      status: true,
      attempts: true,
      responseStatus: true,
      lastError: true,
      createdAt: true,
      nextAttemptAt: true,
      sentAt: true,
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: page.limit + 1,
    ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
  });
  const items = rows.slice(0, page.limit).map(({ webhook, ...d }) => ({ ...d, webhookName: webhook.name }));
  return { items, nextCursor: rows.length > page.limit ? items.at(-1)?.id : undefined };
}
