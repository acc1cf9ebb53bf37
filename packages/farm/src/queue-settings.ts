// The farm queue's dispatcher settings, one `Setting` row (key "queue"): whether the queue is
// paused, how many printers may heat up at once (staggered starts), and whether the file a
// printing printer will get next is uploaded to it in advance (pre-staging). A stored value that
// does not fit (older version, edited by hand) falls back field by field to the defaults.
import { z } from "zod";
import type { Db, Prisma } from "@printernizer/db";
import { notify } from "./notify";

export const queueSettingsKey = "queue";

export const maxHeatingLimit = 1_000;

export const QueueSettingsSchema = z.object({
  /** Nothing new is dispatched while paused (running prints and uploads are not touched). */
  paused: z.boolean(),
  /** At most this many printers heating up (start requested, not yet printing) farm-wide. */
  maxHeating: z.number().int().min(1).max(maxHeatingLimit),
  /** Upload the next entry's file to a printing printer in advance. */
  prestage: z.boolean(),
});
export type QueueSettings = z.infer<typeof QueueSettingsSchema>;

export const defaultQueueSettings: QueueSettings = { paused: false, maxHeating: 4, prestage: true };

type SettingsReader = Pick<Prisma.TransactionClient, "setting">;

/** The stored settings, each field that does not fit replaced by its default; never throws on bad data. */
export function parseQueueSettings(value: unknown): QueueSettings {
  const stored = typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  const out = { ...defaultQueueSettings };
  for (const key of Object.keys(defaultQueueSettings) as (keyof QueueSettings)[]) {
    const parsed = QueueSettingsSchema.shape[key].safeParse(stored[key]);
    if (parsed.success) (out as Record<string, unknown>)[key] = parsed.data;
  }
  return out;
}

export async function readQueueSettings(db: SettingsReader): Promise<QueueSettings> {
  const row = await db.setting.findUnique({ where: { key: queueSettingsKey } });
  return parseQueueSettings(row?.value);
}

/** Changes some settings; returns all of them as stored. NOTIFY queueChanged so dispatchers react at once. */
export function updateQueueSettings(db: Db, patch: Partial<QueueSettings>): Promise<QueueSettings> {
  const checked = QueueSettingsSchema.partial().parse(patch);
  return db.$transaction(async (tx) => {
    // Lock the row (or create it) so two changes at once do not undo each other.
    await tx.$executeRaw`
      INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES (${queueSettingsKey}, '{}'::jsonb, now())
      ON CONFLICT ("key") DO NOTHING`;
    await tx.$queryRaw`SELECT 1 FROM "Setting" WHERE "key" = ${queueSettingsKey} FOR UPDATE`;
    const current = await readQueueSettings(tx);
    const next = { ...current, ...checked };
    await tx.setting.update({ where: { key: queueSettingsKey }, data: { value: next } });
    await notify(tx, "queueChanged", queueSettingsKey);
    return next;
  });
}
