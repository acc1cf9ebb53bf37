// Pre-staging (when the queue's `prestage` setting is on and the queue is not paused): for each
// of this worker's printers that is printing, the file of the entry it will most likely get next
// is uploaded in advance as a stage_file command (farm's planPrestage). The worker's upload limit
// bounds how many run at once; a claim waits up to `stageClaimTimeoutMs` for its worker.
import type { Db } from "@printernizer/db";
import { requestCommand } from "@printernizer/farm/commands";
import { dispatchCheck, dispatchPrinters, waitingEntries } from "@printernizer/farm/queue-dispatch-state";
import { planPrestage } from "@printernizer/farm/queue-prestage";
import { dispatcherActor, recordSystemAuditIn } from "@printernizer/farm/queue-audit";
import { readQueueSettings } from "@printernizer/farm/queue-settings";

export const stageClaimTimeoutMs = 30 * 60_000;

/** Requests the stagings planned now; returns them (printer and entry ids). */
export async function prestageTick(
  db: Db,
  workerId: string,
  ownedPrinterIds: string[],
): Promise<{ printerId: string; entryId: string }[]> {
  if (!ownedPrinterIds.length) return [];
  const settings = await readQueueSettings(db);
  if (settings.paused || !settings.prestage) return [];
  const printers = await dispatchPrinters(db, { workerId, ownedPrinterIds });
  if (!printers.some((p) => p.printing && !p.stagingInFlight)) return [];
  const entries = await waitingEntries(db, { lock: false });
  const plan = planPrestage({ entries, printers, check: dispatchCheck });
  for (const { printer, entry } of plan) {
    const command = await requestCommand(db, {
      kind: "stage_file",
      printerId: printer.id,
      payload: { libraryFileId: entry.libraryFileId, queueEntryId: entry.id },
      timeoutMs: stageClaimTimeoutMs,
    });
    await db.$transaction((tx) =>
      recordSystemAuditIn(tx, dispatcherActor(workerId), {
        action: "queue.prestage",
        targetType: "queue_entry",
        targetId: entry.id,
        targetLabel: entry.fileName,
        details: {
          printerId: printer.id,
          printerName: printer.name,
          commandId: command.id,
          reason: `${printer.name} is printing; ${entry.fileName} is the entry it will most likely get next, so it is uploaded in advance.`,
        },
      }),
    );
  }
  return plan.map(({ printer, entry }) => ({ printerId: printer.id, entryId: entry.id }));
}
