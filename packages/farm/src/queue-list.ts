// The farm queue as the queue page shows it: waiting entries in dispatch order, then the most
// recently finished or cancelled ones; each with its file, target, counters, a derived state and
// its print starts (which printer, why, how far, how the print went).
import type { Db, Prisma, QueueEntryStatus } from "@printernizer/db";
import { printStartInFlight } from "./print-start-outcome";
import { compareQueueOrder } from "./queue-order";
import { targetWords } from "./queue-matching";

/**
 * waiting: copies left and none on its way; uploading: a start is on its way to a printer;
 * printing: copies handed out are printing and nothing is on its way; done; cancelled.
 */
export type QueueEntryState = "waiting" | "uploading" | "printing" | "done" | "cancelled";

export function queueEntryState(entry: {
  status: QueueEntryStatus;
  copiesStarted: number;
  copiesDone: number;
  startsInFlight: number;
}): QueueEntryState {
  if (entry.status === "done" || entry.status === "cancelled") return entry.status;
  if (entry.startsInFlight > 0) return "uploading";
  if (entry.copiesStarted > entry.copiesDone) return "printing";
  return "waiting";
}

const entryInclude = {
  libraryFile: { select: { id: true, name: true, format: true, thumbnailSha256: true, size: true } },
  printStarts: {
    orderBy: { createdAt: "desc" },
    // the newest: every start still in flight is among them (an entry has at most one per printer)
    take: 50,
    select: {
      id: true,
      status: true,
      reason: true,
      error: true,
      createdAt: true,
      updatedAt: true,
      commandId: true,
      jobId: true,
      printer: { select: { id: true, name: true } },
    },
  },
} satisfies Prisma.QueueEntryInclude;

type EntryRow = Prisma.QueueEntryGetPayload<{ include: typeof entryInclude }>;

async function toView(db: Db, rows: EntryRow[]) {
  const printerIds = [...new Set(rows.flatMap((r) => (r.targetPrinterId ? [r.targetPrinterId] : [])))];
  const jobIds = rows.flatMap((r) => r.printStarts.flatMap((s) => (s.jobId ? [s.jobId] : [])));
  const [printers, jobs, staged] = await Promise.all([
    db.printer.findMany({ where: { id: { in: printerIds } }, select: { id: true, name: true } }),
    db.job.findMany({
      where: { id: { in: jobIds } },
      select: {
        id: true,
        state: true,
        outcome: true,
        progress: true,
        endedAt: true,
        printer: { select: { liveStatus: { select: { progress: true } } } },
      },
    }),
    // pre-staging: which printers have (or are getting) this entry's file in advance
    db.stagedFile.findMany({
      where: { queueEntryId: { in: rows.map((r) => r.id) } },
      select: {
        queueEntryId: true,
        status: true,
        bytesSent: true,
        error: true,
        updatedAt: true,
        printer: { select: { id: true, name: true } },
      },
    }),
  ]);
  const printerName = new Map(printers.map((p) => [p.id, p.name]));
  // A running job's progress is the printer's live one: the job row is updated only every 30 s.
  const jobOf = new Map(
    jobs.map(({ printer, ...j }) => [
      j.id,
      { ...j, progress: (j.endedAt ? null : printer.liveStatus?.progress) ?? j.progress },
    ]),
  );
  return rows.map((row) => {
    const startsInFlight = row.printStarts.filter((s) => printStartInFlight.includes(s.status)).length;
    const targetPrinterName = row.targetPrinterId ? (printerName.get(row.targetPrinterId) ?? null) : null;
    return {
      id: row.id,
      file: row.libraryFile,
      plate: row.plate,
      copies: row.copies,
      copiesStarted: row.copiesStarted,
      copiesDone: row.copiesDone,
      target: row.target,
      targetPrinterId: row.targetPrinterId,
      targetPrinterName,
      targetModels: row.targetModels,
      targetWords: targetWords(row, targetPrinterName),
      priority: row.priority,
      position: row.position,
      options: row.options,
      status: row.status,
      state: queueEntryState({ ...row, startsInFlight }),
      lastError: row.lastError,
      createdById: row.createdById,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      starts: row.printStarts.map((start) => ({
        id: start.id,
        printerId: start.printer.id,
        printerName: start.printer.name,
        status: start.status,
        reason: start.reason,
        error: start.error,
        commandId: start.commandId,
        createdAt: start.createdAt,
        updatedAt: start.updatedAt,
        job: start.jobId ? (jobOf.get(start.jobId) ?? null) : null,
      })),
      staged: staged
        .filter((f) => f.queueEntryId === row.id)
        .map((f) => ({
          printerId: f.printer.id,
          printerName: f.printer.name,
          status: f.status,
          bytesSent: Number(f.bytesSent),
          error: f.error,
          updatedAt: f.updatedAt,
        })),
    };
  });
}

export type QueueEntryView = Awaited<ReturnType<typeof toView>>[number];

/** Queued entries in dispatch order, then up to `finishedLimit` done or cancelled ones, newest first. */
export async function listQueue(
  db: Db,
  options: { finishedLimit?: number } = {},
): Promise<{ waiting: QueueEntryView[]; finished: QueueEntryView[] }> {
  const [queued, finished] = await Promise.all([
    db.queueEntry.findMany({ where: { status: "queued" }, include: entryInclude }),
    db.queueEntry.findMany({
      where: { status: { in: ["done", "cancelled"] } },
      orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
      take: options.finishedLimit ?? 50,
      include: entryInclude,
    }),
  ]);
  queued.sort(compareQueueOrder);
  return { waiting: await toView(db, queued), finished: await toView(db, finished) };
}

/** One entry with all its starts, or null. */
export async function getQueueEntry(db: Db, entryId: string): Promise<QueueEntryView | null> {
  const row = await db.queueEntry.findUnique({ where: { id: entryId }, include: entryInclude });
  return row ? (await toView(db, [row]))[0]! : null;
}
