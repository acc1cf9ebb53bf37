// What the database knows of printers about to be attached (their open job, their last state),
// read for many printers at once: two queries per chunk instead of two per printer, so a reconcile
// that takes over a large fleet (start, failover) is not a long line of round trips.
import type { Db } from "@printernizer/db";
import { PrinterMemory } from "./printer-memory";

/** Ids per query: keeps the parameter list well within what PostgreSQL accepts. */
const chunkSize = 1_000;

export async function loadPrinterMemories(db: Db, printerIds: string[]): Promise<PrinterMemory[]> {
  const memories: PrinterMemory[] = [];
  for (let i = 0; i < printerIds.length; i += chunkSize) {
    const ids = printerIds.slice(i, i + chunkSize);
    const [openJobs, lives] = await Promise.all([
      // Newest first: the first open job seen per printer is the one its previous owner tracked.
      db.job.findMany({
        where: { printerId: { in: ids }, endedAt: null },
        orderBy: { startedAt: "desc" },
        select: { id: true, printerId: true, externalId: true, fileName: true, state: true },
      }),
      db.liveStatus.findMany({
        where: { printerId: { in: ids } },
        select: { printerId: true, state: true, stateChangedAt: true },
      }),
    ]);
    const jobOf = new Map<string, (typeof openJobs)[number]>();
    for (const job of openJobs) if (job.printerId && !jobOf.has(job.printerId)) jobOf.set(job.printerId, job);
    const liveOf = new Map(lives.map((l) => [l.printerId, l]));
    for (const printerId of ids) {
      const memory = new PrinterMemory(printerId);
      const openJob = jobOf.get(printerId);
      if (openJob) {
        memory.openJob = {
          id: openJob.id,
          externalId: openJob.externalId ?? undefined,
          name: openJob.fileName,
          state: openJob.state,
          lastUpdateAt: 0,
        };
      }
      const live = liveOf.get(printerId);
      if (live) {
        memory.state = live.state;
        memory.stateChangedAt = live.stateChangedAt;
      }
      memories.push(memory);
    }
  }
  return memories;
}
