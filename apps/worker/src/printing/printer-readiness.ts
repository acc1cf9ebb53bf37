// farm's printReadiness from the rows, as the worker sees them right before it sends anything:
// the printer (enabled, plate), its LiveStatus, and other starts of the printer on their way.
// A start that the printer accepted less than a minute ago and that has not become a job yet
// counts as on its way too: until the printer reports it, it may still look idle.
import type { Db } from "@printernizer/db";
import { printReadiness, type Readiness } from "@printernizer/farm/print-readiness";
import { printStartInFlight } from "@printernizer/farm/print-start-outcome";

const justStartedMs = 60_000;

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
      OR: [
        { status: { in: [...printStartInFlight] } },
        { status: "started", jobId: null, updatedAt: { gt: new Date(Date.now() - justStartedMs) } },
      ],
    },
  });
  return printReadiness({
    enabled: printer.enabled,
    awaitingPlateClearSince: printer.awaitingPlateClearSince,
    live: printer.liveStatus,
    startInFlight: others > 0,
  });
}
