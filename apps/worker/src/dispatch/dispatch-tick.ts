// One dispatcher tick, in one transaction: skip while the queue is paused; count the printers
// heating up farm-wide and stop at the limit; lock the waiting entries in order (SKIP LOCKED);
// plan which entry goes to which of this worker's ready printers (farm's planDispatch); write a
// PrintStart + start_print command per decision (createPrintStartIn), count the copy as
// started, and record why in the audit log. A transaction-scoped advisory lock makes the
// heating count and the starts it allows one step across workers.
import type { Db } from "@printernizer/db";
import { createPrintStartIn } from "@printernizer/farm/print-starts";
import { dispatcherActor, recordSystemAuditIn } from "@printernizer/farm/queue-audit";
import {
  countHeating,
  dispatchCheck,
  dispatchPrinters,
  waitingEntries,
} from "@printernizer/farm/queue-dispatch-state";
import { planDispatch } from "@printernizer/farm/queue-plan";
import { readQueueSettings } from "@printernizer/farm/queue-settings";

/** pg_advisory_xact_lock key of the dispatch step ("pzqueue" in ASCII). */
const dispatchLockKey = 0x707a7175657565n;

export type TickOutcome =
  | { started: { entryId: string; printerId: string; printStartId: string; reason: string }[] }
  | { skipped: "paused" | "no_printers" | "heating_limit" | "nothing_ready" };

export async function dispatchTick(
  db: Db,
  workerId: string,
  ownedPrinterIds: string[],
): Promise<TickOutcome> {
  if (!ownedPrinterIds.length) return { skipped: "no_printers" };
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${dispatchLockKey})`;
      const settings = await readQueueSettings(tx);
      if (settings.paused) return { skipped: "paused" as const };
      const budget = settings.maxHeating - (await countHeating(tx));
      if (budget <= 0) return { skipped: "heating_limit" as const };
      const printers = await dispatchPrinters(tx, { workerId, ownedPrinterIds });
      if (!printers.some((p) => p.ready)) return { skipped: "nothing_ready" as const };
      const entries = await waitingEntries(tx, { lock: true });
      const plan = planDispatch({ entries, printers, budget, check: dispatchCheck });
      const started = [];
      for (const decision of plan) {
        const start = await createPrintStartIn(tx, {
          printerId: decision.printer.id,
          libraryFileId: decision.entry.libraryFileId,
          remoteName: decision.entry.fileName,
          plate: decision.entry.plate,
          options: decision.options,
          queueEntryId: decision.entry.id,
          reason: decision.reason,
        });
        await tx.queueEntry.update({
          where: { id: decision.entry.id },
          data: { copiesStarted: { increment: 1 } },
        });
        await recordSystemAuditIn(tx, dispatcherActor(workerId), {
          action: "queue.dispatch",
          targetType: "queue_entry",
          targetId: decision.entry.id,
          targetLabel: decision.entry.fileName,
          details: {
            printerId: decision.printer.id,
            printerName: decision.printer.name,
            printStartId: start.id,
            plate: decision.entry.plate,
            staged: decision.staged,
            reason: decision.reason,
            warnings: decision.compatibility.problems.map((p) => p.message),
          },
        });
        started.push({
          entryId: decision.entry.id,
          printerId: decision.printer.id,
          printStartId: start.id,
          reason: decision.reason,
        });
      }
      return { started };
    },
    { timeout: 30_000 },
  );
}
