// Notification rules: which events about which printers (all, a location and what lies under it,
// a tag) go to which channels, and quiet hours during which they are held and summarized after.
// The worker reads them when it queues deliveries (apps/worker/src/notifications/rule-routing.ts).
import type { Db, Prisma } from "@printernizer/db";
import { z } from "zod";
import { webhookEventTypes } from "./webhooks";

export const notificationScopes = ["all", "location", "tag"] as const;

const clock = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Write the time as HH:MM, e.g. 22:00.");

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const ZQuietHoursSchema = z
  .object({
    from: clock,
    to: clock,
    timeZone: z
      .string()
      .trim()
      .min(1, "Pick a time zone.")
      .refine(isTimeZone, "Unknown time zone; use a name such as Europe/Berlin."),
    /** Sent at once even in quiet hours. */
    bypass: z.array(z.enum(webhookEventTypes)).default([]),
  })
  .refine((q) => q.from !== q.to, {
    message: "Quiet hours need different start and end times.",
    path: ["to"],
  });

const ZRuleBaseSchema = z.object({
  name: z.string().trim().min(1, "Give the rule a name.").max(100, "Keep the name under 100 characters."),
  events: z
    .array(z.enum(webhookEventTypes, { message: "Unknown event type." }))
    .min(1, "Pick at least one event.")
    .transform((events) => [...new Set(events)]),
  scope: z.enum(notificationScopes, { message: "Pick which printers: all, a location or a tag." }),
  scopeValue: z.string().trim().max(200, "That location or tag is too long.").default(""),
  channelIds: z
    .array(z.string().min(1))
    .min(1, "Pick at least one channel to send to.")
    .transform((ids) => [...new Set(ids)]),
  enabled: z.boolean(),
  quietHours: ZQuietHoursSchema.nullable().default(null),
});
const scopeNamed = {
  check: (r: { scope: string; scopeValue: string }) => r.scope === "all" || r.scopeValue !== "",
  message: { message: "Pick the location or tag this rule is for.", path: ["scopeValue"] },
};
export const ZRuleSettingsSchema = ZRuleBaseSchema.refine(scopeNamed.check, scopeNamed.message);
export type RuleSettings = z.infer<typeof ZRuleSettingsSchema>;
export const ZRuleUpdateSchema = ZRuleBaseSchema.extend({ id: z.string().min(1) }).refine(
  scopeNamed.check,
  scopeNamed.message,
);

export class UnknownChannelError extends Error {
  constructor() {
    super("One of the chosen channels does not exist any more. Reload the page and pick again.");
    this.name = "UnknownChannelError";
  }
}

const ruleSelect = {
  id: true,
  name: true,
  events: true,
  scope: true,
  scopeValue: true,
  enabled: true,
  quietFrom: true,
  quietTo: true,
  quietTimeZone: true,
  quietBypass: true,
  channels: { select: { webhook: { select: { id: true, name: true } } } },
} satisfies Prisma.NotificationRuleSelect;

type RuleRow = Prisma.NotificationRuleGetPayload<{ select: typeof ruleSelect }>;

function view(row: RuleRow) {
  const { quietFrom, quietTo, quietTimeZone, quietBypass, channels, ...rest } = row;
  return {
    ...rest,
    scopeValue: rest.scopeValue ?? "",
    channels: channels.map((c) => c.webhook),
    quietHours:
      quietFrom && quietTo && quietTimeZone
        ? { from: quietFrom, to: quietTo, timeZone: quietTimeZone, bypass: quietBypass }
        : null,
  };
}

function columns(rule: RuleSettings) {
  return {
    name: rule.name,
    events: rule.events,
    scope: rule.scope,
    scopeValue: rule.scope === "all" ? null : rule.scopeValue,
    enabled: rule.enabled,
    quietFrom: rule.quietHours?.from ?? null,
    quietTo: rule.quietHours?.to ?? null,
    quietTimeZone: rule.quietHours?.timeZone ?? null,
    quietBypass: rule.quietHours?.bypass ?? [],
  };
}

async function checkChannels(tx: Prisma.TransactionClient, ids: string[]): Promise<void> {
  const found = await tx.webhook.count({ where: { id: { in: ids } } });
  if (found !== ids.length) throw new UnknownChannelError();
}

export async function listRules(db: Db) {
  const rows = await db.notificationRule.findMany({ select: ruleSelect, orderBy: { name: "asc" } });
  return rows.map(view);
}

export async function createRule(db: Db, rule: RuleSettings) {
  return db.$transaction(async (tx) => {
    await checkChannels(tx, rule.channelIds);
    const row = await tx.notificationRule.create({
      data: {
        ...columns(rule),
        channels: { create: rule.channelIds.map((webhookId) => ({ webhookId })) },
      },
      select: ruleSelect,
    });
    return view(row);
  });
}

/** null when the rule does not exist (any more). */
export async function updateRule(db: Db, id: string, rule: RuleSettings) {
  return db.$transaction(async (tx) => {
    const exists = await tx.notificationRule.count({ where: { id } });
    if (!exists) return null;
    await checkChannels(tx, rule.channelIds);
    await tx.notificationRuleChannel.deleteMany({ where: { ruleId: id } });
    const row = await tx.notificationRule.update({
      where: { id },
      data: {
        ...columns(rule),
        channels: { create: rule.channelIds.map((webhookId) => ({ webhookId })) },
      },
      select: ruleSelect,
    });
    return view(row);
  });
}

export async function deleteRule(db: Db, id: string) {
  const found = await db.notificationRule.findUnique({ where: { id }, select: { id: true, name: true } });
  if (!found) return null;
  const { count } = await db.notificationRule.deleteMany({ where: { id } });
  return count ? found : null;
}

/** The locations and tags printers have now, for the rule form's scope select. */
export async function listScopeOptions(db: Db) {
  const rows = await db.$queryRaw<{ kind: "location" | "tag"; value: string }[]>`
    SELECT DISTINCT 'location' AS "kind", "location" AS "value" FROM "Printer" WHERE "location" IS NOT NULL AND "location" <> ''
    UNION SELECT DISTINCT 'tag', unnest("tags") FROM "Printer"
    ORDER BY 1, 2`;
  return {
    locations: rows.filter((r) => r.kind === "location").map((r) => r.value),
    tags: rows.filter((r) => r.kind === "tag").map((r) => r.value),
  };
}
