// farm's printReadiness from the rows, as the worker sees them right before it sends anything:
// the printer (enabled, plate), its LiveStatus, and other starts of the printer on their way
// (farm's startsOccupyingPrinter: the same rule as the start dialog's check and the dispatcher).
import type { Db } from "@printernizer/db";
import { printReadiness, type Readiness } from "@printernizer/farm/print-readiness";
import { startsOccupyingPrinter } from "@printernizer/farm/print-starts";

export async function readinessOf(db: Db, printerId: string, exceptStartId?: string): Promise<Readiness> {
  const printer = await db.printer.findUnique({
    where: { id: printerId },
    select: {
      enabled: true,
      awaitingPlateClearSince: true,
      liveStatus: { select: { connected: true, state: true, rawState: true, errorCount: true } },
    },
  });
  if (!printer) return { ready: false, code: "disabled", reason: "The printer was removed." };
  const others = await db.printStart.count({
    where: {
      printerId,
      ...(exceptStartId ? { id: { not: exceptStartId } } : {}),
      ...startsOccupyingPrinter(new Date()),
    },
  });
  return printReadiness({
    enabled: printer.enabled,
    awaitingPlateClearSince: printer.awaitingPlateClearSince,
    live: printer.liveStatus,
    startInFlight: others > 0,
  });
}
