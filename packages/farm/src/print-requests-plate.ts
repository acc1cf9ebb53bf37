// "Plate cleared": an operator confirms the last print is off the plate of one or many printers,
// so they may be given the next print. NOTIFYs queueChanged per cleared printer (the dispatcher
// wakes); the Printer row's own trigger updates every dashboard.
import type { Db } from "@printernizer/db";
import { notifyAll } from "./notify";
import { touchPlateRows } from "./plate-row-version";

export interface PlateClearResult {
  printerId: string;
  /** The printer's name (null when there is no such printer). */
  name: string | null;
  /** True when the printer's plate is now confirmed clear (also when it already was). */
  cleared: boolean;
  /** It was waiting and this confirmation ended the wait. */
  wasWaiting: boolean;
  message: string;
}

export async function confirmPlatesCleared(
  db: Db,
  printerIds: readonly string[],
): Promise<PlateClearResult[]> {
  const ids = [...new Set(printerIds)];
  return db.$transaction(async (tx) => {
    const printers = await tx.printer.findMany({
      where: { id: { in: ids } },
      select: { id: true, name: true, awaitingPlateClearSince: true },
    });
    const waiting = printers.filter((p) => p.awaitingPlateClearSince !== null).map((p) => p.id);
    if (waiting.length) {
      // Raw SQL on purpose: Prisma's @updatedAt would bump Printer.updatedAt, which the worker
      // reads as "config changed" and reconnects the printer (a start right after would fail).
      await tx.$executeRaw`
        UPDATE "Printer" SET "awaitingPlateClearSince" = NULL
        WHERE "id" = ANY(${waiting}::text[]) AND "awaitingPlateClearSince" IS NOT NULL`;
      await touchPlateRows(tx, waiting);
      await notifyAll(tx, "queueChanged", waiting);
    }
    const byId = new Map(printers.map((p) => [p.id, p]));
    return ids.map((printerId): PlateClearResult => {
      const printer = byId.get(printerId);
      if (!printer)
        return {
          printerId,
          name: null,
          cleared: false,
          wasWaiting: false,
          message: "There is no such printer; it may have been removed.",
        };
      const wasWaiting = printer.awaitingPlateClearSince !== null;
      return {
        printerId,
        name: printer.name,
        cleared: true,
        wasWaiting,
        message: wasWaiting
          ? "Plate cleared; the printer can take the next print."
          : "The plate was already confirmed clear.",
      };
    });
  });
}
