// Prunes old events, temperature samples and finished commands per the farm's retention
// settings (Setting "retention"). Deletes in small batches so it never holds long locks
// on a busy table. Several workers may prune at once: deletes are idempotent.
import type { Db } from "@printernizer/db";
import type { Logger } from "@printernizer/logger";
import { z } from "zod";

export const RetentionSettingsSchema = z.object({
  eventsDays: z.number().int().min(1).max(3650).default(90),
  samplesDays: z.number().int().min(1).max(3650).default(14),
  commandsDays: z.number().int().min(1).max(3650).default(30),
});
export type RetentionSettings = z.infer<typeof RetentionSettingsSchema>;

const BATCH = 5_000;

export async function loadRetention(db: Db): Promise<RetentionSettings> {
  const row = await db.setting.findUnique({ where: { key: "retention" } });
  const parsed = RetentionSettingsSchema.safeParse(row?.value ?? {});
  return parsed.success ? parsed.data : RetentionSettingsSchema.parse({});
}

export interface PruneResult {
  events: number;
  samples: number;
  commands: number;
}

export async function pruneOldRows(db: Db, now: Date = new Date()): Promise<PruneResult> {
  const r = await loadRetention(db);
  const before = (days: number) => new Date(now.getTime() - days * 86_400_000);
  const deleteInBatches = async (sql: (cutoff: Date) => Promise<number>, cutoff: Date) => {
    let total = 0;
    for (;;) {
      const n = await sql(cutoff);
      total += n;
      if (n < BATCH) return total;
    }
  };
  const events = await deleteInBatches(
    (cutoff) => db.$executeRaw`DELETE FROM "PrinterEvent" WHERE "id" IN (SELECT "id" FROM "PrinterEvent" WHERE "createdAt" < ${cutoff} LIMIT ${BATCH})`,
    before(r.eventsDays),
  );
  const samples = await deleteInBatches(
    (cutoff) => db.$executeRaw`DELETE FROM "TemperatureSample" WHERE "id" IN (SELECT "id" FROM "TemperatureSample" WHERE "at" < ${cutoff} LIMIT ${BATCH})`,
    before(r.samplesDays),
  );
  const commands = await deleteInBatches(
    (cutoff) => db.$executeRaw`DELETE FROM "PrinterCommand" WHERE "id" IN (SELECT "id" FROM "PrinterCommand" WHERE "finishedAt" < ${cutoff} LIMIT ${BATCH})`,
    before(r.commandsDays),
  );
  return { events, samples, commands };
}

export function startRetention(db: Db, logger: Logger, intervalMs: number): { stop(): void } {
  const run = () =>
    pruneOldRows(db)
      .then((result) => {
        if (result.events + result.samples + result.commands > 0) logger.info(result, "pruned old rows");
      })
      .catch((error: unknown) => logger.debug({ err: error }, "retention pruning failed; will retry"));
  const first = setTimeout(() => void run(), 30_000);
  const timer = setInterval(() => void run(), intervalMs);
  return {
    stop: () => {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
