// Prunes old events, temperature samples, finished commands and rejected writes per the
// farm's retention settings (Setting "retention"); rejected writes are also capped in number. Deletes in small batches so it never holds long locks
// on a busy table. Several workers may prune at once: deletes are idempotent.
import type { Db } from "@printernizer/db";
import type { Logger } from "@printernizer/logger";
import { z } from "zod";

export const RetentionSettingsSchema = z.object({
  eventsDays: z.number().int().min(1).max(3650).default(90),
  samplesDays: z.number().int().min(1).max(3650).default(14),
  commandsDays: z.number().int().min(1).max(3650).default(30),
  rejectedWritesDays: z.number().int().min(1).max(3650).default(14),
});
export type RetentionSettings = z.infer<typeof RetentionSettingsSchema>;

const BATCH = 5_000;
/** A poisoned printer can produce a rejected write every few seconds: keep only the newest. */
export const maxRejectedWrites = 10_000;

export async function loadRetention(db: Db): Promise<RetentionSettings> {
  const row = await db.setting.findUnique({ where: { key: "retention" } });
  const parsed = RetentionSettingsSchema.safeParse(row?.value ?? {});
  return parsed.success ? parsed.data : RetentionSettingsSchema.parse({});
}

export interface PruneResult {
  events: number;
  samples: number;
  commands: number;
  rejectedWrites: number;
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
    (cutoff) =>
      db.$executeRaw`DELETE FROM "PrinterEvent" WHERE "id" IN (SELECT "id" FROM "PrinterEvent" WHERE "createdAt" < ${cutoff} LIMIT ${BATCH})`,
    before(r.eventsDays),
  );
  const samples = await deleteInBatches(
    (cutoff) =>
      db.$executeRaw`DELETE FROM "TemperatureSample" WHERE "id" IN (SELECT "id" FROM "TemperatureSample" WHERE "at" < ${cutoff} LIMIT ${BATCH})`,
    before(r.samplesDays),
  );
  const commands = await deleteInBatches(
    (cutoff) =>
      db.$executeRaw`DELETE FROM "PrinterCommand" WHERE "id" IN (SELECT "id" FROM "PrinterCommand" WHERE "finishedAt" < ${cutoff} LIMIT ${BATCH})`,
    before(r.commandsDays),
  );
  const rejectedOld = await deleteInBatches(
    (cutoff) =>
      db.$executeRaw`DELETE FROM "RejectedWrite" WHERE "id" IN (SELECT "id" FROM "RejectedWrite" WHERE "createdAt" < ${cutoff} LIMIT ${BATCH})`,
    before(r.rejectedWritesDays),
  );
  const rejectedOver = await db.$executeRaw`
    DELETE FROM "RejectedWrite" WHERE "id" < (SELECT "id" FROM "RejectedWrite" ORDER BY "id" DESC OFFSET ${maxRejectedWrites - 1} LIMIT 1)`;
  return { events, samples, commands, rejectedWrites: rejectedOld + rejectedOver };
}

export function startRetention(db: Db, logger: Logger, intervalMs: number): { stop(): void } {
  const run = () =>
    pruneOldRows(db)
      .then((result) => {
        if (result.events + result.samples + result.commands + result.rejectedWrites > 0)
          logger.info(result, "pruned old rows");
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
