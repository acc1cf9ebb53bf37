// Bulk actions on the dashboard's selected printers: pause, resume or cancel many at once. Each
// printer goes through the same path as its own button (`requestControl`: the state rules, the
// "a command is still on its way" check, a command row for the worker owning it) and gets its own
// result and audit entry, so one refused printer never stops the others and a removed one is
// reported, not thrown. "Plate cleared" is `confirmPlatesCleared` (already one call for many);
// "send a queued job" is bulk-queue-send.ts.
import { recordAudit, type AuditContext } from "./audit";
import type { ControlKind } from "./control-rules";
import { ControlRefusedError, requestControl } from "./printer-control";
import type { AuthSession } from "./session";

/** The most printers one bulk action takes (the dashboard's pages and groups stay well under it). */
export const maxBulkPrinters = 500;

export interface BulkResult {
  printerId: string;
  /** The printer's name when the action ran (null when there is no such printer). */
  name: string | null;
  /** sent: a command (or print start) is on its way; refused: not done, `message` says why; removed: no such printer. */
  outcome: "sent" | "refused" | "removed";
  message: string;
  /** The command to follow (`bulk.progress`) when sent. */
  commandId?: string;
}

export type BulkContext = AuditContext & { session: AuthSession };

export const removedMessage = "There is no such printer any more; it may have been removed.";

/** Ids once each, in the order given. */
export function uniqueIds(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

/** Runs `each` over the ids a few at a time (commands are small writes; 500 in a row would be slow). */
export async function eachLimited<T>(
  ids: string[],
  each: (id: string) => Promise<T>,
  limit = 8,
): Promise<T[]> {
  const results: T[] = new Array<T>(ids.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, ids.length) }, async () => {
    while (next < ids.length) {
      const index = next++;
      results[index] = await each(ids[index]!);
    }
  });
  await Promise.all(lanes);
  return results;
}

const sentWords: Record<ControlKind, string> = {
  pause: "Pause sent; waiting for the printer.",
  resume: "Resume sent; waiting for the printer.",
  cancel: "Cancel sent; waiting for the printer.",
};

/** Pause, resume or cancel on each printer; one result and one audit entry (`printer.<kind>`) per printer. */
export async function bulkControl(
  ctx: BulkContext,
  kind: ControlKind,
  printerIds: readonly string[],
): Promise<BulkResult[]> {
  return eachLimited(uniqueIds(printerIds), async (printerId): Promise<BulkResult> => {
    try {
      const { command, printer } = await requestControl(ctx.db, {
        printerId,
        kind,
        requestedById: ctx.session.user.id,
      });
      await recordAudit(ctx, {
        action: `printer.${kind}`,
        targetType: "printer",
        targetId: printer.id,
        targetLabel: printer.name,
        details: { commandId: command.id, bulk: true },
      });
      return {
        printerId,
        name: printer.name,
        outcome: "sent",
        message: sentWords[kind],
        commandId: command.id,
      };
    } catch (error) {
      if (!(error instanceof ControlRefusedError)) throw error;
      if (error.reason === "not_found")
        return { printerId, name: null, outcome: "removed", message: removedMessage };
      const printer = await ctx.db.printer.findUnique({ where: { id: printerId }, select: { name: true } });
      await recordAudit(ctx, {
        action: `printer.${kind}`,
        outcome: "failure",
        targetType: "printer",
        targetId: printerId,
        targetLabel: printer?.name,
        details: { reason: error.message, bulk: true },
      });
      return { printerId, name: printer?.name ?? null, outcome: "refused", message: error.message };
    }
  });
}
